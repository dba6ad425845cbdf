import { describe, expect, it } from 'vitest';
import { GLYPH_CLASSES } from '../../../main/core/ocr/glyph';
import {
  characterVote,
  choose,
  glyphSupport,
  HAND_WEIGHTS,
  kBestTexts,
  rankCandidates,
  voter,
  type Raw,
} from '../../../main/core/ocr/rank';

const raw = (text: string, confidence = 80, variant = 'otsu/grey'): Raw => ({
  text,
  confidence,
  chars: [...text].map(() => confidence),
  variant,
});

describe('choosing among the reads of a plate', () => {
  it('votes character by character: three reads each one character wrong agree on the plate', () => {
    const vote = characterVote([raw('7ABC12B'), raw('7A8C123'), raw('TABC123'), raw('ABC12', 60)]);
    expect(vote?.text).toBe('7ABC123');
  });

  it('prefers the read that fits a plate format when the engine is equally sure', () => {
    const raws = [raw('7ABCI23', 85, 'otsu/grey'), raw('7ABC123', 85, 'local/grey')];
    expect(choose(raws).plate).toBe('7ABC123');
    // The other read stays a candidate (ranked below; under the fitted weights it scores under the no-plate
    // floor, so it is not listed).
    expect(rankCandidates(raws).map((c) => c.plate)).toContain('7ABCI23');
    expect(choose(raws, [], HAND_WEIGHTS).candidates.map((c) => c.plate)).toContain('7ABCI23');
  });

  it('names the variant that read the winner directly, with its per-character confidence', () => {
    // The first read reaches 7ABC123 only by a format swap (I → 1); two later ones read it as it is.
    const read = choose([raw('7ABCI23', 85, 'a/grey'), raw('7ABC123', 80, 'b/grey'), raw('7ABC123', 80, 'c/grey')]);
    expect(read.plate).toBe('7ABC123');
    expect(read.variant).toBe('b/grey');
    expect(read.charConfidence).toHaveLength(7);
  });

  it('offers a read without a doubtful character at an end (a frame edge read as a 1)', () => {
    const r: Raw = { text: '1RZN384', confidence: 70, chars: [40, 90, 90, 90, 90, 90, 90], variant: 'otsu/grey' };
    const read = choose([r]);
    expect(read.candidates.map((c) => c.plate)).toContain('RZN384');
  });

  it('offers a read without a doubtful inner character (an emblem between the groups read as a P)', () => {
    const r: Raw = { text: '980PYTB', confidence: 85, chars: [96, 95, 82, 23, 100, 100, 96], variant: 'otsu/glyph' };
    expect(choose([r]).candidates.map((c) => c.plate)).toContain('980YTB');
    // Sure of every character: nothing is deleted.
    const sure = { ...r, chars: [96, 95, 82, 90, 100, 100, 96] };
    expect(choose([sure]).candidates.map((c) => c.plate)).not.toContain('980YTB');
  });

  it("counts the classifier's support for a text without an inner piece it takes for no character", () => {
    const sureOf = (c: string) => {
      const p = new Float32Array(GLYPH_CLASSES.length).fill(0.01 / (GLYPH_CLASSES.length - 1));
      p[GLYPH_CLASSES.indexOf(c)] = 0.99;
      return p;
    };
    const unsure = new Float32Array(GLYPH_CLASSES.length).fill(1 / GLYPH_CLASSES.length);
    const row = [...'980'].map(sureOf).concat([unsure], [...'YTB'].map(sureOf));
    expect(glyphSupport('980YTB', [row])).toBeCloseTo(0.99, 2);
    // The same row with a sure P in the middle: a six-character text has no row.
    const withP = [...'980PYTB'].map(sureOf);
    expect(glyphSupport('980YTB', [withP])).toBeNull();
    // Only inner pieces: a doubtful first piece is not skipped (an end is the trim's business).
    expect(glyphSupport('80PYTB', [[unsure, ...withP.slice(1)]])).toBeNull();
  });

  it('returns no plate, not an exception, when nothing was read', () => {
    const read = choose([raw('')]);
    expect(read.plate).toBe('');
    expect(read.candidates).toEqual([]);
  });

  it("lists the classifier's likeliest texts, best first, where it hesitates between two characters", () => {
    const at = (probs: Record<string, number>) => {
      const p = new Float32Array(GLYPH_CLASSES.length);
      for (const [c, v] of Object.entries(probs)) p[GLYPH_CLASSES.indexOf(c)] = v;
      return p;
    };
    // 6LKR?81: a 1 just ahead of a 4 at the fifth position, a G well behind the 6, the rest sure.
    const probs = [
      at({ '6': 0.8, G: 0.2 }),
      at({ L: 0.95, I: 0.05 }),
      at({ K: 0.97, X: 0.03 }),
      at({ R: 0.9, P: 0.1 }),
      at({ '1': 0.5, '4': 0.45, I: 0.05 }),
      at({ '8': 0.9, B: 0.1 }),
      at({ '1': 0.98, I: 0.02 }),
    ];
    const best = kBestTexts(probs, 3);
    expect(best.map((b) => b.text)).toEqual(['6LKR181', '6LKR481', 'GLKR181']);
    expect(best[1]!.chars[4]).toBeCloseTo(0.45);
    expect(best[0]!.log).toBeGreaterThan(best[1]!.log);
    expect(best[1]!.log).toBeGreaterThan(best[2]!.log);
    expect(kBestTexts(probs, 1).map((b) => b.text)).toEqual(['6LKR181']);
  });

  it("counts a row's engine renders as one vote and the classifier's read of it as another", () => {
    expect(voter({ variant: 'otsu+band/grey' })).toBe('otsu+band/engine');
    expect(voter({ variant: 'otsu+band/binary' })).toBe('otsu+band/engine');
    expect(voter({ variant: 'otsu+band/glyph', classifier: true })).toBe('otsu+band/glyph');
    // The classifier's alternatives are candidates, not votes.
    expect(voter({ variant: 'otsu+band/glyph-alt', classifier: true })).toBeNull();
    const read = choose([raw('7ABC123', 90, 'otsu/grey'), raw('7ABC123', 90, 'otsu/binary')]);
    expect(read.candidates[0]!.votes).toBe(1);
  });

  it("lets a sure classifier read outvote the engine's shared habit (W read as H in both renders)", () => {
    // Three rows; on each the engine's grey and binary renders read CHW2245 (its per-character
    // confidences as on the real plate) and the classifier reads CWW2245, sure of every character.
    const engineRead = (variant: string): Raw => ({
      text: 'CHW2245',
      confidence: 87,
      chars: [98, 98, 96, 20, 98, 98, 98],
      variant,
    });
    const sure = (variant: string): Raw => ({
      text: 'CWW2245',
      confidence: 99,
      chars: [99, 98, 99, 100, 100, 100, 100],
      variant,
      classifier: true,
    });
    const rows = ['otsu', 'local', 'otsu-low'];
    const raws = rows.flatMap((r) => [engineRead(`${r}/grey`), engineRead(`${r}/binary`), sure(`${r}/glyph`)]);
    const probs = [...'CWW2245'].map((c) => {
      const p = new Float32Array(GLYPH_CLASSES.length).fill(0.01 / (GLYPH_CLASSES.length - 1));
      p[GLYPH_CLASSES.indexOf(c)] = 0.99;
      return p;
    });
    const read = choose(
      raws,
      rows.map(() => probs),
    );
    expect(read.plate).toBe('CWW2245');
    expect(read.candidates.map((c) => c.plate)).toContain('CHW2245');
  });

  it('prefers a 0 to an O when the reads split between them (most states issue no O)', () => {
    const raws = [raw('HLOKTY1', 92, 'otsu/grey'), raw('HL0KTY1', 88, 'local/grey')];
    expect(choose(raws).plate).toBe('HL0KTY1');
    expect(choose(raws, [], HAND_WEIGHTS).plate).toBe('HL0KTY1');
    expect(rankCandidates(raws).map((c) => c.plate)).toContain('HLOKTY1');
  });

  it('keeps a sure fragment far shorter than the row out of first place', () => {
    // Two rows of seven characters: the engine reads one whole and only KTY1 of the other (in both renders,
    // surer of it); the classifier reads both whole.
    const glyph = (variant: string): Raw => ({ ...raw('HL0KTY1', 95, variant), classifier: true });
    const raws = [
      raw('KTY1', 99, 'otsu/grey'),
      raw('KTY1', 99, 'otsu/binary'),
      raw('HL0KTY1', 80, 'local/grey'),
      glyph('otsu/glyph'),
      glyph('local/glyph'),
    ];
    expect(choose(raws).plate).toBe('HL0KTY1');
    expect(choose(raws, [], HAND_WEIGHTS).plate).toBe('HL0KTY1');
    expect(rankCandidates(raws).map((c) => c.plate)).toContain('KTY1');
  });

  it('finds no plate in reads of fewer than four characters, however sure (a bolt, a smear, the frame)', () => {
    const read = choose([raw('HO', 99, 'otsu/grey'), raw('HO', 99, 'otsu/binary'), raw('I', 95, 'local/grey')]);
    expect(read.plate).toBe('');
    expect(read.candidates).toEqual([]);
    expect(read.variant).toBe('none');
  });
});
