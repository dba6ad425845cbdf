/**
 * Matching many whole plates at once (a hot list of 100,000 entries) against the store's plate dictionary, with
 * the same tiers as one plate's search (`plateQuery.ts`): exact, similar-looking characters, and near misses (a
 * character missing, an extra one, two adjacent swapped). One pattern's search scans the dictionary with
 * regular expressions; for a whole list that is one scan per entry. Here the list is indexed once by folded key
 * and by its one-deletion variants, and the dictionary is walked once: each plate looks up its own key, its
 * deletions and its adjacent swaps (keys are numbers, see `keyOf`). Every candidate is then explained by
 * `explainMatch`, so a pair matches here exactly when the single-plate search would find it (a unit test holds the
 * two to the same answers). Pure.
 */
import {
  explainMatch,
  foldPlate,
  parsePlatePattern,
  MAX_PLATE_LENGTH,
  type MatchExplanation,
  type MatchOptions,
  type PlatePattern,
} from './plateQuery';

export type PlateSetMatch = { index: number; match: MatchExplanation };

/**
 * A plate (at most 8 characters of 0-9 and A-Z) is its own number: each character a digit of base 37 (1–36,
 * never 0, so plates of different lengths never share a number). Numbers hash far faster than strings and need
 * no string built per deletion or swap: a list of 100,000 entries is indexed in milliseconds.
 */
const BASE = 37;
const CODE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) CODE[48 + i] = 1 + i;
for (let i = 0; i < 26; i++) CODE[65 + i] = 11 + i;
/** The code of a character's similar-looking class representative (plateQuery.foldChar). */
const FOLDED = new Int8Array(128).fill(-1);
for (let c = 0; c < 128; c++) if (CODE[c]! >= 0) FOLDED[c] = CODE[foldPlate(String.fromCharCode(c)).charCodeAt(0)]!;

/** The plate's character codes (folded by similar characters when `fold`), or null if it is not plate-like. */
function codesOf(plate: string, fold: boolean): number[] | null {
  if (plate.length === 0 || plate.length > MAX_PLATE_LENGTH + 1) return null;
  const table = fold ? FOLDED : CODE;
  const out: number[] = new Array(plate.length);
  for (let i = 0; i < plate.length; i++) {
    const c = plate.charCodeAt(i);
    const code = c < 128 ? table[c]! : -1;
    if (code < 0) return null;
    out[i] = code;
  }
  return out;
}

/** The number of `c` without the character at `skip` (-1: none), with `swap` and `swap + 1` exchanged (-1: none). */
function keyOf(c: readonly number[], skip = -1, swap = -1): number {
  let n = 0;
  for (let i = 0; i < c.length; i++) {
    if (i === skip) continue;
    const x = swap < 0 ? c[i]! : i === swap ? c[i + 1]! : i === swap + 1 ? c[swap]! : c[i]!;
    n = n * BASE + x;
  }
  return n;
}

/** One entry or several under a key: most keys name one entry, which then costs no array. */
type Slot = number | number[];

export class PlateSetIndex {
  private readonly fold: boolean;
  private readonly near: boolean;
  private readonly byKey = new Map<number, Slot>();
  private readonly byDeletion = new Map<number, Slot>();
  /** Parsed when first needed: most entries are never a candidate. */
  private readonly patterns: (PlatePattern | null | undefined)[];

  /** `plates`: whole plates (letters and digits); a plate that is not a valid pattern matches nothing. */
  constructor(
    readonly plates: readonly string[],
    private readonly options: MatchOptions = {},
  ) {
    this.fold = options.similar !== false;
    this.near = options.nearMisses !== false;
    this.patterns = new Array(plates.length);
    plates.forEach((plate, i) => {
      const c = codesOf(plate, this.fold);
      if (!c || c.length > MAX_PLATE_LENGTH) return;
      put(this.byKey, keyOf(c), i);
      // A plate missing one of the entry's characters (only for entries of 3 or more: plateQuery.missingAllowed).
      if (this.near && c.length >= 3)
        for (let d = 0; d < c.length; d++) if (d === 0 || c[d] !== c[d - 1]) put(this.byDeletion, keyOf(c, d), i);
    });
  }

  /** The entries `plate` matches, each with how (the explanation a search would show). */
  matches(plate: string): PlateSetMatch[] {
    const c = codesOf(plate, this.fold);
    if (!c) return [];
    const found: number[] = [];
    const key = keyOf(c);
    take(found, this.byKey.get(key));
    if (this.near) {
      // An extra character in the plate: one of its deletions is an entry (whose length is then below the maximum).
      for (let d = 0; d < c.length; d++) if (d === 0 || c[d] !== c[d - 1]) take(found, this.byKey.get(keyOf(c, d)));
      for (let w = 0; w + 1 < c.length; w++) if (c[w] !== c[w + 1]) take(found, this.byKey.get(keyOf(c, -1, w)));
      take(found, this.byDeletion.get(key));
    }
    if (found.length === 0) return [];
    const out: PlateSetMatch[] = [];
    for (const i of found.length > 1 ? new Set(found) : found) {
      const p = this.pattern(i);
      const match = p ? explainMatch(p, plate, this.options) : null;
      if (match) out.push({ index: i, match });
    }
    return out;
  }

  private pattern(i: number): PlatePattern | null {
    let p = this.patterns[i];
    if (p === undefined) {
      const r = parsePlatePattern(this.plates[i]!);
      p = this.patterns[i] = r.ok && r.pattern.maxLength !== null ? r.pattern : null;
    }
    return p;
  }
}

function put(map: Map<number, Slot>, key: number, i: number): void {
  const slot = map.get(key);
  if (slot === undefined) map.set(key, i);
  else if (typeof slot === 'number') {
    if (slot !== i) map.set(key, [slot, i]);
  } else if (slot[slot.length - 1] !== i) slot.push(i);
}

function take(into: number[], slot: Slot | undefined): void {
  if (slot === undefined) return;
  if (typeof slot === 'number') into.push(slot);
  else for (const i of slot) into.push(i);
}
