import type { Inquiry } from '../../core/audit/screening';
import type { ReadableDB, WritableDB } from '../db';

/** Audits of ALPR use (migration 0140): the audits, the inquiries reviewed, imported vendor logs, the agency-wide log. */

export type AuditStatus = 'open' | 'screened' | 'signed' | 'filed';

export type AuditRow = {
  id: number;
  number: string;
  periodFrom: string;
  periodTo: string;
  source: 'canvass' | 'imported';
  importId: number | null;
  purposeRecordId: number;
  openedBy: string;
  openedAt: string;
  status: AuditStatus;
  population: number | null;
  /** JSON: the screening's counts by kind and by user. */
  screening: string | null;
  headHash: string | null;
  seed: string | null;
  sampleSize: number | null;
  recommendations: string | null;
  memoDocumentId: string | null;
  memoSha256: string | null;
  signedBy: string | null;
  signedAt: string | null;
  filedBy: string | null;
  filedAt: string | null;
};

const AUDIT_COLUMNS = `id, number, period_from AS periodFrom, period_to AS periodTo, source, import_id AS importId,
  purpose_record_id AS purposeRecordId, opened_by AS openedBy, opened_at AS openedAt, status, population, screening,
  head_hash AS headHash, seed, sample_size AS sampleSize, recommendations, memo_document_id AS memoDocumentId,
  memo_sha256 AS memoSha256, signed_by AS signedBy, signed_at AS signedAt, filed_by AS filedBy, filed_at AS filedAt`;

export function insertAudit(
  db: WritableDB,
  a: Pick<
    AuditRow,
    'number' | 'periodFrom' | 'periodTo' | 'source' | 'importId' | 'purposeRecordId' | 'openedBy' | 'openedAt'
  >,
): number {
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO audits (number, period_from, period_to, source, import_id, purpose_record_id, opened_by, opened_at)
       VALUES (@number, @periodFrom, @periodTo, @source, @importId, @purposeRecordId, @openedBy, @openedAt)`,
    )
    .run(a);
  return Number(lastInsertRowid);
}

export function getAudit(db: ReadableDB, id: number): AuditRow | null {
  return (db.prepare(`SELECT ${AUDIT_COLUMNS} FROM audits WHERE id = ?`).get(id) as AuditRow | undefined) ?? null;
}

export function auditByNumber(db: ReadableDB, number: string): AuditRow | null {
  return (
    (db.prepare(`SELECT ${AUDIT_COLUMNS} FROM audits WHERE number = ?`).get(number) as AuditRow | undefined) ?? null
  );
}

export function listAudits(db: ReadableDB): AuditRow[] {
  return db.prepare(`SELECT ${AUDIT_COLUMNS} FROM audits ORDER BY opened_at DESC, id DESC`).all() as AuditRow[];
}

/** Audits whose period overlaps [from, to] (agency-local days). */
export function auditsInPeriod(db: ReadableDB, from: string, to: string): AuditRow[] {
  return db
    .prepare(`SELECT ${AUDIT_COLUMNS} FROM audits WHERE period_from <= ? AND period_to >= ? ORDER BY period_from, id`)
    .all(to, from) as AuditRow[];
}

export function lastFiledAt(db: ReadableDB): string | null {
  const row = db.prepare("SELECT max(filed_at) AS at FROM audits WHERE status = 'filed'").get() as {
    at: string | null;
  };
  return row.at;
}

export function setScreened(
  db: WritableDB,
  id: number,
  s: { population: number; screening: string; headHash: string; seed: string; sampleSize: number },
): void {
  db.prepare(
    `UPDATE audits SET status = 'screened', population = @population, screening = @screening, head_hash = @headHash,
       seed = @seed, sample_size = @sampleSize WHERE id = @id`,
  ).run({ ...s, id });
}

export function setAuditPurpose(db: WritableDB, id: number, purposeRecordId: number): void {
  db.prepare('UPDATE audits SET purpose_record_id = ? WHERE id = ?').run(purposeRecordId, id);
}

export function setRecommendations(db: WritableDB, id: number, text: string): void {
  db.prepare('UPDATE audits SET recommendations = ? WHERE id = ?').run(text, id);
}

export function setSigned(
  db: WritableDB,
  id: number,
  s: { documentId: string; sha256: string; by: string; at: string },
): void {
  db.prepare(
    "UPDATE audits SET status = 'signed', memo_document_id = ?, memo_sha256 = ?, signed_by = ?, signed_at = ? WHERE id = ?",
  ).run(s.documentId, s.sha256, s.by, s.at, id);
}

export function setFiled(db: WritableDB, id: number, by: string, at: string): void {
  db.prepare("UPDATE audits SET status = 'filed', filed_by = ?, filed_at = ? WHERE id = ?").run(by, at, id);
}

// ——— The inquiries under review ———

export type AuditInquiryRow = {
  key: string;
  origin: 'random' | 'flagged';
  position: number;
  inquiry: string;
  flags: string;
  answers: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
};

export function insertAuditInquiries(
  db: WritableDB,
  auditId: number,
  rows: readonly { key: string; origin: 'random' | 'flagged'; position: number; inquiry: string; flags: string }[],
): void {
  const stmt = db.prepare(
    'INSERT INTO audit_inquiries (audit_id, key, origin, position, inquiry, flags) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const r of rows) stmt.run(auditId, r.key, r.origin, r.position, r.inquiry, r.flags);
}

export function auditInquiries(db: ReadableDB, auditId: number): AuditInquiryRow[] {
  return db
    .prepare(
      `SELECT key, origin, position, inquiry, flags, answers, reviewed_by AS reviewedBy, reviewed_at AS reviewedAt
       FROM audit_inquiries WHERE audit_id = ? ORDER BY origin = 'flagged', position`,
    )
    .all(auditId) as AuditInquiryRow[];
}

export function setAnswers(
  db: WritableDB,
  auditId: number,
  key: string,
  answers: string,
  by: string,
  at: string,
): boolean {
  return (
    db
      .prepare(
        'UPDATE audit_inquiries SET answers = ?, reviewed_by = ?, reviewed_at = ? WHERE audit_id = ? AND key = ?',
      )
      .run(answers, by, at, auditId, key).changes === 1
  );
}

// ——— Imported vendor logs ———

export type AuditImportRow = {
  id: number;
  vendor: 'flock';
  fileName: string;
  sha256: string;
  rows: number;
  importedAt: string;
  importedBy: string;
};

export function insertImport(
  db: WritableDB,
  i: Omit<AuditImportRow, 'id'>,
  inquiries: readonly Inquiry[],
  lines: readonly number[],
): number {
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO audit_imports (vendor, file_name, sha256, rows, imported_at, imported_by)
       VALUES (@vendor, @fileName, @sha256, @rows, @importedAt, @importedBy)`,
    )
    .run(i);
  const id = Number(lastInsertRowid);
  const stmt = db.prepare('INSERT INTO audit_import_rows (import_id, line, inquiry) VALUES (?, ?, ?)');
  inquiries.forEach((q, n) => stmt.run(id, lines[n]!, JSON.stringify(q)));
  return id;
}

export function getImport(db: ReadableDB, id: number): AuditImportRow | null {
  return (
    (db
      .prepare(
        'SELECT id, vendor, file_name AS fileName, sha256, rows, imported_at AS importedAt, imported_by AS importedBy FROM audit_imports WHERE id = ?',
      )
      .get(id) as AuditImportRow | undefined) ?? null
  );
}

export function listImports(db: ReadableDB): AuditImportRow[] {
  return db
    .prepare(
      'SELECT id, vendor, file_name AS fileName, sha256, rows, imported_at AS importedAt, imported_by AS importedBy FROM audit_imports ORDER BY id DESC',
    )
    .all() as AuditImportRow[];
}

export function* iterateImportRows(db: ReadableDB, importId: number): Generator<Inquiry> {
  const stmt = db.prepare('SELECT inquiry FROM audit_import_rows WHERE import_id = ? ORDER BY line').pluck();
  for (const json of stmt.iterate(importId) as Iterable<string>) yield JSON.parse(json) as Inquiry;
}

// ——— The agency-wide log ———

export type AgencyWorkstationRow = {
  workstationId: string;
  name: string | null;
  verdict: string;
  headSeq: number;
  lastPushedAt: string | null;
  fetchedAt: string;
};

export function upsertAgencyLinks(
  db: WritableDB,
  workstationId: string,
  links: readonly { seq: number; body: string; hash: string }[],
): void {
  const stmt = db.prepare('INSERT OR REPLACE INTO agency_log (workstation_id, seq, body, hash) VALUES (?, ?, ?, ?)');
  for (const l of links) stmt.run(workstationId, l.seq, l.body, l.hash);
}

export function agencyLogHead(db: ReadableDB, workstationId: string): number {
  const row = db.prepare('SELECT max(seq) AS seq FROM agency_log WHERE workstation_id = ?').get(workstationId) as {
    seq: number | null;
  };
  return row.seq ?? 0;
}

export function upsertAgencyWorkstation(db: WritableDB, w: AgencyWorkstationRow): void {
  db.prepare(
    `INSERT OR REPLACE INTO agency_log_workstations (workstation_id, name, verdict, head_seq, last_pushed_at, fetched_at)
     VALUES (@workstationId, @name, @verdict, @headSeq, @lastPushedAt, @fetchedAt)`,
  ).run(w);
}

export function agencyWorkstations(db: ReadableDB): AgencyWorkstationRow[] {
  return db
    .prepare(
      `SELECT workstation_id AS workstationId, name, verdict, head_seq AS headSeq, last_pushed_at AS lastPushedAt,
              fetched_at AS fetchedAt FROM agency_log_workstations ORDER BY workstation_id`,
    )
    .all() as AgencyWorkstationRow[];
}

/** Every other workstation's links, in workstation then seq order (the local log is read from audit_log). */
export function* iterateAgencyLog(
  db: ReadableDB,
  exceptWorkstation: string,
): Generator<{ workstationId: string; seq: number; body: string }> {
  const stmt = db
    .prepare('SELECT workstation_id, seq, body FROM agency_log WHERE workstation_id <> ? ORDER BY workstation_id, seq')
    .raw();
  for (const r of stmt.iterate(exceptWorkstation) as Iterable<[string, number, string]>) {
    yield { workstationId: r[0], seq: r[1], body: r[2] };
  }
}

export function agencyLogBody(db: ReadableDB, workstationId: string, seq: number): string | null {
  const row = db.prepare('SELECT body FROM agency_log WHERE workstation_id = ? AND seq = ?').get(workstationId, seq) as
    { body: string } | undefined;
  return row?.body ?? null;
}

/** Detections captured before `beforeMs` (retention compliance in the audit memo): how many, and the oldest. */
export function detectionsCapturedBefore(db: ReadableDB, beforeMs: number): { count: number; oldestMs: number | null } {
  const row = db
    .prepare('SELECT count(*) AS count, min(seen_at) AS oldest FROM detections WHERE seen_at < ?')
    .get(beforeMs) as {
    count: number;
    oldest: number | null;
  };
  return { count: row.count, oldestMs: row.oldest };
}

/** The last seq held of each workstation in the agency-wide log, and its hash (where the next page continues). */
export function agencyLogHeads(db: ReadableDB): Map<string, { seq: number; hash: string }> {
  const rows = db
    .prepare(
      `SELECT l.workstation_id AS ws, l.seq, l.hash FROM agency_log l
       JOIN (SELECT workstation_id, max(seq) AS seq FROM agency_log GROUP BY workstation_id) h
         ON h.workstation_id = l.workstation_id AND h.seq = l.seq`,
    )
    .all() as { ws: string; seq: number; hash: string }[];
  return new Map(rows.map((r) => [r.ws, { seq: r.seq, hash: r.hash }]));
}

export function agencyLogCount(db: ReadableDB): number {
  return (db.prepare('SELECT count(*) AS n FROM agency_log').get() as { n: number }).n;
}
