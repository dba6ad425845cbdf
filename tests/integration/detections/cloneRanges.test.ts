import { mkdtempSync, rmSync } from 'node:fs';
import { MessageChannel, Worker } from 'node:worker_threads';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inTransaction, openStore, type WritableDB } from '../../../main/store/db';
import { upsertCameras } from '../../../main/store/repos/cameras';
import { detectionUpserter, getDetection } from '../../../main/store/repos/detections';
import { cloneWatermark, runCloneScan, scanAll, ScanCancelled } from '../../../main/services/detections/clones';
import { getSearchState, setSearchState } from '../../../main/store/repos/plateIndex';
import { CLONE_SUMMARIES_THROUGH, listCloneFlags, SUMMARIES_REWRITING } from '../../../main/store/repos/clones';
import { claimSave, Saver, startSaver, type SaverRequest } from '../../../main/services/detections/cloneSave';
import { AgencyDataset } from '../../agency/generator/dataset';
import { cameraRows } from '../../agency/testing';

/**
 * The full clone scan on several threads (rowid ranges on their own connections, joined in order) stores the
 * findings and summaries of the one-thread scan; stopped while its threads run, it saves nothing.
 */
const END = Date.parse('2026-11-20T08:00:00Z');
const KEY = Buffer.alloc(32, 6);
const dir = mkdtempSync(join(tmpdir(), 'canvass-cloneranges-'));
const path = join(dir, 'store.db');
const dataset = new AgencyDataset({ seed: 42, detections: 30_000, endMs: END, days: 21 });
const db: WritableDB = openStore(path, KEY);
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});
upsertCameras(db, cameraRows(dataset));
inTransaction(db, () => {
  const u = detectionUpserter(db);
  for (const chunk of dataset.detections()) for (const d of chunk.detections) u.upsert(d.id, 1, d.data);
});

const at = '2026-11-20T09:00:00.000Z';
const stored = () => ({
  flags: db
    .prepare('SELECT plate, state, level, reasons, score, evidence FROM search_clone_flags ORDER BY plate, state')
    .raw()
    .all(),
  summaries: db.prepare('SELECT plate, summary FROM search_clone_plates ORDER BY plate').raw().all(),
});
const threads = (n: number) => ({ source: { path, key: KEY }, threads: n, minRowsPerThread: 1000 });

describe('the full clone scan on several threads', () => {
  it('stores exactly what the one-thread scan stores', () => {
    const one = runCloneScan(db, 'full', at);
    const a = stored();
    expect(a.flags.length).toBeGreaterThan(5);
    const three = runCloneScan(db, 'full', at, undefined, [], undefined, threads(3));
    expect(three.scanned).toBe(one.scanned);
    expect(three.flagged).toEqual(one.flagged);
    const b = stored();
    expect(b.flags).toEqual(a.flags);
    expect(b.summaries).toEqual(a.summaries);
  });

  it('replays from the store a plate whose late rows sit in a later range, as the one-thread scan reads them', () => {
    // Late records (the highest ids, so the last range; early times) of plates seen only in the first ranges.
    const early = db
      .prepare(
        `SELECT plate, min(seen_at) AS at, max(id) AS id FROM detections GROUP BY plate
         HAVING count(*) >= 2 AND max(id) <= 15000 ORDER BY plate LIMIT 40`,
      )
      .all() as { plate: string; at: number; id: number }[];
    expect(early.length).toBeGreaterThan(10);
    const top = db.prepare('SELECT max(id) FROM detections').pluck().get() as number;
    inTransaction(db, () => {
      const u = detectionUpserter(db);
      early.forEach((e, k) => {
        const { id: _id, version: _v, ...data } = getDetection(db, e.id)!;
        u.upsert(top + 1 + k, 1, { ...data, seenAt: e.at - 3_600_000, lat: 34.05, lon: -118.25 });
      });
    });
    const one = runCloneScan(db, 'full', at);
    const a = stored();
    const three = runCloneScan(db, 'full', at, undefined, [], undefined, threads(3));
    expect(three.flagged).toEqual(one.flagged);
    expect(stored()).toEqual(a);
  });

  it('stopped while its threads scan, saves nothing', () => {
    db.prepare('DELETE FROM search_clone_flags').run();
    const before = { watermark: cloneWatermark(db), summaries: stored().summaries.length };
    let steps = 0;
    const watch = {
      step: () => {
        if (++steps > 3) throw new ScanCancelled();
      },
    };
    expect(() => runCloneScan(db, 'full', at, undefined, [], watch, threads(2))).toThrow(ScanCancelled);
    expect(cloneWatermark(db)).toBe(before.watermark);
    expect(stored().flags).toEqual([]);
    expect(stored().summaries.length).toBe(before.summaries);
  });

  describe('its save, made on a thread of its own while this one finds and encodes', () => {
    const stopped = (after: number, summaries: Iterable<[string, string]>) =>
      function* () {
        let n = 0;
        for (const s of summaries) {
          if (++n > after) throw new Error('stopped by the test');
          yield s;
        }
      };
    const now = () => ({ ...stored(), watermark: cloneWatermark(db) });
    const writable = () => {
      // The saver's transaction is over: a write here does not wait for its lock.
      db.pragma('busy_timeout = 0');
      try {
        inTransaction(db, () => setSearchState(db, 'test_probe', String(Math.random())));
      } finally {
        db.pragma('busy_timeout = 10000');
      }
    };
    const saveWith = (key: Buffer, save: Parameters<ReturnType<typeof startSaver>['save']>[0], chunk?: number) => {
      const saver = startSaver({ path, key });
      try {
        expect(saver.save(save, 'durable', { chunk })).toBe(true);
      } finally {
        saver.close();
      }
    };

    // A save stopped before its last transaction leaves the findings and their watermark as they were, and the
    // summaries marked as being rewritten (unusable until the next full scan writes them again).
    const unfinished = (before: ReturnType<typeof now>) => {
      const after = now();
      expect(after.flags).toEqual(before.flags);
      expect(after.watermark).toBe(before.watermark);
      // Marked with the time its scan began, so a sync's scan can tell a save that died from one still running.
      expect(getSearchState(db, CLONE_SUMMARIES_THROUGH)).toMatch(
        new RegExp(`^${SUMMARIES_REWRITING} [0-9a-f]{12} ${at}$`),
      );
    };

    it('stopped while the summaries are handed over, leaves the findings as they were and the summaries marked', () => {
      runCloneScan(db, 'full', at);
      const before = now();
      expect(before.summaries.length).toBeGreaterThan(2_000);
      expect(getSearchState(db, CLONE_SUMMARIES_THROUGH)).toBe(String(before.watermark));
      const full = scanAll(db, undefined, undefined, threads(2));
      expect(full.threads).toBe(2);
      // Stopped after three messages of 500 summaries: the saver has begun writing them.
      const save = { flags: () => [], summaries: stopped(1_500, full.summaries)(), through: 1, at };
      expect(() => saveWith(KEY, save, 500)).toThrow('stopped by the test');
      unfinished(before);
      writable();
      // The next full scan writes them all again.
      runCloneScan(db, 'full', at);
      expect(now()).toEqual(before);
      expect(getSearchState(db, CLONE_SUMMARIES_THROUGH)).toBe(String(before.watermark));
    });

    it('findings that fail leave the findings as they were', () => {
      const before = now();
      const full = scanAll(db, undefined, undefined, threads(2));
      const flags = () => {
        throw new Error('no findings');
      };
      expect(() => saveWith(KEY, { flags, summaries: full.summaries, through: 1, at })).toThrow('no findings');
      unfinished(before);
      writable();
    });

    it('a write the saver cannot make fails the save with its reason, the findings as they were', () => {
      runCloneScan(db, 'full', at);
      const before = now();
      const full = scanAll(db, undefined, undefined, threads(2));
      const bad = { plate: 'X', state: '', level: 'bogus' as never, reasons: '', score: 0, evidence: '', foundAt: at };
      const save = { flags: () => [bad], summaries: full.summaries, through: 1, at };
      expect(() => saveWith(KEY, save)).toThrow(/save failed: CHECK constraint failed/);
      unfinished(before);
      writable();
    });

    it('a saver that cannot open the store fails the save, nothing saved', () => {
      runCloneScan(db, 'full', at);
      const before = { ...now(), marker: getSearchState(db, CLONE_SUMMARIES_THROUGH) };
      const full = scanAll(db, undefined, undefined, threads(2));
      const save = { flags: () => [], summaries: full.summaries, through: 1, at };
      expect(() => saveWith(Buffer.alloc(32, 9), save)).toThrow(/save failed: .+/);
      expect({ ...now(), marker: getSearchState(db, CLONE_SUMMARIES_THROUGH) }).toEqual(before);
    });

    it("holds the write lock only briefly: another connection's writes go through while it saves", () => {
      runCloneScan(db, 'full', at);
      const before = now();
      const flagRows = listCloneFlags(db);
      const full = scanAll(db, undefined, undefined, threads(2));
      // Main's stand-in: a write on another connection after every message of summaries, while the scan's side
      // takes 60 ms over each. Saved in one transaction (as before), the first waited out its 1 s and failed.
      const other = openStore(path, KEY, { migrate: false });
      other.pragma('busy_timeout = 1000');
      let writes = 0;
      const slowed = function* () {
        let n = 0;
        for (const s of full.summaries) {
          if (++n % 100 === 0) {
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60);
            inTransaction(other, () => setSearchState(other, 'test_probe', String(n)));
            writes++;
          }
          yield s;
        }
      };
      try {
        saveWith(KEY, { flags: () => flagRows, summaries: slowed(), through: before.watermark, at }, 100);
      } finally {
        other.close();
      }
      expect(writes).toBeGreaterThan(15);
      expect(now()).toEqual(before);
      expect(getSearchState(db, CLONE_SUMMARIES_THROUGH)).toBe(String(before.watermark));
    });

    it('stops when a later full scan begins saving over it: the rows are never a mix of both', () => {
      runCloneScan(db, 'full', at);
      const before = now();
      const full = scanAll(db, undefined, undefined, threads(2));
      // After two messages, once the saver's mark is committed, another full scan's save takes it (here, on this
      // thread's connection).
      const marked = () => getSearchState(db, CLONE_SUMMARIES_THROUGH)?.startsWith(`${SUMMARIES_REWRITING} `);
      const taken = function* () {
        let n = 0;
        for (const s of full.summaries) {
          if (++n === 1_000) {
            for (let waits = 0; !marked() && waits < 500; waits++)
              Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
            setSearchState(db, CLONE_SUMMARIES_THROUGH, `${SUMMARIES_REWRITING} other`);
          }
          yield s;
        }
      };
      const save = { flags: () => listCloneFlags(db), summaries: taken(), through: before.watermark, at };
      expect(() => saveWith(KEY, save, 500)).toThrow(/later full clone scan began saving over this one/);
      expect(getSearchState(db, CLONE_SUMMARIES_THROUGH)).toBe(`${SUMMARIES_REWRITING} other`);
      expect(cloneWatermark(db)).toBe(before.watermark);
      writable();
    });

    it('a saver that never starts is given up on: nothing consumed, and it leaves if it starts late', async () => {
      const { port1, port2 } = new MessageChannel();
      const signal = new Int32Array(new SharedArrayBuffer(12));
      const idle = new Worker('setTimeout(() => {}, 60_000)', { eval: true });
      const saver = new Saver(idle, signal, port1);
      let flags = 0;
      let pulled = 0;
      const summaries = (function* (): Generator<[string, string]> {
        pulled++;
        yield ['X', '[]'];
      })();
      try {
        const save = { flags: () => (flags++, []), summaries, through: 1, at };
        expect(saver.save(save, 'durable', { graceMs: 200 })).toBe(false);
      } finally {
        saver.close();
        await idle.terminate();
      }
      expect([flags, pulled]).toEqual([0, 0]);
      const late: SaverRequest = { storePath: path, key: new ArrayBuffer(32), signal, port: port2 };
      expect(claimSave(late)).toBe(false);
      port2.close();
    });
  });
});
