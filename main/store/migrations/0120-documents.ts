import type { SqlDatabase } from '../../../native/sqlcipher';

export const version = 120;

/**
 * The register of documents the workstation issued (docs/documents.md): each PDF's id, kind, case, who made it and
 * when, its pages, the SHA-256 of the PDF and of its content as data (the hash printed in its footer), and where it
 * was written. A printed page can be checked against it years later. Never rewritten or deleted.
 */
export function updateToSchemaVersion120(db: SqlDatabase): void {
  db.exec(`
    CREATE TABLE documents (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      title TEXT NOT NULL,
      case_number TEXT,
      subject TEXT,
      created_at TEXT NOT NULL,
      created_by TEXT NOT NULL,
      pages INTEGER NOT NULL CHECK (pages > 0),
      bytes INTEGER NOT NULL CHECK (bytes > 0),
      pdf_sha256 TEXT NOT NULL CHECK (length(pdf_sha256) = 64),
      content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64),
      path TEXT
    ) STRICT;
    CREATE INDEX documents_by_case ON documents (case_number, created_at);
    CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents
      BEGIN SELECT RAISE(ABORT, 'the document register is never deleted from'); END;
    CREATE TRIGGER documents_no_update BEFORE UPDATE ON documents
      BEGIN SELECT RAISE(ABORT, 'a registered document is not rewritten'); END;
  `);
}
