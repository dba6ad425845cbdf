import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { CanvassError } from '../../core/shared/errors';

/**
 * Writes a file through `<path>.partial`, fsynced and renamed at the end, so a crash or a full disk never leaves
 * a file that looks like a complete export.
 */
function writeAtomically(path: string, write: (fd: number) => void): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.partial`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    write(fd);
    fsyncSync(fd);
    closeSync(fd);
  } catch (err) {
    closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    if ((err as { code?: string }).code === 'ENOSPC') {
      throw new CanvassError(
        'DISK_FULL',
        'The disk is full; the export was not written. Free some space and try again.',
      );
    }
    throw err;
  }
  renameSync(tmp, path);
}

/** `lines` is consumed once, in chunks of about 1 MB. Returns how many lines were written. */
export function writeFileAtomically(path: string, lines: Iterable<string>): number {
  let count = 0;
  writeAtomically(path, (fd) => {
    let buffer = '';
    for (const line of lines) {
      buffer += `${line}\n`;
      count++;
      if (buffer.length > 1 << 20) {
        writeSync(fd, buffer);
        buffer = '';
      }
    }
    writeSync(fd, buffer);
  });
  return count;
}

export function writeBytesAtomically(path: string, bytes: Uint8Array | string): void {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  writeAtomically(path, (fd) => {
    // A write may take fewer bytes than asked (a filling disk): go on until all are written or it fails.
    for (let off = 0; off < data.length;) off += writeSync(fd, data, off, data.length - off);
  });
}
