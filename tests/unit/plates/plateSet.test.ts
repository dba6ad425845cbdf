import { describe, expect, it } from 'vitest';
import {
  explainMatch,
  foldPlate,
  parsePlatePattern,
  patternRegexSources,
  plateRegexSource,
  type MatchOptions,
} from '../../../main/core/plates/plateQuery';
import { PlateSetIndex } from '../../../main/core/plates/plateSet';
import { rng } from '../../support/prng';

/** What one plate's search finds: the dictionary regexes of plateQuery, tier by tier, then the explanation. */
function singleSearch(entry: string, options: MatchOptions): (plate: string) => string | null {
  const r = parsePlatePattern(entry);
  if (!r.ok) return () => null;
  const s = patternRegexSources(r.pattern, options);
  const re = (src: string | null) => (src === null ? null : new RegExp(plateRegexSource(src, s.leadingRun)));
  const [exact, similar, near] = [re(s.exact)!, re(s.similar), re(s.near)];
  return (plate) => {
    const folded = foldPlate(plate);
    const hit =
      exact.test(plate) ||
      (similar !== null && similar.test(folded)) ||
      (near !== null && near.test(options.similar === false ? plate : folded));
    return hit ? (explainMatch(r.pattern, plate, options)?.tier ?? null) : null;
  };
}

const ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789OIQ';

/** Plates and their likely neighbours: misreads, a dropped or extra character, a swap. */
function corpus(seed: number, n: number): string[] {
  const r = rng(seed);
  const pick = (s: string) => s[Math.floor(r() * s.length)]!;
  const out = new Set<string>();
  while (out.size < n) {
    const len = 2 + Math.floor(r() * 7);
    let p = '';
    for (let i = 0; i < len; i++) p += pick(ALPHABET);
    out.add(p);
    const i = Math.floor(r() * p.length);
    const v = r();
    const neighbour =
      v < 0.25
        ? p.slice(0, i) + pick('0OD8B1I5S2Z6G') + p.slice(i + 1)
        : v < 0.5
          ? p.slice(0, i) + p.slice(i + 1)
          : v < 0.75 && p.length < 8
            ? p.slice(0, i) + pick(ALPHABET) + p.slice(i)
            : p.slice(0, i) + (p[i + 1] ?? '') + p[i] + p.slice(i + 2);
    if (neighbour.length >= 1 && neighbour.length <= 8) out.add(neighbour);
  }
  return [...out];
}

describe('matching a whole list at once finds what one search per entry finds', () => {
  for (const options of [{}, { similar: false }, { nearMisses: false }, { similar: false, nearMisses: false }]) {
    it(`the same pairs and tiers (${JSON.stringify(options)})`, () => {
      const plates = corpus(7, 700);
      const entries = plates.filter((_, i) => i % 3 === 0 && plates[i]!.length >= 2);
      const index = new PlateSetIndex(entries, options);
      const searches = entries.map((e) => singleSearch(e, options));
      let pairs = 0;
      for (const plate of plates) {
        const batch = new Map(index.matches(plate).map((m) => [entries[m.index]!, m.match.tier]));
        for (const [i, entry] of entries.entries()) {
          const single = searches[i]!(plate);
          if ((batch.get(entry) ?? null) !== single)
            expect(batch.get(entry) ?? null, `${entry} vs ${plate}`).toBe(single);
          if (single) pairs++;
        }
      }
      expect(pairs).toBeGreaterThan(200);
    });
  }

  it('ranks an exact read above a similar-character one and both above a near miss', () => {
    const index = new PlateSetIndex(['8KRT214']);
    const cost = (plate: string) => index.matches(plate)[0]?.match;
    expect(cost('8KRT214')).toMatchObject({ tier: 'exact', cost: 0 });
    expect(cost('BKRT214')).toMatchObject({ tier: 'similar', cost: 1 });
    expect(cost('8KRT24')?.tier).toBe('near');
    expect(cost('8KTR214')?.tier).toBe('near');
    expect(cost('7XYZ999')).toBeUndefined();
  });
});
