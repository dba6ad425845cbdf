/**
 * The shipped basemap files (resources/basemap), read by path for `map.read` `offline/<path>`. The path comes
 * from the renderer, so it is checked: relative, no `..`, no hidden or odd characters, and the resolved file
 * must stay inside the folder (symbolic links included).
 */
import { existsSync, openSync, closeSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { CanvassError } from '../../core/shared/errors';

/** Next to the policy profiles (resources/policies), in development and packaged; CANVASS_BASEMAP_DIR overrides. */
export function basemapDir(profilesDir: string): string {
  return resolve(process.env.CANVASS_BASEMAP_DIR ?? join(dirname(profilesDir), 'basemap'));
}

const TYPES: Record<string, string> = {
  '.pmtiles': 'application/vnd.pmtiles',
  '.pbf': 'application/x-protobuf',
  '.json': 'application/json',
  '.png': 'image/png',
};

const SEGMENT = /^[A-Za-z0-9 ._,-]+$/;

function refuse(path: string): never {
  throw new CanvassError('FORBIDDEN', `“offline/${path}” is not a file of the offline basemap.`);
}

/** The file's absolute path inside `dir`, or FORBIDDEN/NOT_FOUND. `path` is URL-encoded per segment, as MapLibre sends it. */
export function resolveOffline(dir: string, path: string): string {
  if (path.includes('\\') || path.includes('\0')) refuse(path);
  let segments: string[];
  try {
    segments = path.split('/').map((s) => decodeURIComponent(s));
  } catch {
    refuse(path);
  }
  if (!segments.length || segments.some((s) => !SEGMENT.test(s) || s.startsWith('.') || s.includes('/'))) refuse(path);
  const root = resolve(dir);
  const file = resolve(root, ...segments);
  if (!file.startsWith(root + sep) || !TYPES[extname(file)]) refuse(path);
  if (!existsSync(file) || !statSync(file).isFile())
    throw new CanvassError('NOT_FOUND', `The offline basemap has no file “${segments.join('/')}”.`);
  const real = realpathSync(file);
  if (!real.startsWith(realpathSync(root) + sep)) refuse(path);
  return real;
}

export function contentTypeOf(file: string): string | null {
  return TYPES[extname(file)] ?? null;
}

/** Reads a byte range (or the whole file when small enough). */
export function readOfflineBytes(
  file: string,
  range: { offset: number; length: number } | null,
  maxBytes: number,
): Buffer {
  const size = statSync(file).size;
  const offset = range?.offset ?? 0;
  const length = Math.max(0, Math.min(range ? range.length : size, size - offset));
  if (length > maxBytes)
    throw new CanvassError(
      'INVALID_ARGUMENT',
      `Read at most ${maxBytes} bytes at a time (this file is ${size} bytes).`,
    );
  const out = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    let done = 0;
    while (done < length) {
      const n = readSync(fd, out, done, length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    return out.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}
