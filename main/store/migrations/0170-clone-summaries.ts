import type { SqlDatabase } from '../../../native/sqlcipher';

export const version = 170;

/**
 * Clone scans proportional to what arrived (issue 24, docs/search.md): each plate's scan state — its latest
 * sighting, description tallies, speed pairs — kept after a scan, so the next incremental scan continues it with
 * the plate's new rows instead of replaying the plate's whole history.
 *
 * `summary` is NULL when the plate's stored history changed under it: a detection at or below the scan's
 * watermark deleted or replaced (the triggers below: a purge, a tombstone, a corrected record), or a late one
 * inserted there (the upserters mark it, one integer comparison per row, as they do for the plate dictionary;
 * no trigger on INSERT, which would halve the sync's insert rate). Such a plate is replayed from the store. A plate
 * without a row had no detection at or below the watermark. The summaries are usable while
 * `search_state.clone_summaries_through` equals `clones_through_id` (a full scan writes them all; a store
 * migrated with findings but no summaries replays as before until its next full scan).
 */
export function updateToSchemaVersion170(db: SqlDatabase): void {
  db.exec(`
    CREATE TABLE search_clone_plates (
      plate TEXT PRIMARY KEY,
      summary TEXT
    ) STRICT, WITHOUT ROWID;

    CREATE TRIGGER search_clone_plates_stale_on_delete AFTER DELETE ON detections
    BEGIN
      UPDATE search_clone_plates SET summary = NULL WHERE plate = OLD.plate;
    END;
    -- A corrected record (an upsert that replaced a row) may have moved the row off its old plate.
    CREATE TRIGGER search_clone_plates_stale_on_update AFTER UPDATE ON detections
    BEGIN
      UPDATE search_clone_plates SET summary = NULL WHERE plate IN (OLD.plate, NEW.plate);
    END;
  `);
}
