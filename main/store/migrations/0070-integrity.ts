import type { SqlDatabase } from '../../../native/sqlcipher';

export const version = 70;

/**
 * What the workstation notices about its own integrity (docs/architecture.md, "Threat model"):
 * - `integrity_alerts`: a rolled-back or truncated access log, a sealed head that is missing or altered, an
 *   enrollment record that no longer says what the store says, a chain head the agency server holds that this
 *   log lacks. Each is also an access-log record; an administrator sees the open ones and acknowledges them.
 * - `integrity_state`: what the checks must remember (since when the head is sealed, the last anchor the agency
 *   server acknowledged).
 * - `audit_seals`: forward-secure seals over the chain head (core/audit/seal.ts), one per epoch, each under a
 *   key that is erased once the epoch ends; the agency server holds the key they all derive from.
 * - `ocr_reads.purpose_id`: the purpose a re-read was made under; a batch's results are shown only under it.
 */
export function updateToSchemaVersion70(db: SqlDatabase): void {
  db.exec(`
    CREATE TABLE integrity_alerts (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      kind TEXT NOT NULL,
      message TEXT NOT NULL,
      details TEXT NOT NULL CHECK (json_valid(details)),
      acknowledged_at TEXT,
      acknowledged_by TEXT
    ) STRICT;
    CREATE INDEX integrity_alerts_open ON integrity_alerts (id) WHERE acknowledged_at IS NULL;

    -- Facts the checks need across runs, e.g. from which record on the head has been sealed.
    CREATE TABLE integrity_state (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    -- One series per root key (the series is a fingerprint of the root, which the workstation does not keep).
    CREATE TABLE audit_seals (
      series TEXT NOT NULL,
      epoch INTEGER NOT NULL CHECK (epoch >= 0),
      seq INTEGER NOT NULL CHECK (seq >= 0),
      hash TEXT NOT NULL,
      prev_tag TEXT NOT NULL,
      tag TEXT NOT NULL,
      at TEXT NOT NULL,
      PRIMARY KEY (series, epoch)
    ) STRICT;
    CREATE TRIGGER audit_seals_no_update BEFORE UPDATE ON audit_seals
      BEGIN SELECT RAISE(ABORT, 'audit seals are append-only'); END;
    CREATE TRIGGER audit_seals_no_delete BEFORE DELETE ON audit_seals
      BEGIN SELECT RAISE(ABORT, 'audit seals are append-only'); END;

    ALTER TABLE ocr_reads ADD COLUMN purpose_id INTEGER REFERENCES purposes(id);
  `);
}
