import type { SqlDatabase } from '../../../native/sqlcipher';

export const version = 125;

/** The outbox kinds this migration adds (docs/sync-protocol.md, "Push"). */
const NEW_OUTBOX_KINDS = ['evidence_key', 'evidence_booking', 'evidence_custody'];

/**
 * Evidence packages (docs/evidence-package.md):
 * - `evidence_keys`: the public half of the agency evidence key(s) this workstation signs with, and the outbox item
 *   that registers it with the agency server (the private half is wrapped in keyring.json).
 * - `evidence_packages`: every attempt to write a package, recorded before the first byte is written: `writing`
 *   until it settles once as `booked` (written, read back, verified, renamed), `failed`, `cancelled`, or
 *   `interrupted` (the app died while writing). A booked package keeps its tag manifest's hash, its signature and
 *   what it holds as data (the report printed later is made from that, not from the store as it is by then).
 * - `evidence_package_detections`: what a booked package holds; `evidence_holds` is the legal-hold mark retention
 *   honours, and a held detection (or its hits) cannot be deleted: the delete is skipped (RAISE(IGNORE)), so a
 *   purge, or a server tombstone applied by a sync, leaves it in place without failing.
 * - `evidence_custody`: chain-of-custody entries of a booked package, append-only.
 *
 * The outbox's kinds move from a CHECK list to a table (`sync_outbox_kinds`) so each domain adds its kinds with an
 * INSERT instead of rebuilding the outbox; the kinds allowed so far are read from the current CHECK, whichever
 * earlier migration wrote it.
 */
export function updateToSchemaVersion125(db: SqlDatabase): void {
  db.exec(`
    CREATE TABLE evidence_keys (
      fingerprint TEXT PRIMARY KEY CHECK (length(fingerprint) = 64),
      public_pem TEXT NOT NULL,
      created_at TEXT NOT NULL,
      outbox_key TEXT NOT NULL UNIQUE
    ) STRICT;

    CREATE TABLE evidence_packages (
      id INTEGER PRIMARY KEY,
      attempt_key TEXT NOT NULL UNIQUE,
      case_number TEXT NOT NULL,
      item_number TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('writing', 'booked', 'failed', 'cancelled', 'interrupted')),
      technician TEXT NOT NULL,
      purpose_id INTEGER NOT NULL REFERENCES purposes(id),
      medium TEXT NOT NULL,
      folder TEXT NOT NULL,
      detection_ids TEXT NOT NULL,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      files INTEGER,
      bytes INTEGER,
      key_fingerprint TEXT NOT NULL REFERENCES evidence_keys(fingerprint),
      tag_manifest_sha256 TEXT,
      signature TEXT,
      read_from TEXT CHECK (read_from IN ('medium', 'cache')),
      error_code TEXT,
      error_message TEXT,
      outbox_key TEXT UNIQUE,
      -- What the booked package holds, as data (canonical JSON): the report printed later is made from it.
      content TEXT,
      CHECK ((status = 'booked') = (tag_manifest_sha256 IS NOT NULL AND signature IS NOT NULL AND outbox_key IS NOT NULL AND content IS NOT NULL)),
      CHECK ((status = 'writing') = (finished_at IS NULL))
    ) STRICT;
    -- An item number is booked once; failed attempts may have tried it before.
    CREATE UNIQUE INDEX evidence_items_booked ON evidence_packages (item_number) WHERE status = 'booked';
    CREATE INDEX evidence_packages_by_case ON evidence_packages (case_number, id);
    CREATE TRIGGER evidence_packages_no_delete BEFORE DELETE ON evidence_packages
      BEGIN SELECT RAISE(ABORT, 'evidence package attempts are never deleted'); END;
    CREATE TRIGGER evidence_packages_settled_once BEFORE UPDATE ON evidence_packages WHEN OLD.status <> 'writing'
      BEGIN SELECT RAISE(ABORT, 'an evidence package attempt is settled once'); END;

    CREATE TABLE evidence_package_detections (
      package_id INTEGER NOT NULL REFERENCES evidence_packages(id),
      detection_id INTEGER NOT NULL,
      PRIMARY KEY (package_id, detection_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX evidence_package_detections_by_detection ON evidence_package_detections (detection_id);
    CREATE TRIGGER evidence_package_detections_no_delete BEFORE DELETE ON evidence_package_detections
      BEGIN SELECT RAISE(ABORT, 'what a booked package holds is never removed'); END;

    CREATE VIEW evidence_holds AS
      SELECT pd.detection_id AS detection_id, p.id AS package_id, p.item_number AS item_number,
             p.case_number AS case_number, p.finished_at AS held_since
      FROM evidence_package_detections pd JOIN evidence_packages p ON p.id = pd.package_id
      WHERE p.status = 'booked';

    CREATE TRIGGER detections_held BEFORE DELETE ON detections
      WHEN EXISTS (SELECT 1 FROM evidence_holds WHERE detection_id = OLD.id)
      BEGIN SELECT RAISE(IGNORE); END;
    CREATE TRIGGER hits_held BEFORE DELETE ON hits
      WHEN EXISTS (SELECT 1 FROM evidence_holds WHERE detection_id = OLD.detection_id)
      BEGIN SELECT RAISE(IGNORE); END;

    CREATE TABLE evidence_custody (
      id INTEGER PRIMARY KEY,
      package_id INTEGER NOT NULL REFERENCES evidence_packages(id),
      at TEXT NOT NULL,
      action TEXT NOT NULL CHECK (length(action) BETWEEN 2 AND 60),
      from_person TEXT,
      to_person TEXT NOT NULL CHECK (length(to_person) BETWEEN 2 AND 120),
      recorded_by TEXT NOT NULL,
      recorded_at TEXT NOT NULL,
      location TEXT,
      note TEXT,
      outbox_key TEXT NOT NULL UNIQUE
    ) STRICT;
    CREATE INDEX evidence_custody_by_package ON evidence_custody (package_id, at, id);
    CREATE TRIGGER evidence_custody_booked_only BEFORE INSERT ON evidence_custody
      WHEN (SELECT status FROM evidence_packages WHERE id = NEW.package_id) IS NOT 'booked'
      BEGIN SELECT RAISE(ABORT, 'custody is recorded for booked packages only'); END;
    CREATE TRIGGER evidence_custody_no_update BEFORE UPDATE ON evidence_custody
      BEGIN SELECT RAISE(ABORT, 'a custody entry is not rewritten: add a new one'); END;
    CREATE TRIGGER evidence_custody_no_delete BEFORE DELETE ON evidence_custody
      BEGIN SELECT RAISE(ABORT, 'custody entries are never deleted'); END;
  `);
  moveOutboxKindsToTable(db, NEW_OUTBOX_KINDS);
}

function moveOutboxKindsToTable(db: SqlDatabase, added: readonly string[]): void {
  const sql = db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'sync_outbox'")
    .pluck()
    .get() as string;
  const listed = /kind\s+TEXT\s+NOT\s+NULL\s+CHECK\s*\(\s*kind\s+IN\s*\(([^)]*)\)\s*\)/i.exec(sql)?.[1] ?? '';
  const kinds = new Set([...listed.matchAll(/'([^']+)'/g)].map((m) => m[1]!));
  for (const k of db.prepare('SELECT DISTINCT kind FROM sync_outbox').pluck().all() as string[]) kinds.add(k);
  for (const k of added) kinds.add(k);
  db.exec(`
    CREATE TABLE sync_outbox_kinds (kind TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
    CREATE TABLE sync_outbox_new (
      key TEXT PRIMARY KEY,
      kind TEXT NOT NULL REFERENCES sync_outbox_kinds(kind),
      body TEXT NOT NULL,
      created_at TEXT NOT NULL,
      pushed_at TEXT,
      server_id INTEGER,
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT
    ) STRICT;
  `);
  const insert = db.prepare('INSERT INTO sync_outbox_kinds (kind) VALUES (?)');
  for (const k of kinds) insert.run(k);
  db.exec(`
    INSERT INTO sync_outbox_new SELECT key, kind, body, created_at, pushed_at, server_id, attempts, last_error FROM sync_outbox;
    DROP TABLE sync_outbox;
    ALTER TABLE sync_outbox_new RENAME TO sync_outbox;
    CREATE INDEX sync_outbox_pending ON sync_outbox (created_at) WHERE pushed_at IS NULL;
  `);
}
