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
  median,
  otsuThreshold,
  renderComponent,
  renderRow,
  rowStrip,
  stretchContrast,
  type Component,
  type Gray,
} from '../../core/ocr/segment';
import { findPlates } from '../../core/ocr/find';
import { choose, kBestTexts, KBEST, mean, settled, type PlateRead, type Raw } from '../../core/ocr/rank';
import { occlusionOf, rowSlope, rowVariants, sameExtent, settlingRows, STRIP_TOL } from '../../core/ocr/rows';
import { bestText, classifyRow } from '../../core/ocr/glyph';
import { GLYPH_MODEL } from '../../core/ocr/glyphModel';

export type { Box, PlateRead };

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
  /**
   * Return what the ranking saw (every read and each row's classifier probabilities) with the read: the
   * bench ranks them again with weights fit on other plates (tools/ocr-rank.ts).
   */
  evidence?: boolean;
};

/** What a plate's ranking was given: the reads, each row's classifier probabilities and the rows' names. */
export type Evidence = { raws: Raw[]; glyphRows: Float32Array[][]; rows: string[] };

/** Height the plate crop is scaled to before binarizing. */
const WORK_HEIGHT = 120;
/** The margin read around a plate box, as shares of its width and height. */
const MARGIN_X = 0.06;
const MARGIN_Y = 0.1;
/**
 * A character is at least this share of a box crop's height; of a plate image's read with no box (the agency's
 * crops, plate and frame and some car, hold characters 0.24 of the image high; us-dev's tight crops read the
 * same at 0.2 and 0.25); and, where that finds no row at all, of a whole image with much around the plate.
 */
const MIN_CHARACTER_HEIGHT = 0.25;
const MIN_CHARACTER_HEIGHT_IMAGE = 0.2;
const MIN_CHARACTER_HEIGHT_WHOLE = 0.12;
/** Height of a character row as the engine reads it best. */
const ROW_HEIGHT = 48;
/**
 * Plate faces are condensed (a character about twice as high as wide); the engine, trained on book fonts,
 * reads W as H, D as 0 and 4 as L on them. Widening the row by a quarter fixes most of that (docs/ocr.md).
 */
const WIDEN = 1.25;

export async function readPlate(
  engine: LineReader,
  bytes: Buffer,
  box: Box | null,
  options: ReadOptions = {},
): Promise<PlateRead & { evidence?: Evidence }> {
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
  const { crop, rows } = await plateRows(bytes, box);
  // Each row in grey levels (anti-aliased edges kept) and as the binary mask.
  const rowRenders = (v: (typeof rows)[number]): Promise<Render[]> =>
    Promise.all(
      (
        [
          ['grey', 1],
          ['binary', -1],
        ] as const
      ).map(async ([name, grow]) => ({
        img: await scaledRow(v.row, crop, v.darkInk, grow, ROW_HEIGHT, WIDEN),
        variant: `${v.name}/${name}`,
      })),
    );
  const readRenders = (renders: Render[]): Promise<Raw[]> =>
    Promise.all(renders.map(async (r) => fromLine(await engine.read(encodeGray(r.img), 7), r.variant)));
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
    const firstReads = readRenders((await Promise.all(first.map(rowRenders))).flat());
    // While the engine reads those (on its own thread), this one prepares what the rest of the plate needs: the
    // first rows' classifier probabilities, and the other rows' renders and the strips, wasted only on a plate that
    // settles (4 of us-dev's 118). One plate at a time, the engine otherwise idled ~30 % of the time.
    const later = laterRenders(rows, first, crop, rowRenders);
    later.catch(() => undefined); // awaited below unless the plate settles
    first.forEach(glyphsOf);
    raws.push(...(await firstReads));
    if (first !== rows && settled(raws, first, rows, glyphsOf)) used = first;
    else {
      const { strips, others } = await later;
      const otsu = strips.map(({ v, img }) => ({ img: stripBinary(img, 'otsu'), variant: `${v.name}/strip` }));
      const read = await readRenders([...others, ...otsu]);
      raws.push(...read);
      // A strip read shorter than its row: one level did not suit the whole strip (a highlight, a shadow, a dark
      // emblem); it is read again binarized by the local mean.
      const stripReads = read.slice(others.length);
      const again = strips.filter(({ v }, i) => stripReads[i]!.text.length < v.row.length);
      if (again.length)
        raws.push(
          ...(await readRenders(
            again.map(({ v, img }) => ({ img: stripBinary(img, 'local'), variant: `${v.name}/strip` })),
          )),
        );
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
  const read: PlateRead & { evidence?: Evidence } = { ...choose(raws, glyphRows), ms: performance.now() - t0 };
  const occlusion = occlusionOf(read.plate.length, rows);
  if (occlusion) read.occlusion = occlusion;
  if (options.evidence) read.evidence = { raws, glyphRows, rows: used.map((v) => v.name) };
  return read;
}

type LineReader = Pick<OcrEngine, 'read'>;

type Row = ReturnType<typeof rowVariants>[number];

/**
 * The plate region, contrast stretched, and its character rows (every binarization's), straightened when the
 * rows are tilted: what the reader reads, and what tools/ocr-glyphs.ts cuts training glyphs from.
 */
export async function plateRows(bytes: Buffer, box: Box | null): Promise<{ crop: Gray; rows: Row[] }> {
  // The box and a margin around it (6 % across, 10 % down); with no box, the whole image is the plate's box and
  // its margin is its edge pixels repeated: a plate-only crop cut tight to the plate loses no end character to
  // the crop's side (us-dev's boxes cut tight, held-out folds: 62.7 → 73.7 % exact; docs/ocr.md session 9).
  const padX = box ? box.width * MARGIN_X : 0;
  const padY = box ? box.height * MARGIN_Y : 0;
  const region = box
    ? { x: box.x - padX, y: box.y - padY, width: box.width + 2 * padX, height: box.height + 2 * padY }
    : null;
  let gray = await grayRegion(bytes, region, box ? WORK_HEIGHT : Math.round(WORK_HEIGHT / (1 + 2 * MARGIN_Y)));
  // The repeated edge counts as the image's side (where the frame's sides and the surround are).
  const side = box ? 0 : Math.round(gray.width * MARGIN_X);
  if (!box) gray = padEdges(gray, side, Math.round(gray.height * MARGIN_Y));
  const crop = stretchContrast(gray);
  let minHeight = box ? MIN_CHARACTER_HEIGHT : MIN_CHARACTER_HEIGHT_IMAGE;
  let rows = rowVariants(crop, minHeight, side);
  // A plate image with much around the plate (the agency's crops hold the frame and the car too): its characters
  // are a smaller share of it.
  if (!box && rows.length === 0) rows = rowVariants(crop, (minHeight = MIN_CHARACTER_HEIGHT_WHOLE), side);
  // A tilted plate: straighten the crop by the rows' slope and find the rows again.
  const tilt = rows.length ? median(rows.map((v) => rowSlope(v.row))) : 0;
  const degrees = (Math.atan(tilt) * 180) / Math.PI;
  if (Math.abs(degrees) > 2.5) {
    const straight = stretchContrast(await rotateGray(crop, -degrees, 128));
    const again = rowVariants(straight, minHeight, side).map((v) => ({ ...v, name: `${v.name}+deskew` }));
    if (again.length) return { crop: straight, rows: again };
  }
  return { crop, rows };
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
 * A row's strip of the crop (`rowStrip`) at the height and widening of the row renders. It is read binarized at
 * its own Otsu level (`stripBinary`): left to tesseract, the white margin it needs drags the level, and strips
 * of dark or dim plates read as nothing (D31·5771, CCV·020).
 */
async function stripImage(row: Component[], crop: Gray, darkInk: boolean): Promise<GrayPixels> {
  const strip = rowStrip(row, crop, darkInk);
  const scale = ROW_HEIGHT / Math.max(...row.map((c) => c.y1 - c.y0 + 1));
  return resizeGray(
    strip,
    Math.max(8, Math.round(strip.width * scale * WIDEN)),
    Math.max(8, Math.round(strip.height * scale)),
  );
}

/** A strip binarized at its Otsu level or by its local mean, black on white, padded as the engine wants it. */
function stripBinary(img: GrayPixels, how: 'otsu' | 'local'): GrayPixels {
  let ink: (v: number, i: number) => boolean;
  if (how === 'otsu') {
    const level = otsuThreshold(img);
    ink = (v) => v <= level;
  } else {
    const local = adaptiveMask(img, Math.max(15, Math.round(img.height * 0.8)) | 1, 10, true);
    ink = (_, i) => local[i] === 1;
  }
  return padGray({ ...img, data: img.data.map((v, i) => (ink(v, i) ? 0 : 255)) }, 20);
}

/**
 * What a plate that does not settle on its first rows reads next: the other rows' renders, and each row's strip of
 * the crop as it is, unsegmented — the engine sees a character the segmentation lost or cut in the wrong place
 * (SH0·R7X, 12 joined in 1268205). Strips are candidates, not votes: as voters they outvoted right reads
 * (docs/ocr.md, session 8).
 */
async function laterRenders(
  rows: readonly Row[],
  first: readonly Row[],
  crop: Gray,
  rowRenders: (v: Row) => Promise<Render[]>,
): Promise<{ strips: { v: Row; img: GrayPixels }[]; others: Render[] }> {
  const strips = Promise.all(
    rows
      .filter((v, i) => !rows.slice(0, i).some((o) => o.darkInk === v.darkInk && sameExtent(o.row, v.row, STRIP_TOL)))
      .map(async (v) => ({ v, img: await stripImage(v.row, crop, v.darkInk) })),
  );
  const others = Promise.all(rows.filter((v) => !first.includes(v)).map(rowRenders));
  return { strips: await strips, others: (await others).flat() };
}

/** An image for the engine and the name of the read it gives. */
type Render = { img: GrayPixels; variant: string };

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

function fromLine(line: OcrLine, variant: string): Raw {
  const chars = line.symbols.map((s) => s.confidence);
  return { text: line.text, confidence: chars.length ? mean(chars) : line.confidence, chars, variant };
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

/** The image with `px` / `py` pixels more on each side, repeating its edge pixels. */
function padEdges(g: GrayPixels, px: number, py: number): GrayPixels {
  const w = g.width + 2 * px;
  const h = g.height + 2 * py;
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(g.height - 1, Math.max(0, y - py));
    for (let x = 0; x < w; x++) data[y * w + x] = g.data[sy * g.width + Math.min(g.width - 1, Math.max(0, x - px))]!;
  }
  return { width: w, height: h, data };
}

function padGray(g: GrayPixels, pad: number): GrayPixels {
  const w = g.width + 2 * pad;
  const h = g.height + 2 * pad;
  const data = new Uint8Array(w * h).fill(255);
  for (let y = 0; y < g.height; y++) data.set(g.data.subarray(y * g.width, (y + 1) * g.width), (y + pad) * w + pad);
  return { width: w, height: h, data };
}
