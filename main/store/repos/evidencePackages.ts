import type { ReadableDB, WritableDB } from '../db';

/**
 * Evidence package attempts, what booked packages hold, and the legal-hold mark (migration 0125). An attempt is
 * recorded `writing` before anything is written and settles once.
 */
export type PackageStatus = 'writing' | 'booked' | 'failed' | 'cancelled' | 'interrupted';

export type PackageRow = {
  id: number;
  attemptKey: string;
  caseNumber: string;
  itemNumber: string;
  status: PackageStatus;
  technician: string;
  technicianName: string | null;
  purposeId: number;
  /** The drive or folder the technician chose. */
  medium: string;
  /** The package's folder name on the medium once verified. */
  folder: string;
  detectionIds: number[];
  startedAt: string;
  finishedAt: string | null;
  files: number | null;
  bytes: number | null;
  keyFingerprint: string;
  tagManifestSha256: string | null;
  signature: string | null;
  readFrom: 'medium' | 'cache' | null;
  errorCode: string | null;
  errorMessage: string | null;
  outboxKey: string | null;
};

const COLUMNS = `p.id, p.attempt_key AS attemptKey, p.case_number AS caseNumber, p.item_number AS itemNumber, p.status,
  p.technician, u.full_name AS technicianName, p.purpose_id AS purposeId, p.medium, p.folder, p.detection_ids AS detectionIds,
  p.started_at AS startedAt, p.finished_at AS finishedAt, p.files, p.bytes, p.key_fingerprint AS keyFingerprint,
  p.tag_manifest_sha256 AS tagManifestSha256, p.signature, p.read_from AS readFrom, p.error_code AS errorCode,
  p.error_message AS errorMessage, p.outbox_key AS outboxKey`;
const FROM = 'FROM evidence_packages p LEFT JOIN users u ON u.username = p.technician';

type Raw = Omit<PackageRow, 'detectionIds'> & { detectionIds: string };
const toRow = (r: Raw): PackageRow => ({ ...r, detectionIds: JSON.parse(r.detectionIds) as number[] });

export type NewAttempt = Pick<
  PackageRow,
  | 'attemptKey'
  | 'caseNumber'
  | 'itemNumber'
  | 'technician'
  | 'purposeId'
  | 'medium'
  | 'folder'
  | 'detectionIds'
  | 'startedAt'
  | 'keyFingerprint'
>;

export function insertAttempt(db: WritableDB, a: NewAttempt): number {
  return Number(
    db
      .prepare(
        `INSERT INTO evidence_packages (attempt_key, case_number, item_number, status, technician, purpose_id, medium, folder,
           detection_ids, started_at, key_fingerprint)
         VALUES (@attemptKey, @caseNumber, @itemNumber, 'writing', @technician, @purposeId, @medium, @folder, @detectionIds,
           @startedAt, @keyFingerprint)`,
      )
      .run({ ...a, detectionIds: JSON.stringify(a.detectionIds) }).lastInsertRowid,
  );
}

export function getPackage(db: ReadableDB, id: number): PackageRow | null {
  const r = db.prepare(`SELECT ${COLUMNS} ${FROM} WHERE p.id = ?`).get(id) as Raw | undefined;
  return r ? toRow(r) : null;
}

export function getAttempt(db: ReadableDB, attemptKey: string): PackageRow | null {
  const r = db.prepare(`SELECT ${COLUMNS} ${FROM} WHERE p.attempt_key = ?`).get(attemptKey) as Raw | undefined;
  return r ? toRow(r) : null;
}

export function packagesOfCase(db: ReadableDB, caseNumber: string): PackageRow[] {
  return (
    db.prepare(`SELECT ${COLUMNS} ${FROM} WHERE p.case_number = ? ORDER BY p.id DESC`).all(caseNumber) as Raw[]
  ).map(toRow);
}

/** Attempts still marked `writing` (after a crash, the ones no running build owns). */
export function writingAttempts(db: ReadableDB): PackageRow[] {
  return (db.prepare(`SELECT ${COLUMNS} ${FROM} WHERE p.status = 'writing' ORDER BY p.id`).all() as Raw[]).map(toRow);
}

export function bookedCount(db: ReadableDB, caseNumber: string): number {
  return db
    .prepare("SELECT count(*) FROM evidence_packages WHERE case_number = ? AND status = 'booked'")
    .pluck()
    .get(caseNumber) as number;
}

/** Settles a `writing` attempt that did not book; returns whether it was still writing. */
export function settleAttempt(
  db: WritableDB,
  id: number,
  status: 'failed' | 'cancelled' | 'interrupted',
  at: string,
  error: { code: string; message: string },
): boolean {
  return (
    db
      .prepare(
        `UPDATE evidence_packages SET status = ?, finished_at = ?, error_code = ?, error_message = ?
         WHERE id = ? AND status = 'writing'`,
      )
      .run(status, at, error.code, error.message, id).changes === 1
  );
}

export type Booking = {
  at: string;
  files: number;
  bytes: number;
  tagManifestSha256: string;
  signature: string;
  readFrom: 'medium' | 'cache';
  outboxKey: string;
  /** The package's content as data (canonical JSON). */
  content: string;
};

/** Books a verified attempt and records what it holds (the legal-hold mark), in the caller's transaction. */
export function bookAttempt(db: WritableDB, id: number, b: Booking, detectionIds: readonly number[]): boolean {
  const changed =
    db
      .prepare(
        `UPDATE evidence_packages SET status = 'booked', finished_at = @at, files = @files, bytes = @bytes,
           tag_manifest_sha256 = @tagManifestSha256, signature = @signature, read_from = @readFrom, outbox_key = @outboxKey,
           content = @content
         WHERE id = @id AND status = 'writing'`,
      )
      .run({ ...b, id }).changes === 1;
  if (!changed) return false;
  const hold = db.prepare('INSERT INTO evidence_package_detections (package_id, detection_id) VALUES (?, ?)');
  for (const d of new Set(detectionIds)) hold.run(id, d);
  return true;
}

/** A booked package's content as data (null for an attempt that did not book). */
export function packageContent(db: ReadableDB, id: number): string | null {
  return (db.prepare('SELECT content FROM evidence_packages WHERE id = ?').pluck().get(id) as string | null) ?? null;
}

/** The legal-hold mark: which of `detectionIds` are in a booked package (and the first package that holds each). */
export function heldDetections(db: ReadableDB, detectionIds: readonly number[]): Map<number, string> {
  const out = new Map<number, string>();
  const stmt = db.prepare(
    `SELECT detection_id AS id, min(item_number) AS item FROM evidence_holds
     WHERE detection_id IN (SELECT value FROM json_each(?)) GROUP BY detection_id`,
  );
  for (let k = 0; k < detectionIds.length; k += 500) {
    for (const r of stmt.all(JSON.stringify(detectionIds.slice(k, k + 500))) as { id: number; item: string }[])
      out.set(r.id, r.item);
  }
  return out;
}
