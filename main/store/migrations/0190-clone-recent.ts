import type { SqlDatabase } from '../../../native/sqlcipher';

export const version = 190;

/**
 * The incremental clone scan's summaries land in a small table first (issue 24, docs/search.md). Rewriting the
 * ~10,000 summaries of a sync's plates in search_clone_plates dirtied one page of that table each (the plates are
 * scattered over its whole key range): at 10 M detections the commit wrote ~9,000 pages, a second of the scan.
 * In search_clone_recent they share a few hundred pages. A summary there overrides the plate's row in
 * search_clone_plates; the scan folds the table into search_clone_plates once it holds many plates, and a full
 * scan empties it. Stale summaries (the triggers of 0170) are marked in both.
 */
export function updateToSchemaVersion190(db: SqlDatabase): void {
  db.exec(`
    CREATE TABLE search_clone_recent (
      plate TEXT PRIMARY KEY,
      summary TEXT
    ) STRICT, WITHOUT ROWID;

    DROP TRIGGER search_clone_plates_stale_on_delete;
    DROP TRIGGER search_clone_plates_stale_on_update;
    CREATE TRIGGER search_clone_plates_stale_on_delete AFTER DELETE ON detections
    BEGIN
      UPDATE search_clone_plates SET summary = NULL WHERE plate = OLD.plate;
      UPDATE search_clone_recent SET summary = NULL WHERE plate = OLD.plate;
    END;
    CREATE TRIGGER search_clone_plates_stale_on_update AFTER UPDATE ON detections
    BEGIN
      UPDATE search_clone_plates SET summary = NULL WHERE plate IN (OLD.plate, NEW.plate);
      UPDATE search_clone_recent SET summary = NULL WHERE plate IN (OLD.plate, NEW.plate);
    END;
  `);
}
