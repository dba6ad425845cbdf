import type { ChangeKind } from '../../core/hotlists/entries';
import type { EntryFieldsData, HotlistChangeData } from '../../core/sync/protocol';
import type { ReadableDB, WritableDB } from '../db';

/**
 * Entries' approvals: a new entry of an agency list (the ALPR administrator approves it) or an update of one (the
 * entering member's supervisor approves it), with who asked, who decided, when and why. A change made here is keyed
 * by the outbox key that pushes it; the server's copy, arriving through the hotlists feed, has the last word.
 */
export type ChangeStatus = 'pending' | 'approved' | 'refused';

export type ChangeRow = {
  key: string;
  serverId: number | null;
  kind: ChangeKind;
  entryId: number;
  listId: string;
  fields: EntryFieldsData;
  requestedBy: string;
  requestedByName: string;
  requestedAt: string;
  status: ChangeStatus;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  note: string | null;
  decisionKey: string | null;
  refusal: string | null;
  version: number;
};

type Raw = Omit<ChangeRow, 'fields'> & { fields: string };

const COLUMNS = `key, server_id AS serverId, kind, entry_id AS entryId, list_id AS listId, fields, requested_by AS requestedBy,
  requested_by_name AS requestedByName, requested_at AS requestedAt, status, decided_by AS decidedBy,
  decided_by_name AS decidedByName, decided_at AS decidedAt, note, decision_key AS decisionKey, refusal, version`;

const fromRaw = (r: Raw): ChangeRow => ({ ...r, fields: JSON.parse(r.fields) as EntryFieldsData });

export function insertChange(
  db: WritableDB,
  c: Pick<
    ChangeRow,
    'key' | 'kind' | 'entryId' | 'listId' | 'fields' | 'requestedBy' | 'requestedByName' | 'requestedAt'
  >,
): void {
  db.prepare(
    `INSERT INTO hotlist_changes (key, kind, entry_id, list_id, fields, requested_by, requested_by_name, requested_at, status)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending')`,
  ).run(c.key, c.kind, c.entryId, c.listId, JSON.stringify(c.fields), c.requestedBy, c.requestedByName, c.requestedAt);
}

export function getChange(db: ReadableDB, key: string): ChangeRow | null {
  const r = db.prepare(`SELECT ${COLUMNS} FROM hotlist_changes WHERE key = ?`).get(key) as Raw | undefined;
  return r ? fromRaw(r) : null;
}

export function pendingChanges(db: ReadableDB): ChangeRow[] {
  return (
    db.prepare(`SELECT ${COLUMNS} FROM hotlist_changes WHERE status = 'pending' ORDER BY requested_at`).all() as Raw[]
  ).map(fromRaw);
}

export function changesOfEntry(db: ReadableDB, entryId: number): ChangeRow[] {
  return (
    db.prepare(`SELECT ${COLUMNS} FROM hotlist_changes WHERE entry_id = ? ORDER BY requested_at`).all(entryId) as Raw[]
  ).map(fromRaw);
}

/** Recently decided changes (for the approvals screen's history). */
export function decidedChanges(db: ReadableDB, limit: number): ChangeRow[] {
  return (
    db
      .prepare(`SELECT ${COLUMNS} FROM hotlist_changes WHERE status != 'pending' ORDER BY decided_at DESC LIMIT ?`)
      .all(limit) as Raw[]
  ).map(fromRaw);
}

export function decideChange(
  db: WritableDB,
  key: string,
  d: {
    status: 'approved' | 'refused';
    decidedBy: string;
    decidedByName: string;
    decidedAt: string;
    note: string | null;
    decisionKey: string;
  },
): void {
  db.prepare(
    `UPDATE hotlist_changes SET status = ?, decided_by = ?, decided_by_name = ?, decided_at = ?, note = ?, decision_key = ?,
       refusal = NULL WHERE key = ?`,
  ).run(d.status, d.decidedBy, d.decidedByName, d.decidedAt, d.note, d.decisionKey, key);
}

/** The server's copy of a change (ours or another workstation's): it replaces what this workstation holds. */
export function upsertServerChange(db: WritableDB, serverId: number, version: number, c: HotlistChangeData): void {
  db.prepare(
    `INSERT INTO hotlist_changes (key, server_id, kind, entry_id, list_id, fields, requested_by, requested_by_name, requested_at,
                                  status, decided_by, decided_by_name, decided_at, note, refusal, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET server_id = excluded.server_id, kind = excluded.kind, entry_id = excluded.entry_id,
       list_id = excluded.list_id, fields = excluded.fields, requested_by = excluded.requested_by,
       requested_by_name = excluded.requested_by_name, requested_at = excluded.requested_at, status = excluded.status,
       decided_by = excluded.decided_by, decided_by_name = excluded.decided_by_name, decided_at = excluded.decided_at,
       note = excluded.note, refusal = excluded.refusal, version = excluded.version
     WHERE excluded.version >= hotlist_changes.version`,
  ).run(
    c.key,
    serverId,
    c.kind,
    c.entryId,
    c.listId,
    JSON.stringify(c.fields),
    c.requestedBy.username,
    c.requestedBy.fullName,
    c.requestedAt,
    c.status,
    c.decidedBy?.username ?? null,
    c.decidedBy?.fullName ?? null,
    c.decidedAt,
    c.note,
    c.refusal,
    version,
  );
}

export function deleteServerChange(db: WritableDB, serverId: number, version: number): number {
  return db.prepare('DELETE FROM hotlist_changes WHERE server_id = ? AND version <= ?').run(serverId, version).changes;
}
