import type { SqlDatabase } from '../../../native/sqlcipher';

export const version = 30;

/**
 * Search (docs/search.md). The plate dictionary: every distinct plate string the store has held, with a
 * dense id so the search service loads only what is new since it last looked. Far fewer rows than
 * detections (a vehicle is seen many times), so it is matched in memory against a pattern; the detections
 * of the matched plates are then fetched through the (day, plate) index of 0010.
 *
 * No trigger keeps it (measured: a per-row trigger halves the encrypted insert rate). Instead detections
 * with an id above the watermark `plates_through_id` are folded in by one INSERT … SELECT DISTINCT before a
 * search (`catchUpPlates`), and the upserters add the plate of a row at or below the watermark themselves
 * (a late or corrected record). A tombstone leaves its plate in the dictionary, which is harmless (the
 * plate then has no detections) and is swept by `prunePlates`.
 *
 * Also: the cloned-plate findings of the last scan, and the scans' watermarks.
 */
export function updateToSchemaVersion30(db: SqlDatabase): void {
  db.exec(`
    CREATE TABLE search_plates (
      id INTEGER PRIMARY KEY,
      plate TEXT NOT NULL UNIQUE
    ) STRICT;

    CREATE TABLE search_clone_flags (
      plate TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT '',
      level TEXT NOT NULL CHECK (level IN ('flagged', 'review')),
      reasons TEXT NOT NULL,
      score REAL NOT NULL,
      evidence TEXT NOT NULL,
      found_at TEXT NOT NULL,
      PRIMARY KEY (plate, state)
    ) STRICT;

    CREATE TABLE search_state (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;
  `);
}
