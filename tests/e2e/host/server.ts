import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { EVENTS, METHODS } from '../../../preload/contract';
import type { Api } from '../../../main/services/kernel/api';
import { bridgeScript } from './bridgeScript';
import { CSP } from '../../../main/core/shared/csp';

/**
 * The e2e host's HTTP side: loopback only, every request must carry the per-run token. It serves the built
 * renderer with the bridge script injected, the contract's methods as POST /__e2e/rpc/<method>, the
 * contract's events as Server-Sent Events, and one test-only control: moving the host's clock.
 */
export const TOKEN_HEADER = 'x-canvass-e2e-token';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
};

const MAX_BODY = 1 << 20;
const methods = new Set<string>(METHODS);

export type ClockControl = {
  /** Sets the host clock to real time plus this offset; returns the host's "now". */
  setOffset(offsetMs: number): Date;
};

export type HostServerOptions = {
  api: Api;
  rendererDir: string;
  token: string;
  clock: ClockControl;
  /** The host's data folder: the clock moves only when it is a test folder (`isTestDataFolder`). */
  dataDir: string;
};

/** The mark the host leaves in a data folder it created empty, for tests. */
export const TEST_FOLDER_MARK = '.canvass-e2e-test-data';

/**
 * A data folder the host may treat as test data: one it created empty and marked. A folder that already held a
 * store (a real workstation's, a copy of one) is never marked, and the clock endpoint refuses it: moving the
 * clock there would write records with false times into a real access log.
 */
export function prepareDataFolder(dir: string): { test: boolean } {
  if (!existsSync(dir) || readdirSync(dir).length === 0) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, TEST_FOLDER_MARK), 'Made empty by the Canvass e2e host, for tests.\n');
  }
  return { test: isTestDataFolder(dir) };
}

export function isTestDataFolder(dir: string): boolean {
  return existsSync(join(dir, TEST_FOLDER_MARK));
}

export function createHostServer({ api, rendererDir, token, clock, dataDir }: HostServerOptions): Server {
  const root = resolve(rendererDir);
  const tokenBytes = Buffer.from(token);
  const streams = new Set<ServerResponse>();

  for (const event of EVENTS) {
    api.on(event, (payload) => {
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const res of streams) res.write(frame);
    });
  }

  function authorized(req: IncomingMessage): boolean {
    const given = req.headers[TOKEN_HEADER];
    if (typeof given !== 'string') return false;
    const bytes = Buffer.from(given);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');

    // Loopback by name and by address: defeats DNS rebinding as well as strangers on the machine.
    const host = req.headers.host ?? '';
    const port = (req.socket.localPort ?? 0).toString();
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`)
      return send(res, 403, 'text/plain', 'Forbidden host');
    if (!authorized(req)) return send(res, 403, 'text/plain', 'Forbidden: missing or wrong x-canvass-e2e-token');

    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;

    if (path.startsWith('/__e2e/rpc/')) {
      if (req.method !== 'POST') return send(res, 405, 'text/plain', 'POST only');
      const method = decodeURIComponent(path.slice('/__e2e/rpc/'.length));
      if (!methods.has(method)) return send(res, 404, 'text/plain', `No contract method ${method}`);
      let args: unknown;
      try {
        const body = await readBody(req);
        args = body.length ? (JSON.parse(body) as unknown) : undefined;
      } catch {
        return json(res, 200, {
          ok: false,
          error: { code: 'INVALID_ARGUMENT', message: 'The request body is not JSON.' },
        });
      }
      return json(res, 200, await api.call(method, args));
    }

    if (path === '/__e2e/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      req.on('close', () => {
        clearInterval(ping);
        streams.delete(res);
      });
      return;
    }

    if (path === '/__e2e/clock') {
      if (req.method !== 'POST') return send(res, 405, 'text/plain', 'POST only');
      if (!isTestDataFolder(dataDir))
        return send(
          res,
          403,
          'text/plain',
          `Forbidden: the clock moves only for a test data folder (one the e2e host created empty); ${dataDir} is not one.`,
        );
      let body: { offsetDays?: unknown; offsetMinutes?: unknown };
      try {
        body = JSON.parse((await readBody(req)) || '{}') as typeof body;
      } catch {
        return send(res, 400, 'text/plain', 'Body must be JSON');
      }
      const days = typeof body.offsetDays === 'number' ? body.offsetDays : 0;
      const minutes = typeof body.offsetMinutes === 'number' ? body.offsetMinutes : 0;
      const now = clock.setOffset(days * 86_400_000 + minutes * 60_000);
      // Main checks for idleness on a 15 s timer and on every call; run that check now so a test does not wait.
      await api.call('app.state', undefined);
      return json(res, 200, { now: now.toISOString() });
    }

    if (path === '/__e2e/bridge.js') return send(res, 200, TYPES['.js']!, bridgeScript(token));

    if (path === '/__e2e/health') return json(res, 200, { ok: true });

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'GET only');

    if (path === '/' || path === '/index.html') {
      let html: string;
      try {
        html = await readFile(join(root, 'index.html'), 'utf8');
      } catch {
        return send(
          res,
          500,
          'text/plain',
          `The renderer is not built: ${join(root, 'index.html')} is missing. Run npx electron-vite build.`,
        );
      }
      res.setHeader('Content-Security-Policy', CSP);
      return send(res, 200, TYPES['.html']!, injectBridge(html));
    }

    // Static files of the built renderer, never outside it.
    const file = normalize(join(root, decodeURIComponent(path)));
    if (!file.startsWith(root + sep)) return send(res, 404, 'text/plain', 'Not found');
    try {
      const body = await readFile(file);
      return send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', body);
    } catch {
      return send(res, 404, 'text/plain', 'Not found');
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      process.stderr.write(`e2e host: ${(err as Error)?.stack ?? String(err)}\n`);
      if (!res.headersSent) send(res, 500, 'text/plain', 'Host error');
      else res.end();
    });
  });
  server.on('close', () => {
    for (const res of streams) res.end();
    streams.clear();
  });
  // Event streams are long-lived; do not let them hold the process open at shutdown.
  server.keepAliveTimeout = 1_000;
  return server;
}

/** The bridge must exist before the app's module script runs: a classic script placed before it does. */
export function injectBridge(html: string): string {
  const tag = '<script src="/__e2e/bridge.js"></script>';
  const at = html.search(/<script\b/i);
  if (at >= 0) return `${html.slice(0, at)}${tag}\n    ${html.slice(at)}`;
  return html.replace(/<\/head>/i, `  ${tag}\n  </head>`);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': type });
  res.end(body);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}
