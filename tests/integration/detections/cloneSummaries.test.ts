import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inTransaction, openStore, type WritableDB } from '../../../main/store/db';
import { upsertCameras } from '../../../main/store/repos/cameras';
import { detectionUpserter, type DetectionRow } from '../../../main/store/repos/detections';
import { cloneWatermark, runCloneScan, scanAfterSync } from '../../../main/services/detections/clones';
import {
  CLONE_SUMMARIES_THROUGH,
  foldRecentSummaries,
  rewritingMark,
  SUMMARIES_REWRITING,
} from '../../../main/store/repos/clones';
import { getSearchState, setSearchState } from '../../../main/store/repos/plateIndex';
import { CloneScan } from '../../../main/core/detections/clones';
import { decodeSummary } from '../../../main/core/detections/cloneSummary';
import { AgencyDataset, type GeneratedDetection } from '../../agency/generator/dataset';
import { cameraRows } from '../../agency/testing';

/**
 * The incremental clone scan with per-plate summaries (0170) finds exactly what the replay of every touched
 * plate's whole history finds (the scan before 0170, still used on a store without summaries), through new
 * rows, late rows below the watermark, corrected records that move a row to another plate, and deletions.
 */
const END = Date.parse('2026-11-20T08:00:00Z');
const KEY = Buffer.alloc(32, 5);
const dir = mkdtempSync(join(tmpdir(), 'canvass-clonesummaries-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const dataset = new AgencyDataset({ seed: 42, detections: 40_000, endMs: END, days: 28 });
const all: GeneratedDetection[] = [];
for (const chunk of dataset.detections()) all.push(...chunk.detections);
const toRow = (d: GeneratedDetection): DetectionRow => ({ id: d.id, ...d.data, version: 1 });
const FIRST = 24_000;
const SECOND = 32_000;
/** Ids below the first watermark that arrive only later (late records). */
const isLate = (id: number) => id <= FIRST && id % 499 === 0;

function open(name: string): WritableDB {
  const db = openStore(join(dir, name), KEY);
  upsertCameras(db, cameraRows(dataset));
  return db;
}

function upsert(db: WritableDB, rows: readonly DetectionRow[]): void {
  inTransaction(db, () => {
    const u = detectionUpserter(db);
    for (const r of rows) u.upsert(r.id, r.version, r);
  });
}

function flags(db: WritableDB): unknown[] {
  return db
    .prepare('SELECT plate, state, level, reasons, score, evidence FROM search_clone_flags ORDER BY plate, state')
    .raw()
    .all();
}

const at = '2026-11-20T09:00:00.000Z';
const summarized = open('summarized.db');
const replayed = open('replayed.db');
afterAll(() => {
  summarized.close();
  replayed.close();
});

/**
 * Every usable stored summary equals the one a replay of the plate's whole history in time order gives: what
 * the incremental scan continues is exactly the history it stands for.
 */
function expectSummariesMatchHistory(db: WritableDB): number {
  const scan = new CloneScan();
  const rows = db
    .prepare(
      'SELECT id, plate, state, seen_at AS seenAt, lat, lon, make, color, body FROM detections ORDER BY plate, seen_at, id',
    )
    .all() as Parameters<CloneScan['add']>[0][];
  for (const r of rows) scan.add(r);
  // What the scan reads: the recent table's row over the plate's older one (0190).
  const stored = db
    .prepare(
      `SELECT plate, summary FROM search_clone_recent WHERE summary IS NOT NULL
       UNION ALL SELECT plate, summary FROM search_clone_plates
       WHERE summary IS NOT NULL AND plate NOT IN (SELECT plate FROM search_clone_recent)`,
    )
    .raw()
    .all() as [string, string][];
  let checked = 0;
  for (const [plate, text] of stored) {
    const s = decodeSummary(text);
    if (!s?.ordered) continue;
    expect(s, plate).toEqual(JSON.parse(JSON.stringify(scan.summary(plate))));
    checked++;
  }
  return checked;
}

/** The same writes and scans on both stores; `replayed` has its summaries switched off before each scan. */
function both(step: (db: WritableDB) => void): void {
  step(summarized);
  step(replayed);
}

describe('incremental clone scans continued from per-plate summaries', () => {
  it('a full scan stores a summary of every plate', () => {
    both((db) => upsert(db, all.filter((d) => d.id <= FIRST && !isLate(d.id)).map(toRow)));
    both((db) => runCloneScan(db, 'full', at));
    const plates = summarized.prepare('SELECT count(DISTINCT plate) FROM detections').pluck().get();
    expect(summarized.prepare('SELECT count(*) FROM search_clone_plates').pluck().get()).toBe(plates);
    expect(summarized.prepare('SELECT count(*) FROM search_clone_plates WHERE summary IS NULL').pluck().get()).toBe(0);
    expect(flags(summarized)).toEqual(flags(replayed));
  });

  it('after new rows, late rows, a corrected record and deletions, finds what the full replay finds', () => {
    const late = all.filter((d) => isLate(d.id)).map(toRow);
    const moved = { ...toRow(all[100]!), plate: all[5000]!.data.plate, version: 2 };
    const fresh = all.filter((d) => d.id > FIRST && d.id <= SECOND).map(toRow);
    both((db) => {
      upsert(db, [...late, moved, ...fresh]);
      inTransaction(db, () => db.prepare('DELETE FROM detections WHERE id IN (7, 70, 700)').run());
    });
    // Late rows are marked stale where the scan looks first (0190).
    expect(
      summarized.prepare('SELECT count(*) FROM search_clone_recent WHERE summary IS NULL').pluck().get(),
    ).toBeGreaterThan(late.length / 2);
    replayed.prepare("DELETE FROM search_state WHERE key = 'clone_summaries_through'").run();
    const latePlates = [...new Set([...late, moved].map((r) => r.plate))];
    const a = runCloneScan(summarized, 'incremental', at, undefined, latePlates);
    const b = runCloneScan(replayed, 'incremental', at, undefined, latePlates);
    expect(a.plates).toBe(b.plates);
    expect(a.flagged).toEqual(b.flagged);
    expect(flags(summarized)).toEqual(flags(replayed));
    // Proportional to what arrived: far fewer rows read than the touched plates' histories.
    expect(a.scanned).toBeLessThan(b.scanned / 2);
    expect(expectSummariesMatchHistory(summarized)).toBeGreaterThan(1000);
  });

  it('a second incremental scan continues the summaries the first one saved, folded and in the pre-0190 format', () => {
    // The recent table folded into the plates' rows, which are then rewritten as 0170 spelled them (objects).
    expect(foldRecentSummaries(summarized, 1)).toBeGreaterThan(1000);
    expect(summarized.prepare('SELECT count(*) FROM search_clone_recent').pluck().get()).toBe(0);
    const rows = summarized.prepare('SELECT plate, summary FROM search_clone_plates').raw().all() as [string, string][];
    const old = summarized.prepare('UPDATE search_clone_plates SET summary = ? WHERE plate = ?');
    inTransaction(summarized, () => {
      for (const [plate, text] of rows) old.run(text === null ? null : JSON.stringify(decodeSummary(text)), plate);
    });
    both((db) => upsert(db, all.filter((d) => d.id > SECOND).map(toRow)));
    replayed.prepare("DELETE FROM search_state WHERE key = 'clone_summaries_through'").run();
    const a = runCloneScan(summarized, 'incremental', at);
    const b = runCloneScan(replayed, 'incremental', at);
    expect(a.flagged).toEqual(b.flagged);
    expect(flags(summarized)).toEqual(flags(replayed));
    expect(a.scanned).toBeLessThan(b.scanned / 2);
    expect(expectSummariesMatchHistory(summarized)).toBeGreaterThan(1000);
    // The generator's cloned plate is among what both found.
    expect(a.flagged).toContain(dataset.truth.clonedPlate.plate);
  });

  it("a full scan rewrites them over the last scan's: plates no longer found dropped, the recent table emptied", () => {
    const plates = summarized.prepare('SELECT DISTINCT plate FROM detections ORDER BY plate').pluck().all() as string[];
    // The first, a middle and the last plate lose every detection (their summaries are marked stale, not deleted).
    const gone = [plates[0]!, plates[plates.length >> 1]!, plates[plates.length - 1]!];
    inTransaction(summarized, () =>
      summarized
        .prepare('DELETE FROM detections WHERE plate IN (SELECT value FROM json_each(?))')
        .run(JSON.stringify(gone)),
    );
    runCloneScan(summarized, 'incremental', at, undefined, gone);
    expect(summarized.prepare('SELECT count(*) FROM search_clone_recent').pluck().get()).toBeGreaterThan(0);
    // Findings the scan will not find again, before, among and after the others in key order.
    const stale = ['0', 'M~', '~~'];
    const junk = summarized.prepare(
      "INSERT INTO search_clone_flags VALUES (?, '', 'review', 'speed', 1, '{\"speed\":[],\"description\":[]}', ?)",
    );
    for (const plate of stale) junk.run(plate, at);
    const s = runCloneScan(summarized, 'full', at);
    const found = summarized.prepare('SELECT plate FROM search_clone_flags').pluck().all() as string[];
    expect(found.filter((p) => stale.includes(p))).toEqual([]);
    expect(new Set(found).size).toBe(s.plates);
    expect(found.length).toBeGreaterThan(stale.length);
    const count = (sql: string) => summarized.prepare(sql).pluck().get();
    expect(count('SELECT count(*) FROM search_clone_plates')).toBe(plates.length - gone.length);
    expect(count('SELECT count(*) FROM search_clone_plates WHERE summary IS NULL')).toBe(0);
    expect(count('SELECT count(*) FROM search_clone_recent')).toBe(0);
    expect(getSearchState(summarized, CLONE_SUMMARIES_THROUGH)).toBe(String(cloneWatermark(summarized)));
    expect(expectSummariesMatchHistory(summarized)).toBeGreaterThan(1000);
    expect(s.flagged).toContain(dataset.truth.clonedPlate.plate);
  });

  it("an incremental scan during a full scan's rewrite keeps its findings but not its summaries, and folds nothing", () => {
    const recent = () => summarized.prepare('SELECT plate, summary FROM search_clone_recent').raw().all();
    const before = recent();
    const plate = dataset.truth.clonedPlate.plate;
    // A full scan on another thread marks the summaries while this scan replays the plate's history.
    const watch = { step: () => setSearchState(summarized, CLONE_SUMMARIES_THROUGH, SUMMARIES_REWRITING) };
    const s = runCloneScan(summarized, 'incremental', at, undefined, [plate], watch);
    expect(s.flagged).toContain(plate);
    expect(getSearchState(summarized, CLONE_SUMMARIES_THROUGH)).toBe(SUMMARIES_REWRITING);
    expect(recent()).toEqual(before);
    // Nor is the recent table folded over the rewrite (the full scan empties it when it ends).
    inTransaction(summarized, () => {
      for (let k = 0; k < 5; k++)
        summarized.prepare('INSERT INTO search_clone_recent VALUES (?, NULL) ON CONFLICT DO NOTHING').run(`ZZ${k}`);
    });
    const folding = recent();
    expect(foldRecentSummaries(summarized, 1)).toBe(0);
    expect(recent()).toEqual(folding);
  });

  it("a sync's scan runs a full one when the summaries are lost, and not while a full scan's save is still running", () => {
    let next = 100_000;
    // New detections (copies of old ones under new ids), so each sync has something to scan.
    const arrive = () =>
      upsert(
        summarized,
        all.slice(0, 300).map((d) => ({ ...toRow(d), id: next++ })),
      );
    const minutesBefore = (m: number) => new Date(Date.parse(at) - m * 60_000).toISOString();
    const mark = () => getSearchState(summarized, CLONE_SUMMARIES_THROUGH);
    const usable = () => expect(mark()).toBe(String(cloneWatermark(summarized)));

    // The last test left a mark that does not say when its save began (one of stage 12): a save that died.
    expect(mark()).toBe(SUMMARIES_REWRITING);
    arrive();
    expect(scanAfterSync(summarized, at, new Set())?.mode).toBe('full');
    usable();
    expect(expectSummariesMatchHistory(summarized)).toBeGreaterThan(1000);

    // A save whose scan began 5 minutes ago is still running: its end writes the summaries.
    const live = rewritingMark('0a0a0a0a0a0a', minutesBefore(5));
    setSearchState(summarized, CLONE_SUMMARIES_THROUGH, live);
    arrive();
    expect(scanAfterSync(summarized, at, new Set())?.mode).toBe('incremental');
    expect(mark()).toBe(live);

    // One whose scan began longer ago than any save takes has died.
    setSearchState(summarized, CLONE_SUMMARIES_THROUGH, rewritingMark('0b0b0b0b0b0b', minutesBefore(31)));
    arrive();
    expect(scanAfterSync(summarized, at, new Set())?.mode).toBe('full');
    usable();

    // Summaries never written (a store scanned before 0170): the same.
    summarized.prepare('DELETE FROM search_state WHERE key = ?').run(CLONE_SUMMARIES_THROUGH);
    arrive();
    expect(scanAfterSync(summarized, at, new Set())?.mode).toBe('full');
    usable();

    // Usable summaries are continued.
    arrive();
    expect(scanAfterSync(summarized, at, new Set())?.mode).toBe('incremental');
    usable();
    expect(expectSummariesMatchHistory(summarized)).toBeGreaterThan(1000);
  });
});
