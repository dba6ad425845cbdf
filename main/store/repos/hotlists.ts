import type { SqlStatement } from '../../../native/sqlcipher';
import type { CheckedEntryFields, EntryStatus } from '../../core/hotlists/entries';
import type { Disposition, HitState, RejectReason } from '../../core/hotlists/hitStates';
import type { HitData, HotlistData, HotlistEntryData } from '../../core/sync/protocol';
import type { ReadableDB, WritableDB } from '../db';

/**
 * Hot lists, their entries and the hits they raised: as pulled from the agency server (upserts keep the newer
 * version, so replaying a page changes nothing) and as changed here (an entry entered on this workstation has a
 * negative id until the server's copy arrives; a hit moves through its states). A tombstone of an entry that
 * hits still name keeps the row, marked removed, so a hit can say its entry is gone; others are deleted.
 */
export type HotlistStatements = {
  upsertList: SqlStatement;
  deleteList: SqlStatement;
  upsertEntry: SqlStatement;
  removeEntry: SqlStatement;
  deleteEntry: SqlStatement;
  upsertHit: SqlStatement;
  deleteHit: SqlStatement;
};

export function hotlistStatements(db: WritableDB): HotlistStatements {
  return {
    upsertList: db.prepare(
      `INSERT INTO hotlists (id, name, category, general, source, refreshed_at, version) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, category = excluded.category, general = excluded.general,
         source = excluded.source, refreshed_at = excluded.refreshed_at, version = excluded.version WHERE excluded.version >= hotlists.version`,
    ),
    deleteList: db.prepare('DELETE FROM hotlists WHERE id = ? AND version <= ?'),
    upsertEntry: db.prepare(
      `INSERT INTO hotlist_entries (id, list_id, plate, state, make, model, color, body, reason, case_number, synopsis, entered_by,
                                    approved_by, entered_at, expires_on, status, approved_at, removed_by, removed_at, removal_reason,
                                    request_key, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET list_id = excluded.list_id, plate = excluded.plate, state = excluded.state, make = excluded.make,
         model = excluded.model, color = excluded.color, body = excluded.body, reason = excluded.reason,
         case_number = excluded.case_number, synopsis = excluded.synopsis, entered_by = excluded.entered_by,
         approved_by = excluded.approved_by, entered_at = excluded.entered_at, expires_on = excluded.expires_on,
         status = excluded.status, approved_at = excluded.approved_at, removed_by = excluded.removed_by,
         removed_at = excluded.removed_at, removal_reason = excluded.removal_reason, request_key = excluded.request_key,
         -- A changed plate, state or status is checked against the store again.
         retro_checked_at = CASE WHEN hotlist_entries.plate = excluded.plate AND hotlist_entries.state IS excluded.state
                                      AND hotlist_entries.status = excluded.status
                                 THEN hotlist_entries.retro_checked_at END,
         version = excluded.version
       WHERE excluded.version >= hotlist_entries.version`,
    ),
    removeEntry: db.prepare(
      `UPDATE hotlist_entries SET status = 'removed', removed_at = coalesce(removed_at, ?),
         removal_reason = coalesce(removal_reason, 'No longer on the list at its refresh'), version = ?
       WHERE id = ? AND version <= ? AND EXISTS (SELECT 1 FROM hits WHERE hits.entry_id = hotlist_entries.id)`,
    ),
    deleteEntry: db.prepare('DELETE FROM hotlist_entries WHERE id = ? AND version <= ?'),
    upsertHit: db.prepare(
      `INSERT INTO hits (id, detection_id, entry_id, list_id, plate, state, at, status, reject_reason, disposition, closed_at,
                         list_refreshed_at, moved_by, moved_by_name, moved_at, last_key, arrived_at, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET detection_id = excluded.detection_id, entry_id = excluded.entry_id, list_id = excluded.list_id,
         plate = excluded.plate, state = excluded.state, at = excluded.at, status = excluded.status,
         reject_reason = excluded.reject_reason, disposition = excluded.disposition, closed_at = excluded.closed_at,
         list_refreshed_at = excluded.list_refreshed_at, moved_by = excluded.moved_by, moved_by_name = excluded.moved_by_name,
         moved_at = excluded.moved_at, last_key = excluded.last_key, version = excluded.version
       WHERE excluded.version >= hits.version`,
    ),
    deleteHit: db.prepare('DELETE FROM hits WHERE id = ? AND version <= ?'),
  };
}

export function upsertHotlist(s: HotlistStatements, id: string, version: number, l: HotlistData): void {
  s.upsertList.run(id, l.name, l.category, l.general ? 1 : 0, l.source, l.refreshedAt, version);
}

export function upsertHotlistEntry(s: HotlistStatements, id: number, version: number, e: HotlistEntryData): void {
  s.upsertEntry.run(
    id,
    e.listId,
    e.plate,
    e.state,
    e.make,
    e.model,
    e.color,
    e.body,
    e.reason,
    e.caseNumber,
    e.synopsis,
    e.enteredBy,
    e.approvedBy,
    e.enteredAt,
    e.expiresOn,
    e.status,
    e.approvedAt,
    e.removedBy,
    e.removedAt,
    e.removalReason,
    e.requestKey,
    version,
  );
}

/** A tombstone: the entry is kept, marked removed, while hits name it; otherwise deleted. Returns rows changed. */
export function removeOrDeleteEntry(s: HotlistStatements, id: number, version: number, at: string): number {
  const kept = s.removeEntry.run(at, version, id, version).changes;
  return kept || s.deleteEntry.run(id, version).changes;
}

export function upsertHit(s: HotlistStatements, id: number, version: number, h: HitData, arrivedAt: string): void {
  s.upsertHit.run(
    id,
    h.detectionId,
    h.entryId,
    h.listId,
    h.plate,
    h.state,
    h.at,
    h.status,
    h.rejectReason,
    h.disposition,
    h.closedAt,
    h.listRefreshedAt,
    h.movedBy?.username ?? null,
    h.movedBy?.fullName ?? null,
    h.movedAt,
    h.lastKey,
    arrivedAt,
    version,
  );
}

// ---- Lists ----

export type HotlistRow = {
  id: string;
  name: string;
  category: string;
  general: number;
  source: string;
  refreshedAt: string;
  version: number;
  retroCheckedRefresh: string | null;
};

const LIST_SELECT = `SELECT id, name, category, general, source, refreshed_at AS refreshedAt, version,
  retro_checked_refresh AS retroCheckedRefresh FROM hotlists`;

export function listHotlists(db: ReadableDB): HotlistRow[] {
  return db.prepare(`${LIST_SELECT} ORDER BY general DESC, id`).all() as HotlistRow[];
}

export function getHotlist(db: ReadableDB, id: string): HotlistRow | null {
  return (db.prepare(`${LIST_SELECT} WHERE id = ?`).get(id) as HotlistRow | undefined) ?? null;
}

/** General lists whose newest refresh is older than the policy allows (at least daily). */
export function staleGeneralLists(db: ReadableDB, now: Date, maxAgeHours: number): HotlistRow[] {
  const limit = new Date(now.getTime() - maxAgeHours * 3_600_000).toISOString();
  return listHotlists(db).filter((l) => l.general === 1 && l.refreshedAt < limit);
}

/** Entries per list and status, for the lists screen. */
export function entryCounts(db: ReadableDB): { listId: string; status: EntryStatus; n: number }[] {
  return db
    .prepare('SELECT list_id AS listId, status, count(*) AS n FROM hotlist_entries GROUP BY list_id, status')
    .all() as { listId: string; status: EntryStatus; n: number }[];
}

export function markListChecked(db: WritableDB, listId: string, refreshedAt: string): void {
  db.prepare('UPDATE hotlists SET retro_checked_refresh = ? WHERE id = ?').run(refreshedAt, listId);
}

// ---- Entries ----

export type EntryRow = {
  id: number;
  listId: string;
  plate: string;
  state: string | null;
  make: string | null;
  model: string | null;
  color: string | null;
  body: string | null;
  reason: string;
  caseNumber: string | null;
  synopsis: string | null;
  enteredBy: string | null;
  approvedBy: string | null;
  enteredAt: string;
  expiresOn: string | null;
  status: EntryStatus;
  approvedAt: string | null;
  removedBy: string | null;
  removedAt: string | null;
  removalReason: string | null;
  requestKey: string | null;
  retroCheckedAt: string | null;
  version: number;
};

const ENTRY_COLUMNS = `id, list_id AS listId, plate, state, make, model, color, body, reason, case_number AS caseNumber,
  synopsis, entered_by AS enteredBy, approved_by AS approvedBy, entered_at AS enteredAt, expires_on AS expiresOn, status,
  approved_at AS approvedAt, removed_by AS removedBy, removed_at AS removedAt, removal_reason AS removalReason,
  request_key AS requestKey, retro_checked_at AS retroCheckedAt, version`;

export function getEntry(db: ReadableDB, id: number): EntryRow | null {
  return (
    (db.prepare(`SELECT ${ENTRY_COLUMNS} FROM hotlist_entries WHERE id = ?`).get(id) as EntryRow | undefined) ?? null
  );
}

export function entriesByIds(db: ReadableDB, ids: readonly number[]): EntryRow[] {
  if (ids.length === 0) return [];
  return db
    .prepare(`SELECT ${ENTRY_COLUMNS} FROM hotlist_entries WHERE id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as EntryRow[];
}

export type EntryFilter = { listId?: string; plate?: string; status?: EntryStatus; limit: number; offset?: number };

/** Entries of a list (or all), a plate prefix searched within, newest first; and how many matched. */
export function findEntries(db: ReadableDB, f: EntryFilter): { rows: EntryRow[]; total: number } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (f.listId) {
    where.push('list_id = ?');
    params.push(f.listId);
  }
  if (f.plate) {
    where.push("plate LIKE ? ESCAPE '\\'");
    params.push(`%${f.plate.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  if (f.status) {
    where.push('status = ?');
    params.push(f.status);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM hotlist_entries ${clause}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT ${ENTRY_COLUMNS} FROM hotlist_entries ${clause} ORDER BY entered_at DESC, id DESC LIMIT ? OFFSET ?`,
    )
    .all(...params, f.limit, f.offset ?? 0) as EntryRow[];
  return { rows, total };
}

/** Live entries of a list (approved, not removed, not expired), for a retro-hit check. */
export function liveEntriesOf(db: ReadableDB, listId: string, today: string): EntryRow[] {
  return db
    .prepare(
      `SELECT ${ENTRY_COLUMNS} FROM hotlist_entries
       WHERE list_id = ? AND status = 'active' AND (expires_on IS NULL OR expires_on >= ?) ORDER BY id`,
    )
    .all(listId, today) as EntryRow[];
}

/** Live entries of agency lists not checked against the store since they went live or changed. */
export function uncheckedAgencyEntries(db: ReadableDB, today: string): EntryRow[] {
  return db
    .prepare(
      `SELECT ${ENTRY_COLUMNS} FROM hotlist_entries e
       WHERE status = 'active' AND retro_checked_at IS NULL AND (expires_on IS NULL OR expires_on >= ?)
         AND list_id IN (SELECT id FROM hotlists WHERE general = 0) ORDER BY id`,
    )
    .all(today) as EntryRow[];
}

export function markEntriesChecked(db: WritableDB, ids: readonly number[], at: string): void {
  db.prepare('UPDATE hotlist_entries SET retro_checked_at = ? WHERE id IN (SELECT value FROM json_each(?))').run(
    at,
    JSON.stringify(ids),
  );
}

/** A new entry of this workstation, before the server has one: the next negative id. */
export function insertLocalEntry(db: WritableDB, e: HotlistEntryData): number {
  const { m } = db.prepare('SELECT min(0, coalesce(min(id), 0)) AS m FROM hotlist_entries').get() as { m: number };
  const id = m - 1;
  upsertHotlistEntry(hotlistStatements(db), id, 0, e);
  return id;
}

/**
 * The server's copy of an entry entered here has arrived: what names the local row (changes, retro-hits) moves to
 * the server's id and the local row goes. Returns whether there was one.
 */
export function adoptLocalEntry(db: WritableDB, requestKey: string, serverId: number): boolean {
  const local = db.prepare('SELECT id FROM hotlist_entries WHERE request_key = ? AND id < 0').get(requestKey) as
    { id: number } | undefined;
  if (!local) return false;
  db.prepare('UPDATE hotlist_changes SET entry_id = ? WHERE entry_id = ?').run(serverId, local.id);
  db.prepare('DELETE FROM hotlist_retro_hits WHERE entry_id = ?').run(serverId);
  db.prepare('UPDATE hotlist_retro_hits SET entry_id = ? WHERE entry_id = ?').run(serverId, local.id);
  db.prepare('DELETE FROM hotlist_entries WHERE id = ?').run(local.id);
  return true;
}

export function setEntryStatus(
  db: WritableDB,
  id: number,
  s: {
    status: EntryStatus;
    approvedBy?: string | null;
    approvedAt?: string | null;
    removedBy?: string | null;
    removedAt?: string | null;
    removalReason?: string | null;
  },
): void {
  db.prepare(
    `UPDATE hotlist_entries SET status = ?, approved_by = coalesce(?, approved_by), approved_at = coalesce(?, approved_at),
       removed_by = coalesce(?, removed_by), removed_at = coalesce(?, removed_at), removal_reason = coalesce(?, removal_reason),
       retro_checked_at = CASE WHEN ? = 'active' THEN retro_checked_at END
     WHERE id = ?`,
  ).run(
    s.status,
    s.approvedBy ?? null,
    s.approvedAt ?? null,
    s.removedBy ?? null,
    s.removedAt ?? null,
    s.removalReason ?? null,
    s.status,
    id,
  );
}

export function updateEntryFields(db: WritableDB, id: number, f: CheckedEntryFields): void {
  db.prepare(
    `UPDATE hotlist_entries SET plate = ?, state = ?, make = ?, model = ?, color = ?, body = ?, reason = ?, case_number = ?,
       synopsis = ?, expires_on = ?, retro_checked_at = NULL WHERE id = ?`,
  ).run(f.plate, f.state, f.make, f.model, f.color, f.body, f.reason, f.caseNumber, f.synopsis, f.expiresOn, id);
}

// ---- Hits ----

export type HitRow = {
  id: number;
  detectionId: number;
  entryId: number;
  listId: string;
  plate: string;
  state: string | null;
  at: number;
  status: HitState;
  rejectReason: RejectReason | null;
  disposition: Disposition | null;
  dispositionNote: string | null;
  closedAt: string | null;
  listRefreshedAt: string | null;
  movedBy: string | null;
  movedByName: string | null;
  movedAt: string | null;
  lastKey: string | null;
  arrivedAt: string | null;
  openedAt: string | null;
  version: number;
};

const HIT_COLUMNS = `id, detection_id AS detectionId, entry_id AS entryId, list_id AS listId, plate, state, at, status,
  reject_reason AS rejectReason, disposition, disposition_note AS dispositionNote, closed_at AS closedAt,
  list_refreshed_at AS listRefreshedAt, moved_by AS movedBy, moved_by_name AS movedByName, moved_at AS movedAt,
  last_key AS lastKey, arrived_at AS arrivedAt, opened_at AS openedAt, version`;

export function getHit(db: ReadableDB, id: number): HitRow | null {
  return (db.prepare(`SELECT ${HIT_COLUMNS} FROM hits WHERE id = ?`).get(id) as HitRow | undefined) ?? null;
}

export function hitsOfDetection(db: ReadableDB, detectionId: number): HitRow[] {
  return db
    .prepare(`SELECT ${HIT_COLUMNS} FROM hits WHERE detection_id = ? ORDER BY at DESC`)
    .all(detectionId) as HitRow[];
}

export function hitsOfEntry(db: ReadableDB, entryId: number): HitRow[] {
  return db.prepare(`SELECT ${HIT_COLUMNS} FROM hits WHERE entry_id = ? ORDER BY at DESC`).all(entryId) as HitRow[];
}

export type InboxFilter = 'open' | 'closed' | 'all';

/**
 * The inbox: new alerts (nobody here opened them yet) first, then the rest newest first, with what a row shows
 * of the detection (camera) and the entry (reason). Open = not closed.
 */
export type InboxRow = HitRow & {
  cameraId: string | null;
  cameraName: string | null;
  reason: string | null;
  entryStatus: EntryStatus | null;
  entryExpiresOn: string | null;
  listName: string | null;
  listGeneral: number | null;
  listRefreshedNow: string | null;
};

export function inboxHits(db: ReadableDB, filter: InboxFilter, limit: number): InboxRow[] {
  const where =
    filter === 'open' ? 'WHERE h.closed_at IS NULL' : filter === 'closed' ? 'WHERE h.closed_at IS NOT NULL' : '';
  return db
    .prepare(
      `SELECT h.id, h.detection_id AS detectionId, h.entry_id AS entryId, h.list_id AS listId, h.plate, h.state, h.at,
              h.status, h.reject_reason AS rejectReason, h.disposition, h.disposition_note AS dispositionNote,
              h.closed_at AS closedAt, h.list_refreshed_at AS listRefreshedAt, h.moved_by AS movedBy,
              h.moved_by_name AS movedByName, h.moved_at AS movedAt, h.last_key AS lastKey, h.arrived_at AS arrivedAt,
              h.opened_at AS openedAt, h.version,
              d.camera_id AS cameraId, c.name AS cameraName, e.reason, e.status AS entryStatus,
              e.expires_on AS entryExpiresOn,
              l.name AS listName, l.general AS listGeneral, l.refreshed_at AS listRefreshedNow
       FROM hits h
       LEFT JOIN detections d ON d.id = h.detection_id
       LEFT JOIN cameras c ON c.id = d.camera_id
       LEFT JOIN hotlist_entries e ON e.id = h.entry_id
       LEFT JOIN hotlists l ON l.id = h.list_id
       ${where}
       ORDER BY (h.status = 'alert' AND h.opened_at IS NULL AND h.closed_at IS NULL) DESC, h.at DESC, h.id DESC
       LIMIT ?`,
    )
    .all(limit) as InboxRow[];
}

/** Hits per state (open ones) and closed, and the new alerts nobody here has opened. */
export function hitCounts(db: ReadableDB): { status: HitState; open: number; closed: number; unopened: number }[] {
  return db
    .prepare(
      `SELECT status, sum(closed_at IS NULL) AS open, sum(closed_at IS NOT NULL) AS closed,
              sum(closed_at IS NULL AND opened_at IS NULL AND status = 'alert') AS unopened
       FROM hits GROUP BY status`,
    )
    .all() as { status: HitState; open: number; closed: number; unopened: number }[];
}

/** Open alerts that arrived after `since` (an ISO time), for the announcement after a sync. */
export function alertsArrivedSince(db: ReadableDB, since: string): number {
  return (
    db
      .prepare("SELECT count(*) AS n FROM hits WHERE status = 'alert' AND closed_at IS NULL AND arrived_at > ?")
      .get(since) as { n: number }
  ).n;
}

export function markHitOpened(db: WritableDB, id: number, at: string): void {
  db.prepare('UPDATE hits SET opened_at = coalesce(opened_at, ?) WHERE id = ?').run(at, id);
}

/** A transition made here: the hit takes its new state at once; its version stays the server's. */
export function moveHit(
  db: WritableDB,
  id: number,
  m: {
    status: HitState;
    rejectReason: RejectReason | null;
    disposition: Disposition | null;
    dispositionNote: string | null;
    closedAt: string | null;
    movedBy: string;
    movedByName: string;
    movedAt: string;
  },
): void {
  db.prepare(
    `UPDATE hits SET status = ?, reject_reason = coalesce(?, reject_reason), disposition = ?, disposition_note = ?, closed_at = ?,
       moved_by = ?, moved_by_name = ?, moved_at = ? WHERE id = ?`,
  ).run(
    m.status,
    m.rejectReason,
    m.disposition,
    m.dispositionNote,
    m.closedAt,
    m.movedBy,
    m.movedByName,
    m.movedAt,
    id,
  );
}

export type DetectionHitRow = {
  id: number;
  detectionId: number;
  entryId: number;
  listId: string;
  listName: string | null;
  plate: string;
  state: string | null;
  at: number;
  status: string;
  disposition: string | null;
};

/** The hits raised by these detections, with their list's name, in time order. */
export function hitsOfDetections(db: ReadableDB, detectionIds: readonly number[]): DetectionHitRow[] {
  const stmt = db.prepare(
    `SELECT h.id, h.detection_id AS detectionId, h.entry_id AS entryId, h.list_id AS listId, l.name AS listName, h.plate,
            h.state, h.at, h.status, h.disposition
     FROM hits h LEFT JOIN hotlists l ON l.id = h.list_id
     WHERE h.detection_id IN (SELECT value FROM json_each(?)) ORDER BY h.at, h.id`,
  );
  const out: DetectionHitRow[] = [];
  for (let k = 0; k < detectionIds.length; k += 500)
    out.push(...(stmt.all(JSON.stringify(detectionIds.slice(k, k + 500))) as DetectionHitRow[]));
  return out;
}
