/**
 * What an evidence package holds, as the services gather it from the store: the collected detections with their
 * images, reads, corrections and hits, the access-log records that found them, and who made the package. Every
 * file of the package (CSV, GeoJSON, the CASE graph, the report) is written from this one value.
 */
import type { CaseCsvItem } from '../cases/csv';

export type ImageRef = {
  sha256: string;
  mime: string;
  byteLength: number;
  /** Path in the bag (`data/images/<sha256>.png`). */
  file: string;
};

export type OcrReadFact = {
  id: number;
  at: string;
  username: string | null;
  originalPlate: string;
  plate: string | null;
  confidence: number | null;
  variant: string | null;
  candidates: string[];
  doubt: number | null;
  error: string | null;
};

export type CorrectionFact = {
  id: number;
  at: string;
  username: string;
  originalPlate: string;
  correctedPlate: string;
  chosen: string;
  ocrReadId: number | null;
  reason: string;
};

/** A hit as the store holds it. `trail` is its state history where the store keeps one (hot lists, issue 16). */
export type HitFact = {
  id: number;
  listId: string;
  listName: string | null;
  entryId: number;
  plate: string;
  state: string | null;
  at: string;
  status: string;
  disposition: string | null;
  trail: { at: string; status: string; by: string | null; note: string | null }[];
};

export type PackageDetection = CaseCsvItem & {
  detection: NonNullable<CaseCsvItem['detection']>;
  version: number;
  plate: ImageRef | null;
  overview: ImageRef | null;
  /** Why an image named by the detection is not in the package (never fetched and unreachable now), or null. */
  imageNote: string | null;
  reads: OcrReadFact[];
  corrections: CorrectionFact[];
  hits: HitFact[];
};

/** An access-log record that found or collected detections of this package. */
export type AccessFact = {
  seq: number;
  at: string;
  action: string;
  outcome: string;
  username: string | null;
  fullName: string | null;
  purpose: string | null;
  /** The query or what was done, in a line. */
  summary: string;
  /** The detections of this package the record names. */
  detectionIds: number[];
};

/** One link of the access-log segment in the package: its body when it is about this package, else withheld. */
export type SegmentLink = { seq: number; prevHash: string; hash: string; body: string | null };

export type CustodyFact = {
  id: number;
  at: string;
  action: string;
  fromPerson: string | null;
  toPerson: string;
  recordedBy: string;
  location: string | null;
  note: string | null;
};

export type Person = { username: string; fullName: string | null };

export type EvidenceContent = {
  agency: { name: string; ori: string | null };
  caseNumber: string;
  itemNumber: string;
  technician: Person;
  /** When the package was made (ISO UTC). */
  createdAt: string;
  timeZone: string;
  canvassVersion: string;
  key: { fingerprint: string; publicKeyPem: string };
  /** The ALPR program's designee (policy), when the access domain records one; null otherwise. */
  designee: { title: string; name: string } | null;
  detections: PackageDetection[];
  access: AccessFact[];
  segment: SegmentLink[];
  cameras: { id: string; name: string; lat: number | null; lon: number | null }[];
  custody: CustodyFact[];
  /** Known once the package was written, verified and booked (the report printed after booking shows it). */
  booking: { tagManifestSha256: string; bookedAt: string; medium: string; folder: string } | null;
};

export function imagesOf(d: PackageDetection): ImageRef[] {
  return [d.plate, d.overview].filter((i): i is ImageRef => i !== null);
}

/** Every image once (two detections may share one), in detection order. */
export function uniqueImages(detections: readonly PackageDetection[]): ImageRef[] {
  const seen = new Map<string, ImageRef>();
  for (const d of detections) for (const i of imagesOf(d)) if (!seen.has(i.sha256)) seen.set(i.sha256, i);
  return [...seen.values()];
}

/** The plate as it stands after its latest correction (the original read stays in `detection.plate`). */
export function currentPlate(d: PackageDetection): string {
  return d.corrections.length ? d.corrections[d.corrections.length - 1]!.correctedPlate : d.detection.plate;
}
