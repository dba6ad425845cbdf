import type { SqlDatabase } from '../../../native/sqlcipher';

export const version = 50;

/**
 * The workspace (docs/workspace.md).
 * - `settings`: agency-wide settings an administrator changes (the map's basemap first), each a JSON value with
 *   who changed it and when; the change itself is also in the access log.
 * - `vocabulary_counts`: what the vehicle pickers offer (makes and their models, colors, bodies, states,
 *   headings) with how often each occurs. A GROUP BY over 10M encrypted detections takes ~30 s, so the counts
 *   are kept here and caught up from the detections above the watermark `vocabulary_through_id`, like the
 *   plate dictionary of 0030 (a range scan of the new rowids). `parent` is the make of a model, '' otherwise.
 */
export function updateToSchemaVersion50(db: SqlDatabase): void {
  db.exec(`
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT
    ) STRICT;

    CREATE TABLE vocabulary_counts (
      field TEXT NOT NULL CHECK (field IN ('make', 'model', 'color', 'body', 'state', 'heading')),
      parent TEXT NOT NULL DEFAULT '',
      value TEXT NOT NULL,
      count INTEGER NOT NULL,
      PRIMARY KEY (field, parent, value)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE vocabulary_state (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;
  `);
}
