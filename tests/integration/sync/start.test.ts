import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '../../../main/store/db';
import { getSyncSettings, saveSyncSettings } from '../../../main/store/repos/sync';
import { startTestAgency, type TestAgency } from '../../agency/testing';
import { ADMIN_PASSWORD, storeKey, withInvestigator, workstation, type Workstation } from '../../support/workstation';

/**
 * Starting a sync waits for the server's sign-in (and for the last sync's clone scan); it runs beside the call
 * queue, so a server that does not answer never freezes the rest of the app.
 */
let ag: TestAgency;
let ws: Workstation;
let hung: Server;

beforeAll(async () => {
  ag = await startTestAgency({ detections: 500, seed: 5 });
  ws = workstation();
  await withInvestigator(ws, { username: 'admin.ramirez' });
  await ws.call('auth.login', { username: 'admin.ramirez', password: ADMIN_PASSWORD });
  const password = ag.dataset.users.find((u) => u.data.username === 'admin.ramirez')!.password;
  await ws.call('sync.enroll', { serverUrl: ag.url, username: 'admin.ramirez', password, name: 'Laptop 7' });
  // The server moves to an address that accepts connections and never answers.
  hung = createServer(() => undefined);
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
  const db = openStore(join(ws.dir, 'canvass.db'), await storeKey(ws, 'admin.ramirez'), { migrate: false });
  saveSyncSettings(db, {
    ...getSyncSettings(db)!,
    serverUrl: `http://127.0.0.1:${(hung.address() as AddressInfo).port}`,
  });
  db.close();
}, 120_000);

afterAll(async () => {
  ws?.dispose();
  hung?.closeAllConnections();
  hung?.close();
  await ag?.close().catch(() => undefined);
});

it('a sync waiting for a server that does not answer holds up no other call, and a second start is refused', async () => {
  let settled = false;
  const start = ws.api.call('sync.start', { password: 'the server password' }).finally(() => (settled = true));
  // Calls that queue behind one another still answer while the sync waits for the server.
  expect(await ws.call('sync.status')).toMatchObject({ enrolled: true });
  expect((await ws.call('audit.list', { limit: 5 })).length).toBeGreaterThan(0);
  expect(settled).toBe(false);
  expect((await ws.refused('sync.start', {})).code).toBe('CONFLICT');
  // The server goes away: the waiting start ends with a message, and the next start is not refused as running.
  hung.closeAllConnections();
  hung.close();
  const r = await start;
  expect(r.ok).toBe(false);
  expect(r.ok ? '' : r.error.message).toMatch(/agency server/i);
  expect((await ws.refused('sync.start', {})).message).not.toMatch(/already running/);
}, 60_000);
