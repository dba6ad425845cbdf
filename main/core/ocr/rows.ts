/**
 * A plate crop's character rows (pure): each binarization's row, with characters recovered from the frame,
 * joined pieces cut apart and the band by projection when no row of separate characters is found; duplicates
 * dropped, and what covers the plate noted per row.
 */
import {
  adaptiveMask,
  bandByProjection,
  characterLike,
  connectedComponents,
  dropFrameEdges,
  faceMask,
  findCharacterRow,
  fitLine,
  mergeBroken,
  otsuThreshold,
  plateFace,
  recoverInBand,
  rowBox,
  rowInBand,
  rowOcclusion,
  splitJoined,
  thresholdMask,
  type Component,
  type Gray,
  type RowOcclusion,
} from './segment';

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

/** The fullest row of each of the first two binarizations that found one (two independent looks). */
export function settlingRows<T extends { name: string; row: Component[] }>(rows: readonly T[]): T[] {
  const byMask = new Map<string, T>();
  for (const v of rows) {
    const mask = v.name.split('+')[0]!;
    const best = byMask.get(mask);
    if (!best || v.row.length > best.row.length) byMask.set(mask, v);
  }
  return [...byMask.values()].slice(0, 2);
}

export function rowSlope(row: Component[]): number {
  return fitLine(row.map((c) => [(c.x0 + c.x1) / 2, (c.y0 + c.y1) / 2])).b;
}

/** The character rows found by each binarization, without duplicates. */
export function rowVariants(
  crop: Gray,
  minHeight = 0.25,
  side = 0,
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
      tries.push([name, row], [`${name}+band`, recoverInBand(row, mask, crop.width, crop.height, 1.05, side)]);
      // Pieces up to two characters wide taken back too, and cut apart: a character joined to its neighbour
      // or to the plate's separator (docs/ocr.md, session 4).
      const wide = recoverInBand(row, mask, crop.width, crop.height, JOINED_WIDTH, side);
      const split = splitJoined(wide, crop.width);
      // Only where something was cut: the wide pieces uncut are what the band row already dropped.
      if (split.some((p) => !wide.includes(p))) tries.push([`${name}+split`, split]);
    }
    if (row.length < 4) {
      // No row of separate characters: the band the most ink edges cross, cut out of the mask.
      const band = bandByProjection(mask, crop.width, crop.height, minHeight);
      if (band) tries.push([`${name}+proj`, rowInBand(mask, crop.width, crop.height, band, side)]);
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
      const occlusion = darkInk ? rowOcclusion(r, globalInk, crop.width, crop.height, side) : NO_OCCLUSION;
      out.push({ name: n, row: r, darkInk, occlusion });
    }
  }
  return out;
}

/** Widest piece, in row heights, that the split row takes back (two characters and the gap between). */
const JOINED_WIDTH = 2.4;

const NO_OCCLUSION: RowOcclusion = { damaged: [], hiddenStart: false, hiddenEnd: false };

/** Strips whose ends, top and bottom are this close (crop pixels) read alike: one of them is read. */
export const STRIP_TOL = 2;

/** Rows spanning the same box, give or take `tol` pixels on every side. */
export function sameExtent(a: readonly Component[], b: readonly Component[], tol: number): boolean {
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
