import type { SqlDatabase } from '../../../native/sqlcipher';

export const version = 130;

/**
 * Release requests (docs/releases.md): the directory of agencies that ask, each request with its written request
 * (the file's bytes and SHA-256), every screening decision (append-only), the commander's decision, and the
 * fulfilment (the packet in the document register, the package's tag-manifest hash). A request is never deleted;
 * a fulfilled one is never rewritten.
 */
export function updateToSchemaVersion130(db: SqlDatabase): void {
  db.exec(`
    CREATE TABLE release_agencies (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      ori TEXT,
      kind TEXT NOT NULL CHECK (kind IN ('municipal', 'county', 'state', 'federal', 'tribal', 'out_of_state', 'private_other')),
      state TEXT NOT NULL CHECK (length(state) = 2),
      function TEXT NOT NULL CHECK (function IN ('law_enforcement', 'prosecution', 'other_government', 'none')),
      agreement_on_file INTEGER NOT NULL CHECK (agreement_on_file IN (0, 1)),
      agreement_expires TEXT CHECK (agreement_expires IS NULL OR agreement_expires GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      recorded_by TEXT NOT NULL,
      recorded_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (name, state)
    ) STRICT;

    CREATE TABLE release_requests (
      id INTEGER PRIMARY KEY,
      number TEXT NOT NULL UNIQUE,
      agency_id INTEGER NOT NULL REFERENCES release_agencies(id),
      -- The request as recorded (requester, purpose, basis, scope, certification, attachment's name/type/hash).
      request_json TEXT NOT NULL,
      attachment BLOB NOT NULL,
      attachment_sha256 TEXT NOT NULL CHECK (length(attachment_sha256) = 64),
      status TEXT NOT NULL CHECK (status IN ('screened', 'refused', 'public_records', 'approved', 'denied', 'fulfilled')),
      prepared_by TEXT NOT NULL,
      prepared_at TEXT NOT NULL,
      decided_by TEXT,
      decided_at TEXT,
      decision_note TEXT,
      fulfilled_by TEXT,
      fulfilled_at TEXT,
      -- data/release.json of the package: what was released, to whom, under which decision.
      release_json TEXT,
      detections INTEGER,
      packet_document_id TEXT REFERENCES documents(id),
      package_path TEXT,
      tag_manifest_sha256 TEXT
    ) STRICT;
    CREATE INDEX release_requests_by_release ON release_requests (fulfilled_at) WHERE fulfilled_at IS NOT NULL;
    CREATE TRIGGER release_requests_no_delete BEFORE DELETE ON release_requests
      BEGIN SELECT RAISE(ABORT, 'a release request is kept on file'); END;
    CREATE TRIGGER release_requests_fulfilled_final BEFORE UPDATE ON release_requests
      WHEN OLD.status = 'fulfilled'
      BEGIN SELECT RAISE(ABORT, 'a fulfilled release is not rewritten'); END;

    CREATE TABLE release_screenings (
      id INTEGER PRIMARY KEY,
      request_id INTEGER NOT NULL REFERENCES release_requests(id),
      at TEXT NOT NULL,
      by TEXT NOT NULL,
      -- Why this screen ran: recorded, approval, fulfilment.
      step TEXT NOT NULL CHECK (step IN ('recorded', 'approval', 'fulfilment', 'rescreen')),
      result TEXT NOT NULL CHECK (result IN ('pass', 'refused', 'public_records')),
      decision_json TEXT NOT NULL
    ) STRICT;
    CREATE INDEX release_screenings_by_request ON release_screenings (request_id, id);
    CREATE TRIGGER release_screenings_no_update BEFORE UPDATE ON release_screenings
      BEGIN SELECT RAISE(ABORT, 'a screening decision is not rewritten'); END;
    CREATE TRIGGER release_screenings_no_delete BEFORE DELETE ON release_screenings
      BEGIN SELECT RAISE(ABORT, 'a screening decision is kept on file'); END;
  `);
}
