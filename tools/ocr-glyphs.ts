/**
 * Trains the plate-character classifier (main/core/ocrGlyph.ts) on synthetic glyphs only and writes its
 * weights to main/core/ocrGlyphModel.ts.
 *
 *   npx tsx tools/ocr-glyphs.ts [out.ts]   (a few minutes on one core; deterministic for a seed; writes
 *                                          main/core/ocrGlyphModel.ts unless another path is given; run
 *                                          `npx prettier --write` on it after, as on any file)
 *
 * Glyphs: A–Z and 0–9 in the DejaVu Sans faces installed with the system (Book, Bold, Condensed, Mono),
 * rendered by sharp from SVG at random condensing (plate faces are about twice as high as wide), stroke
 * weight, shear and rotation, then shrunk to 14–48 px, blurred, noised and binarized at a random level, the
 * way a character comes out of the reader's binarizations. No real plate image is used: the benchmark
 * photographs are for measuring only.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import {
  GLYPH_CLASSES,
  GLYPH_FEATURES,
  classifyGlyph,
  cropInk,
  glyphFeatures,
  packGlyphModel,
  type GlyphModel,
} from '../main/core/ocrGlyph';

const PER_CLASS = Number(process.env.GLYPHS_PER_CLASS ?? 360);
const HIDDEN = 64;
const EPOCHS = Number(process.env.GLYPH_EPOCHS ?? 25);
const SEED = 20261122;
/** Share of samples drawn in the plate-style stroke face (the rest in DejaVu). */
const STROKE_SHARE = 0.5;

/** [family, weight]; Mono's zero carries a dot no plate has, so Mono renders letters and 1–9 only. */
const FACES: readonly [string, string][] = [
  ['DejaVu Sans', 'bold'],
  ['DejaVu Sans', 'normal'],
  ['DejaVu Sans Condensed', 'bold'],
  ['DejaVu Sans Condensed', 'normal'],
  ['DejaVu Sans Mono', 'bold'],
  ['DejaVu Sans Mono', 'normal'],
];

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Sample = { x: Float32Array; y: number };

/**
 * A plate-style stroke face drawn here: centre lines in a 10 × 20 box (y down), stroked at random weight and
 * caps. US plate faces are condensed gothics with straight sides and flat terminals (a 2 with a straight
 * diagonal, a C with vertical ends, an open 4, a 1 without a foot), which DejaVu alone does not show.
 * Several entries for one character are alternative designs.
 */
const STROKE_FACE: Readonly<Record<string, readonly string[]>> = {
  A: ['M0 20 L5 0 L10 20 M2 13 L8 13', 'M0 20 L3.5 0 L6.5 0 L10 20 M1.8 13 L8.2 13'],
  B: ['M0 0 L0 20 L6.5 20 Q10 20 10 15 Q10 10 6.5 10 L0 10 M0 0 L6 0 Q9.5 0 9.5 5 Q9.5 10 6 10'],
  C: ['M10 4 Q10 0 5 0 Q0 0 0 5 L0 15 Q0 20 5 20 Q10 20 10 16', 'M10 3 L10 0 L0 0 L0 20 L10 20 L10 17'],
  D: ['M0 0 L0 20 L5 20 Q10 20 10 15 L10 5 Q10 0 5 0 Z', 'M0 0 L0 20 L7 20 L10 17 L10 3 L7 0 Z'],
  E: ['M10 0 L0 0 L0 20 L10 20 M0 10 L7 10'],
  F: ['M10 0 L0 0 L0 20 M0 10 L7 10'],
  G: [
    'M10 4 Q10 0 5 0 Q0 0 0 5 L0 15 Q0 20 5 20 Q10 20 10 15 L10 11 L5.5 11',
    'M10 3 L10 0 L0 0 L0 20 L10 20 L10 11 L5 11',
  ],
  H: ['M0 0 L0 20 M10 0 L10 20 M0 10 L10 10'],
  I: ['M5 0 L5 20 M2 0 L8 0 M2 20 L8 20', 'M5 0 L5 20'],
  J: ['M10 0 L10 15 Q10 20 5 20 Q0 20 0 15', 'M4 0 L10 0 M10 0 L10 15 Q10 20 5 20 Q0 20 0 15'],
  K: ['M0 0 L0 20 M10 0 L0 12 M3 9 L10 20', 'M0 0 L0 20 M0 11 L10 0 M0 11 L10 20'],
  L: ['M0 0 L0 20 L10 20'],
  M: ['M0 20 L0 0 L5 12 L10 0 L10 20', 'M0 20 L1 0 L5 14 L9 0 L10 20'],
  N: ['M0 20 L0 0 L10 20 L10 0'],
  O: ['M5 0 Q0 0 0 5 L0 15 Q0 20 5 20 Q10 20 10 15 L10 5 Q10 0 5 0 Z', 'M0 0 L10 0 L10 20 L0 20 Z'],
  P: ['M0 20 L0 0 L6.5 0 Q10 0 10 5 Q10 10 6.5 10 L0 10'],
  Q: ['M5 0 Q0 0 0 5 L0 15 Q0 20 5 20 Q10 20 10 15 L10 5 Q10 0 5 0 Z M6 15 L10 21'],
  R: ['M0 20 L0 0 L6.5 0 Q10 0 10 5 Q10 10 6.5 10 L0 10 M5 10 L10 20'],
  S: ['M10 4 Q10 0 5 0 Q0 0 0 5 Q0 10 5 10 Q10 10 10 15 Q10 20 5 20 Q0 20 0 16'],
  T: ['M0 0 L10 0 M5 0 L5 20'],
  U: ['M0 0 L0 15 Q0 20 5 20 Q10 20 10 15 L10 0'],
  V: ['M0 0 L5 20 L10 0'],
  W: ['M0 0 L2 20 L5 7 L8 20 L10 0', 'M0 0 L2.5 20 L5 10 L7.5 20 L10 0', 'M0 0 L1.5 20 L5 3 L8.5 20 L10 0'],
  X: ['M0 0 L10 20 M10 0 L0 20'],
  Y: ['M0 0 L5 10 L10 0 M5 10 L5 20'],
  Z: ['M0 0 L10 0 L0 20 L10 20'],
  '0': ['M4 0 Q0 0 0 6 L0 14 Q0 20 4 20 Q8 20 8 14 L8 6 Q8 0 4 0 Z'],
  '1': ['M1.5 3.5 L5 0 L5 20', 'M1.5 3.5 L5 0 L5 20 M1.5 20 L8.5 20'],
  '2': [
    'M0 4 Q0 0 5 0 Q10 0 10 5 Q10 8 7 11 L0 20 L10 20',
    'M0 4 Q0 0 5 0 Q10 0 10 5 L0 20 L10 20',
    'M0 6 L0 3 Q0 0 3 0 L7 0 Q10 0 10 3 L10 7 L0 17 L0 20 L10 20',
  ],
  '3': [
    'M0 3 Q1 0 5 0 Q10 0 10 5 Q10 10 5 10 Q10 10 10 15 Q10 20 5 20 Q0 20 0 17',
    'M0 0 L10 0 L4 9 Q10 9 10 14.5 Q10 20 5 20 Q0 20 0 17',
  ],
  '4': ['M7 20 L7 0 L0 14 L10 14', 'M6 0 L0 14 L10 14 M7 6 L7 20'],
  '5': ['M10 0 L0 0 L0 9 Q2 7.5 5 7.5 Q10 7.5 10 13.5 Q10 20 5 20 Q0 20 0 16'],
  '6': [
    'M9 2 Q8 0 5 0 Q0 0 0 6 L0 15 Q0 20 5 20 Q10 20 10 15 L10 13 Q10 8.5 5 8.5 Q0 8.5 0 12',
    'M8 0 L1 11 Q0 13 0 15 Q0 20 5 20 Q10 20 10 15 Q10 10 5 10 Q2 10 1 11',
  ],
  '7': ['M0 0 L10 0 L3 20', 'M0 0 L10 0 L10 2 L4 20'],
  '8': ['M5 10 Q0.5 10 0.5 5 Q0.5 0 5 0 Q9.5 0 9.5 5 Q9.5 10 5 10 Q0 10 0 15 Q0 20 5 20 Q10 20 10 15 Q10 10 5 10 Z'],
  '9': [
    'M1 18 Q2 20 5 20 Q10 20 10 14 L10 5 Q10 0 5 0 Q0 0 0 5 L0 7 Q0 11.5 5 11.5 Q10 11.5 10 8',
    'M2 20 L9 9 Q10 7 10 5 Q10 0 5 0 Q0 0 0 5 Q0 10 5 10 Q8 10 9 9',
  ],
};

/** The stroke face's SVG for `ch`: coordinates scaled (x condensed separately, so strokes keep their weight). */
export function strokeSvg(ch: string, r: () => number): string {
  const designs = STROKE_FACE[ch]!;
  const d = designs[Math.floor(r() * designs.length)]!;
  const ky = 6;
  const kx = ky * (0.55 + r() * 0.6);
  const skew = (r() - 0.5) * 0.2;
  let i = 0;
  let x = 0;
  const path = d.replace(/-?\d+(\.\d+)?/g, (n) => {
    const v = Number(n);
    if (i++ % 2 === 0) {
      x = v;
      return '';
    }
    // x then y: emit both once the pair is complete (shear leans the glyph like a tilted camera).
    return `${(30 + x * kx + (20 - v) * ky * skew).toFixed(1)} ${(20 + v * ky).toFixed(1)}`;
  });
  const width = (1.1 + r() * 2.2) * ky;
  const cap = ['round', 'square', 'butt'][Math.floor(r() * 3)];
  const join = r() < 0.5 ? 'round' : 'miter';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="180"><rect width="200" height="180" fill="white"/>` +
    `<path d="${path}" fill="none" stroke="black" stroke-width="${width.toFixed(1)}" stroke-linecap="${cap}" ` +
    `stroke-linejoin="${join}"/></svg>`
  );
}

async function renderGlyph(ch: string, r: () => number): Promise<Float32Array | null> {
  const svg = r() < STROKE_SHARE ? strokeSvg(ch, r) : fontSvg(ch, r);
  const big = await sharp(Buffer.from(svg)).grayscale().raw().toBuffer({ resolveWithObject: true });
  return shrink(big, r);
}

/** `ch` in a random DejaVu face, condensed, thickened, sheared and turned a little. */
function fontSvg(ch: string, r: () => number): string {
  const [face, weight] = FACES[Math.floor(r() * FACES.length)]!;
  const family = ch === '0' && face.includes('Mono') ? 'DejaVu Sans Condensed' : face;
  const condense = 0.45 + r() * 0.55;
  const stroke = r() * 7;
  const skew = (r() - 0.5) * 14;
  const rotate = (r() - 0.5) * 8;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="180"><rect width="200" height="180" fill="white"/>` +
    `<g transform="translate(100 135) rotate(${rotate.toFixed(2)}) skewX(${skew.toFixed(2)}) scale(${condense.toFixed(3)} 1)">` +
    `<text x="0" y="0" text-anchor="middle" font-family="${family}" font-weight="${weight}" font-size="110" ` +
    `fill="black" stroke="black" stroke-width="${stroke.toFixed(2)}">${ch}</text></g></svg>`
  );
}

async function shrink(big: { data: Buffer; info: sharp.OutputInfo }, r: () => number): Promise<Float32Array | null> {
  const ink = cropInk({
    width: big.info.width,
    height: big.info.height,
    data: Uint8Array.from(big.data, (v) => (v < 128 ? 1 : 0)),
  });
  if (!ink) return null;
  // Shrink to the size a character has in a plate crop, blur, add sensor noise, binarize.
  const height = Math.round(14 + r() * 34);
  const width = Math.max(3, Math.round((ink.width * height) / ink.height));
  const pad = 3;
  const src = Buffer.alloc((ink.width + 2 * pad * 8) * (ink.height + 2 * pad * 8), 255);
  const sw = ink.width + 16 * pad;
  for (let y = 0; y < ink.height; y++)
    for (let x = 0; x < ink.width; x++) if (ink.data[y * ink.width + x]) src[(y + 8 * pad) * sw + x + 8 * pad] = 0;
  let img = sharp(src, { raw: { width: sw, height: ink.height + 16 * pad, channels: 1 } }).resize({
    width: width + 2 * pad,
    height: height + 2 * pad,
    fit: 'fill',
    kernel: 'lanczos3',
  });
  const sigma = r() * 1.1;
  if (sigma > 0.35) img = img.blur(sigma);
  const small = await img.grayscale().raw().toBuffer({ resolveWithObject: true });
  const noise = r() * 25;
  const level = 95 + r() * 70;
  const bin = Uint8Array.from(small.data, (v) => (v + (r() - 0.5) * 2 * noise < level ? 1 : 0));
  const glyph = cropInk({ width: small.info.width, height: small.info.height, data: bin });
  return glyph ? glyphFeatures(glyph) : null;
}

async function samples(): Promise<Sample[]> {
  const out: Sample[] = [];
  for (let k = 0; k < GLYPH_CLASSES.length; k++) {
    // One generator per sample: renders finish in any order, the samples stay the same for a seed.
    const batch = await Promise.all(
      Array.from({ length: PER_CLASS }, (_, i) => renderGlyph(GLYPH_CLASSES[k]!, rng(SEED + k * 100_003 + i))),
    );
    for (const x of batch) if (x) out.push({ x, y: k });
  }
  return out;
}

function train(data: Sample[], r: () => number): GlyphModel {
  const inputs = GLYPH_FEATURES;
  const classes = GLYPH_CLASSES.length;
  const gauss = (): number => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  const m: GlyphModel = {
    inputs,
    hidden: HIDDEN,
    classes: GLYPH_CLASSES,
    w1: Float32Array.from({ length: HIDDEN * inputs }, () => gauss() * Math.sqrt(2 / inputs)),
    b1: new Float32Array(HIDDEN),
    w2: Float32Array.from({ length: classes * HIDDEN }, () => gauss() * Math.sqrt(1 / HIDDEN)),
    b2: new Float32Array(classes),
  };
  const v = [m.w1, m.b1, m.w2, m.b2].map((a) => new Float32Array(a.length));
  const hidden = new Float32Array(HIDDEN);
  const dh = new Float32Array(HIDDEN);
  const logits = new Float32Array(classes);
  const order = data.map((_, i) => i);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const lr = 0.004 * (1 - epoch / EPOCHS) + 0.0004;
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let loss = 0;
    for (const idx of order) {
      const { x, y } = data[idx]!;
      for (let j = 0; j < HIDDEN; j++) {
        let s = m.b1[j]!;
        for (let i = 0; i < inputs; i++) s += m.w1[j * inputs + i]! * x[i]!;
        hidden[j] = s > 0 ? s : 0;
      }
      let max = -Infinity;
      for (let k = 0; k < classes; k++) {
        let s = m.b2[k]!;
        for (let j = 0; j < HIDDEN; j++) s += m.w2[k * HIDDEN + j]! * hidden[j]!;
        logits[k] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let k = 0; k < classes; k++) sum += logits[k] = Math.exp(logits[k]! - max);
      loss -= Math.log(logits[y]! / sum + 1e-12);
      dh.fill(0);
      // Plain SGD with momentum and a little weight decay, one sample at a time.
      for (let k = 0; k < classes; k++) {
        const g = logits[k]! / sum - (k === y ? 1 : 0);
        for (let j = 0; j < HIDDEN; j++) {
          const at = k * HIDDEN + j;
          dh[j]! += g * m.w2[at]!;
          v[2]![at] = 0.9 * v[2]![at]! - lr * (g * hidden[j]! + 1e-4 * m.w2[at]!);
          m.w2[at]! += v[2]![at]!;
        }
        v[3]![k] = 0.9 * v[3]![k]! - lr * g;
        m.b2[k]! += v[3]![k]!;
      }
      for (let j = 0; j < HIDDEN; j++) {
        if (hidden[j]! <= 0) continue;
        const g = dh[j]!;
        for (let i = 0; i < inputs; i++) {
          const at = j * inputs + i;
          v[0]![at] = 0.9 * v[0]![at]! - lr * (g * x[i]! + 1e-4 * m.w1[at]!);
          m.w1[at]! += v[0]![at]!;
        }
        v[1]![j] = 0.9 * v[1]![j]! - lr * g;
        m.b1[j]! += v[1]![j]!;
      }
    }
    process.stderr.write(`epoch ${epoch + 1}/${EPOCHS}: loss ${(loss / order.length).toFixed(3)}\n`);
  }
  return m;
}

function accuracy(m: GlyphModel, data: Sample[]): number {
  let ok = 0;
  for (const { x, y } of data) {
    const p = classifyGlyph(m, x);
    let k = 0;
    for (let i = 1; i < p.length; i++) if (p[i]! > p[k]!) k = i;
    if (k === y) ok++;
  }
  return ok / data.length;
}

async function main(): Promise<void> {
  const r = rng(SEED);
  const all = await samples();
  const test = all.filter((_, i) => i % 10 === 0);
  const trainSet = all.filter((_, i) => i % 10 !== 0);
  const model = train(trainSet, r);
  const packed = packGlyphModel(model);
  const file = process.argv[2] ?? join(__dirname, '..', 'main', 'core', 'ocrGlyphModel.ts');
  writeFileSync(
    file,
    `/**\n * Weights of the plate-character classifier (main/core/ocrGlyph.ts), generated by tools/ocr-glyphs.ts from\n` +
      ` * synthetic glyphs only (${trainSet.length} DejaVu renders, seed ${SEED}). Do not edit: run the tool again.\n */\n` +
      `import { unpackGlyphModel } from './ocrGlyph';\n\n` +
      `export const GLYPH_MODEL = unpackGlyphModel(${JSON.stringify(packed)});\n`,
  );
  process.stdout.write(
    `${JSON.stringify({ samples: all.length, heldOutAccuracy: +accuracy(model, test).toFixed(4), file })}\n`,
  );
}

if (require.main === module) void main();
