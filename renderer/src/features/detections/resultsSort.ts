import type { SearchRow } from '../../../../preload/contract';

export type SortKey = 'rank' | 'plate' | 'state' | 'time' | 'camera' | 'vehicle';
export type Sort = { key: SortKey; dir: 'asc' | 'desc' };

/** The service's order: best match first, newest first within a match. */
export const DEFAULT_SORT: Sort = { key: 'rank', dir: 'asc' };

const text = (s: string | null | undefined) => s ?? '\uffff';

const compare: Record<Exclude<SortKey, 'rank'>, (a: SearchRow, b: SearchRow) => number> = {
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

/** Sorted rows (a new array; the rank order is the service's and is kept as is). Ties keep rank order. */
export function sortRows(rows: readonly SearchRow[], sort: Sort): readonly SearchRow[] {
  if (sort.key === 'rank') return sort.dir === 'asc' ? rows : [...rows].reverse();
  const cmp = compare[sort.key];
  const sign = sort.dir === 'asc' ? 1 : -1;
  const indexed = rows.map((row, i) => ({ row, i }));
  indexed.sort((a, b) => sign * cmp(a.row, b.row) || a.i - b.i);
  return indexed.map((x) => x.row);
}

/** Clicking a header: a new column sorts ascending (time newest first), the same column flips. */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: key === 'time' ? 'desc' : 'asc' };
}

export type TierCounts = { exact: number; similar: number; near: number; none: number };

/** Rows per match tier (rows without a plate term have no tier). */
export function tierCounts(rows: readonly SearchRow[]): TierCounts {
  const c: TierCounts = { exact: 0, similar: 0, near: 0, none: 0 };
  for (const r of rows) c[r.match ? r.match.tier : 'none']++;
  return c;
}
