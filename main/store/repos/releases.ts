import type { DirectoryAgency } from '../../core/releases/request';
import type { ReadableDB, WritableDB } from '../db';

/** The release requests' tables (migration 0130; docs/releases.md). */

const AGENCY_SELECT = `SELECT id, name, ori, kind, state, function, agreement_on_file AS onFile, agreement_expires AS expires
                       FROM release_agencies`;
type AgencyRow = Omit<DirectoryAgency, 'agreement'> & { onFile: number; expires: string | null };
const toAgency = ({ onFile, expires, ...a }: AgencyRow): DirectoryAgency => ({
  ...a,
  agreement: { onFile: onFile === 1, expires },
});

export function listAgencies(db: ReadableDB): DirectoryAgency[] {
  return (db.prepare(`${AGENCY_SELECT} ORDER BY name, state`).all() as AgencyRow[]).map(toAgency);
}

export function getAgencyEntry(db: ReadableDB, id: number): DirectoryAgency | null {
  const r = db.prepare(`${AGENCY_SELECT} WHERE id = ?`).get(id) as AgencyRow | undefined;
  return r ? toAgency(r) : null;
}

export function saveAgencyEntry(
  db: WritableDB,
  a: Omit<DirectoryAgency, 'id'> & { id: number | null },
  by: string,
  at: string,
): number {
  const values = [a.name, a.ori, a.kind, a.state, a.function, a.agreement.onFile ? 1 : 0, a.agreement.expires];
  if (a.id !== null) {
    db.prepare(
      `UPDATE release_agencies SET name = ?, ori = ?, kind = ?, state = ?, function = ?, agreement_on_file = ?,
              agreement_expires = ?, updated_at = ? WHERE id = ?`,
    ).run(...values, at, a.id);
    return a.id;
  }
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO release_agencies (name, ori, kind, state, function, agreement_on_file, agreement_expires,
                                     recorded_by, recorded_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(...values, by, at, at);
  return Number(lastInsertRowid);
}

export type RequestStatus = 'screened' | 'refused' | 'public_records' | 'approved' | 'denied' | 'fulfilled';

export type RequestRow = {
  id: number;
  number: string;
  agencyId: number;
  requestJson: string;
  attachmentSha256: string;
  status: RequestStatus;
  preparedBy: string;
  preparedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  fulfilledBy: string | null;
  fulfilledAt: string | null;
  releaseJson: string | null;
  detections: number | null;
  packetDocumentId: string | null;
  packagePath: string | null;
  tagManifestSha256: string | null;
};

const REQUEST_SELECT = `SELECT id, number, agency_id AS agencyId, request_json AS requestJson,
  attachment_sha256 AS attachmentSha256, status, prepared_by AS preparedBy, prepared_at AS preparedAt,
  decided_by AS decidedBy, decided_at AS decidedAt, decision_note AS decisionNote, fulfilled_by AS fulfilledBy,
  fulfilled_at AS fulfilledAt, release_json AS releaseJson, detections, packet_document_id AS packetDocumentId,
  package_path AS packagePath, tag_manifest_sha256 AS tagManifestSha256 FROM release_requests`;

/** Requests numbered in `year` so far (REL-<year>-NNNN). */
export function requestsInYear(db: ReadableDB, year: string): number {
  return (
    db.prepare('SELECT count(*) AS n FROM release_requests WHERE number LIKE ?').get(`REL-${year}-%`) as { n: number }
  ).n;
}

export function insertRequest(
  db: WritableDB,
  r: {
    number: string;
    agencyId: number;
    requestJson: string;
    attachment: Uint8Array;
    attachmentSha256: string;
    status: RequestStatus;
    preparedBy: string;
    preparedAt: string;
  },
): number {
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO release_requests (number, agency_id, request_json, attachment, attachment_sha256, status,
                                     prepared_by, prepared_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(r.number, r.agencyId, r.requestJson, r.attachment, r.attachmentSha256, r.status, r.preparedBy, r.preparedAt);
  return Number(lastInsertRowid);
}

export function getRequest(db: ReadableDB, id: number): RequestRow | null {
  return (db.prepare(`${REQUEST_SELECT} WHERE id = ?`).get(id) as RequestRow | undefined) ?? null;
}

export function listRequests(db: ReadableDB): RequestRow[] {
  return db.prepare(`${REQUEST_SELECT} ORDER BY id DESC`).all() as RequestRow[];
}

/** Fulfilled releases whose release time falls in [fromIso, toIso), oldest first. */
export function releasesBetween(db: ReadableDB, fromIso: string, toIso: string): RequestRow[] {
  return db
    .prepare(`${REQUEST_SELECT} WHERE fulfilled_at >= ? AND fulfilled_at < ? ORDER BY fulfilled_at, id`)
    .all(fromIso, toIso) as RequestRow[];
}

export function attachmentOf(db: ReadableDB, id: number): Uint8Array {
  return (db.prepare('SELECT attachment FROM release_requests WHERE id = ?').get(id) as { attachment: Uint8Array })
    .attachment;
}

export function setStatus(db: WritableDB, id: number, status: RequestStatus): void {
  db.prepare('UPDATE release_requests SET status = ? WHERE id = ?').run(status, id);
}

export function setDecision(
  db: WritableDB,
  id: number,
  d: { status: 'approved' | 'denied'; by: string; at: string; note: string },
): void {
  db.prepare(
    'UPDATE release_requests SET status = ?, decided_by = ?, decided_at = ?, decision_note = ? WHERE id = ?',
  ).run(d.status, d.by, d.at, d.note, id);
}

export function setFulfilled(
  db: WritableDB,
  id: number,
  f: {
    by: string;
    at: string;
    releaseJson: string;
    detections: number;
    packetDocumentId: string;
    packagePath: string;
    tagManifestSha256: string;
  },
): void {
  db.prepare(
    `UPDATE release_requests SET status = 'fulfilled', fulfilled_by = ?, fulfilled_at = ?, release_json = ?,
            detections = ?, packet_document_id = ?, package_path = ?, tag_manifest_sha256 = ? WHERE id = ?`,
  ).run(f.by, f.at, f.releaseJson, f.detections, f.packetDocumentId, f.packagePath, f.tagManifestSha256, id);
}

export type ScreeningRow = { id: number; at: string; by: string; step: string; result: string; decisionJson: string };

export function insertScreening(
  db: WritableDB,
  s: { requestId: number; at: string; by: string; step: string; result: string; decisionJson: string },
): void {
  db.prepare(
    'INSERT INTO release_screenings (request_id, at, by, step, result, decision_json) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(s.requestId, s.at, s.by, s.step, s.result, s.decisionJson);
}

export function screeningsOf(db: ReadableDB, requestId: number): ScreeningRow[] {
  return db
    .prepare(
      'SELECT id, at, by, step, result, decision_json AS decisionJson FROM release_screenings WHERE request_id = ? ORDER BY id',
    )
    .all(requestId) as ScreeningRow[];
}
