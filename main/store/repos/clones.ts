import { ShortWrites, type ReadableDB, type WritableDB } from '../db';
import type { DetectionRow } from './detections';

/**
 * The cloned-plate scan's store (search_clone_flags) and its reads of detections: the whole table in pages,
 * the plates of new rows, and the sightings of a set of plates.
 */

export type CloneFlagRow = {
  plate: string;
  state: string;
  level: 'flagged' | 'review';
  reasons: string;
  score: number;
  evidence: string;
  foundAt: string;
};

/** Saves an incremental scan's findings: those of `plates` replaced. */
export function saveCloneFlags(db: WritableDB, flags: readonly CloneFlagRow[], plates: readonly string[]): void {
  const del = db.prepare('DELETE FROM search_clone_flags WHERE plate = ?');
  for (const p of plates) del.run(p);
  upsertCloneFlags(db, flags);
}

function upsertCloneFlags(db: WritableDB, flags: readonly CloneFlagRow[]): void {
  const stmt = db.prepare(
    `INSERT INTO search_clone_flags (plate, state, level, reasons, score, evidence, found_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (plate, state) DO UPDATE SET level = excluded.level, reasons = excluded.reasons, score = excluded.score,
       evidence = excluded.evidence, found_at = excluded.found_at`,
  );
  for (const f of flags) stmt.run(f.plate, f.state, f.level, f.reasons, f.score, f.evidence, f.foundAt);
}

/** A finding's key in search_clone_flags. */
export type CloneFlagKey = [plate: string, state: string];

/**
 * A full scan's findings written over the last scan's, a chunk at a time in key order (`rewritePlateSummaries`'
 * way): the chunk's findings upserted, and the stored ones in its key range it no longer has deleted — after
 * `after` (the previous chunk's last key; null for the first) up to its own last. `dropCloneFlagsAfter` then
 * deletes those after the last chunk.
 */
export function rewriteCloneFlags(db: WritableDB, after: CloneFlagKey | null, flags: readonly CloneFlagRow[]): void {
  const last = flags[flags.length - 1];
  if (!last) return;
  upsertCloneFlags(db, flags);
  const range = after === null ? '(plate, state) <= (?, ?)' : '(plate, state) > (?, ?) AND (plate, state) <= (?, ?)';
  db.prepare(
    `DELETE FROM search_clone_flags WHERE ${range} AND (plate, state) NOT IN
       (SELECT value ->> 0, value ->> 1 FROM json_each(?))`,
  ).run(...(after ?? []), last.plate, last.state, JSON.stringify(flags.map((f) => [f.plate, f.state])));
}

/** Deletes the findings after `after` (every one when null): the end of a full scan's rewrite. */
export function dropCloneFlagsAfter(db: WritableDB, after: CloneFlagKey | null): void {
  if (after === null) db.prepare('DELETE FROM search_clone_flags').run();
  else db.prepare('DELETE FROM search_clone_flags WHERE (plate, state) > (?, ?)').run(...after);
}

export function listCloneFlags(db: ReadableDB): CloneFlagRow[] {
  return db
    .prepare(
      `SELECT plate, state, level, reasons, score, evidence, found_at AS foundAt FROM search_clone_flags
       ORDER BY level = 'review', score DESC, plate`,
    )
    .all() as CloneFlagRow[];
}

/** A detection as the scan reads it: id, plate, time, place and `[state, make, color, body]` as JSON. */
export type ScanRow = [id: number, plate: string, seenAt: number, lat: number, lon: number, json: string];

/** One page of the table in rowid order, after `afterId` up to `throughId`: a call per 2,000 rows, not per row. */
export function scanPage(db: ReadableDB, afterId: number, throughId: number, size: number): ScanRow[] {
  return db
    .prepare(
      `SELECT id, plate, seen_at, lat, lon, json_array(state, make, color, body) FROM detections
       WHERE id > ? AND id <= ? ORDER BY id LIMIT ?`,
    )
    .raw(true)
    .all(afterId, throughId, size) as ScanRow[];
}

/** The distinct plates of detections above `afterId`. */
export function platesAbove(db: ReadableDB, afterId: number): string[] {
  return db.prepare('SELECT DISTINCT plate FROM detections WHERE id > ?').pluck().all(afterId) as string[];
}

export type SightingRow = [
  id: number,
  plate: string,
  state: string | null,
  seenAt: number,
  lat: number,
  lon: number,
  make: string | null,
  color: string | null,
  body: string | null,
];

/** Every sighting of `plates` on `days` (day numbers), through the day-and-plate index. */
export function sightingsOfPlates(db: ReadableDB): (days: string, plates: string) => SightingRow[] {
  const stmt = db
    .prepare(
      `SELECT id, plate, state, seen_at, lat, lon, make, color, body FROM detections INDEXED BY detections_by_day_plate
       WHERE day IN (SELECT value FROM json_each(?)) AND plate IN (SELECT value FROM json_each(?))`,
    )
    .raw(true);
  return (days, plates) => stmt.all(days, plates) as SightingRow[];
}

/**
 * Every sighting above `afterId`, in time order: the rows an incremental scan adds. Read by rowid range and
 * sorted here: `ORDER BY seen_at` lets SQLite walk the whole time index instead (measured: 1 s at 1 M rows).
 */
export function sightingsAbove(db: ReadableDB, afterId: number): SightingRow[] {
  const rows = db
    .prepare(`SELECT id, plate, state, seen_at, lat, lon, make, color, body FROM detections WHERE id > ? ORDER BY id`)
    .raw(true)
    .all(afterId) as SightingRow[];
  return rows.sort((a, b) => a[3] - b[3] || a[0] - b[0]);
}

/** search_state keys: the highest detection id the stored findings, and the stored summaries, have seen. */
export const CLONES_THROUGH = 'clones_through_id';
export const CLONE_SUMMARIES_THROUGH = 'clone_summaries_through';
/**
 * How `CLONE_SUMMARIES_THROUGH` begins while a full scan rewrites the summaries (followed by the save's own tag and
 * the time its scan began): none is usable until it says through what.
 */
export const SUMMARIES_REWRITING = 'rewriting';

/** The mark a full scan's save sets while it rewrites the summaries: its own tag, and when its scan began. */
export function rewritingMark(tag: string, at: string): string {
  return `${SUMMARIES_REWRITING} ${tag} ${at}`;
}

/**
 * What the stored summaries are good for after the findings' watermark `since`: continuing from (`usable`), being
 * rewritten by a full scan's save that began at `startedAt` (null for a mark that does not say: a save of stage
 * 12), or `missing` (never written since the findings', or dropped).
 */
export type SummariesStatus =
  { status: 'usable' } | { status: 'rewriting'; startedAt: string | null } | { status: 'missing' };

export function summariesStatus(mark: string | null | undefined, since: number): SummariesStatus {
  if (mark === String(since)) return { status: 'usable' };
  if (!mark?.startsWith(SUMMARIES_REWRITING)) return { status: 'missing' };
  const at = mark.split(' ')[2];
  return { status: 'rewriting', startedAt: at && Number.isFinite(Date.parse(at)) ? at : null };
}

/**
 * The stored summaries of `plates` (JSON; null when marked stale): the one in search_clone_recent (0190) over the
 * one in search_clone_plates. A plate absent from the map has no detection at or below the watermark the
 * summaries were written for.
 */
export function plateSummaries(db: ReadableDB, plates: readonly string[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  // One primary-key probe per plate and table (cheaper than a json_each set at these sizes); the recent table is
  // small and stays in the cache.
  const recent = db.prepare('SELECT summary FROM search_clone_recent WHERE plate = ?').raw(true);
  const stmt = db.prepare('SELECT summary FROM search_clone_plates WHERE plate = ?').raw(true);
  for (const plate of plates) {
    const row = (recent.get(plate) ?? stmt.get(plate)) as [string | null] | undefined;
    if (row) out.set(plate, row[0]);
  }
  return out;
}

/**
 * A full scan's summaries written over the last scan's, a chunk at a time in plate order (a sequential write, no
 * emptying pass first): the chunk's plates upserted, and the plates it no longer has deleted — those after the
 * previous chunk's last plate (`after`; null for the first chunk) up to its own last. `dropPlateSummariesAfter`
 * then deletes the plates after the last chunk.
 */
export function rewritePlateSummaries(
  db: WritableDB,
  after: string | null,
  plates: readonly string[],
  summaries: readonly string[],
): void {
  if (plates.length === 0) return;
  const upsert = db.prepare(
    `INSERT INTO search_clone_plates (plate, summary) VALUES (?, ?)
     ON CONFLICT (plate) DO UPDATE SET summary = excluded.summary`,
  );
  for (let k = 0; k < plates.length; k++) upsert.run(plates[k], summaries[k]);
  const range = after === null ? 'plate <= ?' : 'plate > ? AND plate <= ?';
  db.prepare(`DELETE FROM search_clone_plates WHERE ${range} AND plate NOT IN (SELECT value FROM json_each(?))`).run(
    ...(after === null ? [] : [after]),
    plates[plates.length - 1],
    JSON.stringify(plates),
  );
}

/** Deletes the summaries of plates after `after` (every one when null): the end of a full scan's rewrite. */
export function dropPlateSummariesAfter(db: WritableDB, after: string | null): void {
  if (after === null) db.prepare('DELETE FROM search_clone_plates').run();
  else db.prepare('DELETE FROM search_clone_plates WHERE plate > ?').run(after);
}

/** Empties search_clone_recent: a full scan has written every plate's summary into search_clone_plates. */
export function clearRecentSummaries(db: WritableDB): void {
  db.prepare('DELETE FROM search_clone_recent').run();
}

/** Upserts an incremental scan's summaries into search_clone_recent, whose few pages take its scattered writes. */
export function saveRecentSummaries(db: WritableDB, rows: Iterable<[plate: string, summary: string | null]>): void {
  const stmt = db.prepare(
    `INSERT INTO search_clone_recent (plate, summary) VALUES (?, ?)
     ON CONFLICT (plate) DO UPDATE SET summary = excluded.summary`,
  );
  for (const [plate, summary] of rows) stmt.run(plate, summary);
}

/** Plates in search_clone_recent above which it is folded into search_clone_plates. */
export const RECENT_SUMMARIES_FOLD_AT = 100_000;

/**
 * Folds search_clone_recent into search_clone_plates once it holds `atLeast` plates, in plate order, 1,000 plates a
 * step in short transactions (at 100,000 plates the fold rewrites most of the plates' pages; main's writes wait
 * for none of it longer than a `ShortWrites` transaction). Each step copies its plates and deletes them from the
 * recent table, which overrides the same values meanwhile. Returns the plates folded: 0 when it was not due, or
 * as far as it got when a full scan began rewriting the summaries (which empties the recent table itself).
 */
export function foldRecentSummaries(
  db: WritableDB,
  atLeast = RECENT_SUMMARIES_FOLD_AT,
  writes = new ShortWrites(db),
): number {
  const n = db.prepare('SELECT count(*) FROM search_clone_recent').pluck().get() as number;
  if (n === 0 || n < atLeast) return 0;
  const next = db
    .prepare('SELECT plate FROM search_clone_recent WHERE plate > ? ORDER BY plate LIMIT 1 OFFSET 999')
    .pluck();
  const rewriting = db.prepare('SELECT value FROM search_state WHERE key = ?').pluck();
  // A step's plates: after `after` up to its last, or every one after `after` (the last step).
  const range = (upTo: boolean) => (upTo ? 'plate > ? AND plate <= ?' : 'plate > ?');
  const copy = (upTo: boolean) =>
    db.prepare(
      `INSERT INTO search_clone_plates (plate, summary) SELECT plate, summary FROM search_clone_recent
       WHERE ${range(upTo)} ON CONFLICT (plate) DO UPDATE SET summary = excluded.summary`,
    );
  const drop = (upTo: boolean) => db.prepare(`DELETE FROM search_clone_recent WHERE ${range(upTo)}`);
  let after = '';
  let folded = 0;
  try {
    for (;;) {
      writes.step();
      const mark = rewriting.get(CLONE_SUMMARIES_THROUGH) as string | undefined;
      if (mark?.startsWith(SUMMARIES_REWRITING)) break;
      const last = next.get(after) as string | undefined; // the step's last plate; none: the last step
      const bounds = last === undefined ? [after] : [after, last];
      copy(last !== undefined).run(...bounds);
      folded += drop(last !== undefined).run(...bounds).changes;
      if (last === undefined) break;
      after = last;
    }
    writes.commit();
  } catch (err) {
    writes.rollback();
    throw err;
  }
  return folded;
}

/**
 * For the upserters: a callback that marks the summary of a plate whose row at or below the summaries'
 * watermark is written (a late or corrected record) stale, so the next scan replays that plate. Rows above it
 * cost one comparison.
 */
export function cloneSummaryKeeper(db: WritableDB): (id: number, plate: string) => void {
  const through = Number(
    (db.prepare('SELECT value FROM search_state WHERE key = ?').pluck().get(CLONE_SUMMARIES_THROUGH) as
      string | undefined) ?? 0,
  );
  if (!(through > 0)) return () => {}; // none kept, or being rewritten by a full scan
  // Marked where it is read first (0190): the recent table's row overrides the plate's older one.
  const stale = db.prepare(
    'INSERT INTO search_clone_recent (plate, summary) VALUES (?, NULL) ON CONFLICT (plate) DO UPDATE SET summary = NULL',
  );
  return (id, plate) => {
    if (id <= through) stale.run(plate);
  };
}

export type { DetectionRow };
