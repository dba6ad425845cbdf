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
 * through it (a random table page), a row walked on the time index (its table page is the next one), and an
 * entry of the time index counted without its row (0.03–0.2 µs measured; the dearer end, as a bound).
 */
export const COST = { seek: 3, plateRow: 6, windowRow: 1, countRow: 0.2 } as const;

/** Counting the window may cost at most this share of the plate plan's estimate. */
export const COUNT_SHARE = 0.1;

export type StoreShape = {
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
 * The plate plan's estimate, tier by tier: it fetches a tier's rows newest first (days in doubling chunks) until
 * the page is full, so its last tier is charged only the share of seeks and rows it needs. `tierPlates` may be
 * fed lazily: the estimate stops asking once the page is expected full (the near-miss tier of a short pattern
 * is a large scan of the dictionary, and is then never made).
 */
export function platePlanCost(tierPlates: Iterable<number>, e: StoreShape): { cost: number; tiers: number } {
  let cost = 0;
  let found = 0;
  let tiers = 0;
  for (const plates of tierPlates) {
    tiers++;
    const rows = plates * e.rowsPerPlateDay * e.days;
    const share = rows * e.keep > 0 ? Math.min(1, (e.want - found) / (rows * e.keep)) : 1;
    cost += share * (plates * e.days * COST.seek + rows * COST.plateRow);
    found += rows * e.keep;
    if (found >= e.want) break;
  }
  return { cost, tiers };
}

/**
 * The share of the window the window plan walks: newest first, it stops once the page holds `want` rows of the
 * exact tier (nothing ranks above them); otherwise it walks all of it.
 */
export function windowShare(exactPlates: number, e: StoreShape): number {
  const exactRows = exactPlates * e.rowsPerPlateDay * e.days * e.keep;
  return exactRows > 0 ? Math.min(1, e.want / exactRows) : 1;
}

/**
 * The window plan wins when the window holds fewer rows than this; the service counts the window on the time
 * index up to this many and no further (an index-only walk, a fraction of what the plan itself would cost).
 */
export function windowRowsToWin(platePlanCostUs: number, share: number): number {
  return Math.floor(platePlanCostUs / (COST.windowRow * share));
}

/**
 * How far the service counts the window: to where the window plan would lose, but never past what would cost
 * more than COUNT_SHARE of the plate plan (a count stopped there leaves the choice to the density estimate).
 */
export function windowRowsToCount(platePlanCostUs: number, share: number): number {
  return Math.min(windowRowsToWin(platePlanCostUs, share), Math.floor((platePlanCostUs * COUNT_SHARE) / COST.countRow));
}

export type Plan = { driver: SearchDriver; platesCost: number; windowCost: number | null };

/** `windowRows` counted up to `windowRowsToWin(platesCost, share)`: at the cap the window is not cheaper. */
export function choosePlan(platesCost: number, share: number, windowRows: number): Plan {
  const cap = windowRowsToWin(platesCost, share);
  if (windowRows >= cap) return { driver: 'plates', platesCost, windowCost: null };
  return { driver: 'time', platesCost, windowCost: windowRows * share * COST.windowRow };
}

/** The window walk of one bucket must be estimated this many times cheaper than its plates (cold pages). */
export const BUCKET_MARGIN = 2;

/**
 * One bucket of the plate plan (a tier's plates), fetched by its plates or by a walk of the window that stops
 * at `limit` of its rows: both give its newest `limit` rows. By the plates it reads whole days newest first, at
 * least one, each a seek per plate and every row of the bucket that day; the walk reads the window's rows until
 * it expects `limit` of the bucket's. A near-miss tier of a suffix (14,000 plates at 10 M) is the case: one day
 * of it is 14,000 seeks and 3,000 rows read to keep 36, where the walk reads a few thousand rows of the window.
 */
export function bucketDriver(plates: number, limit: number, e: StoreShape, windowRows: number): SearchDriver {
  const rows = plates * e.rowsPerPlateDay * e.days;
  const kept = rows * e.keep;
  const share = kept > 0 ? Math.min(1, limit / kept) : 1;
  const days = Math.max(1, Math.ceil(share * e.days));
  const byPlates = days * (plates * COST.seek + (rows / Math.max(1, e.days)) * COST.plateRow);
  const byWindow = windowRows * share * COST.windowRow;
  return byWindow * BUCKET_MARGIN < byPlates ? 'time' : 'plates';
}
