import type { CaseItem, Detection } from '../../../../preload/contract';
import { DETECTION_ORDER, stableSort, type DetectionSortKey } from '../../shared/detectionSort';

/** The case view's orders: what the camera saw (by detection), and who collected it, why and when. */
export type CaseSortKey = DetectionSortKey | 'note' | 'addedBy' | 'addedAt';
export type CaseSort = { key: CaseSortKey; dir: 'asc' | 'desc' };

/** Chronological: a case is read as what happened when. */
export const DEFAULT_CASE_SORT: CaseSort = { key: 'time', dir: 'asc' };

/** A collected detection as a row of the view: keyed by its detection (in a case once at a time). */
export type CaseRow = Omit<CaseItem, 'id'> & { id: number; itemId: number };

export function caseRows(items: readonly CaseItem[]): CaseRow[] {
  return items.map((i) => ({ ...i, itemId: i.id, id: i.detectionId }));
}

const byDetection =
  (cmp: (a: Detection, b: Detection) => number) =>
  (a: CaseRow, b: CaseRow): number =>
    // Purged detections (null) last.
    a.detection && b.detection ? cmp(a.detection, b.detection) : a.detection ? -1 : b.detection ? 1 : 0;

const ORDER: Record<CaseSortKey, (a: CaseRow, b: CaseRow) => number> = {
  plate: byDetection(DETECTION_ORDER.plate),
  state: byDetection(DETECTION_ORDER.state),
  time: byDetection(DETECTION_ORDER.time),
  camera: byDetection(DETECTION_ORDER.camera),
  vehicle: byDetection(DETECTION_ORDER.vehicle),
  note: (a, b) => a.note.localeCompare(b.note),
  addedBy: (a, b) => (a.addedBy.fullName ?? a.addedBy.username).localeCompare(b.addedBy.fullName ?? b.addedBy.username),
  addedAt: (a, b) => (a.addedAt < b.addedAt ? -1 : a.addedAt > b.addedAt ? 1 : a.itemId - b.itemId),
};

export function sortCase(rows: readonly CaseRow[], sort: CaseSort): CaseRow[] {
  return stableSort(rows, ORDER[sort.key], sort.dir);
}
