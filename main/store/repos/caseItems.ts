import type { ReadableDB, WritableDB } from '../db';
import { DETECTION_COLUMNS, DETECTION_FIELDS } from './detectionColumns';
import type { DetectionRow } from './detections';

/** A case's collection (migration 0110): the detections set aside for a case, with why, who and when. */

export type CaseItemRow = {
  id: number;
  caseNumber: string;
  detectionId: number;
  note: string;
  source: string;
  addedBy: string;
  /** The adder's full name as the workstation knows them (null for an account no longer here). */
  addedByName: string | null;
  purposeId: number;
  addedAt: string;
};

/** An item with its detection as the store holds it now (null once purged). */
export type CollectedRow = CaseItemRow & { detection: DetectionRow | null };

export type NewCaseItem = Omit<CaseItemRow, 'id' | 'addedByName'>;

const ITEM_COLUMNS = `i.id, i.case_number AS caseNumber, i.detection_id AS detectionId, i.note, i.source,
  i.added_by AS addedBy, u.full_name AS addedByName, i.purpose_id AS purposeId, i.added_at AS addedAt`;

/** The detection's columns prefixed `d_`, so one row carries the item and its detection. */
const DETECTION_COLUMNS_PREFIXED = [
  'd.id AS d_id',
  'd.version AS d_version',
  ...DETECTION_FIELDS.map((f) => `d.${DETECTION_COLUMNS[f]} AS d_${f}`),
].join(', ');

type RawCollected = CaseItemRow & Record<`d_${string}`, unknown>;

function toCollected(r: RawCollected): CollectedRow {
  const item: CaseItemRow = {
    id: r.id,
    caseNumber: r.caseNumber,
    detectionId: r.detectionId,
    note: r.note,
    source: r.source,
    addedBy: r.addedBy,
    addedByName: r.addedByName,
    purposeId: r.purposeId,
    addedAt: r.addedAt,
  };
  if (r.d_id === null) return { ...item, detection: null };
  const detection = { id: r.d_id, version: r.d_version } as Record<string, unknown>;
  for (const f of DETECTION_FIELDS) detection[f] = r[`d_${f}`];
  return { ...item, detection: detection as DetectionRow };
}

/** Adds items in the caller's transaction; returns their ids in order. */
export function insertCaseItems(db: WritableDB, items: readonly NewCaseItem[]): number[] {
  const stmt = db.prepare(
    `INSERT INTO case_items (case_number, detection_id, note, source, added_by, purpose_id, added_at)
     VALUES (@caseNumber, @detectionId, @note, @source, @addedBy, @purposeId, @addedAt)`,
  );
  return items.map((i) => Number(stmt.run(i).lastInsertRowid));
}

/** The items of `caseNumber` among `detectionIds` that are in the collection now. */
export function collectedAmong(
  db: ReadableDB,
  caseNumber: string,
  detectionIds: readonly number[],
): Map<number, CaseItemRow> {
  const out = new Map<number, CaseItemRow>();
  const stmt = db.prepare(
    `SELECT ${ITEM_COLUMNS} FROM case_items i LEFT JOIN users u ON u.username = i.added_by
     WHERE i.case_number = ? AND i.removed_at IS NULL AND i.detection_id IN (SELECT value FROM json_each(?))`,
  );
  for (let k = 0; k < detectionIds.length; k += 500) {
    const rows = stmt.all(caseNumber, JSON.stringify(detectionIds.slice(k, k + 500))) as CaseItemRow[];
    for (const r of rows) out.set(r.detectionId, r);
  }
  return out;
}

/** A case's collection now, in the order it was collected, each item with its detection (or null if purged). */
export function caseCollection(db: ReadableDB, caseNumber: string): CollectedRow[] {
  return (
    db
      .prepare(
        `SELECT ${ITEM_COLUMNS}, ${DETECTION_COLUMNS_PREFIXED}
         FROM case_items i
         LEFT JOIN users u ON u.username = i.added_by
         LEFT JOIN detections d ON d.id = i.detection_id
         WHERE i.case_number = ? AND i.removed_at IS NULL
         ORDER BY i.added_at, i.id`,
      )
      .all(caseNumber) as RawCollected[]
  ).map(toCollected);
}

export function getCaseItem(db: ReadableDB, id: number): (CaseItemRow & { removedAt: string | null }) | null {
  return (
    (db
      .prepare(
        `SELECT ${ITEM_COLUMNS}, i.removed_at AS removedAt FROM case_items i LEFT JOIN users u ON u.username = i.added_by
         WHERE i.id = ?`,
      )
      .get(id) as (CaseItemRow & { removedAt: string | null }) | undefined) ?? null
  );
}

/** Takes an item out of its collection, once; returns whether it was in. */
export function removeCaseItem(db: WritableDB, id: number, by: string, reason: string, at: string): boolean {
  return (
    db
      .prepare(
        'UPDATE case_items SET removed_at = ?, removed_by = ?, removed_reason = ? WHERE id = ? AND removed_at IS NULL',
      )
      .run(at, by, reason, id).changes === 1
  );
}
