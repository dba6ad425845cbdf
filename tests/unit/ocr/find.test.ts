import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  checkRegion,
  closeRows,
  edgeMask,
  findPlates,
  halve,
  iou,
  resample,
  rowBlocks,
  verticalEdges,
  type PlateBox,
} from '../../../main/core/ocr/find';
import { gray, type Gray } from '../../../main/core/ocr/segment';
import { Rng } from '../../agency/generator/prng';

/** A seeded street scene: sky, road, a car body with a window, poles, clutter and sensor noise. */
function sceneSvg(rng: Rng, plate: { x: number; y: number; text: string } | null): string {
  let clutter = '';
  for (let i = 0; i < 25; i++) {
    const g = 40 + rng.int(180);
    clutter += `<rect x="${rng.int(760)}" y="${rng.int(200)}" width="${8 + rng.int(60)}" height="${8 + rng.int(40)}" fill="rgb(${g},${g},${g})" opacity="0.7"/>`;
  }
  // A plate: 120 × 60 (12" × 6"), a dark border, a small state name, characters 26 px high (0.43 of it).
  const p = plate
    ? `<rect x="${plate.x}" y="${plate.y}" width="120" height="60" rx="4" fill="#f4f4f0" stroke="#333" stroke-width="2"/>
       <text x="${plate.x + 60}" y="${plate.y + 13}" font-family="DejaVu Serif" font-size="9" fill="#a22" text-anchor="middle">California</text>
       <text x="${plate.x + 60}" y="${plate.y + 45}" font-family="DejaVu Sans Mono" font-weight="bold" font-size="30" fill="#1a2a6a" text-anchor="middle" textLength="100" lengthAdjust="spacingAndGlyphs">${plate.text}</text>`
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450">
  <rect width="800" height="450" fill="#8fb3d6"/>
  <rect y="300" width="800" height="150" fill="#444"/>
  <rect x="60" y="40" width="6" height="300" fill="#333"/><rect x="720" y="20" width="8" height="320" fill="#2a2a2a"/>
  ${clutter}
  <rect x="200" y="170" width="400" height="200" rx="30" fill="#7a2020"/>
  <rect x="240" y="185" width="320" height="60" rx="10" fill="#223"/>
  <circle cx="260" cy="380" r="34" fill="#111"/><circle cx="540" cy="380" r="34" fill="#111"/>
  ${p}
</svg>`;
}

async function scene(seed: number, plate: { x: number; y: number; text: string } | null): Promise<Gray> {
  const rng = new Rng(seed, 'ocr-find-test');
  const { data, info } = await sharp(Buffer.from(sceneSvg(rng, plate)))
    .grayscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  // Sensor noise, so nothing in the scene is perfectly flat.
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, data[i]! + Math.round(rng.normal() * 8)));
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

function fill(img: Gray, x0: number, y0: number, w: number, h: number, v: number): void {
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) img.data[y * img.width + x] = v;
}

describe('plate finder steps', () => {
  it('halves an image by averaging 2 × 2 blocks', () => {
    const img = gray(4, 2, 0);
    fill(img, 0, 0, 2, 2, 200);
    fill(img, 2, 0, 1, 2, 100);
    const h = halve(img);
    expect([h.width, h.height]).toEqual([2, 1]);
    expect([...h.data]).toEqual([200, 50]);
  });

  it('marks the sides of vertical strokes as edges, not flat areas or horizontal lines', () => {
    const img = gray(40, 20, 220);
    fill(img, 10, 2, 4, 16, 20); // a vertical stroke
    fill(img, 20, 10, 18, 2, 20); // a horizontal line
    const e = verticalEdges(img);
    expect(e[8 * 40 + 9]).toBeGreaterThan(100);
    expect(e[8 * 40 + 14]).toBeGreaterThan(100);
    expect(e[5 * 40 + 30]).toBe(0);
    expect(e[10 * 40 + 30]).toBe(0); // inside the horizontal line: no vertical edge
  });

  it('keeps only edges well above the image spread, and none in a flat noisy image', () => {
    const rng = new Rng(3, 'flat');
    const flat = gray(60, 40, 128);
    for (let i = 0; i < flat.data.length; i++) flat.data[i] = 128 + Math.round(rng.normal() * 4);
    expect(edgeMask(verticalEdges(flat)).some((v) => v === 1)).toBe(false);
  });

  it('closes gaps between characters along a row but not wider gaps', () => {
    const w = 30;
    const mask = new Uint8Array(w * 3);
    for (const x of [2, 3, 6, 7, 10, 11, 25, 26]) mask[w + x] = 1;
    const closed = closeRows(mask, w, 3, 5);
    expect([...closed.subarray(w + 2, w + 12)].every((v) => v === 1)).toBe(true);
    expect(closed[w + 18]).toBe(0); // a gap of 13 stays open
    expect(closed[0]).toBe(0);
  });

  it('keeps row-shaped blocks and drops squares and thin lines', () => {
    const w = 100;
    const h = 60;
    const closed = new Uint8Array(w * h);
    const edges = new Uint8Array(w * h).fill(200);
    const put = (x0: number, y0: number, bw: number, bh: number) => {
      for (let y = y0; y < y0 + bh; y++) for (let x = x0; x < x0 + bw; x++) closed[y * w + x] = 1;
    };
    put(10, 10, 40, 10); // a row of characters: 4 : 1
    put(60, 5, 20, 20); // a square
    put(5, 40, 60, 2); // a thin line
    const blocks = rowBlocks(closed, edges, w, h);
    expect(blocks.map((b) => [b.x, b.y, b.width, b.height])).toEqual([[10, 10, 40, 10]]);
  });

  it('resamples a region, repeating the edge pixels beyond the image', () => {
    const img = gray(4, 4, 0);
    fill(img, 2, 0, 2, 4, 255);
    const r = resample(img, { x: -2, y: 0, width: 8, height: 4 }, 8, 4);
    expect(r.data[0]).toBe(0);
    expect(r.data[7]).toBe(255);
  });

  it('finds a row of character-like shapes in a region and rejects an empty one', () => {
    const region = gray(240, 96, 230);
    fill(region, 0, 0, 240, 4, 40);
    for (let i = 0; i < 6; i++) {
      const x = 30 + i * 30;
      fill(region, x, 30, 18, 40, 30);
      fill(region, x + 5, 37, 8, 26, 230); // a hole: an O-like glyph
    }
    const check = checkRegion(region);
    expect(check?.row.length).toBe(6);
    expect(check!.score).toBeGreaterThan(0.8);
    expect(checkRegion(gray(240, 96, 230))).toBeNull();
  });

  it('measures overlap as intersection over union', () => {
    const a: PlateBox = { x: 0, y: 0, width: 10, height: 10 };
    expect(iou(a, a)).toBe(1);
    expect(iou(a, { x: 5, y: 0, width: 10, height: 10 })).toBeCloseTo(50 / 150);
    expect(iou(a, { x: 20, y: 20, width: 5, height: 5 })).toBe(0);
  });
});

describe('findPlates on synthetic scenes', () => {
  it('finds a plate drawn into a noisy street scene', async () => {
    for (const [seed, x, y, text] of [
      [1, 340, 270, '7ABC123'],
      [2, 500, 250, 'KLM4821'],
      [3, 150, 330, '4TRX90'],
    ] as const) {
      const img = await scene(seed, { x, y, text });
      const found = findPlates(img);
      expect(found.length, `seed ${seed}`).toBeGreaterThan(0);
      expect(iou(found[0]!, { x, y, width: 120, height: 60 }), `seed ${seed}`).toBeGreaterThanOrEqual(0.5);
      expect(found[0]!.characters, `seed ${seed}`).toBeGreaterThanOrEqual(text.length - 2);
    }
  });

  it('returns nothing for the same scene without a plate', async () => {
    for (const seed of [1, 2, 3]) expect(findPlates(await scene(seed, null)), `seed ${seed}`).toEqual([]);
  });
});
