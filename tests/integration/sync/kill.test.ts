import { availableParallelism } from 'node:os';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store/db';
import { getCursor } from '../../../main/store/repos/sync';
import { startSyncWorker } from '../../../main/services/sync/runner';
import type { SyncProgress } from '../../../main/services/sync/engine';
import { enrolledClient, openTestWorkstation, startTestAgency, syncOnce, type TestAgency } from '../../agency/testing';

const ROOT = join(__dirname, '../../..');

/** Runs the sync in a child process and kills it with SIGKILL after it has committed at least `killAfter` detections. */
function syncAndKill(
  url: string,
  storePath: string,
  key: Buffer,
  token: string,
  killAfter: number,
): Promise<{ killed: boolean; committed: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'tests/agency/syncChild.ts'), url, storePath, token],
      {
        cwd: ROOT,
        env: { ...process.env, CANVASS_TEST_KEY: key.toString('hex') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let committed = 0;
    let killed = false;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        const m = /^committed (\d+)/.exec(line);
        if (m) committed = Number(m[1]);
        if (!killed && committed >= killAfter) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve({ killed: signal === 'SIGKILL', committed });
      else reject(new Error(`sync child failed (${code}): ${stderr}`));
    });
  });
}

describe('a sync killed at any point resumes with nothing lost or doubled', () => {
  let ag: TestAgency;
  beforeAll(async () => {
    ag = await startTestAgency({ detections: 24_000, seed: 21 });
  });
  afterAll(async () => {
    await ag.close();
  });

  it('survives kill -9 of the workstation process three times during one sync', async () => {
    const ws = openTestWorkstation();
    ws.db.close(); // The child processes open it.
    const { client } = await enrolledClient(ag.url, ag.dataset);
    const kills = [];
    for (const killAfter of [2_000, 5_000, 6_000])
      kills.push(await syncAndKill(ag.url, ws.path, ws.key, client.token!, killAfter));
    expect(kills.every((k) => k.killed)).toBe(true);

    const db = openStore(ws.path, ws.key);
    // The cursor and the rows it covers were committed together: the store holds exactly what the cursor says.
    const held = (db.prepare('SELECT count(*) AS n FROM detections').get() as { n: number }).n;
    expect(held).toBe(getCursor(db, 'detections')!.records);
    expect(held).toBeGreaterThanOrEqual(13_000);
    expect(held).toBeLessThan(24_000);

    const result = await syncOnce(db, client, ag.url);
    expect(result.outcome).toBe('ok');
    expect(result.feeds.detections!.upserted).toBe(24_000 - held);
    const local = db.prepare('SELECT count(*) AS n, sum(id) AS s, min(id) AS lo, max(id) AS hi FROM detections').get();
    const server = ag.server.db
      .prepare('SELECT count(*) AS n, sum(id) AS s, min(id) AS lo, max(id) AS hi FROM detections')
      .get();
    expect(local).toEqual(server);
    const plates = db.prepare('SELECT sum(length(plate)) AS l, sum(features) AS f FROM detections').get();
    expect(plates).toEqual(
      ag.server.db.prepare('SELECT sum(length(plate)) AS l, sum(features) AS f FROM detections').get(),
    );
    db.close();
    ws.close();
    client.close();
  });

  it('runs off the main thread on its own connection, reports progress and can be cancelled', async () => {
    const ws = openTestWorkstation();
    const { client } = await enrolledClient(ag.url, ag.dataset);
    const progress: SyncProgress[] = [];
    const args = {
      storePath: ws.path,
      dataKey: ws.key,
      serverUrl: ag.url,
      pinnedCert: null,
      token: client.token!,
      tokenExpiresAt: client.tokenExpiresAt,
      userId: 2,
      username: 'det.alvarez',
      agencyName: 'San Mateo Police Department (synthetic)',
      workstation: 'worker-test',
      onProgress: (p: SyncProgress) => progress.push(p),
    };
    // Cancel as soon as detections start to flow.
    const cancelled = startSyncWorker({
      ...args,
      options: { pageSize: 500, commitEvery: 500 },
      onProgress: (p) => p.feed === 'detections' && p.records > 2000 && cancelled.cancel(),
    });
    const first = await cancelled.result;
    expect(first.outcome).toBe('cancelled');
    const partial = (ws.db.prepare('SELECT count(*) AS n FROM detections').get() as { n: number }).n;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(24_000);

    // The main thread stays free while the worker syncs: timers keep firing.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    // Its clone scan afterwards is the store's first, so a full one: on range threads, as a requested scan's is.
    const job = startSyncWorker({ ...args, options: { pageSize: 2000, cloneRowsPerThread: 5000 } });
    expect(job.threadId).toBeGreaterThan(0);
    const result = await job.result;
    clearInterval(timer);
    expect(result.outcome).toBe('ok');
    expect(ticks).toBeGreaterThan(3);
    expect((ws.db.prepare('SELECT count(*) AS n FROM detections').get() as { n: number }).n).toBe(24_000);
    expect(progress.at(-1)).toMatchObject({ status: 'finished' });
    expect(await job.clones).toMatchObject({
      mode: 'full',
      scanned: 24_000,
      threads: Math.min(availableParallelism(), 4),
    });
    // The worker wrote its audit records through the same chain.
    const actions = ws.db
      .prepare("SELECT json_extract(body, '$.action') AS a, json_extract(body, '$.workstation') AS w FROM audit_log")
      .all() as { a: string; w: string }[];
    expect(actions.filter((a) => a.a === 'sync.run')).toHaveLength(2);
    expect(actions.every((a) => a.w === 'worker-test')).toBe(true);
    ws.close();
    client.close();
  });
});
