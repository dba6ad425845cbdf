/**
 * The plate re-read: preprocessing variants of the plate region, each read by the engine, candidates scored
 * by the engine's confidence, by agreement between variants and by plate formats (docs/ocr.md has the
 * measurements behind every step).
 */
import {
  encodeGray,
  grayRegion,
  grayWhole,
  resizeGray,
  rotateGray,
  type Box,
  type GrayPixels,
} from '../../../native/image';
import { createHash } from 'node:crypto';
import type { OcrEngine, OcrLine } from '../../../native/ocr';
import {
  adaptiveMask,
  bandByProjection,
  characterLike,
  connectedComponents,
  faceMask,
  findCharacterRow,
  fitLine,
  median,
  mergeBroken,
  otsuThreshold,
  plateFace,
  recoverInBand,
  renderComponent,
  renderRow,
  rowInBand,
  splitJoined,
  dropFrameEdges,
  rowBox,
  rowOcclusion,
  rowStrip,
  stretchContrast,
  thresholdMask,
  type Component,
  type Gray,
  type RowOcclusion,
} from '../../core/ocr/segment';
import { findPlates } from '../../core/ocr/find';
import { bestText, classifyRow, GLYPH_CLASSES, textLikelihood } from '../../core/ocr/glyph';
import { GLYPH_MODEL } from '../../core/ocr/glyphModel';
import { formatScore, rareLetters, shapeFits } from '../../core/plates/formats';

export type { Box };

export type PlateCandidate = {
  plate: string;
  /** 0..1, comparable between candidates of one read. */
  score: number;
  /** The engine's mean confidence for this text, 0..100. */
  confidence: number;
  variant: string;
  /** How many voters read this text: per character row, the engine (any of its renders) and the classifier. */
  votes: number;
};

export type PlateRead = {
  plate: string;
  confidence: number;
  /** Per-character confidence of the winning text, 0..100 (empty when the winner was a format fix). */
  charConfidence: number[];
  variant: string;
  candidates: PlateCandidate[];
  ms: number;
  /**
   * Occluders across the rows that read as many characters as `plate`: positions whose evidence is damaged,
   * and whether a character may be hidden before or after the row (absent when nothing was found).
   */
  occlusion?: RowOcclusion;
};

export type ReadOptions = {
  /** 'raw': the crop as it is, one line read (the baseline). 'full': the whole pipeline (default). */
  mode?: 'raw' | 'full';
  /**
   * Read each character of the row on its own too (slower, more candidates): always, never (the default),
   * or 'auto' — only when the line reads disagree. Since the plate-character classifier reads every
   * character, the engine's per-character reads add nothing on us-dev and cost half the engine's reads
   * (docs/ocr.md, session 4).
   */
  perCharacter?: boolean | 'auto';
};

/** Height the plate crop is scaled to before binarizing. */
const WORK_HEIGHT = 120;
/** Height a whole plate image (no box) is scaled to: its characters are a smaller share of it. */
const WHOLE_HEIGHT = 160;
/** Height of a character row as the engine reads it best. */
const ROW_HEIGHT = 48;
/**
 * Plate faces are condensed (a character about twice as high as wide); the engine, trained on book fonts,
 * reads W as H, D as 0 and 4 as L on them. Widening the row by a quarter fixes most of that (docs/ocr.md).
 */
const WIDEN = 1.25;

export type Raw = {
  text: string;
  confidence: number;
  chars: number[];
  variant: string;
  trimmed?: number;
  /** A read of the plate-character classifier (its confidences are not the engine's). */
  classifier?: boolean;
};

export async function readPlate(
  engine: LineReader,
  bytes: Buffer,
  box: Box | null,
  options: ReadOptions = {},
): Promise<PlateRead> {
  const t0 = performance.now();
  const raws: Raw[] = [];
  if (options.mode === 'raw') {
    const px = await grayRegion(bytes, box, null);
    // The baseline: what tesseract.js says, with no candidates, formats or votes of ours.
    const r = fromLine(await engine.read(encodeGray(px), 7), 'raw');
    return {
      plate: r.text,
      confidence: r.confidence,
      charConfidence: r.chars,
      variant: 'raw',
      candidates: r.text
        ? [{ plate: r.text, score: r.confidence / 100, confidence: r.confidence, variant: 'raw', votes: 1 }]
        : [],
      ms: performance.now() - t0,
    };
  }
  engine = readOnce(engine);
  const padX = box ? box.width * 0.06 : 0;
  const padY = box ? box.height * 0.1 : 0;
  const region = box
    ? { x: box.x - padX, y: box.y - padY, width: box.width + 2 * padX, height: box.height + 2 * padY }
    : null;
  // A box crop is mostly plate; a whole plate image also holds the frame and the car around it.
  const minHeight = box ? 0.25 : 0.12;
  let crop = stretchContrast(await grayRegion(bytes, region, box ? WORK_HEIGHT : WHOLE_HEIGHT));
  let rows = rowVariants(crop, minHeight);
  // A tilted plate: straighten the crop by the rows' slope and find the rows again.
  const tilt = rows.length ? median(rows.map((v) => rowSlope(v.row))) : 0;
  const degrees = (Math.atan(tilt) * 180) / Math.PI;
  if (Math.abs(degrees) > 2.5) {
    const straight = stretchContrast(await rotateGray(crop, -degrees, 128));
    const again = rowVariants(straight, minHeight).map((v) => ({ ...v, name: `${v.name}+deskew` }));
    if (again.length) {
      crop = straight;
      rows = again;
    }
  }
  const readRow = async (v: (typeof rows)[number]): Promise<void> => {
    // The row in grey levels (anti-aliased edges kept) and as the binary mask.
    const renders: [string, number, number, number][] = [
      ['grey', 1, ROW_HEIGHT, WIDEN],
      ['binary', -1, ROW_HEIGHT, WIDEN],
    ];
    const lines = await Promise.all(
      renders.map(async ([name, grow, height, stretch]) => {
        const img = await scaledRow(v.row, crop, v.darkInk, grow, height, stretch);
        return fromLine(await engine.read(encodeGray(img), 7), `${v.name}/${name}`);
      }),
    );
    raws.push(...lines);
  };
  // Two independent looks first: the fullest row of each of the first two binarizations. When all they read
  // agrees, the other rows would only add votes to it (generator plates: 10 → 6.4 engine reads a plate).
  // Each row's classifier probabilities, computed once (the settling check and the candidates both use them).
  const glyphs = new Map<(typeof rows)[number], Float32Array[]>();
  const glyphsOf = (v: (typeof rows)[number]): Float32Array[] => {
    let probs = glyphs.get(v);
    if (!probs) glyphs.set(v, (probs = classifyRow(GLYPH_MODEL, v.row, crop.width)));
    return probs;
  };
  let used = rows;
  if (rows.length === 0) raws.push(fromLine(await engine.read(encodeGray(crop), 7), 'gray'));
  else {
    const first = rows.length > 2 ? settlingRows(rows) : rows;
    await Promise.all(first.map(readRow));
    if (first !== rows && settled(raws, first, rows, glyphsOf)) used = first;
    else {
      await Promise.all(rows.filter((v) => !first.includes(v)).map(readRow));
      // Each row's strip of the crop as it is, unsegmented: the engine sees a character the segmentation lost
      // or cut in the wrong place (SH0·R7X, 12 joined in 1268205). Candidates, not votes: as voters they
      // outvoted right reads (docs/ocr.md, session 8).
      const strips = rows.filter(
        (v, i) => !rows.slice(0, i).some((o) => o.darkInk === v.darkInk && sameExtent(o.row, v.row, STRIP_TOL)),
      );
      raws.push(...(await Promise.all(strips.map((v) => readStrip(engine, v.row, crop, v.darkInk, v.name)))).flat());
    }
  }
  // Each character alone too: always when asked, or ('auto') when the line reads disagree.
  const texts = raws.filter((r) => r.text).map((r) => r.text);
  const top = Math.max(0, ...[...new Set(texts)].map((t) => texts.filter((x) => x === t).length));
  const perCharacter = options.perCharacter ?? false;
  if (perCharacter === true || (perCharacter === 'auto' && top < texts.length / 2))
    raws.push(...(await Promise.all(used.map((v) => readCharacters(engine, v.row, crop, v.name)))).flat());
  // The plate-font classifier reads each character of every row: a read of its own, and per-position
  // probabilities that rescore every candidate of the row's length.
  const glyphRows = used.map(glyphsOf);
  glyphRows.forEach((probs, i) => {
    const best = bestText(probs);
    const chars = best.chars.map((p) => 100 * p);
    raws.push({ text: best.text, confidence: mean(chars), chars, variant: `${used[i]!.name}/glyph`, classifier: true });
    // Where the classifier hesitates, its next likeliest texts too (a real 4 it puts just behind a 1).
    for (const alt of kBestTexts(probs, KBEST).slice(1)) {
      const altChars = alt.chars.map((p) => 100 * p);
      raws.push({
        text: alt.text,
        confidence: mean(altChars),
        chars: altChars,
        variant: `${used[i]!.name}/glyph-alt`,
        classifier: true,
      });
    }
  });
  // Reads finish in any order: rank them in one order so ties always break the same way.
  raws.sort((a, b) => (a.variant < b.variant ? -1 : a.variant > b.variant ? 1 : 0));
  const read = choose(raws, t0, glyphRows);
  const occlusion = occlusionOf(read.plate.length, rows);
  return occlusion ? { ...read, occlusion } : read;
}

/**
 * What occluders the rows of the read's length show, merged: any row seeing one is enough (each mask sees
 * the plate differently, and a light-ink mask does not see a dark strap at all). Null when none.
 */
export function occlusionOf(
  length: number,
  rows: readonly { row: Component[]; occlusion: RowOcclusion }[],
): RowOcclusion | null {
  const same = rows.filter((v) => v.row.length === length && length > 0);
  const damaged = [...new Set(same.flatMap((v) => v.occlusion.damaged))].sort((a, b) => a - b);
  const hiddenStart = same.some((v) => v.occlusion.hiddenStart);
  const hiddenEnd = same.some((v) => v.occlusion.hiddenEnd);
  return damaged.length || hiddenStart || hiddenEnd ? { damaged, hiddenStart, hiddenEnd } : null;
}

type LineReader = Pick<OcrEngine, 'read'>;

/** The engine's confidence in every character of the settling rows' reads. */
const SETTLED_CONFIDENCE = 85;

/** The fullest row of each of the first two binarizations that found one (two independent looks). */
function settlingRows<T extends { name: string; row: Component[] }>(rows: readonly T[]): T[] {
  const byMask = new Map<string, T>();
  for (const v of rows) {
    const mask = v.name.split('+')[0]!;
    const best = byMask.get(mask);
    if (!best || v.row.length > best.row.length) byMask.set(mask, v);
  }
  return [...byMask.values()].slice(0, 2);
}

/**
 * Whether the settling rows' reads decide the plate: no other row found more characters (one the two lost),
 * and every read of them says the same plate-shaped text of five or more — both engine renders of each, the
 * engine sure of every character, and the classifier's likeliest text of each.
 */
function settled<T extends { row: Component[] }>(
  raws: readonly Raw[],
  first: readonly T[],
  rows: readonly T[],
  glyphsOf: (v: T) => Float32Array[],
): boolean {
  const fullest = Math.max(...rows.map((v) => v.row.length));
  if (first.length !== 2 || first.some((v) => v.row.length < fullest)) return false;
  const text = raws[0]?.text ?? '';
  if (text.length < 5 || formatScore(text) < 0.5 || raws.length < 4) return false;
  const sure = (r: Raw) =>
    r.text === text && r.chars.length === text.length && Math.min(...r.chars) >= SETTLED_CONFIDENCE;
  return raws.every(sure) && first.every((v) => bestText(glyphsOf(v)).text === text);
}

/**
 * The classifier's likeliest texts per row that become candidates: its best and four alternatives (3 and 5 read
 * the same in session 4; with the strips' reads beside them 5 puts one more us-dev plate in the top 3 and one
 * more generator plate first, docs/ocr.md session 8).
 */
const KBEST = 5;
/** Per position, the classes the k-best search looks at (the likeliest few). */
const KBEST_CLASSES = 3;

/**
 * The `k` likeliest texts of a row under the classifier (product of per-position probabilities), best
 * first, each with its characters' probabilities: a beam over each position's likeliest few classes.
 */
export function kBestTexts(
  probs: readonly Float32Array[],
  k: number,
  classes = GLYPH_CLASSES,
): { text: string; chars: number[]; log: number }[] {
  let beam: { text: string; chars: number[]; log: number }[] = [{ text: '', chars: [], log: 0 }];
  for (const p of probs) {
    const top = [...p.keys()].sort((a, b) => p[b]! - p[a]! || a - b).slice(0, KBEST_CLASSES);
    const next: typeof beam = [];
    for (const b of beam)
      for (const c of top)
        next.push({
          text: b.text + classes[c]!,
          chars: [...b.chars, p[c]!],
          log: b.log + Math.log(Math.max(1e-6, p[c]!)),
        });
    next.sort((a, b) => b.log - a.log || (a.text < b.text ? -1 : 1));
    beam = next.slice(0, Math.max(1, k));
  }
  return beam;
}

/**
 * One plate's reads through a cache: thresholds that cut the same row give the same render, and tesseract
 * answers an identical image the same way, so each distinct image is read once (about one read in six on the
 * generator's plates).
 */
function readOnce(engine: LineReader): LineReader {
  const seen = new Map<string, Promise<OcrLine>>();
  return {
    read(png, mode) {
      const key = `${mode ?? 7}:${createHash('sha1').update(png).digest('base64')}`;
      let line = seen.get(key);
      if (!line) seen.set(key, (line = engine.read(png, mode)));
      return line;
    },
  };
}

/** Width an overview photo is shrunk to before the plate finder looks at it. */
const FIND_WIDTH = 1280;
/** Plate regions the finder proposes; they are read in turn until one gives a plate. */
const FIND_REGIONS = 3;

export type PhotoRead = PlateRead & {
  /** The region the read came from (photo pixels); null when the finder proposed none that read. */
  box: Box | null;
  /** The same region as shares (0..1) of the photo as it is shown (EXIF orientation applied). */
  region: Box | null;
  /** Regions the finder proposed, best first. */
  regions: Box[];
};

/**
 * Reads the plate of a whole vehicle photo (an overview image, no plate crop): the plate finder proposes
 * regions, best first, and each is read as a plate box until one gives a plate. Reading all three and
 * keeping the best-scoring read did worse on us-dev (39.0 % exact against 43.2 % for the first region,
 * docs/ocr.md): the reader's score is not comparable across regions, the finder's order is better. With no
 * region that reads, the whole photo is read as it is.
 */
export async function readPhoto(
  engine: OcrEngine,
  bytes: Buffer,
  options: ReadOptions = {},
  regions = FIND_REGIONS,
): Promise<PhotoRead> {
  const t0 = performance.now();
  const { px, scale } = await grayWhole(bytes, FIND_WIDTH);
  const boxes = findPlates(px, { limit: regions }).map((p) => ({
    x: p.x * scale,
    y: p.y * scale,
    width: p.width * scale,
    height: p.height * scale,
  }));
  for (const [i, box] of boxes.entries()) {
    const read = await readPlate(engine, bytes, box, options);
    if (!read.plate) continue;
    const region = `region${i + 1}/`;
    return {
      ...read,
      variant: region + read.variant,
      candidates: read.candidates.map((c) => ({ ...c, variant: region + c.variant })),
      ms: performance.now() - t0,
      box,
      region: {
        x: box.x / (px.width * scale),
        y: box.y / (px.height * scale),
        width: box.width / (px.width * scale),
        height: box.height / (px.height * scale),
      },
      regions: boxes,
    };
  }
  const whole = await readPlate(engine, bytes, null, options);
  return { ...whole, ms: performance.now() - t0, box: null, region: null, regions: boxes };
}

/**
 * Reads a row's strip of the crop (`rowStrip`) at the height and widening of the row renders, binarized at its
 * own Otsu level: left to tesseract, the white margin it needs drags the level, and strips of dark or dim
 * plates read as nothing (D31·5771, CCV·020). When that read comes out shorter than the row, one level did not
 * suit the whole strip (a highlight, a shadow, a dark emblem): it is read again binarized by the local mean.
 */
async function readStrip(
  engine: LineReader,
  row: Component[],
  crop: Gray,
  darkInk: boolean,
  name: string,
): Promise<Raw[]> {
  const strip = rowStrip(row, crop, darkInk);
  const scale = ROW_HEIGHT / Math.max(...row.map((c) => c.y1 - c.y0 + 1));
  const img = await resizeGray(
    strip,
    Math.max(8, Math.round(strip.width * scale * WIDEN)),
    Math.max(8, Math.round(strip.height * scale)),
  );
  const read = async (ink: (v: number, i: number) => boolean): Promise<Raw> => {
    const binary = { ...img, data: img.data.map((v, i) => (ink(v, i) ? 0 : 255)) };
    return fromLine(await engine.read(encodeGray(padGray(binary, 20)), 7), `${name}/strip`);
  };
  const level = otsuThreshold(img);
  const global = await read((v) => v <= level);
  if (global.text.length >= row.length) return [global];
  const local = adaptiveMask(img, Math.max(15, Math.round(img.height * 0.8)) | 1, 10, true);
  return [global, await read((_, i) => local[i] === 1)];
}

/** Reads each character of a row on its own (page mode 10) and joins them. */
async function readCharacters(engine: LineReader, row: Component[], crop: Gray, name: string): Promise<Raw[]> {
  const chars = await Promise.all(
    row.map(async (c) => {
      const g = renderComponent(c, crop.width, 0);
      const scale = ROW_HEIGHT / g.height;
      const r = await resizeGray(g, Math.max(4, Math.round(g.width * scale * WIDEN)), ROW_HEIGHT);
      return engine.read(encodeGray(padGray(r, 16)), 10);
    }),
  );
  const text = chars.map((c) => c.text.slice(0, 1)).join('');
  const conf = chars.map((c) => c.symbols[0]?.confidence ?? 0);
  return text.length === row.length ? [{ text, confidence: mean(conf), chars: conf, variant: `${name}/chars` }] : [];
}

function rowSlope(row: Component[]): number {
  return fitLine(row.map((c) => [(c.x0 + c.x1) / 2, (c.y0 + c.y1) / 2])).b;
}

function fromLine(line: OcrLine, variant: string): Raw {
  const chars = line.symbols.map((s) => s.confidence);
  return { text: line.text, confidence: chars.length ? mean(chars) : line.confidence, chars, variant };
}

/** The character rows found by each binarization, without duplicates. */
export function rowVariants(
  crop: Gray,
  minHeight = 0.25,
): { name: string; row: Component[]; darkInk: boolean; occlusion: RowOcclusion }[] {
  const masks: [string, Uint8Array, boolean][] = [];
  const level = otsuThreshold(crop);
  masks.push(['otsu', thresholdMask(crop, level, true), true]);
  const local = adaptiveMask(crop, Math.round(crop.height * 0.6), 10, true);
  masks.push(['local', local, true]);
  masks.push(['otsu-light', thresholdMask(crop, level, false), false]);
  masks.push(['otsu-low', thresholdMask(crop, Math.max(0, level - 30), true), true]);
  // The plate's face alone: the frame, bumper and shadow around it are no ink, so characters touching them
  // come apart, and a dark surround no longer sets the threshold (its own Otsu level; the local mean).
  const face = plateFace(crop, level);
  if (face) {
    masks.push(['face', faceMask(crop, face, otsuThreshold(crop, face)), true]);
    masks.push(['face-local', local.map((v, i) => v & face[i]!), true]);
  }
  const globalInk = masks[0]![1];
  const seen = new Set<string>();
  const out: { name: string; row: Component[]; darkInk: boolean; occlusion: RowOcclusion }[] = [];
  for (const [name, mask, darkInk] of masks) {
    const comps = connectedComponents(mask, crop.width, crop.height).filter((c) =>
      characterLike(c, crop.width, crop.height, minHeight),
    );
    const row = findCharacterRow(mergeBroken(comps), 3);
    const tries: [string, Component[]][] = [];
    if (row.length >= 3) {
      // The row as found, and the row with characters recovered from blobs that touched the frame.
      tries.push([name, row], [`${name}+band`, recoverInBand(row, mask, crop.width, crop.height)]);
      // Pieces up to two characters wide taken back too, and cut apart: a character joined to its neighbour
      // or to the plate's separator (docs/ocr.md, session 4).
      const wide = recoverInBand(row, mask, crop.width, crop.height, JOINED_WIDTH);
      const split = splitJoined(wide, crop.width);
      // Only where something was cut: the wide pieces uncut are what the band row already dropped.
      if (split.some((p) => !wide.includes(p))) tries.push([`${name}+split`, split]);
    }
    if (row.length < 4) {
      // No row of separate characters: the band the most ink edges cross, cut out of the mask.
      const band = bandByProjection(mask, crop.width, crop.height, minHeight);
      if (band) tries.push([`${name}+proj`, rowInBand(mask, crop.width, crop.height, band)]);
    }
    for (const [n, found] of tries) {
      const r = dropFrameEdges(found);
      if (r.length < 4) continue;
      const key = r.map((c) => `${c.x0},${c.y0},${c.x1},${c.y1}`).join(';');
      if (seen.has(key)) continue;
      seen.add(key);
      // The face masks often find the row another mask found, give or take a pixel: reading it again costs
      // two engine reads and adds nothing (us-dev and generator plates, docs/ocr.md).
      if (name.startsWith('face') && out.some((o) => o.darkInk === darkInk && sameBoxes(o.row, r, 1))) continue;
      // Occluders are looked for in the global dark-ink mask, whichever mask found the row: a local mask breaks
      // a dark surround into a band along the plate's edge that looks like one. They only lower the doubt in a
      // differing read, never change the reading (docs/ocr.md, "Occlusion-aware doubt").
      const occlusion = darkInk ? rowOcclusion(r, globalInk, crop.width, crop.height) : NO_OCCLUSION;
      out.push({ name: n, row: r, darkInk, occlusion });
    }
  }
  return out;
}

/** Widest piece, in row heights, that the split row takes back (two characters and the gap between). */
const JOINED_WIDTH = 2.4;

const NO_OCCLUSION: RowOcclusion = { damaged: [], hiddenStart: false, hiddenEnd: false };

/** Strips whose ends, top and bottom are this close (crop pixels) read alike: one of them is read. */
const STRIP_TOL = 2;

/** Rows spanning the same box, give or take `tol` pixels on every side. */
function sameExtent(a: readonly Component[], b: readonly Component[], tol: number): boolean {
  return nearBox(rowBox(a), rowBox(b), tol);
}

/** Rows of the same characters whose boxes differ by at most `tol` pixels on every side. */
function sameBoxes(a: readonly Component[], b: readonly Component[], tol: number): boolean {
  return a.length === b.length && a.every((c, i) => nearBox(c, b[i]!, tol));
}

type Extent = { x0: number; y0: number; x1: number; y1: number };

function nearBox(p: Extent, q: Extent, tol: number): boolean {
  return (
    Math.abs(p.x0 - q.x0) <= tol &&
    Math.abs(p.x1 - q.x1) <= tol &&
    Math.abs(p.y0 - q.y0) <= tol &&
    Math.abs(p.y1 - q.y1) <= tol
  );
}

async function scaledRow(
  row: Component[],
  crop: Gray,
  darkInk: boolean,
  grow: number,
  rowHeight: number,
  stretch: number,
): Promise<GrayPixels> {
  const img = renderRow(row, crop.width, grow + 1, grow >= 0 ? { img: crop, darkInk, grow } : null);
  const charH = Math.max(...row.map((c) => c.y1 - c.y0 + 1));
  const scale = rowHeight / charH;
  const r = await resizeGray(
    img,
    Math.max(8, Math.round(img.width * scale * stretch)),
    Math.max(8, Math.round(img.height * scale)),
  );
  return padGray(r, 20);
}

function padGray(g: GrayPixels, pad: number): GrayPixels {
  const w = g.width + 2 * pad;
  const h = g.height + 2 * pad;
  const data = new Uint8Array(w * h).fill(255);
  for (let y = 0; y < g.height; y++) data.set(g.data.subarray(y * g.width, (y + 1) * g.width), (y + pad) * w + pad);
  return { width: w, height: h, data };
}

/** Scores every text read (and its format fixes) and ranks them. */
/**
 * Character by character voting over the reads of the commonest length (weighted by the engine's
 * confidence in each character): variants that each get one character wrong still agree on the plate.
 */
export function characterVote(raws: readonly Raw[]): Raw | null {
  const usable = raws.filter((r) => r.text && r.chars.length === r.text.length);
  const weight = new Map<number, number>();
  for (const r of usable) weight.set(r.text.length, (weight.get(r.text.length) ?? 0) + r.confidence);
  const length = [...weight].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!length) return null;
  const same = usable.filter((r) => r.text.length === length);
  if (same.length < 3) return null;
  let text = '';
  const chars: number[] = [];
  for (let i = 0; i < length; i++) {
    const tally = new Map<string, number>();
    for (const r of same) tally.set(r.text[i]!, (tally.get(r.text[i]!) ?? 0) + r.chars[i]!);
    const [c, sum] = [...tally].sort((a, b) => b[1] - a[1])[0]!;
    text += c;
    chars.push(Math.min(100, sum / same.length));
  }
  return { text, confidence: mean(chars), chars, variant: 'vote' };
}

/**
 * The classifier's support for `plate`: its likelihood under the best row of the same length, or under a row
 * one piece longer without an inner piece the classifier takes for no character it knows (an emblem between
 * the character groups); null when no row fits.
 */
export function glyphSupport(plate: string, glyphRows: readonly Float32Array[][]): number | null {
  let best: number | null = null;
  const consider = (l: number | null) => {
    if (l !== null && (best === null || l > best)) best = l;
  };
  for (const probs of glyphRows) {
    consider(textLikelihood(plate, probs));
    if (probs.length !== plate.length + 1) continue;
    for (let i = 1; i < probs.length - 1; i++)
      if (Math.max(...probs[i]!) < NOT_A_CHARACTER) consider(textLikelihood(plate, probs.toSpliced(i, 1)));
  }
  return best;
}

/**
 * Weight of the classifier's support in a candidate's score, the support a length no row has gets, and the
 * discount on the classifier's own reads' confidence (its softmax is surer of itself than the engine).
 * Set on us-dev (docs/ocr.md lists the settings tried).
 */
const GLYPH_WEIGHT = 0.3;
const GLYPH_UNKNOWN = 0.2;
const GLYPH_CONF = 0.6;
/**
 * A piece the classifier gives no class this much is taken for an emblem or separator when support is
 * counted without it; an inner character read this doubtfully (0..100) is offered deleted. Set on us-dev,
 * where 0.5 / 0.7 / any and 25 / 30 / 40 read the same plates (docs/ocr.md, session 8).
 */
const NOT_A_CHARACTER = 0.5;
const INNER_DOUBT = 30;
/**
 * Price of each I, O or Q in a candidate (letters most states do not issue, `rareLetters`): a format swap's
 * price, so 0 beats O where the readers split between them. Set on us-dev (0.1 / 0.15 / 0.2 tried).
 */
const RARE_LETTER = 0.15;
/**
 * Price of each character a candidate lacks beyond one against the read length most voters gave. Set on
 * us-dev (0.05 / 0.1 / 0.2 tried, the same plates read right with each; characters right 89.4 → 90.7).
 */
const SHORT_READ = 0.1;

/**
 * What a read needs to count as a plate: four characters (fewer is a bolt, a smear or a fragment of the
 * frame, and a re-read that short says nothing about the camera's read), and a score no correct us-dev read
 * comes near (lowest 0.44; noise and blank images score 0.1–0.3 or read one or two characters).
 */
const MIN_LENGTH = 4;
const MIN_SCORE = 0.3;

export function choose(raws: Raw[], t0: number, glyphRows: readonly Float32Array[][] = []): PlateRead {
  // Over the engine's row reads only: the classifier's reads and the strips are candidates, not votes.
  const vote = characterVote(raws.filter((r) => !r.classifier && voter(r) !== null));
  if (vote && !raws.some((r) => r.text === vote.text)) raws = [...raws, vote];
  const byText = new Map<
    string,
    { conf: number[]; voters: Set<string>; variant: string; chars: number[]; swaps: number }
  >();
  const expanded: Raw[] = [];
  for (const r of raws) {
    if (!r.text) continue;
    expanded.push(r);
    if (r.text.length < 6 || r.chars.length !== r.text.length) continue;
    const without = (at: number): Raw => ({
      ...r,
      text: r.text.slice(0, at) + r.text.slice(at + 1),
      chars: [...r.chars.slice(0, at), ...r.chars.slice(at + 1)],
      trimmed: 1,
    });
    // A frame edge or bolt read as a character at either end: offer the read without it.
    if (r.chars[0]! < 80) expanded.push(without(0));
    if (r.chars[r.chars.length - 1]! < 80) expanded.push(without(r.chars.length - 1));
    // A separator or emblem between the character groups read as a character (980·YTB read 980PYTB): offer
    // the read without its least sure inner character, when that one is doubtful.
    let inner = 1;
    for (let i = 2; i < r.text.length - 1; i++) if (r.chars[i]! < r.chars[inner]!) inner = i;
    if (r.chars[inner]! < INNER_DOUBT) expanded.push(without(inner));
  }
  for (const r of expanded) {
    for (const fit of shapeFits(r.text)) {
      const swaps = fit.swaps + (r.trimmed ?? 0);
      const e = byText.get(fit.plate);
      // The classifier's softmax is surer of itself than the engine: its reads count at a discount.
      const conf = r.classifier ? r.confidence * GLYPH_CONF : r.confidence;
      const who = voter(r);
      // The most direct read of a text names its variant and gives its per-character confidence (a read
      // that got there by a format swap has none).
      const source = {
        variant: fit.swaps ? `${r.variant}+format` : r.trimmed ? `${r.variant}+trim` : r.variant,
        chars: fit.swaps ? [] : r.chars,
        swaps,
      };
      if (e) {
        e.conf.push(conf);
        if (who) e.voters.add(who);
        if (swaps < e.swaps) Object.assign(e, source);
      } else byText.set(fit.plate, { conf: [conf], voters: new Set(who ? [who] : []), ...source });
    }
  }
  // The read length most voters gave: a fragment far shorter (HO, 33 off a seven-character row) should
  // not take the place of a full read (a trimmed end, one character short, costs nothing more here).
  const lenVotes = new Map<number, Set<string>>();
  for (const r of raws) {
    const who = voter(r);
    if (r.text && who) lenVotes.set(r.text.length, (lenVotes.get(r.text.length) ?? new Set()).add(who));
  }
  const rowLength = [...lenVotes].sort((a, b) => b[1].size - a[1].size || b[0] - a[0])[0]?.[0] ?? 0;
  const total = Math.max(1, new Set([...lenVotes.values()].flatMap((v) => [...v])).size);
  const candidates: (PlateCandidate & { chars: number[] })[] = [...byText].map(([plate, e]) => {
    const confidence = Math.max(...e.conf);
    const votes = e.voters.size;
    const glyph = glyphRows.length ? (glyphSupport(plate, glyphRows) ?? GLYPH_UNKNOWN) : 0;
    const score =
      0.45 * (confidence / 100) +
      0.3 * formatScore(plate) +
      0.25 * (votes / total) -
      0.15 * e.swaps -
      RARE_LETTER * rareLetters(plate) -
      SHORT_READ * Math.max(0, rowLength - plate.length - 1) +
      GLYPH_WEIGHT * glyph;
    // Kept on a 0..1 scale whether or not the classifier had a say.
    const scaled = score / (glyphRows.length ? 1 + GLYPH_WEIGHT : 1);
    return { plate, score: Math.max(0, Math.min(1, scaled)), confidence, variant: e.variant, votes, chars: e.chars };
  });
  candidates.sort((a, b) => b.score - a.score || b.votes - a.votes || (a.plate < b.plate ? -1 : 1));
  const plates = candidates.filter((c) => c.plate.length >= MIN_LENGTH && c.score >= MIN_SCORE);
  const best = plates[0];
  return {
    plate: best?.plate ?? '',
    confidence: best?.confidence ?? 0,
    charConfidence: best?.chars ?? [],
    variant: best?.variant ?? 'none',
    candidates: plates.slice(0, 5).map(({ chars: _c, ...c }) => c),
    ms: performance.now() - t0,
  };
}

/**
 * Who a read votes as: each row has two voters, the engine (its grey and binary renders share its habits,
 * W read as H and D as 0, so together they are one vote) and the classifier's likeliest text (its
 * alternatives are not votes). Counting reads instead let the engine's two renders per row outvote a right
 * classifier read (docs/ocr.md, session 5). A strip read (`readStrip`) is no vote either.
 */
export function voter(r: Pick<Raw, 'variant' | 'classifier'>): string | null {
  if (r.variant.endsWith('/strip')) return null;
  if (!r.classifier) return `${rowOf(r.variant)}/engine`;
  return r.variant.endsWith('/glyph') ? `${rowOf(r.variant)}/glyph` : null;
}

/** The row a read came from: its variant without the render's name ('otsu+band/grey' → 'otsu+band'). */
function rowOf(variant: string): string {
  const slash = variant.lastIndexOf('/');
  return slash < 0 ? variant : variant.slice(0, slash);
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}
