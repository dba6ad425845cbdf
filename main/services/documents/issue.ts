import { join } from 'node:path';
import type { DocumentSpec } from '../../core/documents/spec';
import { inTransaction, type ReadableDB, type WritableDB } from '../../store/db';
import { getDocument, insertDocument, type DocumentRow } from '../../store/repos/documents';
import { writeBytesAtomically } from '../kernel/atomicFile';
import { renderDocument, type RenderedDocument, type RenderOptions } from './render';

/** A document as the register keeps it and the screens show it. */
export type IssuedDocument = DocumentRow;

/**
 * Registers a rendered document in the store (`documents`), in the caller's transaction or its own. `path` is where
 * its PDF was written (its JSON beside it), or null when it lives only inside a package.
 */
export function registerDocument(
  db: WritableDB,
  spec: DocumentSpec,
  rendered: RenderedDocument,
  subject: string | null,
  path: string | null,
): IssuedDocument {
  const row: DocumentRow = {
    id: spec.meta.documentId,
    kind: spec.meta.kind,
    title: spec.meta.subtitle ? `${spec.meta.title} — ${spec.meta.subtitle}` : spec.meta.title,
    caseNumber: spec.meta.caseNumber,
    subject,
    createdAt: spec.meta.createdAt,
    createdBy: spec.meta.createdBy.username,
    pages: rendered.pages,
    bytes: rendered.pdf.length,
    pdfSha256: rendered.pdfSha256,
    contentSha256: rendered.contentSha256,
    path,
  };
  if (db.inTransaction) insertDocument(db, row);
  else inTransaction(db, () => insertDocument(db, row));
  return row;
}

/**
 * `id`, or `id-2`, `id-3`… when a document with that id was issued already: an id names the second a document was
 * made, and the same document may be printed twice in one second.
 */
export function unusedDocumentId(db: ReadableDB, id: string): string {
  let candidate = id;
  for (let n = 2; getDocument(db, candidate); n++) candidate = `${id}-${n}`;
  return candidate;
}

/** `<dir>/<documentId>.pdf` and `.json`, each written through a temporary file, fsynced and renamed. */
export function writeDocumentFiles(dir: string, documentId: string, rendered: RenderedDocument): string {
  const pdf = join(dir, `${documentId}.pdf`);
  writeBytesAtomically(join(dir, `${documentId}.json`), rendered.json);
  writeBytesAtomically(pdf, rendered.pdf);
  return pdf;
}

/** Renders, writes into `dir` and registers: what a later document (release packet, memo, certificate) calls. */
export async function issueDocument(
  db: WritableDB,
  spec: DocumentSpec,
  options: RenderOptions & { dir: string; subject: string | null },
): Promise<IssuedDocument> {
  spec.meta.documentId = unusedDocumentId(db, spec.meta.documentId);
  const rendered = await renderDocument(spec, options);
  const path = writeDocumentFiles(options.dir, spec.meta.documentId, rendered);
  return registerDocument(db, spec, rendered, options.subject, path);
}
