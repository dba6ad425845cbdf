import type { ReadableDB, WritableDB } from '../db';
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

/** Saves findings: replacing every stored one (a full scan), or those of `plates` (an incremental scan). */
export function saveCloneFlags(
  db: WritableDB,
  flags: readonly CloneFlagRow[],
  replace: { all: true } | { plates: readonly string[] },
): void {
  if ('all' in replace) db.prepare('DELETE FROM search_clone_flags').run();
  else {
    const del = db.prepare('DELETE FROM search_clone_flags WHERE plate = ?');
    for (const p of replace.plates) del.run(p);
  }
  const stmt = db.prepare(
    `INSERT INTO search_clone_flags (plate, state, level, reasons, score, evidence, found_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (plate, state) DO UPDATE SET level = excluded.level, reasons = excluded.reasons, score = excluded.score,
       evidence = excluded.evidence, found_at = excluded.found_at`,
  );
  for (const f of flags) stmt.run(f.plate, f.state, f.level, f.reasons, f.score, f.evidence, f.foundAt);
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

/** One page of the whole table in rowid order, after `afterId`: a call per 2,000 rows, not per row. */
export function scanPage(db: ReadableDB, afterId: number, size: number): ScanRow[] {
  return db
    .prepare(
      `SELECT id, plate, seen_at, lat, lon, json_array(state, make, color, body) FROM detections
       WHERE id > ? ORDER BY id LIMIT ?`,
    )
    .raw(true)
    .all(afterId, size) as ScanRow[];
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

export type { DetectionRow };
