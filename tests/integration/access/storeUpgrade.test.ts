import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoreUpgradeProgress } from '../../../preload/contract';
import { openStore } from '../../../main/store/db';
import { SCHEMA_VERSION } from '../../../main/store/migrate';
import { migrations } from '../../../main/store/migrations';
import {
  ADMIN_PASSWORD,
  seedStore,
  setupArgs,
  storeKey,
  workstation,
  type Workstation,
} from '../../support/workstation';

/**
 * A store written by an earlier Canvass is upgraded at sign-in on a worker thread (services/access/storeUpgrade.ts),
 * each step announced, so a step that builds an index over every detection does not freeze the window.
 */
describe('signing in to a store written by an earlier Canvass', () => {
  let ws: Workstation;
  afterEach(() => ws.dispose());

  /** Puts the store back to the schema before its last `steps` migrations (their work undone by `undo`). */
  async function olderStore(steps: number, undo: string): Promise<void> {
    await seedStore(ws, (db) => {
      db.exec(undo);
      db.pragma(`user_version = ${migrations[migrations.length - 1 - steps]!.version}`);
    });
  }

  it('upgrades it off the main thread, step by step, then signs in', async () => {
    ws = workstation();
    await ws.call('setup.create', setupArgs());
    await ws.call('auth.logout');
    // 0195 builds an index over every detection: on a store of tens of millions, minutes.
    await olderStore(1, 'DROP INDEX detections_featured_by_time');
    const steps: StoreUpgradeProgress[] = [];
    ws.api.on('session.storeUpgrade', (p) => steps.push(p));
    const { username } = setupArgs().admin;
    const session = await ws.call('auth.login', { username, password: ADMIN_PASSWORD });
    expect(session.username).toBe(username);
    expect(steps).toEqual([
      { done: 0, total: 1, version: 0 },
      { done: 1, total: 1, version: SCHEMA_VERSION },
    ]);
    const key = await storeKey(ws);
    ws.api.close();
    const db = openStore(join(ws.dir, 'canvass.db'), key, { migrate: false });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      const index = db.prepare("SELECT name FROM sqlite_master WHERE name = 'detections_featured_by_time'").get();
      expect(index).toBeDefined();
    } finally {
      db.close();
    }
  });

  it('says nothing and starts no worker when the store is current', async () => {
    ws = workstation();
    await ws.call('setup.create', setupArgs());
    await ws.call('auth.logout');
    const steps: StoreUpgradeProgress[] = [];
    ws.api.on('session.storeUpgrade', (p) => steps.push(p));
    await ws.call('auth.login', { username: setupArgs().admin.username, password: ADMIN_PASSWORD });
    expect(steps).toEqual([]);
  });

  it('a step that fails leaves the store as it was and says why', async () => {
    ws = workstation();
    await ws.call('setup.create', setupArgs());
    await ws.call('auth.logout');
    // The index is still there: re-running 0195 fails ("already exists"), inside the upgrade's one transaction.
    await olderStore(1, 'SELECT 1');
    const refused = await ws.refused('auth.login', {
      username: setupArgs().admin.username,
      password: ADMIN_PASSWORD,
    });
    expect(refused.message).toMatch(/The store could not be upgraded: .*already exists/);
    const key = await storeKey(ws);
    ws.api.close();
    const db = openStore(join(ws.dir, 'canvass.db'), key, { migrate: false });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(migrations[migrations.length - 2]!.version);
    } finally {
      db.close();
    }
  });
});
