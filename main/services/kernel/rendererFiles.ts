/**
 * The packaged renderer is served from `app://canvass/…` (main/app/rendererProtocol.ts), not `file://`: a
 * standard, secure origin gives the page a real origin for the CSP's 'self', `fetch` of its own assets and
 * module workers (MapLibre's), none of which work from an opaque file:// origin. This maps a request URL to a
 * file inside the built renderer folder, refusing anything that would leave it.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'canvass';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

export type RendererFile = { path: string; contentType: string };

/** The file a request for the app's origin names, or null (answered 404) for anything else. */
export function rendererFile(rendererDir: string, requestUrl: string): RendererFile | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  const pathname = url.pathname === '/' ? '/index.html' : url.pathname;
  let segments: string[];
  try {
    segments = pathname.slice(1).split('/').map(decodeURIComponent);
  } catch {
    return null;
  }
  if (segments.some((s) => !SEGMENT.test(s))) return null;
  const root = resolve(rendererDir);
  const file = resolve(root, ...segments);
  const contentType = TYPES[extname(file)];
  if (!contentType || !file.startsWith(root + sep)) return null;
  if (!existsSync(file) || !statSync(file).isFile()) return null;
  if (!realpathSync(file).startsWith(realpathSync(root) + sep)) return null;
  return { path: file, contentType };
}
