import type { SqlDatabase } from '../../../native/sqlcipher';

export const version = 195;

/**
 * A time index of the detections that carry a unique feature (roof rack, sticker, damage…: about a quarter of
 * them), holding the description columns too (docs/search.md, "Descriptions"). A description with a feature over
 * a window walks it newest first and tests make, color, body and features in the index itself, so only the rows
 * that match are read from the table: a rare one (a white Ford van with a roof rack) otherwise reads every row of
 * a week's pages through the time index. SQLite keeps it on every insert, update and delete; ~11 bytes per
 * detection on the bench store.
 */
export function updateToSchemaVersion195(db: SqlDatabase): void {
  db.exec(`
    CREATE INDEX detections_featured_by_time ON detections (seen_at, features, make, color, body)
      WHERE features != 0;
  `);
}
