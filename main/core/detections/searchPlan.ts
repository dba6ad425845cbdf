/**
 * How a plate search with a time window is driven (docs/search.md, "Choosing the plan"): by the plates (one
 * seek of the (day, plate) index per plate and day, then the rows found) or by the window (one walk of the
 * time index over the window, each row tested against the matched plates and the filters). The cheaper by an
 * estimate wins, as a query planner would choose; both give the same rows in the same order. Pure.
 */

export type SearchDriver = 'plates' | 'time';

/**
 * Cost units in microseconds per step, measured on the 1,000,000-detection bench store of seed 7 (never on the
 * stores whose figures are reported): a seek of the (day, plate) index that finds nothing, a row fetched
 * through it (a random table page), and a row walked on the time index (its table page is the next one).
 */
export const COST = { seek: 3, plateRow: 6, windowRow: 1 } as const;

export type PlatePlanEstimate = {
  /** Plates of each tier, in the order they are fetched (exact, similar, near). */
  tierPlates: readonly number[];
  /** UTC days the window covers (the plate plan seeks each plate on each). */
  days: number;
  /** Detections per plate per day on average: rows / (dictionary plates × days the store spans). */
  rowsPerPlateDay: number;
  /** Share of rows the other filters keep (area, cameras, description), 1 without any. */
  keep: number;
  /** Rows the page wants (limit + 1). */
  want: number;
};

/**
 * The plate plan fetches tier after tier until the page is full; its cost is the seeks and row fetches of the
 * tiers it is expected to reach.
 */
export function platePlanCost(e: PlatePlanEstimate): number {
  let cost = 0;
  let found = 0;
  for (const plates of e.tierPlates) {
    if (found >= e.want) break;
    const rows = plates * e.rowsPerPlateDay * e.days;
    cost += plates * e.days * COST.seek + rows * COST.plateRow;
    found += rows * e.keep;
  }
  return cost;
}

/**
 * The window plan walks the whole window (rows are ranked by tier first, so it cannot stop at the first page),
 * so it wins when the window holds fewer rows than this: the rows the plate plan's cost would walk. The service
 * counts the window on the time index up to this many and no further.
 */
export function windowRowsToWin(platePlanCostUs: number): number {
  return Math.floor(platePlanCostUs / COST.windowRow);
}

export type Plan = { driver: SearchDriver; platesCost: number; windowCost: number | null };

/** `windowRows` counted up to `windowRowsToWin(platesCost)`: at the cap the window is not cheaper. */
export function choosePlan(platesCost: number, windowRows: number): Plan {
  const cap = windowRowsToWin(platesCost);
  if (windowRows >= cap) return { driver: 'plates', platesCost, windowCost: null };
  return { driver: 'time', platesCost, windowCost: windowRows * COST.windowRow };
}
