import type { SearchRow } from '../../../../preload/contract';
import { DETECTION_ORDER, stableSort, type DetectionSortKey } from '../../shared/detectionSort';

export type SortKey = 'rank' | DetectionSortKey;
export type Sort = { key: SortKey; dir: 'asc' | 'desc' };

/** The service's order: best match first, newest first within a match. */
export const DEFAULT_SORT: Sort = { key: 'rank', dir: 'asc' };

/** Sorted rows (a new array; the rank order is the service's and is kept as is). Ties keep rank order. */
export function sortRows(rows: readonly SearchRow[], sort: Sort): readonly SearchRow[] {
  if (sort.key === 'rank') return sort.dir === 'asc' ? rows : [...rows].reverse();
  return stableSort(rows, DETECTION_ORDER[sort.key], sort.dir);
}

export type TierCounts = { exact: number; similar: number; near: number; none: number };

/** Rows per match tier (rows without a plate term have no tier). */
export function tierCounts(rows: readonly SearchRow[]): TierCounts {
  const c: TierCounts = { exact: 0, similar: 0, near: 0, none: 0 };
  for (const r of rows) c[r.match ? r.match.tier : 'none']++;
  return c;
}
