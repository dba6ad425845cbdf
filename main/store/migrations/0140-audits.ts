import type { SqlDatabase } from '../../../native/sqlcipher';

export const version = 140;

/**
 * Audits of ALPR use (docs/audits.md):
 * - `audits`: one row per audit, from its opening (a purpose of its own) through screening and the drawn sample to
 *   the memo, its signature (the administrator's approval, the memo's hash in the access log) and its filing by
 *   the custodian. `source` says whose log it audits: Canvass's (this workstation and the agency-wide feed) or a
 *   vendor's imported export (`import_id`).
 * - `audit_inquiries`: the inquiries the reviewer looks at: the random sample (`origin` 'random', in rank order)
 *   and the flagged ones the auditor added (`origin` 'flagged'), each as the audit saw it (JSON) with its flags and,
 *   once reviewed, the checklist answers.
 * - `audit_imports` and `audit_import_rows`: a vendor's search-audit export as imported, labelled and kept apart:
 *   nothing in it becomes Canvass data.
 * - `agency_log`: the agency-wide access log pulled from the agency server, each workstation's links with the
 *   server's verdict on its chain (`agency_log_workstations`).
 */
export function updateToSchemaVersion140(db: SqlDatabase): void {
  db.exec(`
    CREATE TABLE audit_imports (
      id INTEGER PRIMARY KEY,
      vendor TEXT NOT NULL CHECK (vendor IN ('flock')),
      file_name TEXT NOT NULL,
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      rows INTEGER NOT NULL,
      imported_at TEXT NOT NULL,
      imported_by TEXT NOT NULL
    ) STRICT;

    CREATE TABLE audit_import_rows (
      import_id INTEGER NOT NULL REFERENCES audit_imports(id),
      line INTEGER NOT NULL,
      inquiry TEXT NOT NULL,
      PRIMARY KEY (import_id, line)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE audits (
      id INTEGER PRIMARY KEY,
      number TEXT NOT NULL UNIQUE,
      period_from TEXT NOT NULL,
      period_to TEXT NOT NULL CHECK (period_to >= period_from),
      source TEXT NOT NULL CHECK (source IN ('canvass', 'imported')),
      import_id INTEGER REFERENCES audit_imports(id),
      purpose_record_id INTEGER NOT NULL REFERENCES purposes(id),
      opened_by TEXT NOT NULL,
      opened_at TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'screened', 'signed', 'filed')),
      population INTEGER,
      screening TEXT,
      head_hash TEXT,
      seed TEXT,
      sample_size INTEGER,
      recommendations TEXT,
      memo_document_id TEXT,
      memo_sha256 TEXT,
      signed_by TEXT,
      signed_at TEXT,
      filed_by TEXT,
      filed_at TEXT,
      CHECK ((source = 'imported') = (import_id IS NOT NULL))
    ) STRICT;

    CREATE TABLE audit_inquiries (
      audit_id INTEGER NOT NULL REFERENCES audits(id),
      key TEXT NOT NULL,
      origin TEXT NOT NULL CHECK (origin IN ('random', 'flagged')),
      position INTEGER NOT NULL,
      inquiry TEXT NOT NULL,
      flags TEXT NOT NULL,
      answers TEXT,
      reviewed_by TEXT,
      reviewed_at TEXT,
      PRIMARY KEY (audit_id, key)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE agency_log (
      workstation_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      body TEXT NOT NULL,
      hash TEXT NOT NULL,
      at TEXT GENERATED ALWAYS AS (json_extract(body, '$.at')) VIRTUAL,
      PRIMARY KEY (workstation_id, seq)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE agency_log_workstations (
      workstation_id TEXT PRIMARY KEY,
      name TEXT,
      verdict TEXT NOT NULL,
      head_seq INTEGER NOT NULL,
      last_pushed_at TEXT,
      fetched_at TEXT NOT NULL
    ) STRICT;
  `);
}
