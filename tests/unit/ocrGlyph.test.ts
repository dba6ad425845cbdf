import { describe, expect, it } from 'vitest';
import {
  GLYPH_CLASSES,
  GLYPH_FEATURES,
  bestText,
  classifyGlyph,
  glyphFeatures,
  packGlyphModel,
  textLikelihood,
  unpackGlyphModel,
  type GlyphModel,
} from '../../main/core/ocrGlyph';
import { GLYPH_MODEL } from '../../main/core/ocrGlyphModel';
import type { Gray } from '../../main/core/ocrSegment';
import { choose, type Raw } from '../../main/services/ocr/reader';

/** An ink bitmap (1 = ink) of a block character drawn from rectangles [x, y, w, h] on a w × h grid. */
function blocks(width: number, height: number, rects: [number, number, number, number][]): Gray {
  const data = new Uint8Array(width * height);
  for (const [x0, y0, w, h] of rects)
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) data[y * width + x] = 1;
  return { width, height, data };
}

/** Probabilities with `p` on `ch` and the rest spread evenly. */
function probsFor(ch: string, p = 0.9): Float32Array {
  const out = new Float32Array(GLYPH_CLASSES.length).fill((1 - p) / (GLYPH_CLASSES.length - 1));
  out[GLYPH_CLASSES.indexOf(ch)] = p;
  return out;
}

describe('the plate-character classifier', () => {
  it('sees a thin and a wide stroke alike on the grid, and tells them apart by aspect', () => {
    const thin = glyphFeatures(blocks(6, 40, [[0, 0, 6, 40]]));
    const wide = glyphFeatures(blocks(30, 40, [[0, 0, 30, 40]]));
    expect(thin.length).toBe(GLYPH_FEATURES);
    expect(Array.from(thin.slice(0, -1))).toEqual(Array.from(wide.slice(0, -1)));
    expect(thin[GLYPH_FEATURES - 1]).toBeLessThan(wide[GLYPH_FEATURES - 1]!);
  });

  it('packs its weights to int8 and back within one quantization step', () => {
    const rand = (n: number, k: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k));
    const m: GlyphModel = {
      inputs: 5,
      hidden: 3,
      classes: 'AB',
      w1: rand(15, 1.3),
      b1: rand(3, 0.7),
      w2: rand(6, 2.1),
      b2: rand(2, 0.4),
    };
    const back = unpackGlyphModel(packGlyphModel(m));
    for (const key of ['w1', 'b1', 'w2', 'b2'] as const)
      back[key].forEach((v, i) => expect(Math.abs(v - m[key][i]!)).toBeLessThanOrEqual(1 / 127 + 1e-6));
  });

  it('reads block characters drawn here (never seen in training) as what they are', () => {
    const glyphs: [string, Gray][] = [
      [
        'L',
        blocks(20, 40, [
          [0, 0, 5, 40],
          [0, 35, 20, 5],
        ]),
      ],
      [
        'T',
        blocks(20, 40, [
          [0, 0, 20, 5],
          [8, 0, 5, 40],
        ]),
      ],
      [
        'H',
        blocks(20, 40, [
          [0, 0, 5, 40],
          [15, 0, 5, 40],
          [0, 18, 20, 5],
        ]),
      ],
      [
        'E',
        blocks(20, 40, [
          [0, 0, 5, 40],
          [0, 0, 20, 5],
          [0, 18, 16, 5],
          [0, 35, 20, 5],
        ]),
      ],
    ];
    for (const [ch, ink] of glyphs) expect(bestText([classifyGlyph(GLYPH_MODEL, glyphFeatures(ink))]).text).toBe(ch);
  });

  it('scores a text against a row: the likeliest text best, another length not at all', () => {
    const probs = [...'7ABC123'].map((c) => probsFor(c));
    expect(textLikelihood('7ABC123', probs)).toBeGreaterThan(textLikelihood('7ABCI23', probs)!);
    expect(textLikelihood('7ABC12', probs)).toBeNull();
  });
});

describe('the classifier among the engine reads', () => {
  const raw = (text: string, chars: number[], variant = 'otsu/grey'): Raw => ({
    text,
    confidence: chars.reduce((a, b) => a + b, 0) / chars.length,
    chars,
    variant,
  });

  it('counts the classifier’s own read as a candidate, not as a vote of the engine', () => {
    const engine = raw('ABC1234', [80, 80, 80, 80, 80, 80, 80]);
    const glyph: Raw = { ...raw('ABC1Z34', [99, 99, 99, 99, 99, 99, 99], 'otsu/glyph'), classifier: true };
    const read = choose([engine, glyph], 0);
    const byPlate = new Map(read.candidates.map((c) => [c.plate, c]));
    expect(byPlate.get('ABC1Z34')?.votes).toBe(0);
    expect(byPlate.get('ABC1Z34')?.confidence).toBeLessThan(80);
    expect(read.plate).toBe('ABC1234');
  });

  it('ranks first the candidate the classifier supports when the engine reads are split', () => {
    // W read as H and M as N on a condensed face: the engine's two readings are equally sure and fit the same
    // shape; the classifier sees W and M.
    const probs = [[...'CWM3083'].map((c) => probsFor(c, 0.95))];
    const split = [raw('CHN3083', [90, 70, 70, 90, 90, 90, 90]), raw('CWM3083', [90, 70, 70, 90, 90, 90, 90])];
    expect(choose(split, 0, probs).plate).toBe('CWM3083');
    // Without the classifier the tie goes the other way.
    expect(choose(split, 0).plate).toBe('CHN3083');
  });
});
