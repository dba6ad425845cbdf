import type { SqlDatabase } from '../../../native/sqlcipher';

export const version = 110;

/**
 * A case's collection (docs/cases.md): the detections set aside for a case, each with a note saying why, who
 * added it, when and under which purpose. The case is the purpose's number (upper-cased). An item is never
 * deleted or rewritten: taking it out of the collection stamps `removed_*` once, with a reason, so the
 * collection's history stays what the evidence package and an auditor read. The detection is referenced, not
 * copied: a detection purged later shows as purged (retention's legal holds are what keep it).
 */
export function updateToSchemaVersion110(db: SqlDatabase): void {
  db.exec(`
    CREATE TABLE case_items (
      id INTEGER PRIMARY KEY,
      case_number TEXT NOT NULL CHECK (length(case_number) BETWEEN 1 AND 40 AND case_number = upper(case_number)),
      detection_id INTEGER NOT NULL,
      note TEXT NOT NULL CHECK (length(note) BETWEEN 1 AND 500),
      source TEXT NOT NULL,
      added_by TEXT NOT NULL,
      purpose_id INTEGER NOT NULL REFERENCES purposes(id),
      added_at TEXT NOT NULL,
      removed_at TEXT,
      removed_by TEXT,
      removed_reason TEXT,
      CHECK ((removed_at IS NULL) = (removed_by IS NULL) AND (removed_at IS NULL) = (removed_reason IS NULL))
    ) STRICT;
    -- A detection is in a case once at a time; after it was taken out it may be added again.
    CREATE UNIQUE INDEX case_items_once ON case_items (case_number, detection_id) WHERE removed_at IS NULL;
    -- Retention asks whether a detection is collected for any case before purging it.
    CREATE INDEX case_items_by_detection ON case_items (detection_id);

    CREATE TRIGGER case_items_no_delete BEFORE DELETE ON case_items
      BEGIN SELECT RAISE(ABORT, 'case items are never deleted: take one out with a reason'); END;
    CREATE TRIGGER case_items_no_rewrite
      BEFORE UPDATE OF id, case_number, detection_id, note, source, added_by, purpose_id, added_at ON case_items
      BEGIN SELECT RAISE(ABORT, 'a case item is not rewritten'); END;
    CREATE TRIGGER case_items_removed_once BEFORE UPDATE OF removed_at, removed_by, removed_reason ON case_items
      WHEN OLD.removed_at IS NOT NULL
      BEGIN SELECT RAISE(ABORT, 'a case item is taken out once'); END;
  `);
}
