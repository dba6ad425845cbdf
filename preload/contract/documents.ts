/**
 * Documents (docs/documents.md): the PDFs the workstation issues (evidence reports now; release packets, audit
 * memos, certificates later), each registered with its hashes. The renderer never receives a PDF's bytes: main
 * opens it with the system's viewer.
 */
import type { DocumentInfo } from '../../main/core/documents/spec';

export type { DocumentInfo };

export type DocumentsContract = {
  /** Opens a registered document with the system's PDF viewer. Audited. */
  'documents.open': (args: { documentId: string }) => { opened: true; path: string };
};

export const DOCUMENTS_METHODS = ['documents.open'] as const satisfies readonly (keyof DocumentsContract)[];
