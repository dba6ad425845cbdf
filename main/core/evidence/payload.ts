/**
 * The package's data files as text (docs/evidence-package.md, "data/"): the detections as CSV and GeoJSON with
 * every field, the original read beside every correction (who, when, why), the hits, the OCR re-reads, and the
 * access-log segment. The detections CSV starts with the columns of a case's CSV export (core/cases/csv), so
 * one reader reads both.
 */
import { canonicalJson } from '../shared/canonicalJson';
import { csvLine, sheetSafe, type CsvValue } from '../shared/csv';
import { CASE_CSV_COLUMNS, caseCsvRow, localTime } from '../cases/csv';
import { currentPlate, type EvidenceContent, type PackageDetection, type SegmentLink } from './content';

export const DETECTION_COLUMNS = [
  ...CASE_CSV_COLUMNS,
  'record_version',
  'seen_at_epoch_ms',
  'current_plate',
  'corrections',
  'ocr_rereads',
  'hits',
  'plate_image_sha256',
  'plate_image_file',
  'overview_image_sha256',
  'overview_image_file',
  'image_note',
] as const;

function detectionRow(d: PackageDetection, timeZone: string): CsvValue[] {
  return [
    ...caseCsvRow(d, timeZone),
    d.version,
    Date.parse(d.detection.seenAt),
    sheetSafe(currentPlate(d)),
    d.corrections.length,
    d.reads.length,
    d.hits.length,
    d.plate?.sha256 ?? null,
    d.plate?.file ?? null,
    d.overview?.sha256 ?? null,
    d.overview?.file ?? null,
    sheetSafe(d.imageNote),
  ];
}

export const HIT_COLUMNS = [
  'detection_id',
  'hit_id',
  'list_id',
  'list_name',
  'entry_id',
  'plate',
  'state',
  'hit_at_utc',
  'status',
  'disposition',
  'step',
  'step_at_utc',
  'step_status',
  'step_by',
  'step_note',
] as const;

export const OCR_READ_COLUMNS = [
  'detection_id',
  'read_id',
  'at_utc',
  'username',
  'original_plate',
  'reread_plate',
  'confidence',
  'variant',
  'candidates',
  'doubt',
  'error',
] as const;

export const CORRECTION_COLUMNS = [
  'detection_id',
  'correction_id',
  'at_utc',
  'username',
  'original_plate',
  'corrected_plate',
  'chosen',
  'ocr_read_id',
  'reason',
] as const;

function* csv(columns: readonly string[], rows: Iterable<CsvValue[]>): Generator<string> {
  yield `${columns.join(',')}\r\n`;
  for (const r of rows) yield `${csvLine(r)}\r\n`;
}

export function detectionsCsv(c: EvidenceContent): string {
  return [
    ...csv(
      DETECTION_COLUMNS,
      c.detections.map((d) => detectionRow(d, c.timeZone)),
    ),
  ].join('');
}

/**
 * One line per hit and step of its state trail; a hit whose trail the store does not keep has one line with
 * step 0 and its current status (see docs/evidence-package.md).
 */
export function hitsCsv(c: EvidenceContent): string {
  const rows: CsvValue[][] = [];
  for (const d of c.detections) {
    for (const h of d.hits) {
      const head: CsvValue[] = [
        d.detectionId,
        h.id,
        sheetSafe(h.listId),
        sheetSafe(h.listName),
        h.entryId,
        sheetSafe(h.plate),
        sheetSafe(h.state),
        h.at,
        sheetSafe(h.status),
        sheetSafe(h.disposition),
      ];
      if (h.trail.length === 0) rows.push([...head, 0, null, null, null, null]);
      h.trail.forEach((s, i) =>
        rows.push([...head, i + 1, s.at, sheetSafe(s.status), sheetSafe(s.by), sheetSafe(s.note)]),
      );
    }
  }
  return [...csv(HIT_COLUMNS, rows)].join('');
}

export function ocrReadsCsv(c: EvidenceContent): string {
  const rows = c.detections.flatMap((d) =>
    d.reads.map((r): CsvValue[] => [
      d.detectionId,
      r.id,
      r.at,
      sheetSafe(r.username),
      sheetSafe(r.originalPlate),
      sheetSafe(r.plate),
      r.confidence,
      sheetSafe(r.variant),
      sheetSafe(r.candidates.join(' ')),
      r.doubt,
      sheetSafe(r.error),
    ]),
  );
  return [...csv(OCR_READ_COLUMNS, rows)].join('');
}

export function correctionsCsv(c: EvidenceContent): string {
  const rows = c.detections.flatMap((d) =>
    d.corrections.map((x): CsvValue[] => [
      d.detectionId,
      x.id,
      x.at,
      sheetSafe(x.username),
      sheetSafe(x.originalPlate),
      sheetSafe(x.correctedPlate),
      x.chosen,
      x.ocrReadId,
      sheetSafe(x.reason),
    ]),
  );
  return [...csv(CORRECTION_COLUMNS, rows)].join('');
}

/** GeoJSON (RFC 7946): one Point per detection, longitude first, with every field of the CSV as properties. */
export function detectionsGeoJson(c: EvidenceContent): string {
  const features = c.detections.map((d) => ({
    type: 'Feature',
    id: d.detectionId,
    geometry: { type: 'Point', coordinates: [d.detection.lon, d.detection.lat] },
    properties: {
      caseNumber: c.caseNumber,
      itemId: d.itemId,
      detectionId: d.detectionId,
      recordVersion: d.version,
      plateAsRead: d.detection.plate,
      currentPlate: currentPlate(d),
      state: d.detection.state,
      seenAtUtc: d.detection.seenAt,
      seenAtLocal: localTime(d.detection.seenAt, c.timeZone),
      timeZone: c.timeZone,
      cameraId: d.detection.cameraId,
      cameraName: d.detection.cameraName,
      heading: d.detection.heading,
      make: d.detection.make,
      model: d.detection.model,
      color: d.detection.color,
      body: d.detection.body,
      features: d.detection.features,
      readConfidence: d.detection.confidence,
      note: d.note,
      source: d.source,
      addedBy: d.addedBy,
      addedByName: d.addedByName,
      addedAtUtc: d.addedAt,
      plateImage: d.plate,
      overviewImage: d.overview,
      imageNote: d.imageNote,
      corrections: d.corrections,
      ocrRereads: d.reads,
      hits: d.hits,
    },
  }));
  return `${JSON.stringify({ type: 'FeatureCollection', features }, null, 1)}\n`;
}

/**
 * The access-log segment: a header line, then every link from the first record about this package to the last,
 * in order. A record about this package carries its body (the canonical JSON its hash covers); any other record
 * (another case, a sign-in) carries only its seq and hashes, so the links still join without showing it.
 */
export function accessLogNdjson(segment: readonly SegmentLink[]): string {
  const withBody = segment.filter((l) => l.body !== null).length;
  const header = {
    segment: {
      from: segment[0]?.seq ?? null,
      to: segment[segment.length - 1]?.seq ?? null,
      links: segment.length,
      withContent: withBody,
      hash: 'sha256(prevHash + "\\n" + seq + "\\n" + body)',
    },
  };
  const lines = [canonicalJson(header)];
  for (const l of segment)
    lines.push(
      canonicalJson(
        l.body === null
          ? { seq: l.seq, prevHash: l.prevHash, hash: l.hash, withheld: 'not about this package' }
          : { seq: l.seq, prevHash: l.prevHash, hash: l.hash, body: l.body },
      ),
    );
  return `${lines.join('\n')}\n`;
}
