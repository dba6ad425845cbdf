import { sheetSafe, type CsvValue } from '../shared/csv';
import { CASE_SOURCES, type CaseSource } from './collection';

/**
 * The columns of a case's CSV export (docs/cases.md): one row per collected detection, what the camera read,
 * and why, by whom and when it was collected. Times are UTC ISO 8601 and, beside them, the agency's local time.
 * A detection purged since it was collected keeps its row, with `status` "purged" and its fields empty.
 */
export const CASE_CSV_COLUMNS = [
  'case_number',
  'item_id',
  'detection_id',
  'status',
  'plate',
  'state',
  'seen_at_utc',
  'seen_at_local',
  'camera_id',
  'camera_name',
  'heading',
  'latitude',
  'longitude',
  'make',
  'model',
  'color',
  'body',
  'features',
  'read_confidence',
  'note',
  'source',
  'added_by',
  'added_by_name',
  'added_at_utc',
] as const;

export type CaseCsvItem = {
  caseNumber: string;
  itemId: number;
  detectionId: number;
  note: string;
  source: CaseSource | string;
  addedBy: string;
  addedByName: string | null;
  addedAt: string;
  detection: {
    plate: string;
    state: string | null;
    seenAt: string;
    cameraId: string;
    cameraName: string | null;
    heading: string | null;
    lat: number;
    lon: number;
    make: string | null;
    model: string | null;
    color: string | null;
    body: string | null;
    features: string[];
    confidence: number;
  } | null;
};

/** `2026-11-20 14:02:11` in `timeZone`. */
export function localTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}:${p('second')}`;
}

export function caseCsvRow(i: CaseCsvItem, timeZone: string): CsvValue[] {
  const d = i.detection;
  return [
    sheetSafe(i.caseNumber),
    i.itemId,
    i.detectionId,
    d ? 'present' : 'purged',
    sheetSafe(d?.plate),
    sheetSafe(d?.state),
    d ? d.seenAt : null,
    d ? localTime(d.seenAt, timeZone) : null,
    sheetSafe(d?.cameraId),
    sheetSafe(d?.cameraName),
    sheetSafe(d?.heading),
    d ? d.lat : null,
    d ? d.lon : null,
    sheetSafe(d?.make),
    sheetSafe(d?.model),
    sheetSafe(d?.color),
    sheetSafe(d?.body),
    d ? sheetSafe(d.features.join('; ')) : null,
    d ? d.confidence : null,
    sheetSafe(i.note),
    sheetSafe(CASE_SOURCES[i.source as CaseSource] ?? i.source),
    sheetSafe(i.addedBy),
    sheetSafe(i.addedByName),
    i.addedAt,
  ];
}
