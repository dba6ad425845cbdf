import type { SqlDatabase } from '../../../native/sqlcipher';

export const version = 185;

/**
 * The time index carries each read's place: `(seen_at, id, lat, lon)` instead of `(seen_at)`, under the same name
 * (every `INDEXED BY detections_by_time` keeps working; `id` keeps a walk in the `seen_at, id` order the searches
 * page by, as the rowid did). A scene — a place and an hour or two, the canvass and the common
 * vehicles — walks the window on this index; with the place in the entry, SQLite tests the area's box on the index
 * and fetches only the rows inside it, instead of every row of the window from the table (docs/search.md, "Store and index design", 4).
 * About 20 bytes a detection; rebuilt once, in the migration.
 */
export function updateToSchemaVersion185(db: SqlDatabase): void {
  db.exec(`
    DROP INDEX detections_by_time;
    CREATE INDEX detections_by_time ON detections (seen_at, id, lat, lon);
  `);
}
