import type { DocumentInfo } from '../../core/documents/spec';
import type { ReadableDB, WritableDB } from '../db';

/** The register of issued documents (migration 0120): what the screens see, and what the document is about. */
export type DocumentRow = DocumentInfo & { subject: string | null };

const COLUMNS = `id, kind, title, case_number AS caseNumber, subject, created_at AS createdAt, created_by AS createdBy,
  pages, bytes, pdf_sha256 AS pdfSha256, content_sha256 AS contentSha256, path`;

export function insertDocument(db: WritableDB, d: DocumentRow): void {
  db.prepare(
    `INSERT INTO documents (id, kind, title, case_number, subject, created_at, created_by, pages, bytes, pdf_sha256, content_sha256, path)
     VALUES (@id, @kind, @title, @caseNumber, @subject, @createdAt, @createdBy, @pages, @bytes, @pdfSha256, @contentSha256, @path)`,
  ).run(d);
}

export function getDocument(db: ReadableDB, id: string): DocumentRow | null {
  return (db.prepare(`SELECT ${COLUMNS} FROM documents WHERE id = ?`).get(id) as DocumentRow | undefined) ?? null;
}

export function documentsAbout(db: ReadableDB, kind: string, subject: string): DocumentRow[] {
  return db
    .prepare(`SELECT ${COLUMNS} FROM documents WHERE kind = ? AND subject = ? ORDER BY created_at, id`)
    .all(kind, subject) as DocumentRow[];
}
