/**
 * The plate finder (pure: no node:*, no sharp): given a whole vehicle photo as grayscale pixels, propose
 * where the plate is. A plate is a short row of tall, high-contrast strokes: many vertical edges close
 * together. Steps, each unit-tested:
 *   1. a pyramid of the image (halved until narrow), so one closing size fits plates of every size;
 *   2. vertical-edge strength (horizontal Sobel) on each level, thresholded against the level's own spread;
 *   3. a horizontal closing joins the edges of neighbouring characters into one block;
 *   4. blocks shaped like a character row (wider than tall, mostly filled) become candidates;
 *   5. each candidate is checked on the full-resolution image: a row of 4–9 character-shaped components of
 *      one height on one line (ocrSegment's row finding) must be inside it; the row places the plate box
 *      (US plates are 12" × 6" with characters about 2.75" high) and scores it.
 * The best few boxes are returned, overlapping ones merged by keeping the better.
 */
import {
  adaptiveMask,
  characterLike,
  connectedComponents,
  findCharacterRow,
  median,
  mergeBroken,
  otsuThreshold,
  stretchContrast,
  thresholdMask,
  type Component,
  type Gray,
} from './segment';

export type PlateBox = { x: number; y: number; width: number; height: number };
export type PlateProposal = PlateBox & {
  /** 0..1: how much the region looks like a plate's character row. */
  score: number;
  /** Characters in the row found inside it. */
  characters: number;
};

export type FindOptions = {
  /** How many proposals to return (best first). */
  limit?: number;
  /** Candidates checked per pyramid level (the checks cost the most). */
  perLevel?: number;
};

/** Share of a US plate's height taken by its characters (2.75" of 6"). */
const CHAR_SHARE = 0.46;
/** US plates are 12" × 6". */
const PLATE_ASPECT = 2;
/**
 * Horizontal closing length at each pyramid level: bridges gaps of up to 3 px between characters (a plate
 * 40–80 px wide has gaps of about 3–6 px; the next level down takes the wider ones). 5 / 9 / 11 measured in
 * docs/ocr.md.
 */
const CLOSE = 7;
/** The narrowest pyramid level worth searching. */
const MIN_LEVEL_WIDTH = 100;
/** Height a candidate region is resampled to before its characters are looked for. */
const CHECK_HEIGHT = 96;

/** Halves an image by averaging 2 × 2 blocks. */
export function halve(img: Gray): Gray {
  const w = img.width >> 1;
  const h = img.height >> 1;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = 2 * y * img.width + 2 * x;
      out[y * w + x] =
        (img.data[i]! + img.data[i + 1]! + img.data[i + img.width]! + img.data[i + img.width + 1]! + 2) >> 2;
    }
  return { width: w, height: h, data: out };
}

/** |horizontal Sobel| / 4, 0..255: strong where a vertical stroke's side is. */
export function verticalEdges(img: Gray): Uint8Array {
  const { width: w, height: h, data: d } = img;
  const out = new Uint8Array(w * h);
  for (let y = 1; y < h - 1; y++)
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const g = d[i - w + 1]! + 2 * d[i + 1]! + d[i + w + 1]! - d[i - w - 1]! - 2 * d[i - 1]! - d[i + w - 1]!;
      out[i] = Math.min(255, Math.abs(g) >> 2);
    }
  return out;
}

/**
 * Strong vertical edges: above the mean plus twice the spread of the image's edges, and at least `floor`
 * (a flat, empty scene has a tiny spread; its noise must not count as edges).
 */
export function edgeMask(edges: Uint8Array, floor = 24): Uint8Array {
  let sum = 0;
  let sq = 0;
  for (const e of edges) {
    sum += e;
    sq += e * e;
  }
  const n = Math.max(1, edges.length);
  const mean = sum / n;
  const sd = Math.sqrt(Math.max(0, sq / n - mean * mean));
  const level = Math.max(floor, mean + 2 * sd);
  const m = new Uint8Array(edges.length);
  for (let i = 0; i < m.length; i++) m[i] = edges[i]! >= level ? 1 : 0;
  return m;
}

/** Morphological closing along rows (dilate then erode by a 1 × `k` segment): joins a row's characters. */
export function closeRows(mask: Uint8Array, width: number, height: number, k: number): Uint8Array {
  const dil = new Uint8Array(mask.length);
  const r = Math.max(1, k >> 1);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let last = -Infinity;
    // Forward and backward passes: a pixel is set when an ink pixel lies within r on either side.
    for (let x = 0; x < width; x++) {
      if (mask[row + x]) last = x;
      if (x - last <= r) dil[row + x] = 1;
    }
    last = Infinity;
    for (let x = width - 1; x >= 0; x--) {
      if (mask[row + x]) last = x;
      if (last - x <= r) dil[row + x] = 1;
    }
  }
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let lastGap = -Infinity;
    const keep = new Uint8Array(width);
    for (let x = 0; x < width; x++) {
      if (!dil[row + x]) lastGap = x;
      if (x - lastGap > r) keep[x] = 1;
    }
    lastGap = Infinity;
    for (let x = width - 1; x >= 0; x--) {
      if (!dil[row + x]) lastGap = x;
      if (keep[x] && lastGap - x > r) out[row + x] = 1;
    }
  }
  return out;
}

/** Blocks of a closed edge mask shaped like a row of characters, best (densest, most row-like) first. */
export function rowBlocks(
  closed: Uint8Array,
  edges: Uint8Array,
  width: number,
  height: number,
): (PlateBox & { score: number })[] {
  const out: (PlateBox & { score: number })[] = [];
  for (const c of connectedComponents(closed, width, height)) {
    const w = c.x1 - c.x0 + 1;
    const h = c.y1 - c.y0 + 1;
    if (h < 5 || w < 12 || w > width * 0.7 || h > height * 0.5) continue;
    const aspect = w / h;
    if (aspect < 1.5 || aspect > 9) continue;
    const fill = c.area / (w * h);
    if (fill < 0.35) continue;
    // Rows of 2–6 × their height are likeliest; a plate's strokes are sharp, so strong edges rank first.
    const shape = aspect >= 2 && aspect <= 6 ? 1 : 0.6;
    let strength = 0;
    for (const p of c.pixels) strength += edges[p]!;
    out.push({ x: c.x0, y: c.y0, width: w, height: h, score: (fill * shape * strength) / c.area / 255 });
  }
  return out.sort((a, b) => b.score - a.score);
}

/**
 * Bilinear resample of the region `box` of `img` to `outW` × `outH` (the region may reach past the image:
 * those pixels take the nearest edge's value).
 */
export function resample(img: Gray, box: PlateBox, outW: number, outH: number): Gray {
  const out = new Uint8Array(outW * outH);
  const sx = box.width / outW;
  const sy = box.height / outH;
  for (let y = 0; y < outH; y++) {
    const fy = Math.min(img.height - 1, Math.max(0, box.y + (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(img.height - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < outW; x++) {
      const fx = Math.min(img.width - 1, Math.max(0, box.x + (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(img.width - 1, x0 + 1);
      const tx = fx - x0;
      const top = img.data[y0 * img.width + x0]! * (1 - tx) + img.data[y0 * img.width + x1]! * tx;
      const bot = img.data[y1 * img.width + x0]! * (1 - tx) + img.data[y1 * img.width + x1]! * tx;
      out[y * outW + x] = Math.round(top * (1 - ty) + bot * ty);
    }
  }
  return { width: outW, height: outH, data: out };
}

/** A row of characters found in a region, with how plate-like it is. */
type RowCheck = { row: Component[]; score: number };

/**
 * The best character row in a region resampled to CHECK_HEIGHT: dark ink (Otsu, local mean) and light ink
 * (Otsu), components shaped like characters, the largest row of one height on one line; scored by how
 * many characters (5–8 likeliest), how even their heights and spacing are.
 */
export function checkRegion(region: Gray): RowCheck | null {
  const img = stretchContrast(region);
  const level = otsuThreshold(img);
  const masks = [
    thresholdMask(img, level, true),
    adaptiveMask(img, Math.round(img.height * 0.5), 8, true),
    thresholdMask(img, level, false),
  ];
  let best: RowCheck | null = null;
  for (const mask of masks) {
    const comps = connectedComponents(mask, img.width, img.height).filter((c) =>
      characterLike(c, img.width, img.height, 0.12),
    );
    const row = findCharacterRow(mergeBroken(comps), 4);
    if (row.length < 4 || row.length > 10) continue;
    const score = rowScore(row);
    if (!best || score > best.score) best = { row, score };
  }
  return best;
}

/** 0..1: a row of 5–8 characters of one height, evenly spaced, most like a plate. */
export function rowScore(row: readonly Component[]): number {
  const n = row.length;
  const count = n >= 5 && n <= 8 ? 1 : n === 4 || n === 9 ? 0.6 : 0.3;
  const hs = row.map((c) => c.y1 - c.y0 + 1);
  const h = median(hs);
  const hSpread = median(hs.map((v) => Math.abs(v - h))) / h;
  const centres = row.map((c) => (c.x0 + c.x1) / 2);
  const gaps = centres.slice(1).map((c, i) => c - centres[i]!);
  const g = median(gaps);
  const gSpread = median(gaps.map((v) => Math.abs(v - g))) / Math.max(1, g);
  // Characters sit about 0.5–1.1 heights apart on a plate; far apart is a fence, a grille, a text line.
  const pitch = g / h >= 0.45 && g / h <= 1.2 ? 1 : 0.4;
  return count * pitch * Math.max(0, 1 - 2 * hSpread) * Math.max(0, 1 - gSpread);
}

/** The plate box implied by a character row (in the coordinates of the row's region → image). */
function plateFromRow(row: readonly Component[], region: PlateBox, sx: number, sy: number): PlateBox {
  const x0 = Math.min(...row.map((c) => c.x0));
  const x1 = Math.max(...row.map((c) => c.x1)) + 1;
  const h = median(row.map((c) => c.y1 - c.y0 + 1));
  const cy = median(row.map((c) => (c.y0 + c.y1 + 1) / 2));
  // In photo pixels: the plate is as high as its characters allow and at least as wide as the row.
  const plateH = Math.max((h * sy) / CHAR_SHARE, ((x1 - x0) * sx * 1.15) / PLATE_ASPECT);
  const plateW = plateH * PLATE_ASPECT;
  const cx = region.x + ((x0 + x1) / 2) * sx;
  const cyPhoto = region.y + cy * sy;
  return { x: cx - plateW / 2, y: cyPhoto - plateH / 2, width: plateW, height: plateH };
}

export function iou(a: PlateBox, b: PlateBox): number {
  const ix = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = ix * iy;
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Plate proposals for a whole photo, best first, in the photo's pixel coordinates. Empty when nothing in it
 * holds a row of character-like shapes.
 */
export function findPlates(photo: Gray, options: FindOptions = {}): PlateProposal[] {
  const limit = options.limit ?? 3;
  const perLevel = options.perLevel ?? 16;
  const found: PlateProposal[] = [];
  let level = photo;
  let scale = 1;
  while (level.width >= MIN_LEVEL_WIDTH && level.height >= 24) {
    const edges = verticalEdges(level);
    const closed = closeRows(edgeMask(edges), level.width, level.height, CLOSE);
    for (const block of rowBlocks(closed, edges, level.width, level.height).slice(0, perLevel)) {
      const p = checkBlock(photo, block, scale);
      if (p) found.push(p);
    }
    level = halve(level);
    scale *= 2;
  }
  found.sort((a, b) => b.score - a.score);
  const kept: PlateProposal[] = [];
  for (const p of found) {
    if (kept.some((k) => iou(k, p) > 0.3)) continue;
    kept.push(p);
    if (kept.length >= limit) break;
  }
  return kept;
}

/**
 * Checks one block of a pyramid level on the photo itself; the plate proposal it implies, or null. The block
 * is either the character row (edges of the characters only) or the whole plate (a framed plate's edges
 * join up): both regions are looked at and the better row kept.
 */
function checkBlock(photo: Gray, block: PlateBox, scale: number): PlateProposal | null {
  const bw = block.width * scale;
  const bh = block.height * scale;
  const cx = block.x * scale + bw / 2;
  const cy = block.y * scale + bh / 2;
  const asRow = { width: Math.max(bw * 1.4, bh * 2.4 * 2.2), height: bh * 2.4 };
  const asPlate = { width: bw * 1.2, height: bh * 1.3 };
  let best: PlateProposal | null = null;
  for (const size of [asRow, asPlate]) {
    const region = { x: cx - size.width / 2, y: cy - size.height / 2, ...size };
    const outW = Math.max(8, Math.min(800, Math.round((size.width / size.height) * CHECK_HEIGHT)));
    const check = checkRegion(resample(photo, region, outW, CHECK_HEIGHT));
    if (!check || check.score <= 0 || (best && best.score >= check.score)) continue;
    const plate = plateFromRow(check.row, region, size.width / outW, size.height / CHECK_HEIGHT);
    const box = clip(plate, photo.width, photo.height);
    // Characters under ~6 px high are not something the reader can do anything with.
    if (!box || box.height < 12) continue;
    // A plate cut by the photo's edge is rarely the plate (a camera's text overlay in a corner often is
    // such a row), and could not be read whole anyway.
    const inside = (box.width * box.height) / (plate.width * plate.height);
    const score = check.score * (inside < 0.9 ? 0.5 : 1);
    if (!best || score > best.score) best = { ...box, score, characters: check.row.length };
  }
  return best;
}

function clip(b: PlateBox, width: number, height: number): PlateBox | null {
  const x0 = Math.max(0, b.x);
  const y0 = Math.max(0, b.y);
  const x1 = Math.min(width, b.x + b.width);
  const y1 = Math.min(height, b.y + b.height);
  if (x1 - x0 < 8 || y1 - y0 < 4) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
