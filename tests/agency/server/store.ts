import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabaseFile, type SqlDatabase } from '../../../native/sqlcipher';
import type { DetectionData, Feed, RecordKind } from '../../../main/core/sync/protocol';
import { DETECTION_COLUMN_LIST, DETECTION_FIELDS, detectionValues } from '../../../main/store/repos/detectionColumns';

/**
 * The agency server's own durable store: plain SQLite (the server is a test fixture, not the product),
 * under its --data directory. Every change to a record takes the next revision number of its feed, so a
 * feed is read as "everything after revision r" and a cursor is just that r. Purges keep a tombstone row
 * (deleted = 1, content cleared) with a new revision, so the workstation learns about them.
 */
export type AgencyStore = SqlDatabase & { readonly __agency: unique symbol };

export function openAgencyStore(dataDir: string): AgencyStore {
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabaseFile(join(dataDir, 'agency.db'));
  db.pragma('journal_mode = WAL');
  // What the server acknowledges (anchors, pushed links) is on disk when it answers.
  db.pragma('synchronous = FULL');
  db.pragma('cache_size = -65536');
  db.exec(`
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
    CREATE TABLE IF NOT EXISTS counters (feed TEXT PRIMARY KEY, rev INTEGER NOT NULL) STRICT;
    CREATE TABLE IF NOT EXISTS detections (
      id INTEGER PRIMARY KEY, rev INTEGER NOT NULL, version INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
      plate TEXT, state TEXT, seen_at INTEGER, lat REAL, lon REAL, camera_id TEXT, heading TEXT, make TEXT, model TEXT,
      color TEXT, body TEXT, features INTEGER, confidence REAL, plate_image TEXT, overview_image TEXT
    ) STRICT;
    CREATE UNIQUE INDEX IF NOT EXISTS detections_by_rev ON detections (rev);
    CREATE INDEX IF NOT EXISTS detections_by_time ON detections (seen_at);
    CREATE TABLE IF NOT EXISTS truth (
      detection_id INTEGER PRIMARY KEY, true_plate TEXT NOT NULL, vehicle INTEGER NOT NULL, misread INTEGER NOT NULL, scenario TEXT
    ) STRICT;
    CREATE TABLE IF NOT EXISTS records (
      kind TEXT NOT NULL, id TEXT NOT NULL, feed TEXT NOT NULL, rev INTEGER NOT NULL, version INTEGER NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0, at INTEGER, data TEXT, PRIMARY KEY (kind, id)
    ) STRICT;
    CREATE UNIQUE INDEX IF NOT EXISTS records_by_rev ON records (feed, rev);
    CREATE TABLE IF NOT EXISTS images (sha256 TEXT PRIMARY KEY, kind TEXT NOT NULL, mime TEXT NOT NULL, bytes BLOB NOT NULL) STRICT;
    CREATE TABLE IF NOT EXISTS credentials (user_id INTEGER PRIMARY KEY, username TEXT NOT NULL COLLATE NOCASE UNIQUE, salt TEXT NOT NULL, hash TEXT NOT NULL) STRICT;
    CREATE TABLE IF NOT EXISTS sessions (
      token TEXT PRIMARY KEY, user_id INTEGER NOT NULL, workstation_id TEXT, scope TEXT NOT NULL, expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS workstations (
      id TEXT PRIMARY KEY, name TEXT NOT NULL, secret_hash TEXT NOT NULL, enrolled_by INTEGER NOT NULL, enrolled_at TEXT NOT NULL,
      store_key TEXT NOT NULL DEFAULT ''
    ) STRICT;
    CREATE TABLE IF NOT EXISTS audit_links (
      workstation_id TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,
      received_at TEXT NOT NULL, PRIMARY KEY (workstation_id, seq)
    ) STRICT;
    CREATE TABLE IF NOT EXISTS audit_anchors (
      workstation_id TEXT NOT NULL, seq INTEGER NOT NULL, hash TEXT NOT NULL, at TEXT NOT NULL, received_at TEXT NOT NULL,
      divergence TEXT
    ) STRICT;
    CREATE INDEX IF NOT EXISTS audit_anchors_by_ws ON audit_anchors (workstation_id);
    CREATE TABLE IF NOT EXISTS audit_seals (
      workstation_id TEXT NOT NULL, series TEXT NOT NULL, epoch INTEGER NOT NULL, seq INTEGER NOT NULL, hash TEXT NOT NULL,
      prev_tag TEXT NOT NULL, tag TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (workstation_id, series, epoch)
    ) STRICT;
    CREATE TABLE IF NOT EXISTS pushes (
      key TEXT PRIMARY KEY, kind TEXT NOT NULL, workstation_id TEXT NOT NULL, user_id INTEGER NOT NULL, body TEXT NOT NULL,
      status TEXT NOT NULL, received_at TEXT NOT NULL
    ) STRICT;
  `);
  // Stores made before workstation key release and audit seals: add the columns.
  const columns = (db.prepare('PRAGMA table_info(workstations)').all() as { name: string }[]).map((c) => c.name);
  if (!columns.includes('store_key')) db.exec("ALTER TABLE workstations ADD COLUMN store_key TEXT NOT NULL DEFAULT ''");
  if (!columns.includes('seal_key')) db.exec('ALTER TABLE workstations ADD COLUMN seal_key TEXT');
  return db as AgencyStore;
}

export function getMeta(db: AgencyStore, key: string): string | null {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
}

export function setMeta(db: AgencyStore, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}

/** Reserves `n` revisions of a feed and returns the first. Call inside a transaction. */
export function nextRevs(db: AgencyStore, feed: Feed, n = 1): number {
  const row = db.prepare('SELECT rev FROM counters WHERE feed = ?').get(feed) as { rev: number } | undefined;
  const first = (row?.rev ?? 0) + 1;
  db.prepare('INSERT INTO counters (feed, rev) VALUES (?, ?) ON CONFLICT (feed) DO UPDATE SET rev = excluded.rev').run(
    feed,
    first + n - 1,
  );
  return first;
}

export function headRev(db: AgencyStore, feed: Feed): number {
  return (db.prepare('SELECT rev FROM counters WHERE feed = ?').get(feed) as { rev: number } | undefined)?.rev ?? 0;
}

/** Writes a record of a JSON-held feed with the next revision; the version rises with every change. */
export function putRecord(
  db: AgencyStore,
  kind: RecordKind,
  feed: Feed,
  id: string | number,
  data: unknown,
  at: number | null = null,
): void {
  const old = db.prepare('SELECT version FROM records WHERE kind = ? AND id = ?').get(kind, String(id)) as
    { version: number } | undefined;
  const rev = nextRevs(db, feed);
  db.prepare(
    `INSERT INTO records (kind, id, feed, rev, version, deleted, at, data) VALUES (?, ?, ?, ?, ?, 0, ?, ?)
     ON CONFLICT (kind, id) DO UPDATE SET rev = excluded.rev, version = excluded.version, deleted = 0, at = excluded.at, data = excluded.data`,
  ).run(kind, String(id), feed, rev, old ? old.version + 1 : 1, at, JSON.stringify(data));
}

export function deleteRecord(db: AgencyStore, kind: RecordKind, feed: Feed, id: string | number): void {
  const old = db
    .prepare('SELECT version FROM records WHERE kind = ? AND id = ? AND deleted = 0')
    .get(kind, String(id)) as { version: number } | undefined;
  if (!old) return;
  const rev = nextRevs(db, feed);
  db.prepare('UPDATE records SET rev = ?, version = ?, deleted = 1, data = NULL WHERE kind = ? AND id = ?').run(
    rev,
    old.version + 1,
    kind,
    String(id),
  );
}

export function getRecord<T>(
  db: AgencyStore,
  kind: RecordKind,
  id: string | number,
): { version: number; data: T } | null {
  const row = db
    .prepare('SELECT version, data FROM records WHERE kind = ? AND id = ? AND deleted = 0')
    .get(kind, String(id)) as { version: number; data: string } | undefined;
  return row ? { version: row.version, data: JSON.parse(row.data) as T } : null;
}

export function listRecords<T>(db: AgencyStore, kind: RecordKind): { id: string; version: number; data: T }[] {
  return (
    db.prepare('SELECT id, version, data FROM records WHERE kind = ? AND deleted = 0 ORDER BY rev').all(kind) as {
      id: string;
      version: number;
      data: string;
    }[]
  ).map((r) => ({ id: r.id, version: r.version, data: JSON.parse(r.data) as T }));
}

export type DetectionInsert = { id: number; rev: number; version: number; data: DetectionData };

export function detectionInserter(db: AgencyStore): (d: DetectionInsert) => void {
  const stmt = db.prepare(
    `INSERT INTO detections (id, rev, version, deleted, ${DETECTION_COLUMN_LIST})
     VALUES (?, ?, ?, 0, ${DETECTION_FIELDS.map(() => '?').join(', ')})`,
  );
  return ({ id, rev, version, data }) => stmt.run(id, rev, version, ...detectionValues(data));
}
