import type { SqlDatabase } from '../../../native/sqlcipher';

export const version = 150;

/** The outbox kinds this migration adds: a legal hold placed or released reaches the agency server. */
const NEW_OUTBOX_KINDS = ['legal_hold', 'legal_hold_release'];

/**
 * Retention (docs/retention.md):
 * - `legal_holds`: a hold on a case (its collected detections), a court order or a set of records, with the
 *   authority and a review date; released once, with who, when and why. Never deleted.
 * - `legal_hold_records`: the detections a court-order or records hold names.
 * - `retention_held`: every detection a live hold keeps — a legal hold (by its records or its case's items) or a
 *   booked evidence package (`evidence_holds`, 0125). Held detections and their hits cannot be deleted: the
 *   delete is skipped (RAISE(IGNORE), as 0125 does for evidence), so a purge or a server tombstone leaves them.
 * - `retention_runs`: every purge, written before the first delete and updated in the same transaction as each
 *   batch (counts by kind, the capture span, a SHA-256 chain over the removed ids), so a run killed halfway
 *   says exactly what went; `running` left behind by a crash is settled `interrupted` by the next run.
 */
export function updateToSchemaVersion150(db: SqlDatabase): void {
  db.exec(`
    CREATE TABLE legal_holds (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('case', 'court_order', 'records')),
      case_number TEXT CHECK (case_number IS NULL OR (length(case_number) BETWEEN 1 AND 40 AND case_number = upper(case_number))),
      authority TEXT NOT NULL CHECK (length(authority) BETWEEN 3 AND 300),
      reason TEXT NOT NULL CHECK (length(reason) BETWEEN 3 AND 1000),
      review_on TEXT NOT NULL CHECK (review_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      placed_by TEXT NOT NULL,
      placed_at TEXT NOT NULL,
      released_at TEXT,
      released_by TEXT,
      release_reason TEXT,
      outbox_key TEXT NOT NULL UNIQUE,
      CHECK ((kind = 'case') = (case_number IS NOT NULL)),
      CHECK ((released_at IS NULL) = (released_by IS NULL) AND (released_at IS NULL) = (release_reason IS NULL))
    ) STRICT;
    CREATE INDEX legal_holds_live ON legal_holds (case_number) WHERE released_at IS NULL;
    CREATE TRIGGER legal_holds_no_delete BEFORE DELETE ON legal_holds
      BEGIN SELECT RAISE(ABORT, 'legal holds are never deleted: release one with a reason'); END;
    CREATE TRIGGER legal_holds_released_once BEFORE UPDATE ON legal_holds WHEN OLD.released_at IS NOT NULL
      BEGIN SELECT RAISE(ABORT, 'a legal hold is released once'); END;

    CREATE TABLE legal_hold_records (
      hold_id INTEGER NOT NULL REFERENCES legal_holds(id),
      detection_id INTEGER NOT NULL,
      PRIMARY KEY (hold_id, detection_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX legal_hold_records_by_detection ON legal_hold_records (detection_id);
    CREATE TRIGGER legal_hold_records_no_delete BEFORE DELETE ON legal_hold_records
      BEGIN SELECT RAISE(ABORT, 'what a legal hold names is never removed: release the hold'); END;

    CREATE VIEW retention_held AS
      SELECT r.detection_id AS detection_id, 'hold' AS by_kind, h.id AS hold_id, NULL AS item_number
        FROM legal_hold_records r JOIN legal_holds h ON h.id = r.hold_id WHERE h.released_at IS NULL
      UNION ALL
      SELECT c.detection_id, 'hold', h.id, NULL
        FROM legal_holds h JOIN case_items c ON c.case_number = h.case_number AND c.removed_at IS NULL
        WHERE h.kind = 'case' AND h.released_at IS NULL
      UNION ALL
      SELECT detection_id, 'evidence', NULL, item_number FROM evidence_holds;

    CREATE TRIGGER detections_legally_held BEFORE DELETE ON detections
      WHEN EXISTS (SELECT 1 FROM retention_held WHERE detection_id = OLD.id)
      BEGIN SELECT RAISE(IGNORE); END;
    CREATE TRIGGER hits_legally_held BEFORE DELETE ON hits
      WHEN EXISTS (SELECT 1 FROM retention_held WHERE detection_id = OLD.detection_id)
      BEGIN SELECT RAISE(IGNORE); END;

    CREATE TABLE retention_runs (
      id INTEGER PRIMARY KEY,
      trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'request')),
      started_by TEXT,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'cancelled', 'failed', 'interrupted')),
      -- The plan the run followed (cutoffs per kind, as canonical JSON), and what it removed so far.
      plan TEXT NOT NULL CHECK (json_valid(plan)),
      detections INTEGER NOT NULL DEFAULT 0,
      hits INTEGER NOT NULL DEFAULT 0,
      images INTEGER NOT NULL DEFAULT 0,
      ocr_reads INTEGER NOT NULL DEFAULT 0,
      first_seen_at INTEGER,
      last_seen_at INTEGER,
      ids_sha256 TEXT NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
      held INTEGER NOT NULL DEFAULT 0,
      bytes_before INTEGER,
      bytes_after INTEGER,
      error TEXT,
      certificate_id TEXT
    ) STRICT;
    CREATE TRIGGER retention_runs_no_delete BEFORE DELETE ON retention_runs
      BEGIN SELECT RAISE(ABORT, 'purge runs are never deleted'); END;
  `);
  const add = db.prepare('INSERT OR IGNORE INTO sync_outbox_kinds (kind) VALUES (?)');
  for (const k of NEW_OUTBOX_KINDS) add.run(k);
}
