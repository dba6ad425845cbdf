import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  GLYPH_CLASSES,
  GLYPH_FEATURES,
  GRID_H,
  GRID_W,
  HOLE_FEATURES,
  bestText,
  classifyGlyph,
  glyphFeatures,
  packGlyphModel,
  textLikelihood,
  unpackGlyphModel,
  type GlyphModel,
} from '../../../main/core/ocr/glyph';
import { GLYPH_MODEL } from '../../../main/core/ocr/glyphModel';
import type { Gray } from '../../../main/core/ocr/segment';
import {
  OUTLINE_FAMILIES,
  capture,
  gothicPath,
  gothicSvg,
  loadOutlineFaces,
  outlineSvg,
} from '../../../tools/ocr-glyphs';
import { rng } from '../../support/prng';
import { choose, rankCandidates, type Raw } from '../../../main/core/ocr/rank';

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
    const aspect = GRID_W * GRID_H;
    expect(thin.length).toBe(GLYPH_FEATURES);
    expect(GLYPH_MODEL.inputs).toBe(GLYPH_FEATURES);
    expect(Array.from(thin.slice(0, aspect))).toEqual(Array.from(wide.slice(0, aspect)));
    expect(Array.from(thin.slice(aspect + 1))).toEqual(Array.from(wide.slice(aspect + 1)));
    expect(thin[aspect]).toBeLessThan(wide[aspect]!);
  });

  // A B and an 8 drawn with the same blocks but for the left side: B's is one straight bar, 8's is cut back
  // at the waist. The left profile shows the difference; both have an upper and a lower hole.
  const bBlocks: [number, number, number, number][] = [
    [0, 0, 16, 4],
    [4, 18, 14, 4],
    [0, 36, 20, 4],
    [14, 0, 4, 20],
    [16, 20, 4, 20],
  ];
  const B = blocks(20, 40, [...bBlocks, [0, 0, 4, 40]]);
  const eight = blocks(20, 40, [...bBlocks, [0, 0, 4, 18], [0, 22, 4, 18], [3, 18, 2, 4]]);

  it('sees a straight left side and a waist in the left profile, and where the holes are', () => {
    const left = (f: Float32Array): number[] => Array.from(f.slice(GRID_W * GRID_H + 1, GRID_W * GRID_H + 1 + GRID_H));
    const holes = (f: Float32Array): number[] => Array.from(f.slice(GLYPH_FEATURES - HOLE_FEATURES));
    expect(Math.max(...left(glyphFeatures(B)))).toBe(0);
    expect(Math.max(...left(glyphFeatures(eight)))).toBeGreaterThan(0.1);
    expect(holes(glyphFeatures(eight))).toEqual([1, 0, 1]);
    expect(holes(glyphFeatures(B))).toEqual([1, 0, 1]);
    // A ring: one hole in the middle; a bar: none; a speck of background smaller than 1 % of the box: none.
    const ring = blocks(20, 40, [
      [0, 0, 20, 4],
      [0, 36, 20, 4],
      [0, 0, 4, 40],
      [16, 0, 4, 40],
    ]);
    expect(holes(glyphFeatures(ring))).toEqual([0, 1, 0]);
    expect(holes(glyphFeatures(blocks(6, 40, [[0, 0, 6, 40]])))).toEqual([0, 0, 0]);
    const speck = blocks(20, 40, [[0, 0, 20, 40]]);
    speck.data[20 * 20 + 10] = 0;
    expect(holes(glyphFeatures(speck))).toEqual([0, 0, 0]);
  });

  it('refuses features of another length than its model was trained on', () => {
    expect(() => classifyGlyph(GLYPH_MODEL, new Float32Array(GLYPH_FEATURES - 3))).toThrow(/regenerate/);
  });

  it('packs its weights to int8 and back within one quantization step, for one or two hidden layers', () => {
    const rand = (n: number, k: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k));
    const model = (widths: number[]): GlyphModel => ({
      inputs: widths[0]!,
      hidden: widths.slice(1, -1),
      classes: 'AB',
      layers: widths.slice(1).map((n, l) => ({ w: rand(n * widths[l]!, 1.3 + l), b: rand(n, 0.7 + l) })),
    });
    for (const m of [model([5, 3, 2]), model([5, 4, 3, 2])]) {
      const back = unpackGlyphModel(packGlyphModel(m));
      expect(back.hidden).toEqual(m.hidden);
      m.layers.forEach((layer, l) => {
        for (const key of ['w', 'b'] as const) {
          expect(back.layers[l]![key].length).toBe(layer[key].length);
          back.layers[l]![key].forEach((v, i) =>
            expect(Math.abs(v - layer[key][i]!)).toBeLessThanOrEqual(1 / 127 + 1e-6),
          );
        }
      });
    }
    // A model packed before there could be two hidden layers (one number) still reads; a short one does not.
    const old = { ...packGlyphModel(model([5, 3, 2])), hidden: 3 };
    expect(unpackGlyphModel(old).layers.map((l) => l.b.length)).toEqual([3, 2]);
    expect(() => unpackGlyphModel({ ...old, hidden: 4 })).toThrow(/shape/);
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

  it('counts the classifier’s own read as a candidate and its row’s one classifier vote, at a discount', () => {
    const engine = raw('ABC1234', [80, 80, 80, 80, 80, 80, 80]);
    const glyph: Raw = { ...raw('ABC1Z34', [99, 99, 99, 99, 99, 99, 99], 'otsu/glyph'), classifier: true };
    const read = choose([engine, glyph]);
    const byPlate = new Map(rankCandidates([engine, glyph]).map((c) => [c.plate, c]));
    expect(byPlate.get('ABC1Z34')?.votes).toBe(1);
    expect(byPlate.get('ABC1Z34')?.confidence).toBeLessThan(80);
    expect(read.plate).toBe('ABC1234');
  });

  it('ranks first the candidate the classifier supports when the engine reads are split', () => {
    // W read as H and M as N on a condensed face: the engine's two readings are equally sure and fit the same
    // shape; the classifier sees W and M.
    const probs = [[...'CWM3083'].map((c) => probsFor(c, 0.95))];
    const split = [raw('CHN3083', [90, 70, 70, 90, 90, 90, 90]), raw('CWM3083', [90, 70, 70, 90, 90, 90, 90])];
    expect(choose(split, probs).plate).toBe('CWM3083');
    // Without the classifier the tie goes the other way.
    expect(choose(split).plate).toBe('CHN3083');
  });
});

describe('the training tool (synthetic glyphs only)', () => {
  it('rounds a gothic design’s corners by the radius, except the corners marked square', () => {
    expect(gothicPath('0,20* 0,0* 10,0 10,20*', 2)).toBe('M0 20 L0 0 L8.00 0.00 Q10 0 10.00 2.00 L10 20');
    expect(gothicPath('0,20* 0,0* 10,0* 10,20*', 2)).toBe('M0 20 L0 0 L10 0 L10 20');
    // Each side is cut by at most half its length (a short side by less than the radius).
    expect(gothicPath('0,0* 2,0 2,20*', 4)).toBe('M0 0 L1.00 0.00 Q2 0 2.00 4.00 L2 20');
    // A corner marked round keeps a radius of at least 2.8 however small the render's (a 2's shoulder).
    expect(gothicPath('0,20* 0,0~ 10,0*', 0.5)).toBe('M0 20 L0.00 2.80 Q0 0 2.80 0.00 L10 0');
    expect(gothicPath('0,20* 0,0~ 10,0*', 4)).toBe('M0 20 L0.00 4.00 Q0 0 4.00 0.00 L10 0');
  });

  it('draws every character in every outline face from the font files, the same for the same seed', () => {
    const families = loadOutlineFaces(OUTLINE_FAMILIES);
    expect(families.length).toBe(16);
    expect(() => loadOutlineFaces(['comic-sans'])).toThrow(/unknown outline family/);
    for (const face of families.flat())
      for (const ch of GLYPH_CLASSES) {
        // A face without the glyph would draw its .notdef box and teach the model a rectangle.
        expect(face.font.hasChar(ch), `${face.family} ${ch}`).toBe(true);
        const box = face.font.getPath(ch, 0, 0, 100).getBoundingBox();
        expect(box.y2 - box.y1, `${face.family} ${ch}`).toBeGreaterThan(50);
      }
    expect(outlineSvg('R', rng(3))).toBe(outlineSvg('R', rng(3)));
    expect(outlineSvg('R', rng(3))).not.toBe(outlineSvg('R', rng(4)));
  });

  it('captures the same glyph for the same seed, and the model reads captures it never saw', async () => {
    const draw = async (ch: string, seed: number): Promise<Gray | null> => {
      const r = rng(seed);
      const big = await sharp(Buffer.from(gothicSvg(ch, r)))
        .grayscale()
        .raw()
        .toBuffer({ resolveWithObject: true });
      return capture({ width: big.info.width, height: big.info.height, data: big.data }, r);
    };
    const once = await draw('2', 7);
    expect(once).not.toBeNull();
    expect(await draw('2', 7)).toEqual(once);
    // Seeds far from the tool's training seeds: most of 72 fresh captures read right.
    let right = 0;
    for (const [k, ch] of [...GLYPH_CLASSES].entries())
      for (const seed of [9_000_001 + k, 9_500_001 + k]) {
        const g = await draw(ch, seed);
        if (g && bestText([classifyGlyph(GLYPH_MODEL, glyphFeatures(g))]).text === ch) right++;
      }
    expect(right / 72).toBeGreaterThan(0.8);
  });
});
