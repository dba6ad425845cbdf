import type { SqlDatabase } from '../../../native/sqlcipher';

export const version = 40;

/**
 * OCR re-reads and corrected reads. The detection's original read is never overwritten: every re-read is a
 * row of `ocr_reads` (including the ones that failed, with why), and a person's corrected read is a row of
 * `plate_corrections` that names who, when, why and which read is right. The outbox learns a new kind,
 * `plate_correction`, so corrections reach the agency server on sync (SQLite cannot alter a CHECK, so the
 * outbox table is rebuilt with its rows).
 */
export function updateToSchemaVersion40(db: SqlDatabase): void {
  db.exec(`
    CREATE TABLE ocr_reads (
      id INTEGER PRIMARY KEY,
      detection_id INTEGER NOT NULL,
      at TEXT NOT NULL,
      username TEXT,
      batch_id TEXT,
      original_plate TEXT NOT NULL,
      plate TEXT,
      confidence REAL,
      char_confidence TEXT,
      variant TEXT,
      candidates TEXT,
      differs INTEGER NOT NULL DEFAULT 0 CHECK (differs IN (0, 1)),
      -- 0..1: how likely the original read is wrong, given this re-read.
      doubt REAL,
      error_code TEXT,
      error_message TEXT
    ) STRICT;
    CREATE INDEX ocr_reads_by_detection ON ocr_reads (detection_id, id);
    CREATE INDEX ocr_reads_by_batch ON ocr_reads (batch_id) WHERE batch_id IS NOT NULL;

    CREATE TABLE plate_corrections (
      id INTEGER PRIMARY KEY,
      detection_id INTEGER NOT NULL,
      original_plate TEXT NOT NULL,
      corrected_plate TEXT NOT NULL,
      chosen TEXT NOT NULL CHECK (chosen IN ('original', 'reread', 'manual')),
      ocr_read_id INTEGER REFERENCES ocr_reads(id),
      reason TEXT NOT NULL,
      username TEXT NOT NULL,
      at TEXT NOT NULL,
      outbox_key TEXT NOT NULL UNIQUE
    ) STRICT;
    CREATE INDEX plate_corrections_by_detection ON plate_corrections (detection_id, id);
    -- Search finds a detection under its corrected plate as well as its original one.
    CREATE INDEX plate_corrections_by_plate ON plate_corrections (corrected_plate);

    CREATE TABLE sync_outbox_new (
      key TEXT PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('hotlist_entry', 'release_decision', 'plate_correction')),
      body TEXT NOT NULL,
      created_at TEXT NOT NULL,
      pushed_at TEXT,
      server_id INTEGER,
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT
    ) STRICT;
    INSERT INTO sync_outbox_new SELECT key, kind, body, created_at, pushed_at, server_id, attempts, last_error FROM sync_outbox;
    DROP TABLE sync_outbox;
    ALTER TABLE sync_outbox_new RENAME TO sync_outbox;
    CREATE INDEX sync_outbox_pending ON sync_outbox (created_at) WHERE pushed_at IS NULL;
  `);
}
