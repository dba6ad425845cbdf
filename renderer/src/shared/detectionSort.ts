import type { Detection } from '../../../preload/contract';

/**
 * Orders of detections shared by the screens that list them (search results, a case's collection): by plate,
 * state, time, camera or vehicle, unread values last; and a stable sort that keeps the given order on ties.
 */
export type DetectionSortKey = 'plate' | 'state' | 'time' | 'camera' | 'vehicle';

const text = (s: string | null | undefined) => s ?? '\uffff';

export const DETECTION_ORDER: Record<DetectionSortKey, (a: Detection, b: Detection) => number> = {
  plate: (a, b) => a.plate.localeCompare(b.plate),
  state: (a, b) => text(a.state).localeCompare(text(b.state)),
  // ISO instants from main sort as strings.
  time: (a, b) => (a.seenAt < b.seenAt ? -1 : a.seenAt > b.seenAt ? 1 : 0),
  camera: (a, b) => text(a.cameraName ?? a.cameraId).localeCompare(text(b.cameraName ?? b.cameraId)),
  vehicle: (a, b) =>
    text(a.make).localeCompare(text(b.make)) ||
    text(a.model).localeCompare(text(b.model)) ||
    text(a.color).localeCompare(text(b.color)),
};

/** A new array sorted by `cmp` (descending when asked); ties keep the given order. */
export function stableSort<T>(rows: readonly T[], cmp: (a: T, b: T) => number, dir: 'asc' | 'desc'): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => sign * cmp(a.row, b.row) || a.i - b.i)
    .map((x) => x.row);
}

/** Clicking a header: a new column sorts ascending (times newest first), the same column flips. */
export function nextSort<K extends string>(
  current: { key: K; dir: 'asc' | 'desc' },
  key: K,
  newestFirst: readonly K[] = ['time' as K],
): { key: K; dir: 'asc' | 'desc' } {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: newestFirst.includes(key) ? 'desc' : 'asc' };
}
