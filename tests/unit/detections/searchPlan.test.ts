import { describe, expect, it } from 'vitest';
import {
  bucketDriver,
  choosePlan,
  COST,
  platePlanCost,
  windowRowsToCount,
  windowRowsToWin,
  windowShare,
  COUNT_SHARE,
} from '../../../main/core/detections/searchPlan';

/** The plan chooser's estimates (docs/search.md, "Choosing the plan"). Pure arithmetic, checked by hand. */
const shape = { days: 2, rowsPerPlateDay: 0.25, keep: 0.1, want: 51 };

describe('the plate plan estimate', () => {
  it('charges seeks and rows tier by tier, and stops pulling tiers once the page is expected full', () => {
    const pulled: number[] = [];
    function* tiers() {
      for (const n of [2000, 500, 40_000]) {
        pulled.push(n);
        yield n;
      }
    }
    // 2,000 exact plates × 2 days × 0.25 = 1,000 rows, 100 kept: the page (51) is full on the first tier, of
    // which it needs 51 %.
    const r = platePlanCost(tiers(), shape);
    expect(pulled).toEqual([2000]);
    expect(r.tiers).toBe(1);
    expect(r.cost).toBeCloseTo(0.51 * (2000 * 2 * COST.seek + 1000 * COST.plateRow));
  });

  it('pulls every tier of a narrow pattern', () => {
    const r = platePlanCost([1, 2, 30], shape);
    expect(r.tiers).toBe(3);
    expect(r.cost).toBeCloseTo(33 * 2 * COST.seek + 33 * 0.5 * COST.plateRow);
  });
});

describe('the choice', () => {
  it('walks only the share of the window that holds the page of exact rows', () => {
    expect(windowShare(2000, shape)).toBeCloseTo(0.51);
    expect(windowShare(1, shape)).toBe(1);
    expect(windowShare(0, shape)).toBe(1);
  });

  it('drives from the window only below the count at which it would lose, which is all it counts to', () => {
    const cost = 100_000;
    const cap = windowRowsToWin(cost, 0.5);
    expect(cap).toBe(Math.floor(cost / (COST.windowRow * 0.5)));
    expect(choosePlan(cost, 0.5, cap - 1).driver).toBe('time');
    expect(choosePlan(cost, 0.5, cap).driver).toBe('plates');
    expect(choosePlan(0, 1, 0).driver).toBe('plates');
  });

  it('never counts the window past a tenth of the plate plan, even when the window plan walks a small share', () => {
    const cost = 100_000;
    // Walking all of it, the window loses past 100,000 rows; counting 100,000 entries costs 20 % of the plan.
    expect(windowRowsToWin(cost, 1)).toBe(100_000);
    expect(windowRowsToCount(cost, 1)).toBe(Math.floor((cost * COUNT_SHARE) / COST.countRow));
    expect(windowRowsToCount(cost, 1) * COST.countRow).toBeLessThanOrEqual(cost * COUNT_SHARE);
    expect(windowRowsToCount(cost, 0.01) * COST.countRow).toBeLessThanOrEqual(cost * COUNT_SHARE);
    // A cheap plate plan: the cap itself is the smaller bound.
    expect(windowRowsToCount(100, 1)).toBe(Math.min(windowRowsToWin(100, 1), (100 * COUNT_SHARE) / COST.countRow));
  });
});

describe('a bucket of the plate plan', () => {
  // The 10 M store's shape: 0.215 detections per plate and day, a 24 h window over 2 UTC days (~110,000 rows),
  // 8 % of rows inside 1.5 km.
  const tenM = { days: 2, rowsPerPlateDay: 0.215, keep: 0.08, want: 51 };

  it("walks the window for a wide last tier that needs only a page's last rows", () => {
    // The near misses of `*537`: 14,400 plates, ~6,200 rows in the days, ~500 kept; 36 still wanted.
    expect(bucketDriver(14_400, 36, tenM, 110_000)).toBe('time');
  });

  it('seeks the plates of a narrow tier, and of any tier the walk would read most of the window for', () => {
    expect(bucketDriver(389, 51, tenM, 110_000)).toBe('plates');
    expect(bucketDriver(3, 51, tenM, 110_000)).toBe('plates');
    expect(bucketDriver(14_400, 500, tenM, 110_000)).toBe('plates');
  });
});
