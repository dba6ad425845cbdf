import type { SqlStatement } from '../../../native/sqlcipher';
import type { DetectionData } from '../../core/sync/protocol';
import type { ReadableDB, WritableDB } from '../db';
import {
  DETECTION_COLUMN_LIST,
  DETECTION_COLUMNS,
  DETECTION_FIELDS,
  DETECTION_SELECT,
  detectionValues,
} from './detectionColumns';
import { plateKeeper } from './plateIndex';
import { cloneSummaryKeeper } from './clones';

/** A detection as the store holds it: the protocol's fields, its id and its version. */
export type DetectionRow = DetectionData & { id: number; version: number };

/**
 * Idempotent upsert: a row replaces the stored one only if its version is not older, so a replayed page changes
 * nothing.
 */
const UPSERT_SQL = `INSERT INTO detections (id, ${DETECTION_COLUMN_LIST}, version)
  VALUES (?, ${DETECTION_FIELDS.map(() => '?').join(', ')}, ?)
  ON CONFLICT (id) DO UPDATE SET ${DETECTION_FIELDS.map((f) => `${DETECTION_COLUMNS[f]} = excluded.${DETECTION_COLUMNS[f]}`).join(', ')},
    version = excluded.version
  WHERE excluded.version >= detections.version`;

const upserts = new WeakMap<ReadableDB, SqlStatement>();

/** Upserts a batch of rows (the caller wraps batches in one transaction). */
export function upsertDetections(db: WritableDB, rows: readonly DetectionRow[]): void {
  const { upsert } = detectionUpserter(db);
  for (const r of rows) upsert(r.id, r.version, r);
}

/**
 * The sync engine's per-row upsert and tombstone, with the statement prepared once per connection and
 * positional parameters (half the cost per row of named ones on a million-row first sync). The caller wraps
 * each page in one transaction.
 */
export type DetectionUpserter = {
  upsert: (id: number, version: number, d: DetectionData) => void;
  /** A tombstone: deletes the detection unless the store holds a newer version. Returns rows deleted. */
  remove: (id: number, version: number) => number;
};

export function detectionUpserter(db: WritableDB): DetectionUpserter {
  let upsert = upserts.get(db);
  if (!upsert) upserts.set(db, (upsert = db.prepare(UPSERT_SQL)));
  const stmt = upsert;
  const remove = db.prepare('DELETE FROM detections WHERE id = ? AND version <= ?');
  // Search's plate dictionary: rows above its watermark are folded in before a search; one below it is a
  // late or corrected record whose plate is added here (docs/search.md).
  const keepPlate = plateKeeper(db);
  // The clone scan's per-plate summaries: a row at or below their watermark changes a summarized history.
  const keepSummary = cloneSummaryKeeper(db);
  return {
    upsert: (id, version, d) => {
      keepPlate(id, d.plate);
      keepSummary(id, d.plate);
      stmt.run(id, ...detectionValues(d), version);
    },
    remove: (id, version) => remove.run(id, version).changes,
  };
}

export function getDetection(db: ReadableDB, id: number): DetectionRow | null {
  return (
    (db.prepare(`SELECT ${DETECTION_SELECT} FROM detections WHERE id = ?`).get(id) as DetectionRow | undefined) ?? null
  );
}

/** The highest detection id the store holds (0 when empty). */
export function maxDetectionId(db: ReadableDB): number {
  return (db.prepare('SELECT coalesce(max(id), 0) AS m FROM detections').get() as { m: number }).m;
}
