/**
 * Where everything sits in an evidence package (docs/evidence-package.md) and how packages and items are named.
 */
export const PAYLOAD = {
  detectionsCsv: 'data/detections.csv',
  detectionsGeoJson: 'data/detections.geojson',
  hitsCsv: 'data/hits.csv',
  ocrReadsCsv: 'data/ocr-reads.csv',
  correctionsCsv: 'data/corrections.csv',
  accessLog: 'data/access-log.ndjson',
  reportPdf: 'data/evidence-report.pdf',
  reportJson: 'data/evidence-report.json',
} as const;

export const TAG = {
  bagit: 'bagit.txt',
  bagInfo: 'bag-info.txt',
  caseGraph: 'case.jsonld',
  readme: 'README.txt',
  publicKey: 'agency-evidence.pub.pem',
  tagManifest: 'tagmanifest-sha256.txt',
  signature: 'tagmanifest-sha256.txt.sig',
} as const;

/** Written first into a package being written, removed just before it gets its final name. */
export const INCOMPLETE_MARKER = 'INCOMPLETE-DO-NOT-USE.txt';

export const INCOMPLETE_TEXT =
  'This folder is an evidence package that Canvass had not finished writing and verifying.\n' +
  'It is NOT evidence: do not book, copy or rely on it. Build the package again.\n' +
  'A finished package has no INCOMPLETE in its folder name and no copy of this file.\n';

/** Tag files that the tag manifest cannot list: itself and the signature over it. */
export const UNLISTED_TAG_FILES: readonly string[] = [TAG.tagManifest, TAG.signature];

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

/** An image file is named by its SHA-256, with the extension of the type the agency stored it as. */
export function imagePath(sha256: string, mime: string): string {
  return `data/images/${sha256}.${EXTENSIONS[mime] ?? 'bin'}`;
}

/** `26-04417-E01`: the case number and the package's place among the case's booked packages. */
export function itemNumber(caseNumber: string, ordinal: number): string {
  return `${caseNumber}-E${String(ordinal).padStart(2, '0')}`;
}

export function packageFolderName(item: string): string {
  return `canvass-evidence-${safeName(item)}`;
}

/** The folder a package is written in until it verified: plainly marked, and unique per attempt. */
export function incompleteFolderName(item: string, attemptKey: string): string {
  return `INCOMPLETE-${packageFolderName(item)}-${attemptKey.slice(0, 8)}`;
}

export function isIncompleteFolder(name: string): boolean {
  return name.startsWith('INCOMPLETE-');
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_');
}
