import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../../main/services/kernel/api';
import { createHostServer, prepareDataFolder, TOKEN_HEADER } from '../../e2e/host/server';
import { PROFILES_DIR, setupArgs, workstation } from '../../support/workstation';

/**
 * The e2e host's clock endpoint moves the clock only for a test data folder (one the host created empty and
 * marked). Pointed at a folder that already holds a store — a real workstation's — it refuses: moved time would
 * write access records with false times into a real log.
 */
const TOKEN = 'e2e-token-for-this-test-only-0123456789';
const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function host(dataDir: string): Promise<{ post: (body: unknown) => Promise<Response>; now: () => Date }> {
  prepareDataFolder(dataDir);
  let offset = 0;
  const clock = () => new Date(Date.now() + offset);
  const api: Api = createApi({ dataDir, profilesDir: PROFILES_DIR, clock, workstation: 'e2e-test' });
  const server: Server = createHostServer({
    api,
    rendererDir: resolve(__dirname, '../../../out/renderer'),
    dataDir,
    token: TOKEN,
    clock: {
      setOffset(ms) {
        offset = ms;
        return clock();
      },
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  cleanup.push(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
    () => api.close(),
  );
  return {
    post: (body) =>
      fetch(`http://127.0.0.1:${port}/__e2e/clock`, {
        method: 'POST',
        headers: { [TOKEN_HEADER]: TOKEN, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    now: clock,
  };
}

describe('the e2e host clock', () => {
  it('moves for a data folder the host created empty', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'canvass-e2e-')), 'data');
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const h = await host(dir);
    const res = await h.post({ offsetDays: 3 });
    expect(res.status).toBe(200);
    expect(h.now().getTime() - Date.now()).toBeGreaterThan(2.9 * 86_400_000);
  });

  it('refuses for a folder that already held a workstation’s store, and the clock stays', async () => {
    const ws = workstation();
    await ws.call('setup.create', setupArgs());
    ws.api.close();
    cleanup.push(() => ws.dispose());
    const h = await host(ws.dir);
    const res = await h.post({ offsetDays: 3 });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/the clock moves only for a test data folder \(one the e2e host created empty\)/);
    expect(Math.abs(h.now().getTime() - Date.now())).toBeLessThan(60_000);
  });
});
