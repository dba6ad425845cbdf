/**
 * An agency document as data (docs/documents.md): its meta (what it is, whose, for which case) and its blocks in
 * reading order. The PDF toolkit (services/documents) lays it out; every document is also kept as this data, in
 * canonical JSON beside the PDF, and the SHA-256 of that JSON is printed in the PDF's footer on every page: a
 * printed page names the data it was made from, and anyone can recompute the hash with `sha256sum`.
 *
 * Pure: images travel with their bytes for the renderer; the data version names them by SHA-256 instead.
 */
import { canonicalJson, type Json } from '../shared/canonicalJson';

export const DOCUMENT_FORMAT = 'canvass-document';
export const DOCUMENT_FORMAT_VERSION = 1;

export type DocumentMeta = {
  /** What kind of document: `evidence-report`, later `release-packet`, `audit-memo`, `deletion-certificate`. */
  kind: string;
  /** Unique and printed on every page, e.g. `EVR-26-04417-E01-20261120T091502Z`. */
  documentId: string;
  title: string;
  subtitle: string | null;
  agency: { name: string; ori: string | null };
  caseNumber: string | null;
  /** ISO 8601 UTC. */
  createdAt: string;
  createdBy: { username: string; fullName: string | null };
  /** The agency's zone: times a person reads are printed in it (with UTC beside them where it matters). */
  timeZone: string;
  /** The handling line printed under the header, e.g. "ALPR data — law enforcement use only". */
  handling: string | null;
};

/**
 * An image: named by SHA-256 in the data version. Its bytes travel with it (`bytes`) or the renderer is given a
 * loader for them, so a 1,000-page report never holds every image in memory at once.
 */
export type DocumentImage = { sha256: string; mime: string; byteLength: number; bytes?: Uint8Array };

export type TableColumn = {
  key: string;
  label: string;
  /** Share of the text width (the shares of a table are normalised). */
  width: number;
  align?: 'left' | 'right' | 'center';
  mono?: boolean;
};

export type MapPoint = { lat: number; lon: number; label: string | null; kind: 'subject' | 'camera' };

export type Block =
  | { type: 'heading'; text: string; level: 1 | 2 | 3 }
  | { type: 'paragraph'; text: string; tone?: 'normal' | 'muted' | 'warning' }
  /** Label–value pairs; `mono` values are hashes and ids, set in the fixed-width face. */
  | { type: 'fields'; rows: { label: string; value: string; mono?: boolean }[] }
  /** A table whose header repeats at the top of every page it runs onto. `empty` rows are blank lines to fill in by hand. */
  | { type: 'table'; columns: TableColumn[]; rows: Record<string, string>[]; empty?: number }
  | { type: 'images'; images: { image: DocumentImage | null; caption: string; missing?: string }[] }
  /** A small map drawn from coordinates alone (no tiles): the subject, nearby cameras, a scale bar and north. */
  | { type: 'map'; points: MapPoint[]; caption: string }
  /** Lines to sign by hand: a role each, with a printed name when known. */
  | { type: 'signatures'; lines: { role: string; name: string | null }[] }
  | { type: 'pageBreak' };

export type DocumentSpec = { meta: DocumentMeta; blocks: Block[] };

/** An issued document as the register keeps it and the screens show it. */
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

/** The document as data: its blocks with each image named by SHA-256 (bytes and type), never its bytes. */
export type DocumentData = {
  format: typeof DOCUMENT_FORMAT;
  version: typeof DOCUMENT_FORMAT_VERSION;
  meta: DocumentMeta;
  blocks: Json[];
};

export function documentData(spec: DocumentSpec): DocumentData {
  return {
    format: DOCUMENT_FORMAT,
    version: DOCUMENT_FORMAT_VERSION,
    meta: spec.meta,
    blocks: spec.blocks.map((b) =>
      b.type === 'images'
        ? {
            ...b,
            images: b.images.map((i) => ({
              caption: i.caption,
              image: i.image ? { sha256: i.image.sha256, mime: i.image.mime, byteLength: i.image.byteLength } : null,
              ...(i.missing ? { missing: i.missing } : {}),
            })),
          }
        : (b as unknown as Json),
    ),
  };
}

/** The canonical JSON written beside the PDF; its SHA-256 is the document's hash reference. */
export function documentJson(spec: DocumentSpec): string {
  return canonicalJson(documentData(spec));
}

/** `EVR-26-04417-E01-20261120T091502Z`: a prefix for the kind, the subject, and the second it was made (UTC). */
export function documentId(prefix: string, subject: string, createdAt: string): string {
  const second = createdAt.slice(0, 19).replace(/[-:]/g, '');
  const safe = subject.toUpperCase().replace(/[^A-Z0-9-]+/g, '-');
  return `${prefix}-${safe}-${second}Z`;
}
