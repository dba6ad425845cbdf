import type { SqlDatabase } from '../../../native/sqlcipher';

export const version = 10;

/**
 * The foundation schema. Times that people read are ISO-8601 text; detection times are epoch
 * milliseconds (INTEGER) because they are range-scanned millions of times.
 */
export function updateToSchemaVersion10(db: SqlDatabase): void {
  db.exec(`
    CREATE TABLE meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE agency (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      name TEXT NOT NULL,
      ori TEXT,
      profile_id TEXT NOT NULL,
      profile_json TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE users (
      id INTEGER PRIMARY KEY,
      username TEXT NOT NULL COLLATE NOCASE UNIQUE,
      full_name TEXT NOT NULL,
      badge_id TEXT NOT NULL,
      classification TEXT NOT NULL,
      disabled_at TEXT,
      created_at TEXT NOT NULL,
      created_by INTEGER REFERENCES users(id),
      password_changed_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE user_roles (
      user_id INTEGER NOT NULL REFERENCES users(id),
      role TEXT NOT NULL CHECK (role IN ('investigator', 'evidence_technician', 'records_custodian', 'administrator')),
      PRIMARY KEY (user_id, role)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE training_records (
      id INTEGER PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users(id),
      course TEXT NOT NULL,
      completed_on TEXT NOT NULL CHECK (completed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      instructor TEXT NOT NULL,
      recorded_by INTEGER REFERENCES users(id),
      recorded_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX training_by_user ON training_records (user_id, completed_on);

    CREATE TABLE purposes (
      id INTEGER PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users(id),
      number_kind TEXT CHECK (number_kind IN ('case', 'incident', 'call', 'warrant')),
      number TEXT,
      purpose_id TEXT NOT NULL,
      description TEXT NOT NULL,
      opened_at TEXT NOT NULL,
      closed_at TEXT
    ) STRICT;
    CREATE INDEX purposes_by_user ON purposes (user_id, opened_at);

    -- Append-only and hash-chained. The body is the canonical JSON that the hash covers; the other
    -- columns are derived from it, so they cannot disagree with what was hashed.
    CREATE TABLE audit_log (
      seq INTEGER PRIMARY KEY,
      body TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL,
      at TEXT GENERATED ALWAYS AS (json_extract(body, '$.at')) VIRTUAL,
      action TEXT GENERATED ALWAYS AS (json_extract(body, '$.action')) VIRTUAL,
      username TEXT GENERATED ALWAYS AS (json_extract(body, '$.username')) VIRTUAL
    ) STRICT;
    -- No index on time: it would double the pages each append writes, and seq already orders by time.
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

    CREATE TABLE cameras (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('fixed', 'mobile')),
      lat REAL,
      lon REAL,
      heading TEXT,
      version INTEGER NOT NULL DEFAULT 0
    ) STRICT;

    CREATE TABLE images (
      sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
      kind TEXT NOT NULL CHECK (kind IN ('plate', 'overview')),
      mime TEXT NOT NULL,
      byte_length INTEGER NOT NULL,
      bytes BLOB,
      fetched_at TEXT
    ) STRICT;

    -- Image references are content hashes; the bytes arrive lazily, so no foreign key to images.
    CREATE TABLE detections (
      id INTEGER PRIMARY KEY,
      plate TEXT NOT NULL,
      state TEXT,
      seen_at INTEGER NOT NULL,
      lat REAL NOT NULL,
      lon REAL NOT NULL,
      camera_id TEXT NOT NULL REFERENCES cameras(id),
      heading TEXT,
      make TEXT,
      model TEXT,
      color TEXT,
      body TEXT,
      features INTEGER NOT NULL DEFAULT 0,
      confidence REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
      plate_image TEXT,
      overview_image TEXT,
      version INTEGER NOT NULL DEFAULT 0,
      -- UTC day number: plate lookups probe one day at a time.
      day INTEGER GENERATED ALWAYS AS (seen_at / 86400000) VIRTUAL
    ) STRICT;
    CREATE INDEX detections_by_time ON detections (seen_at);
    -- Day first, then plate: detections arrive in time order, so new entries land at the end of the index
    -- instead of at random pages across it (a plain plate index rewrites most of its pages every batch).
    CREATE INDEX detections_by_day_plate ON detections (day, plate);
  `);
}
