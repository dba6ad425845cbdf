/**
 * Trains the plate-character classifier (main/core/ocr/glyph.ts) on synthetic glyphs only and writes its
 * weights to main/core/ocr/glyphModel.ts.
 *
 *   npx tsx tools/ocr-glyphs.ts [out.ts]   (5–20 min on one core; deterministic for a seed; writes
 *                                          main/core/ocr/glyphModel.ts unless another path is given; run
 *                                          `npx prettier --write` on it after, as on any file)
 *
 * Environment (defaults reproduce the model in the tree): GLYPHS_PER_CLASS (800), GLYPH_HIDDEN (128; "128,64"
 * for two layers), GLYPH_EPOCHS (20), GLYPH_SEED, GLYPH_STROKE_SHARE (0.3), GLYPH_GOTHIC_SHARE (0.35),
 * GLYPH_FRAGMENTS (0.15), GLYPH_FAMILIES (outline families, "dejavu"; see OUTLINE_FACES).
 *
 * Glyphs: A–Z and 0–9 in three kinds of face: outline faces drawn from font files through opentype.js
 * (DejaVu Sans by default; 15 more plate-like families available, OUTLINE_FACES); a plate-style stroke face
 * drawn here (STROKE_FACE); and a narrow "plate gothic" face drawn here as polylines whose corners are
 * rounded by a random radius (GOTHIC_FACE, after the condensed straight-sided faces of US plates: boxy 0 and
 * D, flat-sided B, hooked 2). Each render goes through a simulated capture (`capture`): perspective, a little
 * rotation, the camera's resolution (8–48 px per character), optical blur and noise, upscaling to the
 * reader's working size, binarization at a random level (thin or bled strokes, counters filled), sometimes a
 * bolt, a bolt hole or the frame's edge over part of the character, sometimes a fragment of something else
 * at a corner — the way a character comes out of the reader's segmentation. No real
 * plate image is used: the benchmark photographs are for measuring only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as opentype from 'opentype.js';
import sharp from 'sharp';
import {
  GLYPH_CLASSES,
  GLYPH_FEATURES,
  classifyGlyph,
  componentInk,
  cropInk,
  forward,
  glyphFeatures,
  packGlyphModel,
  softmax,
  type GlyphModel,
} from '../main/core/ocr/glyph';
import type { Gray } from '../main/core/ocr/segment';
// The seeded generator the test fixtures use: the same seed draws the same glyphs, so the tool writes the same
// model on every run.
import { rng } from '../tests/support/prng';
import { PHOTO_CONDITIONS, platePhoto } from '../tests/agency/generator/platePhotos';
import { plateRows } from '../main/services/ocr/reader';

const PER_CLASS = Number(process.env.GLYPHS_PER_CLASS ?? 800);
/** Hidden layer widths, e.g. GLYPH_HIDDEN=128,64 for two. */
const HIDDEN = (process.env.GLYPH_HIDDEN ?? '128').split(',').map(Number);
const EPOCHS = Number(process.env.GLYPH_EPOCHS ?? 20);
const SEED = Number(process.env.GLYPH_SEED ?? 20261122);
/** Shares of samples drawn in the stroke face and in the gothic face (the rest in the outline faces). */
const STROKE_SHARE = Number(process.env.GLYPH_STROKE_SHARE ?? 0.3);
/** Share of captures with a fragment of something else at a corner (`withFragment`). */
const FRAGMENT_SHARE = Number(process.env.GLYPH_FRAGMENTS ?? 0.15);
const GOTHIC_SHARE = Number(process.env.GLYPH_GOTHIC_SHARE ?? 0.35);
/**
 * Plate-shaped 2, 0 and O (PLATE_FACE): "gothic" adds them to the gothic face; "all" also widens the outline
 * faces' 0 to their O's width. Off ("") by default.
 */
const PLATE_FACE = process.env.GLYPH_PLATE_FACE ?? '';
/** Which of the plate designs are drawn (GLYPH_PLATE_CHARS, default all three: "20O"). */
const PLATE_CHARS = new Set((process.env.GLYPH_PLATE_CHARS ?? '20O').split(''));

/**
 * Varied plate photographs (tests/agency/generator/platePhotos.ts) whose rows the reader's own segmentation
 * cuts into training glyphs: faces from font files, embossing, frames, glare, night infrared, JPEG, as the
 * reader meets them. GLYPH_PLATES photos (0: none), from their own seed (the bench's generator figures use
 * another).
 */
const PLATE_PHOTOS = Number(process.env.GLYPH_PLATES ?? 0);
const PLATE_SEED = 7;

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

/** The stroke face's SVG for `ch`, condensed, sheared and stroked at a random weight. */
export function strokeSvg(ch: string, r: () => number): string {
  const designs = STROKE_FACE[ch]!;
  return strokedSvg(designs[Math.floor(r() * designs.length)]!, r, 0.55 + r() * 0.6, 1.1 + r() * 2.2);
}

/**
 * A path drawn in a 10 × 20 box (y down) as SVG: scaled with x condensed by `condense` separately (so strokes
 * keep their weight), sheared a little (a tilted camera), stroked `weight` units wide with one of `caps`
 * (and mitred joins unless round caps are allowed).
 */
function strokedSvg(
  d: string,
  r: () => number,
  condense: number,
  weight: number,
  caps: readonly string[] = ['round', 'square', 'butt'],
): string {
  const ky = 6;
  const kx = ky * condense;
  const skew = (r() - 0.5) * 0.2;
  let i = 0;
  let x = 0;
  const path = d.replace(/-?\d+(\.\d+)?/g, (n) => {
    const v = Number(n);
    if (i++ % 2 === 0) {
      x = v;
      return '';
    }
    // x then y: emit both once the pair is complete.
    return `${(30 + x * kx + (20 - v) * ky * skew).toFixed(1)} ${(20 + v * ky).toFixed(1)}`;
  });
  const cap = caps[Math.floor(r() * caps.length)];
  const join = caps.includes('round') && r() < 0.5 ? 'round' : 'miter';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="180"><rect width="200" height="180" fill="white"/>` +
    `<path d="${path}" fill="none" stroke="black" stroke-width="${(weight * ky).toFixed(1)}" stroke-linecap="${cap}" ` +
    `stroke-linejoin="${join}"/></svg>`
  );
}

/**
 * A narrow plate gothic drawn as polylines in a 10 × 20 box (y down; `|` starts a new stroke). Corners are
 * rounded by one random radius per render (0.3–4 units: from boxy to round), except corners marked `*`,
 * which stay square: the flat left side of B, D, P, R and the top-left corner of 5, which tell them from 8,
 * 0 and S. Round characters have a floor on their radius so a boxy 8 never draws a B.
 */
const GOTHIC_FACE: Readonly<Record<string, readonly string[]>> = {
  A: ['0,20 0,5 3,0 7,0 10,5 10,20 | 0,12 10,12', '0,20* 4,0 6,0 10,20* | 1.8,13 8.2,13'],
  B: [
    '0,20* 0,0* 8,0 8,10 0,10* | 0,10* 10,10 10,20 0,20*',
    '0,20* 0,0* 10,0 10,9 8,10 0,10* | 8,10 10,11 10,20 0,20*',
  ],
  C: ['10,4 10,0 0,0 0,20 10,20 10,16'],
  D: ['0,0* 10,0 10,20 0,20* 0,0*', '0,0* 6,0 10,4 10,16 6,20 0,20* 0,0*'],
  E: ['10,0* 0,0* 0,20* 10,20* | 0,10* 7,10*'],
  F: ['10,0* 0,0* 0,20* | 0,10* 7,10*'],
  G: ['10,4 10,0 0,0 0,20 10,20 10,10 5,10*', '10,4 10,0 0,0 0,20 10,20 10,10* | 6,10* 10,10*'],
  H: ['0,0* 0,20* | 10,0* 10,20* | 0,10* 10,10*'],
  I: ['5,0* 5,20* | 2,0* 8,0* | 2,20* 8,20*'],
  J: ['3,0* 10,0* 10,20 0,20 0,14*', '10,0* 10,20 0,20 0,14*'],
  K: ['0,0* 0,20* | 0,12* 10,0* | 3,9* 10,20*'],
  L: ['0,0* 0,20* 10,20*'],
  M: ['0,20* 0,0* 5,12* 10,0* 10,20*', '0,20* 0,0* 3,0* 5,8* 7,0* 10,0* 10,20*'],
  N: ['0,20* 0,0* 10,20* 10,0*'],
  O: ['5,0 0,0 0,20 10,20 10,0 5,0'],
  P: ['0,20* 0,0* 10,0 10,10 0,10*'],
  Q: ['5,0 0,0 0,20 10,20 10,0 5,0 | 6,15* 10,21*'],
  R: ['0,20* 0,0* 10,0 10,10 0,10* | 5,10* 10,20*', '0,20* 0,0* 10,0 10,10 0,10* | 6,10 10,13 10,20*'],
  S: ['10,4 10,0 0,0 0,10 10,10 10,20 0,20 0,16'],
  T: ['0,0* 10,0* | 5,0* 5,20*'],
  U: ['0,0* 0,20 10,20 10,0*'],
  V: ['0,0* 5,20* 10,0*', '0,0* 0,10* 5,20* 10,10* 10,0*'],
  W: ['0,0* 2,20* 5,6* 8,20* 10,0*', '0,0* 0,20* 5,12* 10,20* 10,0*'],
  X: ['0,0* 10,20* | 10,0* 0,20*'],
  Y: ['0,0* 5,10* 10,0* | 5,10* 5,20*'],
  Z: ['0,0* 10,0* 0,20* 10,20*'],
  '0': ['4,0 0,0 0,20 8,20 8,0 4,0'],
  '1': ['2,3* 5,0* 5,20*', '5,0* 5,20*', '2,3* 5,0* 5,20* | 2,20* 8,20*'],
  '2': [
    '0,4 0,0 10,0 10,9 0,16* 0,20* 10,20*',
    '0,4 0,0 10,0 10,7 0,20* 10,20*',
    '0,5 0,0 10,0 10,8 0,14 0,20* 10,20*',
    '0,2.5 0,0 10,0 10,6 0,20* 10,20*',
  ],
  '3': ['0,4 0,0 10,0 10,10 3,10* | 10,10 10,20 0,20 0,16', '0,0* 10,0* 4,9* 10,9 10,20 0,20 0,16'],
  '4': ['0,0* 0,12* 10,12* | 8,4* 8,20*', '8,20* 8,0* 0,14* 10,14*'],
  '5': ['10,0* 0,0* 0,9* 10,9 10,20 0,20 0,16'],
  '6': ['10,4 10,0 0,0 0,20 10,20 10,10 0,10', '9,0* 0,9 0,20 10,20 10,10 0,10'],
  '7': ['0,0* 10,0* 3,20*', '0,0* 10,0* 10,4* 5,20*'],
  '8': ['5,10 0.5,10 0.5,0 9.5,0 9.5,10 5,10 | 5,10 0,10 0,20 10,20 10,10 5,10'],
  '9': ['10,10 0,10 0,0 10,0 10,20 0,20 0,16', '10,10 0,10 0,0 10,0 10,11 1,20*'],
};

/** Characters drawn round in every render (their corner radius never drops below 1.8 units). */
const ROUND = new Set('0O8S3C6G9Q'.split(''));

/**
 * US plate faces (California's "Penitentiary Gothic" and its kin) draw a 2 with a round shoulder, a small
 * hook and a straight diagonal, so it differs from the flat-topped Z by its rounded top, not by a curved
 * back; and a 0 about as wide as the O: the O rounder (a larger corner radius), the 0 a rounded rectangle
 * with straight sides. Stock faces draw a narrow 0 and a curvy 2 instead. Corners marked `~` are always
 * round (radius at least 2.8 units). Per-character radius ranges override the gothic face's.
 */
const PLATE_FACE_DESIGNS: Readonly<Record<string, readonly string[]>> = {
  '2': [
    '0,4 0,0~ 10,0~ 10,7~ 0,20* 10,20*',
    '0,5 0,0~ 10,0~ 10,6~ 0,17* 0,20* 10,20*',
    '0,2.5 0,0~ 10,0~ 10,8~ 0,20* 10,20*',
  ],
  '0': ['4.5,0 0,0 0,20 9,20 9,0 4.5,0', '5,0 0,0 0,20 10,20 10,0 5,0'],
  O: ['5,0 0,0 0,20 10,20 10,0 5,0', '5.25,0 0,0 0,20 10.5,20 10.5,0 5.25,0'],
};
/** Corner radius ranges [floor, span] of the plate designs: the 0 boxier than the O. */
const PLATE_RADIUS: Readonly<Record<string, readonly [number, number]>> = {
  '2': [0.3, 2.5],
  '0': [1.6, 1.6],
  O: [3.4, 1.8],
};
/** Share of the gothic renders of 2, 0 and O drawn from PLATE_FACE_DESIGNS when the option is on. */
const PLATE_DESIGN_SHARE = 0.6;

/** An SVG path for one GOTHIC_FACE design: each unmarked corner cut by `radius` and joined by a curve. */
export function gothicPath(design: string, radius: number): string {
  return design
    .split('|')
    .map((stroke) => {
      const pts = stroke
        .trim()
        .split(/\s+/)
        .map((t) => {
          const [x, y] = t.replace(/[*~]$/, '').split(',').map(Number);
          return { x: x!, y: y!, sharp: t.endsWith('*'), round: t.endsWith('~') };
        });
      let d = `M${pts[0]!.x} ${pts[0]!.y}`;
      for (let i = 1; i < pts.length; i++) {
        const p = pts[i]!;
        const next = pts[i + 1];
        if (!next || p.sharp) {
          d += ` L${p.x} ${p.y}`;
          continue;
        }
        const prev = pts[i - 1]!;
        const rad = p.round ? Math.max(radius, 2.8) : radius;
        const cut = (q: { x: number; y: number }): string => {
          const len = Math.hypot(q.x - p.x, q.y - p.y);
          const k = Math.min(rad, len / 2) / len;
          return `${(p.x + (q.x - p.x) * k).toFixed(2)} ${(p.y + (q.y - p.y) * k).toFixed(2)}`;
        };
        d += ` L${cut(prev)} Q${p.x} ${p.y} ${cut(next)}`;
      }
      return d;
    })
    .join(' ');
}

/** The gothic face's SVG for `ch`, condensed, sheared and stroked at a random weight. */
export function gothicSvg(ch: string, r: () => number, plate = PLATE_FACE !== ''): string {
  const platePick = plate && PLATE_CHARS.has(ch) && PLATE_FACE_DESIGNS[ch] !== undefined && r() < PLATE_DESIGN_SHARE;
  const designs = platePick ? PLATE_FACE_DESIGNS[ch]! : GOTHIC_FACE[ch]!;
  const design = designs[Math.floor(r() * designs.length)]!;
  const [floor, span] = platePick ? PLATE_RADIUS[ch]! : ROUND.has(ch) ? [1.8, 2.2] : [0.3, 3.7];
  const radius = floor + r() * span;
  // Flat terminals and mitred square corners: plate gothics have no round ends (a round-capped Z reads as 2).
  return strokedSvg(gothicPath(design, radius), r, 0.45 + r() * 0.45, 1.3 + r() * 2.2, ['butt', 'square']);
}

async function renderGlyph(ch: string, r: () => number): Promise<Float32Array | null> {
  const u = r();
  const svg =
    u < STROKE_SHARE ? strokeSvg(ch, r) : u < STROKE_SHARE + GOTHIC_SHARE ? gothicSvg(ch, r) : outlineSvg(ch, r);
  const big = await sharp(Buffer.from(svg)).grayscale().raw().toBuffer({ resolveWithObject: true });
  const glyph = capture({ width: big.info.width, height: big.info.height, data: big.data }, r);
  return glyph ? glyphFeatures(glyph) : null;
}

/**
 * Outline faces rendered from their files through opentype.js (no system font lookup, so a render is the
 * same on every machine), by family; each file is one weight. Chosen for plate-likeness: Overpass
 * (after the US highway gothic, close to many states' faces), the condensed gothics of California-style
 * plates (Oswald, League Gothic, Antonio, Fjalla One, Pathway Gothic One), other condensed sans faces in a
 * few weights, and DejaVu Sans as before. Left out: serif and mono DejaVu (Mono's dotted zero), Share Tech
 * Mono (a square techno face), the lightest and heaviest weights (no plate is hairline or black). None of
 * the faces kept has a slashed or dotted zero (checked on a montage of all of them).
 */
const OUTLINE_FACES: Readonly<Record<string, readonly string[]>> = {
  overpass: ['400', '500', '600', '700', '800'].map((w) => fontsource('overpass', w)),
  oswald: ['400', '500', '600', '700'].map((w) => fontsource('oswald', w)),
  'league-gothic': [fontsource('league-gothic', '400')],
  antonio: ['400', '500', '600', '700'].map((w) => fontsource('antonio', w)),
  'fjalla-one': [fontsource('fjalla-one', '400')],
  'pathway-gothic-one': [fontsource('pathway-gothic-one', '400')],
  'barlow-condensed': ['500', '600', '700'].map((w) => fontsource('barlow-condensed', w)),
  'roboto-condensed': ['400', '600', '800'].map((w) => fontsource('roboto-condensed', w)),
  'archivo-narrow': ['500', '700'].map((w) => fontsource('archivo-narrow', w)),
  'saira-condensed': ['500', '700'].map((w) => fontsource('saira-condensed', w)),
  'sofia-sans-condensed': ['500', '700'].map((w) => fontsource('sofia-sans-condensed', w)),
  'ibm-plex-sans-condensed': ['500', '700'].map((w) => fontsource('ibm-plex-sans-condensed', w)),
  'encode-sans-condensed': ['500', '700'].map((w) => fontsource('encode-sans-condensed', w)),
  'pt-sans-narrow': ['400', '700'].map((w) => fontsource('pt-sans-narrow', w)),
  'public-sans': ['500', '700'].map((w) => fontsource('public-sans', w)),
  dejavu: ['DejaVuSans', 'DejaVuSans-Bold', 'DejaVuSansCondensed', 'DejaVuSansCondensed-Bold'].map(
    (f) => `/usr/share/fonts/truetype/dejavu/${f}.ttf`,
  ),
};

function fontsource(pkg: string, weight: string): string {
  return join(__dirname, '..', 'node_modules', '@fontsource', pkg, 'files', `${pkg}-latin-${weight}-normal.woff`);
}

type OutlineFace = { family: string; font: opentype.Font; hAspect: number };
export const OUTLINE_FAMILIES = Object.keys(OUTLINE_FACES);
/**
 * DejaVu alone by default: mixes with the other families read real plates' 2 as Z and 0 as O more often
 * (docs/ocr.md, session 4); GLYPH_FAMILIES=overpass,oswald,… trains on others.
 */
const TRAIN_FAMILIES = (process.env.GLYPH_FAMILIES ?? 'dejavu').split(',');
const loaded = new Map<string, OutlineFace[]>();

/** The faces of `families`, one array per family (each file parsed once); an unknown family is an error. */
export function loadOutlineFaces(families: readonly string[] = TRAIN_FAMILIES): OutlineFace[][] {
  return families.map((family) => {
    const files = OUTLINE_FACES[family];
    if (!files) throw new Error(`unknown outline family ${family}: one of ${OUTLINE_FAMILIES.join(', ')}`);
    let faces = loaded.get(family);
    if (!faces) {
      faces = files.map((file) => {
        const buf = readFileSync(file);
        const font = opentype.parse(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
        const h = font.getPath('H', 0, 0, 100).getBoundingBox();
        return { family, font, hAspect: (h.x2 - h.x1) / (h.y2 - h.y1) };
      });
      loaded.set(family, faces);
    }
    return faces;
  });
}

/**
 * `ch` in a random outline face (a family, then one of its weights), scaled so its capital H is 120 px
 * high and 0.4–0.75 of that wide (faces from condensed to wide all land in the range of plate faces; a 1
 * or an I stays narrow relative to that), thickened by a random stroke, sheared and turned a little.
 */
export function outlineSvg(ch: string, r: () => number): string {
  const families = loadOutlineFaces();
  const weights = families[Math.floor(r() * families.length)]!;
  const face = weights[Math.floor(r() * weights.length)]!;
  const path = face.font.getPath(ch, 0, 0, 100);
  const box = path.getBoundingBox();
  const capH = face.font.getPath('H', 0, 0, 100).getBoundingBox();
  const k = 120 / (capH.y2 - capH.y1);
  let condense = (0.4 + r() * 0.35) / face.hAspect;
  // Plate faces draw the 0 about as wide as the O (85–100 % of it); stock faces draw it narrow.
  if (ch === '0' && PLATE_FACE === 'all' && PLATE_CHARS.has('0') && r() < PLATE_DESIGN_SHARE) {
    const width = (c: string): number => {
      const b = face.font.getPath(c, 0, 0, 100).getBoundingBox();
      return b.x2 - b.x1;
    };
    condense *= (width('O') / width('0')) * (0.85 + r() * 0.15);
  }
  const stroke = r() * 8;
  const skew = (r() - 0.5) * 14;
  const rotate = (r() - 0.5) * 8;
  const cx = (box.x1 + box.x2) / 2;
  const cy = (box.y1 + box.y2) / 2;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="200"><rect width="240" height="200" fill="white"/>` +
    `<g transform="translate(120 100) rotate(${rotate.toFixed(2)}) skewX(${skew.toFixed(2)}) ` +
    `scale(${(k * condense).toFixed(4)} ${k.toFixed(4)}) translate(${(-cx).toFixed(2)} ${(-cy).toFixed(2)})">` +
    `<path d="${path.toPathData(2)}" fill="black" stroke="black" stroke-width="${(stroke / k).toFixed(3)}" ` +
    `stroke-linejoin="miter"/></g></svg>`
  );
}

/**
 * What a big render looks like once a camera and the reader's segmentation have had it: warped (perspective,
 * rotation), sampled at the camera's resolution, blurred, noised, upscaled to the reader's working size,
 * binarized at a random level, sometimes partly covered; then the pieces of ink big enough to be the
 * character's, cropped to their box. Null when nothing is left.
 */
export function capture(big: Gray, r: () => number): Gray | null {
  const box = cropBox(big);
  if (!box) return null;
  // The camera: 8–48 px per character height, perspective (top and bottom of different widths), rotation.
  const hs = 8 + r() * 40;
  const ws = Math.max(2, (hs * box.w) / box.h);
  const pad = 2;
  const sw = Math.ceil(ws) + 2 * pad;
  const sh = Math.ceil(hs) + 2 * pad;
  const keystone = (r() - 0.5) * 0.3;
  const turn = (r() - 0.5) * 0.1;
  const [cos, sin] = [Math.cos(turn), Math.sin(turn)];
  const cam = new Float32Array(sw * sh);
  for (let j = 0; j < sh; j++)
    for (let i = 0; i < sw; i++) {
      let sum = 0;
      for (let sy = 0; sy < 3; sy++)
        for (let sx = 0; sx < 3; sx++) {
          const u = (i - pad + (sx + 0.5) / 3) / ws - 0.5;
          const v = (j - pad + (sy + 0.5) / 3) / hs - 0.5;
          const ru = (cos * u * ws + sin * v * hs) / ws;
          const rv = (-sin * u * ws + cos * v * hs) / hs;
          const bx = Math.floor(box.x + (0.5 + ru / (1 + keystone * rv * 2)) * box.w);
          const by = Math.floor(box.y + (0.5 + rv) * box.h);
          sum += bx < 0 || by < 0 || bx >= big.width || by >= big.height ? 255 : big.data[by * big.width + bx]!;
        }
      cam[j * sw + i] = sum / 9 / 255;
    }
  let img = blur(cam, sw, sh, r() * 0.9);
  const noise = r() * 0.08;
  img = img.map((v) => v + (r() - 0.5) * 2 * noise);
  // The reader's working size: characters 24–60 px high, upscaled bilinearly from the camera's pixels.
  const ht = Math.round(24 + r() * 36);
  const scale = ht / hs;
  const tw = Math.max(3, Math.round(sw * scale));
  const th = Math.round(sh * scale);
  const level = 0.3 + r() * 0.4;
  const bin = new Uint8Array(tw * th);
  for (let y = 0; y < th; y++)
    for (let x = 0; x < tw; x++) {
      const fx = Math.min(sw - 1.001, Math.max(0, (x + 0.5) / scale - 0.5));
      const fy = Math.min(sh - 1.001, Math.max(0, (y + 0.5) / scale - 0.5));
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const ax = fx - x0;
      const ay = fy - y0;
      const v =
        (img[y0 * sw + x0]! * (1 - ax) + img[y0 * sw + x0 + 1]! * ax) * (1 - ay) +
        (img[(y0 + 1) * sw + x0]! * (1 - ax) + img[(y0 + 1) * sw + x0 + 1]! * ax) * ay;
      bin[y * tw + x] = v < level ? 1 : 0;
    }
  occlude({ width: tw, height: th, data: bin }, r);
  const drawn =
    FRAGMENT_SHARE > 0 && r() < FRAGMENT_SHARE ? withFragment({ width: tw, height: th, data: bin }, r) : null;
  return cropInk(keepPieces(drawn ?? { width: tw, height: th, data: bin }));
}

/** The box of the dark pixels (< 128) of a grey render. */
function cropBox(g: Gray): { x: number; y: number; w: number; h: number } | null {
  const ink = cropInk({ width: g.width, height: g.height, data: Uint8Array.from(g.data, (v) => (v < 128 ? 1 : 0)) });
  if (!ink) return null;
  let x0 = g.width;
  let y0 = g.height;
  for (let y = 0; y < g.height; y++)
    for (let x = 0; x < g.width; x++)
      if (g.data[y * g.width + x]! < 128) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
      }
  return { x: x0, y: y0, w: ink.width, h: ink.height };
}

/** Separable Gaussian blur (clamped edges); sigma below 0.3 px is no blur. */
function blur(img: Float32Array, w: number, h: number, sigma: number): Float32Array {
  if (sigma < 0.3) return img;
  const rad = Math.ceil(sigma * 2.5);
  const k = Array.from({ length: 2 * rad + 1 }, (_, i) => Math.exp(-((i - rad) ** 2) / (2 * sigma * sigma)));
  const total = k.reduce((a, b) => a + b, 0);
  const pass = (src: Float32Array, dx: number, dy: number): Float32Array => {
    const out = new Float32Array(w * h);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        let s = 0;
        for (let i = -rad; i <= rad; i++) {
          const xx = Math.min(w - 1, Math.max(0, x + i * dx));
          const yy = Math.min(h - 1, Math.max(0, y + i * dy));
          s += src[yy * w + xx]! * k[i + rad]!;
        }
        out[y * w + x] = s / total;
      }
    return out;
  };
  return pass(pass(img, 1, 0), 0, 1);
}

/**
 * Sometimes something covers part of the character: a bolt hole or glare (a light disc), a bolt (a dark
 * disc on its top or bottom edge), or the frame (its top or bottom rows gone).
 */
function occlude(g: Gray, r: () => number): void {
  const { width: w, height: h, data } = g;
  const u = r();
  const disc = (cx: number, cy: number, rad: number, v: number): void => {
    for (let y = Math.max(0, Math.floor(cy - rad)); y <= Math.min(h - 1, cy + rad); y++)
      for (let x = Math.max(0, Math.floor(cx - rad)); x <= Math.min(w - 1, cx + rad); x++)
        if ((x - cx) ** 2 + (y - cy) ** 2 <= rad * rad) data[y * w + x] = v;
  };
  if (u < 0.08) disc(r() * w, h * (0.15 + r() * 0.7), h * (0.05 + r() * 0.08), 0);
  else if (u < 0.14) disc(w * (0.2 + r() * 0.6), r() < 0.5 ? h * 0.12 : h * 0.88, h * (0.05 + r() * 0.06), 1);
  else if (u < 0.22) {
    const rows = Math.round(h * (0.04 + r() * 0.08));
    const top = r() < 0.5;
    for (let y = 0; y < rows; y++) data.fill(0, (top ? y : h - 1 - y) * w, (top ? y + 1 : h - y) * w);
  }
}

/**
 * A piece of something else next to the character, inside the box the segmentation cuts: dirt, a bolt head
 * or a sticker corner (a blob), or a bit of the frame or a plate-edge stripe (a short bar), at one of the
 * character's corners, touching it or a little apart. Real rows carry such pieces merged into a character's
 * component; without them in training the network reads a 6 with a speck at its corner as a K.
 */
function withFragment(g: Gray, r: () => number): Gray {
  const m = Math.ceil(g.height * 0.15);
  const w = g.width + 2 * m;
  const h = g.height + 2 * m;
  const data = new Uint8Array(w * h);
  for (let y = 0; y < g.height; y++) data.set(g.data.subarray(y * g.width, (y + 1) * g.width), (y + m) * w + m);
  const right = r() < 0.5;
  const bottom = r() < 0.5;
  // From 5 % outside the character's corner to 15 % inside it.
  const inward = (r() * 0.2 - 0.05) * g.width;
  const cx = m + (right ? g.width - inward : inward);
  const cy = m + (bottom ? g.height : 0) + (bottom ? -1 : 1) * r() * 0.15 * g.height;
  const bar = r() < 0.4;
  const rx = g.height * (bar ? 0.06 + r() * 0.1 : 0.03 + r() * 0.06);
  const ry = g.height * (bar ? 0.02 + r() * 0.03 : 0.03 + r() * 0.06);
  for (let y = Math.max(0, Math.floor(cy - ry)); y <= Math.min(h - 1, cy + ry); y++)
    for (let x = Math.max(0, Math.floor(cx - rx)); x <= Math.min(w - 1, cx + rx); x++)
      if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1) data[y * w + x] = 1;
  return { width: w, height: h, data };
}

/** Keeps the 8-connected pieces of ink at least 5 % the size of the biggest (noise specks are dropped). */
function keepPieces(g: Gray): Gray {
  const { width: w, height: h, data } = g;
  const label = new Int32Array(w * h);
  const sizes: number[] = [0];
  for (let p = 0; p < w * h; p++) {
    if (!data[p] || label[p]) continue;
    const id = sizes.length;
    let n = 0;
    const stack = [p];
    label[p] = id;
    while (stack.length) {
      const q = stack.pop()!;
      n++;
      const x = q % w;
      const y = (q - x) / w;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
          const t = yy * w + xx;
          if (data[t] && !label[t]) {
            label[t] = id;
            stack.push(t);
          }
        }
    }
    sizes.push(n);
  }
  const biggest = Math.max(0, ...sizes);
  return { width: w, height: h, data: Uint8Array.from(label, (id) => (id && sizes[id]! >= 0.05 * biggest ? 1 : 0)) };
}

/**
 * Glyphs of the varied plate photographs as the reader segments them: each row (at most three different ones
 * a photo) whose length is the plate's, its pieces labelled by their place. A row of the right length that
 * lost one character and gained a bolt mislabels its pieces; such rows are rare and left in (label noise).
 */
async function plateSamples(): Promise<Sample[]> {
  const out: Sample[] = [];
  for (let i = 0; i < PLATE_PHOTOS; i++) {
    const photo = await platePhoto(PLATE_SEED, i, PHOTO_CONDITIONS[i % PHOTO_CONDITIONS.length]!);
    const { crop, rows } = await plateRows(photo.png, photo.box);
    const seen = new Set<string>();
    for (const { row } of rows) {
      if (row.length !== photo.plate.length || seen.size >= 3) continue;
      const key = row.map((c) => `${c.x0},${c.x1}`).join(';');
      if (seen.has(key)) continue;
      seen.add(key);
      row.forEach((c, j) =>
        out.push({ x: glyphFeatures(componentInk(c, crop.width)), y: GLYPH_CLASSES.indexOf(photo.plate[j]!) }),
      );
    }
    if (i % 500 === 499) process.stderr.write(`plates ${i + 1}/${PLATE_PHOTOS}: ${out.length} glyphs\n`);
  }
  return out;
}

async function samples(): Promise<Sample[]> {
  const out: Sample[] = PLATE_PHOTOS > 0 ? await plateSamples() : [];
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
  const classes = GLYPH_CLASSES.length;
  const widths = [GLYPH_FEATURES, ...HIDDEN, classes];
  const gauss = (): number => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  // He initialization for the ReLU layers, Xavier-like for the output layer.
  const layers = widths.slice(1).map((n, l) => {
    const m = widths[l]!;
    const gain = l + 2 < widths.length ? 2 : 1;
    return { w: Float32Array.from({ length: n * m }, () => gauss() * Math.sqrt(gain / m)), b: new Float32Array(n) };
  });
  const model: GlyphModel = { inputs: GLYPH_FEATURES, hidden: HIDDEN, classes: GLYPH_CLASSES, layers };
  const velocity = layers.map(({ w, b }) => ({ w: new Float32Array(w.length), b: new Float32Array(b.length) }));
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
      const outs = forward(model, x);
      const logits = outs.at(-1)!;
      const p = softmax(logits);
      loss -= Math.log(p[y]! + 1e-12);
      // Plain SGD with momentum and a little weight decay, one sample at a time, back from the output layer.
      let grad = Float32Array.from(p, (v, k) => v - (k === y ? 1 : 0));
      for (let l = layers.length - 1; l >= 0; l--) {
        const { w, b } = layers[l]!;
        const v = velocity[l]!;
        const input = l === 0 ? x : outs[l - 1]!;
        const m = input.length;
        const back = l > 0 ? new Float32Array(m) : null;
        for (let j = 0; j < b.length; j++) {
          const g = grad[j]!;
          if (g === 0) continue;
          const row = j * m;
          for (let i = 0; i < m; i++) {
            const at = row + i;
            if (back) back[i]! += g * w[at]!;
            v.w[at] = 0.9 * v.w[at]! - lr * (g * input[i]! + 1e-4 * w[at]!);
            w[at]! += v.w[at]!;
          }
          v.b[j] = 0.9 * v.b[j]! - lr * g;
          b[j]! += v.b[j]!;
        }
        // Through the ReLU: no gradient where the unit was off.
        if (back) for (let i = 0; i < m; i++) if (input[i]! <= 0) back[i] = 0;
        if (back) grad = back;
      }
    }
    process.stderr.write(`epoch ${epoch + 1}/${EPOCHS}: loss ${(loss / order.length).toFixed(3)}\n`);
  }
  return model;
}

/**
 * Temperature scaling: the softmax temperature (0.5–4 in steps of 0.05) that minimizes the held-out renders'
 * log loss, folded into the output layer (logits / T) so the reader's probabilities are calibrated without a
 * change to the model's shape. Returns T.
 */
function calibrate(m: GlyphModel, held: Sample[]): number {
  const logits = held.map(({ x }) => {
    const p = classifyGlyph(m, x);
    return Array.from(p, (v) => Math.log(Math.max(v, 1e-30)));
  });
  let best = { t: 1, loss: Infinity };
  for (let t = 0.5; t <= 4.001; t += 0.05) {
    let loss = 0;
    held.forEach(({ y }, i) => {
      const z = logits[i]!.map((v) => v / t);
      const max = Math.max(...z);
      const sum = z.reduce((a, v) => a + Math.exp(v - max), 0);
      loss -= z[y]! - max - Math.log(sum);
    });
    if (loss < best.loss) best = { t, loss };
  }
  const t = +best.t.toFixed(2);
  const out = m.layers.at(-1)!;
  for (let i = 0; i < out.w.length; i++) out.w[i]! /= t;
  for (let i = 0; i < out.b.length; i++) out.b[i]! /= t;
  return t;
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
  const temperature = calibrate(model, test);
  const packed = packGlyphModel(model);
  const file = process.argv[2] ?? join(__dirname, '..', 'main', 'core', 'ocr', 'glyphModel.ts');
  writeFileSync(
    file,
    `/**\n * Weights of the plate-character classifier (main/core/ocr/glyph.ts), generated by tools/ocr-glyphs.ts from\n` +
      ` * synthetic glyphs only (${trainSet.length} renders: outline, stroke and gothic faces${PLATE_PHOTOS ? `, glyphs cut from ${PLATE_PHOTOS} generated plate photos` : ''}; hidden ${HIDDEN.join(' + ')};\n * seed ${SEED}; softmax temperature ${temperature} folded in). Do not edit: run the tool again.\n */\n` +
      `import { unpackGlyphModel } from './glyph';\n\n` +
      `export const GLYPH_MODEL = unpackGlyphModel(${JSON.stringify(packed)});\n`,
  );
  process.stdout.write(
    `${JSON.stringify({ samples: all.length, heldOutAccuracy: +accuracy(model, test).toFixed(4), temperature, file })}\n`,
  );
}

if (require.main === module) void main();
