import type { Feed, OutboxKind } from '../../core/sync/protocol';
import type { ReadableDB, WritableDB } from '../db';
import type { SealedKey } from '../sealedKey';

/**
 * Enrollment and settings kept in the encrypted store. The same enrollment also sits in enrollment.json beside
 * it (main/services/sync/enrollment.ts), readable before anyone has unwrapped the store, for a user's first
 * sign-in through the server; the two are written together at enrollment, and the store's copy is the truth.
 */
export type SyncSettings = {
  serverUrl: string;
  workstationId: string;
  workstationSecret: string;
  /** SHA-256 fingerprint of the server certificate to pin (colon-separated hex, as Node reports it), or null. */
  pinnedCert: string | null;
  /** The agency's own certificate authority (PEM), when its server certificate is not from a public CA. */
  ca?: string | null;
  enrolledAt: string;
  enrolledBy: string;
  /** The data key wrapped under the server-held workstation key (also in enrollment.json), to restore that file. */
  serverWrap?: SealedKey;
};

export function getSyncValue(db: ReadableDB, key: string): string | null {
  return (
    (db.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null
  );
}

export function setSyncValue(db: WritableDB, key: string, value: string): void {
  db.prepare(
    'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

export function getSyncSettings(db: ReadableDB): SyncSettings | null {
  const raw = getSyncValue(db, 'enrollment');
  return raw ? (JSON.parse(raw) as SyncSettings) : null;
}

export function saveSyncSettings(db: WritableDB, s: SyncSettings): void {
  setSyncValue(db, 'enrollment', JSON.stringify(s));
}

export type CursorRow = { feed: Feed; cursor: string; since: number | null; records: number; updatedAt: string };

export function getCursor(db: ReadableDB, feed: Feed): CursorRow | null {
  return (
    (db
      .prepare('SELECT feed, cursor, since, records, updated_at AS updatedAt FROM sync_cursors WHERE feed = ?')
      .get(feed) as CursorRow | undefined) ?? null
  );
}

export function listCursors(db: ReadableDB): CursorRow[] {
  return db
    .prepare('SELECT feed, cursor, since, records, updated_at AS updatedAt FROM sync_cursors ORDER BY feed')
    .all() as CursorRow[];
}

/** Call in the transaction that applied the page, so the cursor never runs ahead of (or behind) the data. */
export function saveCursor(
  db: WritableDB,
  feed: Feed,
  cursor: string,
  since: number | null,
  addRecords: number,
  at: string,
): void {
  db.prepare(
    `INSERT INTO sync_cursors (feed, cursor, since, records, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (feed) DO UPDATE SET cursor = excluded.cursor, since = excluded.since, records = sync_cursors.records + ?, updated_at = excluded.updated_at`,
  ).run(feed, cursor, since, addRecords, at, addRecords);
}

export function resetCursor(db: WritableDB, feed: Feed): void {
  db.prepare('DELETE FROM sync_cursors WHERE feed = ?').run(feed);
}

export type QuarantineRow = {
  id: number;
  feed: string;
  kind: string | null;
  recordId: string | null;
  reason: string;
  raw: string;
  at: string;
};

export function quarantine(db: WritableDB, q: Omit<QuarantineRow, 'id'>): void {
  db.prepare('INSERT INTO sync_quarantine (feed, kind, record_id, reason, raw, at) VALUES (?, ?, ?, ?, ?, ?)').run(
    q.feed,
    q.kind,
    q.recordId,
    q.reason,
    q.raw.slice(0, 4_000),
    q.at,
  );
}

/** Keeps the newest `keep` quarantined records (a server that sends garbage cannot grow the table without end). */
export function trimQuarantine(db: WritableDB, keep: number): number {
  return db.prepare('DELETE FROM sync_quarantine WHERE id <= (SELECT max(id) FROM sync_quarantine) - ?').run(keep)
    .changes;
}

export function quarantineCount(db: ReadableDB): number {
  return (db.prepare('SELECT count(*) AS n FROM sync_quarantine').get() as { n: number }).n;
}

export function listQuarantine(db: ReadableDB, limit = 100): QuarantineRow[] {
  return db
    .prepare(
      'SELECT id, feed, kind, record_id AS recordId, reason, raw, at FROM sync_quarantine ORDER BY id DESC LIMIT ?',
    )
    .all(limit) as QuarantineRow[];
}

export function startRun(db: WritableDB, at: string, username: string | null, server: string): number {
  return Number(
    db.prepare('INSERT INTO sync_runs (started_at, username, server) VALUES (?, ?, ?)').run(at, username, server)
      .lastInsertRowid,
  );
}

export function finishRun(
  db: WritableDB,
  id: number,
  at: string,
  outcome: 'ok' | 'failed' | 'cancelled',
  stats: unknown,
): void {
  db.prepare('UPDATE sync_runs SET finished_at = ?, outcome = ?, stats = ? WHERE id = ?').run(
    at,
    outcome,
    JSON.stringify(stats),
    id,
  );
}

export type RunRow = {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  username: string | null;
  server: string;
  outcome: string | null;
  stats: string | null;
};

export function lastRun(db: ReadableDB): RunRow | null {
  return (
    (db
      .prepare(
        'SELECT id, started_at AS startedAt, finished_at AS finishedAt, username, server, outcome, stats FROM sync_runs ORDER BY id DESC LIMIT 1',
      )
      .get() as RunRow | undefined) ?? null
  );
}

export type OutboxItem = { key: string; kind: OutboxKind; body: string; createdAt: string; attempts: number };

/** Other services hand items to the server through here (hot-list entries awaiting approval, release decisions). */
export function enqueueOutbox(db: WritableDB, key: string, kind: OutboxKind, body: unknown, at: string): void {
  db.prepare(
    'INSERT INTO sync_outbox (key, kind, body, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING',
  ).run(key, kind, JSON.stringify(body), at);
}

export function pendingOutbox(db: ReadableDB, limit = 500): OutboxItem[] {
  return db
    .prepare(
      'SELECT key, kind, body, created_at AS createdAt, attempts FROM sync_outbox WHERE pushed_at IS NULL ORDER BY created_at, key LIMIT ?',
    )
    .all(limit) as OutboxItem[];
}

export function markPushed(db: WritableDB, key: string, serverId: number, at: string): void {
  db.prepare('UPDATE sync_outbox SET pushed_at = ?, server_id = ?, last_error = NULL WHERE key = ?').run(
    at,
    serverId,
    key,
  );
}

export function markPushFailed(db: WritableDB, key: string, error: string): void {
  db.prepare('UPDATE sync_outbox SET attempts = attempts + 1, last_error = ? WHERE key = ?').run(error, key);
}

/**
 * A created_at for a new outbox item that sorts after every item already queued: the outbox is pushed in
 * created_at order, and items of one chain (a new entry and its approval, a hit's successive transitions) may be
 * queued within the same millisecond.
 */
export function nextOutboxTime(db: ReadableDB, now: Date): string {
  const last = (db.prepare('SELECT max(created_at) AS m FROM sync_outbox').get() as { m: string | null }).m;
  const t = last ? Math.max(now.getTime(), Date.parse(last) + 1) : now.getTime();
  return new Date(t).toISOString();
}
