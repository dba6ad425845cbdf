/**
 * Matching many whole plates at once (a hot list of 100,000 entries) against the store's plate dictionary, with
 * the same tiers as one plate's search (`plateQuery.ts`): exact, similar-looking characters, and near misses (a
 * character missing, an extra one, two adjacent swapped). One pattern's search scans the dictionary with
 * regular expressions; for a whole list that is one scan per entry. Here the list is indexed once by folded key
 * and by its one-deletion variants, and the dictionary is walked once: each plate looks up its own key, its
 * deletions and its adjacent swaps. Every candidate is then explained by `explainMatch`, so a pair matches here
 * exactly when the single-plate search would find it (a unit test holds the two to the same answers). Pure.
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

export class PlateSetIndex {
  private readonly keyOf: (plate: string) => string;
  private readonly byKey = new Map<string, number[]>();
  private readonly byDeletion = new Map<string, number[]>();
  private readonly patterns: (PlatePattern | null)[];

  /** `plates`: whole plates (letters and digits); a plate that is not a valid pattern matches nothing. */
  constructor(
    readonly plates: readonly string[],
    private readonly options: MatchOptions = {},
  ) {
    const fold = options.similar !== false;
    this.keyOf = fold ? foldPlate : (p) => p;
    this.patterns = plates.map((p) => {
      const r = parsePlatePattern(p);
      return r.ok && r.pattern.maxLength !== null ? r.pattern : null;
    });
    plates.forEach((plate, i) => {
      if (!this.patterns[i]) return;
      const key = this.keyOf(plate);
      push(this.byKey, key, i);
      // A plate missing one of the entry's characters (only for entries of 3 or more: plateQuery.missingAllowed).
      if (options.nearMisses !== false && plate.length >= 3)
        for (const d of deletions(key)) push(this.byDeletion, d, i);
    });
  }

  /** The entries `plate` matches, each with how (the explanation a search would show). */
  matches(plate: string): PlateSetMatch[] {
    const key = this.keyOf(plate);
    const found = new Set<number>(this.byKey.get(key));
    if (this.options.nearMisses !== false) {
      // An extra character in the plate: one of its deletions is an entry (whose length is then below the maximum).
      if (plate.length <= MAX_PLATE_LENGTH) for (const d of deletions(key)) addAll(found, this.byKey.get(d));
      for (const s of swaps(key)) addAll(found, this.byKey.get(s));
      addAll(found, this.byDeletion.get(key));
    }
    const out: PlateSetMatch[] = [];
    for (const i of found) {
      const match = explainMatch(this.patterns[i]!, plate, this.options);
      if (match) out.push({ index: i, match });
    }
    return out;
  }
}

function push(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (list) {
    if (list[list.length - 1] !== i) list.push(i);
  } else map.set(key, [i]);
}

function addAll(set: Set<number>, list: readonly number[] | undefined): void {
  if (list) for (const i of list) set.add(i);
}

function deletions(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) if (i === 0 || s[i] !== s[i - 1]) out.push(s.slice(0, i) + s.slice(i + 1));
  return out;
}

function swaps(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++)
    if (s[i] !== s[i + 1]) out.push(s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2));
  return out;
}
