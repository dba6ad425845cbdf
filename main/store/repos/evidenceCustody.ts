import type { ReadableDB, WritableDB } from '../db';

/** Chain-of-custody entries of booked packages (migration 0125): append-only. */
export type CustodyRow = {
  id: number;
  packageId: number;
  at: string;
  action: string;
  fromPerson: string | null;
  toPerson: string;
  recordedBy: string;
  recordedAt: string;
  location: string | null;
  note: string | null;
  outboxKey: string;
};

const COLUMNS = `id, package_id AS packageId, at, action, from_person AS fromPerson, to_person AS toPerson,
  recorded_by AS recordedBy, recorded_at AS recordedAt, location, note, outbox_key AS outboxKey`;

export function insertCustody(db: WritableDB, e: Omit<CustodyRow, 'id'>): number {
  return Number(
    db
      .prepare(
        `INSERT INTO evidence_custody (package_id, at, action, from_person, to_person, recorded_by, recorded_at, location, note, outbox_key)
         VALUES (@packageId, @at, @action, @fromPerson, @toPerson, @recordedBy, @recordedAt, @location, @note, @outboxKey)`,
      )
      .run(e).lastInsertRowid,
  );
}

export function custodyOf(db: ReadableDB, packageId: number): CustodyRow[] {
  return db
    .prepare(`SELECT ${COLUMNS} FROM evidence_custody WHERE package_id = ? ORDER BY at, id`)
    .all(packageId) as CustodyRow[];
}
