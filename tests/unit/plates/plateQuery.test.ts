import { describe, expect, it } from 'vitest';
import {
  explainMatch,
  foldPlate,
  parsePlatePattern,
  patternRegexSources,
  plateRegexSource,
  type MatchOptions,
  type PlatePattern,
} from '../../../main/core/plates/plateQuery';
import { CONFUSABLE } from '../../agency/generator/vehicles';

function pattern(text: string): PlatePattern {
  const r = parsePlatePattern(text);
  if (!r.ok) throw new Error(`refused ${text}: ${r.refusal.reason}`);
  return r.pattern;
}

function refusal(text: string) {
  const r = parsePlatePattern(text);
  if (r.ok) throw new Error(`accepted ${text}`);
  return r.refusal;
}

/** The regex tiers and the explanation must agree: this is what the store's dictionary scan relies on. */
function tierByRegex(p: PlatePattern, plate: string, options: MatchOptions = {}): string | null {
  const s = patternRegexSources(p, options);
  const re = (src: string) => new RegExp(plateRegexSource(src, s.leadingRun));
  if (re(s.exact).test(plate)) return 'exact';
  if (s.similar && re(s.similar).test(foldPlate(plate))) return 'similar';
  const nearSubject = options.similar === false ? plate : foldPlate(plate);
  if (s.near && re(s.near).test(nearSubject)) return 'near';
  return null;
}

function tier(text: string, plate: string, options: MatchOptions = {}): string | null {
  const p = pattern(text);
  const byDp = explainMatch(p, plate, options)?.tier ?? null;
  expect(tierByRegex(p, plate, options), `${text} vs ${plate}: regex and explanation agree`).toBe(byDp);
  return byDp;
}

describe('the partial-plate pattern language', () => {
  it('reads letters, digits, ? for one unknown, * for any run and [8B] classes, ignoring case and separators', () => {
    const p = pattern('7ab-[8b]? 2*');
    expect(p.text).toBe('7AB[8B]?2*');
    expect(p.minLength).toBe(6);
    expect(p.maxLength).toBeNull();
    expect(p.prefix).toBe('7AB');
    expect(pattern('8KRT214').maxLength).toBe(7);
  });

  it('collapses a run of stars into one', () => {
    expect(pattern('8K**1').text).toBe('8K*1');
  });

  it('refuses a character that is not part of a pattern, with its column', () => {
    expect(refusal('7A#12')).toMatchObject({ column: 3 });
    expect(refusal('7A#12').reason).toContain('“#”');
    expect(refusal('7A.12').column).toBe(3);
  });

  it('refuses an unclosed class, an empty class, a stray ] and wildcards inside a class', () => {
    expect(refusal('7A[8B')).toMatchObject({ column: 3 });
    expect(refusal('7A[8B').reason).toContain('never closed');
    expect(refusal('7A[]1').reason).toContain('empty class');
    expect(refusal('7A]1')).toMatchObject({ column: 3 });
    expect(refusal('7A[8?]')).toMatchObject({ column: 5 });
    expect(refusal('7A[8*]').reason).toContain('cannot be inside a class');
    expect(refusal('7A[8[B]]').column).toBe(5);
    expect(refusal('7A[8#]').column).toBe(5);
  });

  it('refuses a pattern with no known character, an empty one, and one longer than a plate', () => {
    expect(refusal('').reason).toContain('at least one character');
    expect(refusal(' - ').reason).toContain('at least one character');
    expect(refusal('*').reason).toContain('no known character');
    expect(refusal('??*?').reason).toContain('no known character');
    expect(refusal('123456789')).toMatchObject({ column: 9 });
    expect(refusal('12345678?').reason).toContain('at most 8');
  });

  it('accepts the exact plate and the prefix the foundation search took', () => {
    expect(tier('8KRT214', '8KRT214')).toBe('exact');
    expect(tier('8K*', '8KRT214')).toBe('exact');
    expect(tier('8K*', '9KRT214', { nearMisses: false })).toBeNull();
  });
});

describe('similar-looking characters', () => {
  it('folds 0/O/D/Q, 1/I/L/T, 2/Z, 5/S, 8/B and 6/G into one key', () => {
    expect(foldPlate('ODQ0')).toBe('0000');
    expect(foldPlate('1ILT')).toBe('1111');
    expect(foldPlate('Z2S5B8G6')).toBe('22558866');
    expect(foldPlate('AKMX')).toBe('AKMX');
  });

  it('covers every confusion of the generator’s misread model', () => {
    for (const [a, b] of Object.entries(CONFUSABLE)) expect(foldPlate(a)).toBe(foldPlate(b));
  });

  it('finds a fragment "7AB" in a detection read as "7A8", and says which character was taken as similar', () => {
    const m = explainMatch(pattern('7AB*'), '7A8C123')!;
    expect(m.tier).toBe('similar');
    expect(m.similar).toEqual([{ position: 3, read: '8', asked: 'B' }]);
    expect(m.text).toContain('“8” at position 3 taken as “B”');
    expect(tier('7AB*', '7A8C123')).toBe('similar');
  });

  it('can be turned off', () => {
    expect(tier('7AB*', '7A8C123', { similar: false, nearMisses: false })).toBeNull();
    expect(tier('7AB*', '7ABC123', { similar: false })).toBe('exact');
  });

  it('counts each similar character in the cost, so fewer substitutions rank higher', () => {
    const one = explainMatch(pattern('8KRT214'), 'BKRT214')!;
    const two = explainMatch(pattern('8KRT214'), 'BKR1214')!;
    expect(one.cost).toBeLessThan(two.cost);
    expect(two.similar.map((s) => s.position)).toEqual([1, 4]);
  });

  it('applies to classes: [8B] also takes a similar-looking read of either', () => {
    expect(tier('7A[8B]C', '7A8C')).toBe('exact');
    expect(tier('7A[0K]C', '7AOC')).toBe('similar');
  });
});

describe('near misses', () => {
  it('finds a plate missing one character of the pattern, ranked below similar characters', () => {
    const m = explainMatch(pattern('8KRT214'), '8KR214')!;
    expect(m.tier).toBe('near');
    expect(m.nearMiss).toMatchObject({ kind: 'missing', asked: 'T' });
    expect(m.cost).toBeGreaterThan(explainMatch(pattern('8KRT214'), 'BKR1214')!.cost);
    expect(tier('8KRT214', '8KR214')).toBe('near');
  });

  it('finds a plate with one extra character', () => {
    const m = explainMatch(pattern('8KT214'), '8KRT214')!;
    expect(m.nearMiss).toEqual({ kind: 'extra', position: 3, read: 'R' });
    expect(m.text).toContain('an extra “R” at position 3');
    expect(tier('8KT214', '8KRT214')).toBe('near');
  });

  it('finds two adjacent characters swapped', () => {
    const m = explainMatch(pattern('8KRT214'), '8KRT124')!;
    expect(m.nearMiss).toMatchObject({ kind: 'swapped', position: 5, read: '12', asked: '21' });
    expect(tier('8KRT214', '8KRT124')).toBe('near');
  });

  it('allows one edit only, and can be turned off', () => {
    expect(tier('8KRT214', '8KR2T14X')).toBeNull();
    expect(tier('8KRT214', '8KR214', { nearMisses: false })).toBeNull();
    expect(tier('8KRT214', 'KRT24')).toBeNull();
  });

  it('does not take a missing character from a pattern of fewer than three known characters', () => {
    expect(tier('4T*', '4ABC123')).toBeNull();
    expect(tier('4T*', 'T4ABC12')).toBe('near');
    expect(tier('4TK*', '4KABC12')).toBe('near');
  });

  it('does not count a character a star already absorbs as extra', () => {
    expect(tier('8K*4', '8KRT214')).toBe('exact');
    expect(tier('8K*', 'K8RT214')).toBe('near');
  });

  it('agrees with the dictionary regexes on every one-edit variant of a plate and on random plates', () => {
    const letters = '0123456789ABCDEFGHJKLMNPRSTUVWXYZOIQ';
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n) as number;
    const patterns = ['8KRT214', '7AB*', '?K[8B]T*', '*214', '*[8B]K*1', '8??T2?4', '1A*9', '5[SZ]2', 'B*', 'DQ01'];
    for (const text of patterns) {
      for (let k = 0; k < 300; k++) {
        const len = 3 + rnd(6);
        let plate = '';
        for (let j = 0; j < len; j++) plate += letters[rnd(letters.length)];
        tier(text, plate);
        tier(text, plate, { similar: false });
        tier(text, plate, { nearMisses: false });
      }
      const base = text.replace(/\[(.)[^\]]*\]/g, '$1').replace(/[?*]/g, 'X');
      for (let i = 0; i < base.length; i++) {
        tier(text, base.slice(0, i) + base.slice(i + 1));
        tier(text, `${base.slice(0, i)}Z${base.slice(i)}`);
        if (i + 1 < base.length) tier(text, base.slice(0, i) + base[i + 1] + base[i] + base.slice(i + 2));
      }
    }
  });
});
