/**
 * Documents: the PDF toolkit every agency document uses (docs/documents.md) and the register of issued documents.
 * Other domains build a `DocumentSpec` (core/documents/spec.ts) and call `issueDocument` (or, on a worker of their
 * own, `renderDocument` + `writeDocumentFiles` + `registerDocument`); main renders off its thread with
 * `renderInWorker`.
 */
export { documentsHandlers } from './documents.handlers';
export { renderDocument, type RenderedDocument, type RenderOptions } from './render';
export { issueDocument, registerDocument, unusedDocumentId, writeDocumentFiles, type IssuedDocument } from './issue';
export { renderInWorker } from './renderWorker';
