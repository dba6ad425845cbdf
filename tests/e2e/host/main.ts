/**
 * The e2e test host (never part of the packaged app). Binds the contract's real handlers (main/services,
 * the real SQLCipher store) to a loopback HTTP transport with a per-run random token, and serves the built
 * renderer with a bridge that implements the contract over it.
 *
 *   npx tsx tests/e2e/host/main.ts --data <dir> [--port 0] [--offset-days N] [--renderer out/renderer]
 *
 * Prints one JSON line {"url", "token"} on stdout when ready; stops on SIGTERM/SIGINT or when stdin closes
 * (if --exit-with-stdin). Every request must carry `x-canvass-e2e-token: <token>`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createApi } from '../../../main/services/kernel/api';
import { createHostServer, prepareDataFolder } from './server';

const REPO = resolve(__dirname, '../../..');

type Options = {
  data: string;
  port: number;
  offsetMs: number;
  renderer: string;
  profiles: string;
  exitWithStdin: boolean;
};

function parseArgs(argv: string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const offsetDays = Number(get('offset-days') ?? 0);
  const offsetMinutes = Number(get('offset-minutes') ?? 0);
  return {
    data: resolve(get('data') ?? mkdtempSync(join(tmpdir(), 'canvass-e2e-'))),
    port: Number(get('port') ?? 0),
    offsetMs: offsetDays * 86_400_000 + offsetMinutes * 60_000,
    renderer: resolve(get('renderer') ?? join(REPO, 'out/renderer')),
    profiles: resolve(get('profiles') ?? join(REPO, 'resources/policies')),
    exitWithStdin: argv.includes('--exit-with-stdin'),
  };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  prepareDataFolder(options.data);

  let offsetMs = options.offsetMs;
  const clock = () => new Date(Date.now() + offsetMs);
  const api = createApi({
    dataDir: options.data,
    profilesDir: options.profiles,
    exportDir: join(options.data, 'exports'),
    clock,
    workstation: 'e2e-host',
  });

  const token = randomBytes(32).toString('base64url');
  const server = createHostServer({
    api,
    rendererDir: options.renderer,
    dataDir: options.data,
    token,
    clock: {
      setOffset(ms) {
        offsetMs = ms;
        return clock();
      },
    },
  });

  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(options.port, '127.0.0.1', () => ready());
  });
  const { port } = server.address() as AddressInfo;

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    server.close(() => {
      api.close();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 3_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (options.exitWithStdin) {
    process.stdin.on('end', stop);
    process.stdin.on('close', stop);
    process.stdin.resume();
  }

  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}`, token, dataDir: options.data })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`e2e host failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
