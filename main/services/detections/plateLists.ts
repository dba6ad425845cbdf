import type { MatchExplanation, MatchOptions } from '../../core/plates/plateQuery';
import { PlateSetIndex } from '../../core/plates/plateSet';
import { correctedReads } from '../../store/repos/ocr';
import { maxDetectionId } from '../../store/repos/detections';
import {
  dayNumbers,
  detectionIdsOfPlates,
  detectionIdsOfPlatesOn,
  detectionsByIds,
  plateSightingsByIds,
  timeSpan,
  type PlateSighting,
} from '../../store/repos/plateIndex';
import type { WritableDB } from '../../store/db';
import { dictionaryPlates } from './plateDictionary';
import { runSearch } from './search';

/**
 * The detections a whole plate — or a whole list of plates — would find in a search, with the search's own
 * tiers and explanations (exact, similar characters, near misses; corrected reads too): what hot lists check
 * when an entry is approved or a general list is refreshed (retro-hits). One plate goes through the search's
 * planner; a list is matched against the plate dictionary in one pass (core/plates/plateSet.ts) and its
 * detections are found in the (day, plate) index by seeks or one pass, whichever costs less, which beats a search
 * per entry from a few dozen entries on (docs/hotlists.md has the figures).
 */
export type PlateListItem = { plate: string; state: string | null };

export type PlateListMatch = { item: number; row: PlateSighting; match: MatchExplanation };

export type PlateListOptions = {
  /** Epoch ms: detections seen before are not considered (the policy's retention). */
  from?: number;
  to?: number;
  match?: MatchOptions;
  /** Called now and then with what is done, of how much, in which phase. */
  onProgress?: (phase: 'dictionary' | 'detections', done: number, total: number) => void;
  /** Checked between chunks: true stops the search (it throws `PlateListCancelled`). */
  cancelled?: () => boolean;
  /** The planner's two thresholds (tests and the bench move them to exercise each plan). */
  plan?: { listPassFrom?: number; seeksPerPass?: number };
};

export class PlateListCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** At most this many rows per plate of a one-plate search (the search's own cap). */
const ONE_PLATE_LIMIT = 10_000;
/** Below this many entries, a search per entry is faster than a pass over the whole dictionary. */
export const LIST_PASS_FROM = 40;
/**
 * A seek of the (day, plate) index costs about as much as passing this many of its entries (measured at 50 M: 1.7 µs
 * a seek, 0.29 µs an entry): with fewer seeks than the window's entries over this, seeks are cheaper than a pass.
 */
const ENTRIES_PER_SEEK = 6;
/** How many stretches of days the (day, plate) index is read in. */
const DAY_STRETCHES = 20;

/** What one search for `item` finds (the naive way for a list: one of these per entry). */
export function searchOnePlate(db: WritableDB, item: PlateListItem, options: PlateListOptions = {}): PlateListMatch[] {
  const outcome = runSearch(db, {
    plate: item.plate,
    ...(item.state ? { state: item.state } : {}),
    from: options.from,
    to: options.to,
    similar: options.match?.similar,
    nearMisses: options.match?.nearMisses,
    limit: ONE_PLATE_LIMIT,
  });
  return outcome.rows.filter((r) => r.match !== null).map((r) => ({ item: 0, row: r.row, match: r.match! }));
}

/** Every detection any of `items` would find, grouped by item, best match first and newest first within a match. */
export function searchPlateList(
  db: WritableDB,
  items: readonly PlateListItem[],
  options: PlateListOptions = {},
): PlateListMatch[] {
  if (items.length < (options.plan?.listPassFrom ?? LIST_PASS_FROM)) {
    const out: PlateListMatch[] = [];
    items.forEach((item, i) => {
      if (options.cancelled?.()) throw new PlateListCancelled();
      for (const m of searchOnePlate(db, item, options)) out.push({ ...m, item: i });
      options.onProgress?.('dictionary', i + 1, items.length);
    });
    return out;
  }
  const index = new PlateSetIndex(
    items.map((i) => i.plate),
    options.match,
  );
  // 1. The dictionary, once: which plates match which entries, and how.
  const plates = dictionaryPlates(db);
  const byPlate = new Map<string, { index: number; match: MatchExplanation }[]>();
  for (let i = 0; i < plates.length; i++) {
    const m = index.matches(plates[i]!);
    if (m.length) byPlate.set(plates[i]!, m);
    if (i % 25_000 === 0) {
      if (options.cancelled?.()) throw new PlateListCancelled();
      options.onProgress?.('dictionary', i, plates.length);
    }
  }
  options.onProgress?.('dictionary', plates.length, plates.length);
  // 2. Their detections in the window.
  const rows = detectionsOf(db, [...byPlate.keys()], options);
  const out: PlateListMatch[] = [];
  const stateOk = (item: PlateListItem, row: PlateSighting) => !item.state || !row.state || row.state === item.state;
  // 3. Corrected reads: a detection is found under its corrected plate too (as the search does), once.
  const corrected = correctedReads(db).flatMap((c) => index.matches(c.correctedPlate).map((m) => ({ ...m, c })));
  const seen = new Set<string>(); // (entry, detection) pairs already found: only asked when reads were corrected
  for (const row of rows) {
    for (const m of byPlate.get(row.plate) ?? []) {
      if (!stateOk(items[m.index]!, row)) continue;
      out.push({ item: m.index, row, match: m.match });
      if (corrected.length) seen.add(`${m.index}:${row.id}`);
    }
  }
  if (corrected.length) {
    const byId = new Map(
      detectionsByIds(db, [...new Set(corrected.map((x) => x.c.detectionId))]).map((r) => [r.id, r]),
    );
    for (const { index: i, match, c } of corrected) {
      const row = byId.get(c.detectionId);
      if (!row || seen.has(`${i}:${row.id}`) || !inWindow(row, options) || !stateOk(items[i]!, row)) continue;
      out.push({
        item: i,
        row,
        match: { ...match, text: `${match.text} — as corrected to ${c.correctedPlate} (camera read ${row.plate})` },
      });
    }
  }
  return out.sort((a, b) => a.item - b.item || a.match.cost - b.match.cost || b.row.seenAt - a.row.seenAt);
}

function inWindow(row: PlateSighting, o: PlateListOptions): boolean {
  return (o.from === undefined || row.seenAt >= o.from) && (o.to === undefined || row.seenAt <= o.to);
}

/**
 * The detections of `plates` in the window. Their ids come from the (day, plate) index alone — a seek per (day,
 * plate) pair, or one pass over the window's entries when that is cheaper (many plates, a small store) — a stretch
 * of days at a time (progress, and a cancel between stretches); then the rows are read back in id order.
 */
function detectionsOf(db: WritableDB, plates: string[], options: PlateListOptions): PlateSighting[] {
  const span = timeSpan(db);
  if (!span || plates.length === 0) return [];
  const days = dayNumbers(span, options.from, options.to);
  // The window's share of the index, estimated from the ids and the days the store spans.
  const entries = (maxDetectionId(db) * days.length) / dayNumbers(span).length;
  const seek = plates.length * days.length <= (options.plan?.seeksPerPass ?? entries / ENTRIES_PER_SEEK);
  const ids: number[] = [];
  const step = Math.max(1, Math.ceil(days.length / DAY_STRETCHES));
  for (let i = 0; i < days.length; i += step) {
    if (options.cancelled?.()) throw new PlateListCancelled();
    const stretch = days.slice(i, i + step); // newest first
    const found = seek
      ? detectionIdsOfPlatesOn(db, plates, stretch)
      : detectionIdsOfPlates(db, plates, stretch[stretch.length - 1]!, stretch[0]!);
    for (const id of found) ids.push(id);
    options.onProgress?.('detections', Math.min(days.length, i + step), days.length);
  }
  const out: PlateSighting[] = [];
  // Read back in id order, only what matching needs: the table's pages in file order.
  ids.sort((a, b) => a - b);
  for (let i = 0; i < ids.length; i += 5_000) {
    if (options.cancelled?.()) throw new PlateListCancelled();
    for (const row of plateSightingsByIds(db, ids.slice(i, i + 5_000))) if (inWindow(row, options)) out.push(row);
  }
  return out;
}
