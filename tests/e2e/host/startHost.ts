import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Args, Method, Result, Returns } from '../../../preload/contract';

/**
 * Starts the e2e host in its own Node process (tsx), for Playwright fixtures.
 *
 * Why a child process rather than in-process: the host runs the real services — SQLCipher through a native
 * binding and scrypt tuned to ~0.5 s — synchronously. In Playwright's worker that would stall the worker's
 * own event loop (timeouts, the browser protocol) during every sign-in; a crash in native code would take
 * the test runner down with it; and Playwright's TypeScript loader is not the one the services are written
 * for. A child process is the topology of the real app (main is not the renderer's process), is started
 * exactly as a developer starts it by hand, and is killed with its whole store at the end of each test.
 */
export type HostOptions = {
  dataDir: string;
  /** Starts the host's clock this far from real time. */
  clock?: { offsetDays?: number; offsetMinutes?: number };
};

export type Host = {
  url: string;
  token: string;
  dataDir: string;
  headers: Record<string, string>;
  /** Moves the host's clock to real time + offset (and runs main's idle check at once). */
  setClock(offset: { offsetDays?: number; offsetMinutes?: number }): Promise<Date>;
  /** Calls a contract method directly, as the renderer would (for seeding). */
  call<M extends Method>(method: M, ...args: Args<M> extends undefined ? [] : [Args<M>]): Promise<Result<Returns<M>>>;
  /** Like `call`, but throws on a refusal. */
  must<M extends Method>(method: M, ...args: Args<M> extends undefined ? [] : [Args<M>]): Promise<Returns<M>>;
  /** What the host wrote to stderr (attached to failing tests). */
  log(): string;
  stop(): Promise<void>;
};

const REPO = resolve(__dirname, '../../..');
const STARTUP_TIMEOUT_MS = 60_000;

export async function startHost({ dataDir, clock }: HostOptions): Promise<Host> {
  const require = createRequire(__filename);
  const tsxCli = require.resolve('tsx/cli');
  const args = [tsxCli, join(__dirname, 'main.ts'), '--data', dataDir, '--exit-with-stdin'];
  if (clock?.offsetDays) args.push('--offset-days', String(clock.offsetDays));
  if (clock?.offsetMinutes) args.push('--offset-minutes', String(clock.offsetMinutes));

  const child = spawn(process.execPath, args, {
    cwd: REPO,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr += chunk;
  });

  const ready = await waitForReady(child, () => stderr);
  const headers = { 'x-canvass-e2e-token': ready.token };

  const rpc = async (method: string, args: unknown): Promise<Result<unknown>> => {
    const res = await fetch(`${ready.url}/__e2e/rpc/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: args === undefined ? '' : JSON.stringify(args),
    });
    if (!res.ok) throw new Error(`e2e host answered ${res.status} to ${method}: ${await res.text()}`);
    return (await res.json()) as Result<unknown>;
  };

  const host: Host = {
    url: ready.url,
    token: ready.token,
    dataDir,
    headers,
    async setClock(offset) {
      const res = await fetch(`${ready.url}/__e2e/clock`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(offset),
      });
      if (!res.ok) throw new Error(`e2e host refused the clock change: ${res.status}`);
      return new Date(((await res.json()) as { now: string }).now);
    },
    call: ((method: string, ...a: unknown[]) => rpc(method, a[0])) as Host['call'],
    must: (async (method: string, ...a: unknown[]) => {
      const result = await rpc(method, a[0]);
      if (!result.ok) throw new Error(`${method} was refused: ${result.error.code} ${result.error.message}`);
      return result.value;
    }) as Host['must'],
    log: () => stderr,
    stop: () => stopChild(child),
  };
  return host;
}

function waitForReady(child: ChildProcess, stderr: () => string): Promise<{ url: string; token: string }> {
  return new Promise((resolveReady, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The e2e host did not start within ${STARTUP_TIMEOUT_MS / 1000} s.\n${stderr()}`));
    }, STARTUP_TIMEOUT_MS);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`The e2e host exited (code ${code}) before it was ready.\n${stderr()}`));
    };
    child.once('exit', onExit);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const newline = out.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      try {
        const line = JSON.parse(out.slice(0, newline)) as { url: string; token: string };
        resolveReady(line);
      } catch {
        reject(new Error(`The e2e host printed something other than its ready line: ${out}\n${stderr()}`));
      }
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    child.kill('SIGTERM');
  });
}
