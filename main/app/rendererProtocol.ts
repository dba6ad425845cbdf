import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { CSP } from '../core/shared/csp';
import { APP_SCHEME, rendererFile } from '../services/kernel/rendererFiles';

/** Must run before `app` is ready: `app://` behaves like https (standard, secure, fetch, code cache). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves the built renderer, and nothing else, on `app://canvass/`, with the CSP on every response. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFile(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(await readFile(file.path), {
      headers: { 'content-type': file.contentType, 'content-security-policy': CSP },
    });
  });
}
