/**
 * kill -9 in the middle of a purge batch (a real child process, SIGKILL): the store opens consistent (integrity
 * check, the run's counts equal what is gone), the interrupted run is settled with its certificate, and the next run
 * removes exactly the rest.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PurgeRun } from '../../../preload/contract';
import { purgeCutoffs, purgePlan } from '../../../main/core/retention/plan';
import { openStore } from '../../../main/store/db';
import { shippedProfile } from '../../support/profiles';
import {
  ADMIN_PASSWORD,
  seedStore,
  setupArgs,
  storeKey,
  workstation,
  type Workstation,
} from '../../support/workstation';
import { agedDetections, seedAged } from './fixture';

const open: Workstation[] = [];
afterEach(() => {
  for (const ws of open.splice(0)) ws.dispose();
});

function killedMidPurge(path: string, key: Buffer, cutoffs: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'purgeChild.ts'), path, JSON.stringify(cutoffs)],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /mid (\d+)/.exec(out);
      if (m) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL'
        ? resolve(Number(/mid (\d+)/.exec(out)![1]))
        : reject(new Error(`child ended without the kill: ${err}`)),
    );
    child.stdin.end(key.toString('hex'));
  });
}

describe('retention purge, killed', () => {
  it('leaves the store consistent after kill -9 mid-batch, and the next run finishes', async () => {
    const ws = workstation();
    open.push(ws);
    await ws.call('setup.create', setupArgs({ name: 'Oakland Police Department', profileId: 'oakland-pd' }));
    const rows = agedDetections(ws.clock.now, 600);
    await seedStore(ws, (db) => seedAged(db, rows));
    const key = await storeKey(ws);
    const path = join(ws.dir, 'canvass.db');
    const cutoffs = purgeCutoffs(purgePlan(shippedProfile('oakland-pd'), {}, ws.clock.now));
    ws.api.close();

    const runId = await killedMidPurge(path, key, cutoffs);
    const db = openStore(path, key);
    let removedSoFar: number;
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const run = db.prepare('SELECT status, detections FROM retention_runs WHERE id = ?').get(runId) as {
        status: string;
        detections: number;
      };
      expect(run.status).toBe('running');
      // Two batches of 40 committed; the third, uncommitted, rolled back.
      expect(run.detections).toBe(80);
      removedSoFar = rows.length - (db.prepare('SELECT count(*) FROM detections').pluck().get() as number);
      expect(removedSoFar).toBe(80);
    } finally {
      db.close();
    }

    ws.reopen();
    await ws.call('auth.login', { username: setupArgs().admin.username, password: ADMIN_PASSWORD });
    const preview = await ws.call('retention.preview');
    const done = new Promise<PurgeRun>((resolve) => {
      const off = ws.api.on('retention.finished', (r) => {
        if (r.status === 'finished') {
          off();
          resolve(r);
        }
      });
    });
    await ws.call('retention.purge');
    const next = await done;
    expect(next.detections).toBe(preview.detections);
    const runs = await ws.call('retention.runs');
    const interrupted = runs.find((r) => r.id === runId)!;
    expect(interrupted.status).toBe('interrupted');
    expect(interrupted.detections).toBe(80);
    expect(interrupted.certificate).not.toBeNull();
    expect((await ws.call('retention.preview')).detections).toBe(0);
  });
});
