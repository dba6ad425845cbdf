/**
 * Documents (docs/documents.md): the PDFs the workstation issues (evidence reports now; release packets, audit
 * memos, certificates later), each registered with its hashes. The renderer never receives a PDF's bytes: main
 * opens it with the system's viewer.
 */
export type DocumentInfo = {
  id: string;
  kind: string;
  title: string;
  caseNumber: string | null;
  createdAt: string;
  createdBy: string;
  pages: number;
  bytes: number;
  pdfSha256: string;
  /** SHA-256 of the content as data (the JSON beside the PDF), printed in every page's footer. */
  contentSha256: string;
  /** Where the PDF was written, or null when it lives only inside a package. */
  path: string | null;
};

export type DocumentsContract = {
  /** Opens a registered document with the system's PDF viewer. Audited. */
  'documents.open': (args: { documentId: string }) => { opened: true; path: string };
};

export const DOCUMENTS_METHODS = ['documents.open'] as const satisfies readonly (keyof DocumentsContract)[];
