import { CanvassError } from '../../core/shared/errors';
import {
  parsePlatePattern,
  type MatchExplanation,
  type MatchOptions,
  type PlatePattern,
} from '../../core/plates/plateQuery';
import type { DetectionRow } from '../../store/repos/detections';
import { correctedReads } from '../../store/repos/ocr';
import {
  dayNumbers,
  detectionIdCeiling,
  detectionsByPlates,
  detectionsOfPlatesInWindow,
  windowRowsUpTo,
  detectionsInWindow,
  timeSpan,
  type PlaceFilter,
} from '../../store/repos/plateIndex';
import { explainCached, matchPlates, type TierPlates } from './plateDictionary';
import { cameraPlaces } from '../../store/repos/cameras';
import { inArea } from '../../core/shared/geo';
import {
  bucketDriver,
  choosePlan,
  platePlanCost,
  windowRowsToCount,
  windowRowsToWin,
  windowShare,
  type Plan,
  type SearchDriver,
  type StoreShape,
} from '../../core/detections/searchPlan';

const DAY_MS = 86_400_000;
import type { ReadableDB, WritableDB } from '../../store/db';

/**
 * The planner of `detections.search` (docs/search.md): a pattern is matched against the in-memory plate
 * dictionary, tier by tier (exact, similar characters, near misses), and each tier's plates are fetched
 * through the (day, plate) index, newest first, until the page is full. Without a plate, the time index
 * over the window (which is then required) with the description, place and direction as filters.
 */
export type SearchTerms = PlaceFilter & {
  plate?: string;
  similar?: boolean;
  nearMisses?: boolean;
  limit: number;
};

export type RankedRow = { row: DetectionRow; match: MatchExplanation | null };

export type SearchOutcome = {
  rows: RankedRow[];
  truncated: boolean;
  /** How many distinct plates each tier matched (null without a plate). */
  plates: { exact: number; similar: number; near: number } | null;
  /** How a pattern with a window was fetched (null otherwise): the bench reports it. */
  plan?: Plan | null;
  /**
   * Milliseconds the chooser spent on the window's side of the estimate (its density, a count), which a forced
   * plan skips: the bench reports it beside the plans.
   */
  choosingMs?: number;
  /** Buckets of the plate plan fetched by a walk of the window instead of their plates (the bench reports it). */
  walkedBuckets?: number;
};

export function parsePatternOrRefuse(text: string): PlatePattern {
  const r = parsePlatePattern(text);
  if (!r.ok)
    throw new CanvassError(
      'INVALID_ARGUMENT',
      `The plate pattern “${text}” cannot be used: ${r.refusal.reason} (at character ${r.refusal.column})`,
    );
  return r.pattern;
}

/** Runs a search; returns up to `limit` ranked rows and whether more matched. */
export function runSearch(db: WritableDB, t: SearchTerms, driver: SearchDriver | 'auto' = 'auto'): SearchOutcome {
  const options: MatchOptions = { similar: t.similar !== false, nearMisses: t.nearMisses !== false };
  const want = t.limit + 1;
  if (t.plate === undefined) {
    if (t.from === undefined || t.to === undefined) {
      throw new CanvassError(
        'INVALID_ARGUMENT',
        'Enter a plate or a time window: Canvass does not list all detections.',
      );
    }
    const rows = detectionsInWindow(db, { ...t, from: t.from, to: t.to }, want);
    return {
      rows: rows.slice(0, t.limit).map((row) => ({ row, match: null })),
      truncated: rows.length > t.limit,
      plates: null,
    };
  }
  const pattern = parsePatternOrRefuse(t.plate);
  const span = timeSpan(db);
  if (!span) return { rows: [], truncated: false, plates: { exact: 0, similar: 0, near: 0 } };
  const days = dayNumbers(span, t.from, t.to);
  const { tiers, dictionarySize } = matchPlates(db, pattern, options);
  let fetch = (bucket: string[], limit: number) => detectionsByPlates(db, bucket, days, t, limit);
  // Without a window the tiers are scanned lazily: once the page is full, the next tier's regular expression
  // is never run. With one, every tier is matched first so the plan can be chosen on their sizes.
  if (t.from === undefined && t.to === undefined)
    return rank(db, pattern, options, tiers(), fetch, days, t, want, null);
  // Tiers are pulled as the estimate needs them (a near-miss tier of a short pattern is a large scan of the
  // dictionary, made only if the page may need it) and kept for the rank loop, which pulls the rest.
  const pulled: TierPlates[] = [];
  const source = tiers();
  function* sizes(): Generator<number> {
    for (let n = source.next(); !n.done; n = source.next()) {
      pulled.push(n.value);
      yield n.value.plates.length;
    }
  }
  function* all(): Generator<TierPlates> {
    yield* pulled;
    for (let n = source.next(); !n.done; n = source.next()) yield n.value;
  }
  const { plan, choosingMs, shape, windowRows } = chooseDriver(
    db,
    t,
    sizes(),
    () => pulled,
    days.length,
    span,
    dictionarySize,
    want,
    driver,
  );
  if (plan.driver === 'time') {
    // The tiers the estimate pulled are fetched by one walk of the window (it stops once the page holds `want`
    // exact rows); a tier it did not reach, by the plates as before. Either fetch gives a bucket's same rows.
    const covered = new Set(pulled.flatMap((x) => x.plates));
    const exact = new Set(pulled.find((x) => x.tier === 'exact')?.plates ?? []);
    const rows = detectionsOfPlatesInWindow(
      db,
      covered,
      { ...t, from: t.from ?? span.lo, to: t.to ?? span.hi },
      { plates: exact, count: want },
    );
    const byPlates = fetch;
    fetch = (bucket, limit) => {
      if (!covered.has(bucket[0]!)) return byPlates(bucket, limit);
      const inBucket = new Set(bucket);
      return rows.filter((r) => inBucket.has(r.plate)).slice(0, limit);
    };
  }
  let walkedBuckets = 0;
  if (driver === 'auto' && plan.driver === 'plates') {
    // Bucket by bucket, the cheaper of its plates and a walk of the window that stops at the rows it needs: a
    // wide last tier (the near misses of a suffix) costs a day of seeks by its plates for a page's last rows.
    const byPlates = fetch;
    const window = { ...t, from: t.from ?? span.lo, to: t.to ?? span.hi };
    fetch = (bucket, limit) => {
      if (bucketDriver(bucket.length, limit, shape, windowRows) === 'plates') return byPlates(bucket, limit);
      walkedBuckets++;
      const wanted = new Set(bucket);
      return detectionsOfPlatesInWindow(db, wanted, window, { plates: wanted, count: limit });
    };
  }
  return { ...rank(db, pattern, options, all(), fetch, days, t, want, plan), choosingMs, walkedBuckets };
}

/**
 * Tier after tier, bucket after bucket, the rows of each until the page is full (whichever plan fetches them),
 * then the corrected reads; best match first.
 */
function rank(
  db: WritableDB,
  pattern: PlatePattern,
  options: MatchOptions,
  pending: Iterator<TierPlates>,
  fetch: (bucket: string[], limit: number) => DetectionRow[],
  days: readonly number[],
  t: SearchTerms,
  want: number,
  plan: Plan | null,
): SearchOutcome {
  const counts = { exact: 0, similar: 0, near: 0 };
  const out: RankedRow[] = [];
  while (out.length < want) {
    const next = pending.next();
    if (next.done) break;
    const { tier, plates } = next.value;
    counts[tier] = plates.length;
    for (const bucket of costBuckets(pattern, tier, plates, options)) {
      if (out.length >= want) break;
      const rows = fetch(bucket, want - out.length);
      for (const row of rows) out.push({ row, match: explainCached(pattern, row.plate, options) });
    }
  }
  addCorrectedReads(db, pattern, options, days, t, out);
  // Best match first, whatever tier or correction a row came from; stable, so within a cost the newest-first
  // order of each tier stays.
  out.sort((a, b) => (a.match?.cost ?? 0) - (b.match?.cost ?? 0));
  return { rows: out.slice(0, t.limit), truncated: out.length > t.limit, plates: counts, plan };
}

/**
 * The plan for a pattern with a window (docs/search.md, "Choosing the plan"): the plate plan's cost from the
 * tiers' sizes and the store's rows per plate and day, the window's rows counted on the time index up to where
 * the window plan would stop being cheaper, the filters' share from the cameras in the area.
 */
function chooseDriver(
  db: ReadableDB,
  t: SearchTerms,
  tierSizes: Iterable<number>,
  pulled: () => readonly TierPlates[],
  days: number,
  span: { lo: number; hi: number },
  dictionarySize: number,
  want: number,
  forced: SearchDriver | 'auto',
): { plan: Plan; choosingMs: number; shape: StoreShape; windowRows: number } {
  const spanDays = Math.max(1, (span.hi - span.lo) / DAY_MS);
  const rows = detectionIdCeiling(db);
  const shape = {
    days,
    rowsPerPlateDay: rows / Math.max(1, dictionarySize) / spanDays,
    keep: filterShare(db, t),
    want,
  };
  const platesCost = platePlanCost(tierSizes, shape).cost;
  // The window's rows at the store's average density.
  const from = Math.max(t.from ?? span.lo, span.lo);
  const to = Math.min(t.to ?? span.hi, span.hi);
  const windowRows = (rows * Math.max(0, to - from)) / Math.max(1, span.hi - span.lo);
  if (forced !== 'auto')
    return { plan: { driver: forced, platesCost, windowCost: null }, choosingMs: 0, shape, windowRows };
  const t0 = performance.now();
  const plan = chooseOnWindow(db, pulled, { from, to }, windowRows, shape, platesCost);
  return { plan, choosingMs: performance.now() - t0, shape, windowRows };
}

/** The window's side of the choice: its rows at the store's density or, near the break-even, counted. */
function chooseOnWindow(
  db: ReadableDB,
  pulled: () => readonly TierPlates[],
  { from, to }: { from: number; to: number },
  even: number,
  shape: StoreShape,
  platesCost: number,
): Plan {
  const share = windowShare(pulled().find((x) => x.tier === 'exact')?.plates.length ?? 0, shape);
  const cap = windowRowsToWin(platesCost, share);
  if (cap < 1) return choosePlan(platesCost, share, 0);
  // The window's rows at the store's average density: far from the cap either way, that decides it; close to
  // it, they are counted on the time index, up to the cap but never past a tenth of the plate plan's cost (a
  // count stopped short of the cap says only that the window is at least that large: the density decides).
  if (even >= 2 * cap || even * 2 < cap) return choosePlan(platesCost, share, Math.round(even));
  const bound = windowRowsToCount(platesCost, share);
  const counted = windowRowsUpTo(db, from, to, bound);
  return choosePlan(platesCost, share, counted < bound ? counted : Math.max(counted, Math.round(even)));
}

/** The share of rows the non-plate filters keep, estimated from the cameras they leave (fixed cameras only). */
function filterShare(db: ReadableDB, t: SearchTerms): number {
  let keep = 1;
  if (t.area || (t.cameras && t.cameras.length)) {
    const placed = cameraPlaces(db);
    const area = t.area;
    const chosen = t.cameras ? new Set(t.cameras) : null;
    const kept = placed.filter((c) => (!chosen || chosen.has(c.id)) && (!area || inArea(area, c.lat, c.lon))).length;
    keep *= Math.max(0.5, kept) / Math.max(1, placed.length);
  }
  if (t.vehicle) keep *= 0.1;
  if (t.headings && t.headings.length) keep *= 0.5;
  return keep;
}

/**
 * A detection whose read was corrected (ocr.correct) is found under the corrected plate too, ranked with the
 * tier that plate matches, and says so. The camera's read is never changed, so it is still found under that.
 */
function addCorrectedReads(
  db: ReadableDB,
  pattern: PlatePattern,
  options: MatchOptions,
  days: readonly number[],
  t: SearchTerms,
  out: RankedRow[],
): void {
  const matches = new Map<number, { plate: string; match: MatchExplanation }>();
  const originals = new Set<string>();
  for (const c of correctedReads(db)) {
    const match = explainCached(pattern, c.correctedPlate, options);
    if (!match) continue;
    matches.set(c.detectionId, { plate: c.correctedPlate, match });
    originals.add(c.originalPlate);
  }
  if (matches.size === 0) return;
  const seen = new Set(out.map((r) => r.row.id));
  for (const row of detectionsByPlates(db, [...originals], days, t, Number.MAX_SAFE_INTEGER)) {
    const m = matches.get(row.id);
    if (!m || seen.has(row.id)) continue;
    out.push({
      row,
      match: { ...m.match, text: `${m.match.text} — as corrected to ${m.plate} (camera read ${row.plate})` },
    });
  }
}

/** Plates of one tier grouped by how many characters were taken as similar, when the tier is small. */
function costBuckets(p: PlatePattern, tier: string, plates: string[], options: MatchOptions): string[][] {
  if (tier !== 'similar' || plates.length <= 1 || plates.length > 300) return plates.length ? [plates] : [];
  const groups = new Map<number, string[]>();
  for (const pl of plates) {
    const c = explainCached(p, pl, options)?.cost ?? 99;
    const g = groups.get(c) ?? [];
    g.push(pl);
    groups.set(c, g);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
}
