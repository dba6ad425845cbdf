import type { SqlStatement } from '../../../native/sqlcipher';
import type { HitData, HotlistData, HotlistEntryData } from '../../core/sync/protocol';
import type { ReadableDB, WritableDB } from '../db';

/**
 * Hot lists, their entries and the hits they raised, as pulled from the agency server. Upserts keep the
 * newer version, so replaying a page changes nothing; deletes come from tombstones (a general list's daily
 * refresh drops entries that are no longer on it).
 */
export type HotlistStatements = {
  upsertList: SqlStatement;
  deleteList: SqlStatement;
  upsertEntry: SqlStatement;
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
      `INSERT INTO hotlist_entries (id, list_id, plate, state, make, model, color, reason, case_number, synopsis, entered_by, approved_by,
                                    entered_at, expires_on, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET list_id = excluded.list_id, plate = excluded.plate, state = excluded.state, make = excluded.make,
         model = excluded.model, color = excluded.color, reason = excluded.reason, case_number = excluded.case_number,
         synopsis = excluded.synopsis, entered_by = excluded.entered_by, approved_by = excluded.approved_by,
         entered_at = excluded.entered_at, expires_on = excluded.expires_on, version = excluded.version
       WHERE excluded.version >= hotlist_entries.version`,
    ),
    deleteEntry: db.prepare('DELETE FROM hotlist_entries WHERE id = ? AND version <= ?'),
    upsertHit: db.prepare(
      `INSERT INTO hits (id, detection_id, entry_id, list_id, plate, state, at, status, disposition, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET detection_id = excluded.detection_id, entry_id = excluded.entry_id, list_id = excluded.list_id,
         plate = excluded.plate, state = excluded.state, at = excluded.at, status = excluded.status, disposition = excluded.disposition,
         version = excluded.version WHERE excluded.version >= hits.version`,
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
    e.reason,
    e.caseNumber,
    e.synopsis,
    e.enteredBy,
    e.approvedBy,
    e.enteredAt,
    e.expiresOn,
    version,
  );
}

export function upsertHit(s: HotlistStatements, id: number, version: number, h: HitData): void {
  s.upsertHit.run(id, h.detectionId, h.entryId, h.listId, h.plate, h.state, h.at, h.status, h.disposition, version);
}

export type HotlistRow = {
  id: string;
  name: string;
  category: string;
  general: number;
  source: string;
  refreshedAt: string;
  version: number;
};

export function listHotlists(db: ReadableDB): HotlistRow[] {
  return db
    .prepare(
      'SELECT id, name, category, general, source, refreshed_at AS refreshedAt, version FROM hotlists ORDER BY id',
    )
    .all() as HotlistRow[];
}

/** General lists whose newest refresh is older than the policy allows (at least daily). */
export function staleGeneralLists(db: ReadableDB, now: Date, maxAgeHours: number): HotlistRow[] {
  const limit = new Date(now.getTime() - maxAgeHours * 3_600_000).toISOString();
  return listHotlists(db).filter((l) => l.general === 1 && l.refreshedAt < limit);
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
