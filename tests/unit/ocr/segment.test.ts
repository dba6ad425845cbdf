import { describe, expect, it } from 'vitest';
import {
  adaptiveMask,
  bandByProjection,
  characterLike,
  connectedComponents,
  faceMask,
  findCharacterRow,
  fitLine,
  gray,
  mergeBroken,
  otsuThreshold,
  plateFace,
  recoverInBand,
  renderRow,
  rowInBand,
  rowOcclusion,
  rowStrip,
  splitJoined,
  dropFrameEdges,
  stretchContrast,
  thresholdMask,
  type Component,
  type Gray,
} from '../../../main/core/ocr/segment';

/** A synthetic plate crop: light plate, a dark frame, a small state name, `n` character blocks, a sticker. */
function syntheticPlate(options: { n?: number; tilt?: number; frameTouches?: boolean } = {}): Gray {
  const n = options.n ?? 7;
  const tilt = options.tilt ?? 0;
  const img = gray(240, 120, 200);
  const fill = (x0: number, y0: number, w: number, h: number, v: number) => {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) img.data[y * img.width + x] = v;
  };
  // Frame: a dark border 6 px wide.
  fill(0, 0, 240, 6, 30);
  fill(0, 114, 240, 6, 30);
  fill(0, 0, 6, 120, 30);
  fill(234, 0, 6, 120, 30);
  // State name: a row of small blobs near the top.
  for (let i = 0; i < 8; i++) fill(70 + i * 12, 12, 8, 10, 60);
  // Sticker: a mid-grey square in the corner.
  fill(200, 12, 24, 16, 90);
  // Characters: ring-shaped blocks (like 0s), 20 wide, 50 high, on a line that may tilt.
  for (let i = 0; i < n; i++) {
    const x = 20 + i * 29;
    const y = 40 + Math.round(tilt * x);
    fill(x, y, 20, 50, 20);
    fill(x + 5, y + 6, 10, 38, 200);
  }
  if (options.frameTouches) fill(20, 6, 4, 34, 30); // the first character joined to the frame above
  return img;
}

describe('finding the character row', () => {
  it('binarizes a plate with Otsu: the ink is dark, the plate light', () => {
    const img = syntheticPlate();
    const level = otsuThreshold(img);
    expect(level).toBeGreaterThan(20);
    expect(level).toBeLessThan(200);
    const mask = thresholdMask(img, level, true);
    expect(mask[0]).toBe(1); // the frame
    expect(mask[60 * 240 + 120]).toBe(0); // inside the plate
  });

  it('stretches a low-contrast crop to the full range', () => {
    const img = gray(10, 10, 120);
    for (let i = 0; i < 50; i++) img.data[i] = 100;
    const s = stretchContrast(img);
    expect(Math.min(...s.data)).toBe(0);
    expect(Math.max(...s.data)).toBe(255);
  });

  it('keeps the characters and drops the frame, the state name and the sticker', () => {
    const img = syntheticPlate();
    const mask = thresholdMask(img, otsuThreshold(img), true);
    const comps = connectedComponents(mask, img.width, img.height).filter((c) =>
      characterLike(c, img.width, img.height),
    );
    const row = findCharacterRow(mergeBroken(comps), 4);
    expect(row).toHaveLength(7);
    expect(row.map((c) => c.x0)).toEqual([20, 49, 78, 107, 136, 165, 194]);
  });

  it('finds the same row with local-mean binarization', () => {
    const img = syntheticPlate();
    const mask = adaptiveMask(img, 72, 10, true);
    const comps = connectedComponents(mask, img.width, img.height).filter((c) =>
      characterLike(c, img.width, img.height),
    );
    expect(findCharacterRow(mergeBroken(comps), 4)).toHaveLength(7);
  });

  it('follows a tilted row and straightens it', () => {
    const img = syntheticPlate({ tilt: 0.08 });
    const mask = thresholdMask(img, otsuThreshold(img), true);
    const comps = connectedComponents(mask, img.width, img.height).filter((c) =>
      characterLike(c, img.width, img.height),
    );
    const row = findCharacterRow(mergeBroken(comps), 4);
    expect(row).toHaveLength(7);
    const straight = renderRow(row, img.width, 2);
    // Straightened: every character's top lands within a pixel or two of the same line.
    const tops: number[] = [];
    for (let i = 0; i < 7; i++) {
      const x = 2 + i * 29 + 2;
      let y = 0;
      while (y < straight.height && straight.data[y * straight.width + x] !== 0) y++;
      tops.push(y);
    }
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThanOrEqual(2);
  });

  it('recovers a character joined to the frame by cutting the mask to the row band', () => {
    const img = syntheticPlate({ frameTouches: true });
    const mask = thresholdMask(img, otsuThreshold(img), true);
    const comps = connectedComponents(mask, img.width, img.height).filter((c) =>
      characterLike(c, img.width, img.height),
    );
    const row = findCharacterRow(mergeBroken(comps), 4);
    expect(row).toHaveLength(6);
    const band = recoverInBand(row, mask, img.width, img.height);
    expect(band).toHaveLength(7);
    expect(band[0]!.x0).toBe(20);
  });

  it('finds the band by its ink edges when every character is joined to the frame', () => {
    const img = syntheticPlate();
    // A bar under the characters joins them to each other and to the frame's sides: no blob is
    // character-shaped any more.
    for (let y = 88; y < 96; y++) for (let x = 0; x < 240; x++) img.data[y * 240 + x] = 20;
    const mask = thresholdMask(img, otsuThreshold(img), true);
    const comps = connectedComponents(mask, 240, 120).filter((c) => characterLike(c, 240, 120));
    expect(findCharacterRow(mergeBroken(comps)).length).toBeLessThan(3);
    const band = bandByProjection(mask, 240, 120);
    expect(band).not.toBeNull();
    expect(band!.y0).toBeGreaterThanOrEqual(36);
    expect(band!.y1).toBeLessThanOrEqual(92);
    const row = rowInBand(mask, 240, 120, band!);
    expect(row).toHaveLength(7);
  });

  it('finds no band in a plate without characters', () => {
    const img = gray(240, 120, 200);
    for (let y = 0; y < 6; y++) for (let x = 0; x < 240; x++) img.data[y * 240 + x] = 30;
    expect(bandByProjection(thresholdMask(img, 100, true), 240, 120)).toBeNull();
  });

  it('fits a line through points', () => {
    const l = fitLine([
      [0, 1],
      [10, 2],
      [20, 3],
    ]);
    expect(l.a).toBeCloseTo(1);
    expect(l.b).toBeCloseTo(0.1);
  });

  it('reads a plate inside a dark surround by its face: the characters lighter than the bumper', () => {
    // A large dark surround (bumper, shadow) pulls the crop's Otsu level below the characters, which are
    // darker than the plate but lighter than the surround: the crop's masks see no characters at all.
    const img = gray(240, 120, 35);
    const fill = (x0: number, y0: number, w: number, h: number, v: number) => {
      for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) img.data[y * 240 + x] = v;
    };
    fill(24, 16, 192, 88, 225);
    for (let i = 0; i < 7; i++) {
      fill(34 + i * 26, 36, 18, 48, 140);
      fill(39 + i * 26, 42, 8, 36, 225);
    }
    const row = (mask: Uint8Array) =>
      findCharacterRow(mergeBroken(connectedComponents(mask, 240, 120).filter((c) => characterLike(c, 240, 120))));
    const level = otsuThreshold(img);
    expect(level).toBeLessThan(140);
    expect(row(thresholdMask(img, level, true))).toHaveLength(0);
    const face = plateFace(img, level);
    expect(face).not.toBeNull();
    expect(face![60 * 240 + 120]).toBe(1); // the plate
    expect(face![60 * 240 + 36]).toBe(1); // a character's stroke, inside the face
    expect(face![5 * 240 + 5]).toBe(0); // the bumper
    // Otsu inside the face alone falls between the characters and the plate.
    const faceLevel = otsuThreshold(img, face!);
    expect(faceLevel).toBeGreaterThanOrEqual(140);
    expect(faceLevel).toBeLessThan(225);
    const found = row(faceMask(img, face!, faceLevel));
    expect(found.map((c) => c.x0)).toEqual([34, 60, 86, 112, 138, 164, 190]);
  });

  it('finds no plate face when nothing light is plate-sized', () => {
    const img = gray(240, 120, 30);
    for (let y = 50; y < 70; y++) for (let x = 100; x < 140; x++) img.data[y * 240 + x] = 220;
    expect(plateFace(img, otsuThreshold(img))).toBeNull();
  });
});

describe('cutting joined pieces apart', () => {
  /** The synthetic plate's row, with `joins` drawn in before binarizing; every piece of the band taken back. */
  function rowWith(joins: (fill: (x0: number, y0: number, w: number, h: number) => void) => void) {
    const img = syntheticPlate();
    joins((x0, y0, w, h) => {
      for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) img.data[y * img.width + x] = 20;
    });
    const mask = thresholdMask(img, otsuThreshold(img), true);
    const comps = connectedComponents(mask, img.width, img.height).filter((c) =>
      characterLike(c, img.width, img.height),
    );
    return { img, row: recoverInBand(findCharacterRow(mergeBroken(comps), 3), mask, img.width, img.height, 2.4) };
  }
  const xs = (row: readonly { x0: number; x1: number }[]) => row.map((c) => [c.x0, c.x1]);

  it('drops a separator dot stuck to the side of a character', () => {
    // A dot in the middle of the row's height, between the third and fourth characters, touching the fourth.
    const { img, row } = rowWith((fill) => fill(99, 60, 8, 8));
    expect(row).toHaveLength(7);
    expect(row[3]!.x0).toBe(99);
    const split = splitJoined(row, img.width);
    expect(xs(split)).toEqual([20, 49, 78, 107, 136, 165, 194].map((x) => [x, x + 19]));
  });

  it('cuts two characters joined by a smear into two', () => {
    const { img, row } = rowWith((fill) => fill(69, 70, 9, 6));
    expect(row).toHaveLength(6);
    const split = splitJoined(row, img.width);
    expect(split).toHaveLength(7);
    expect(split[1]!.x1).toBeLessThan(split[2]!.x0);
    expect(split[1]!.x0).toBe(49);
    expect(split[2]!.x1).toBe(97);
  });

  it("drops a thin stroke standing apart at the row's end (the frame's edge), not a 1 in the row's spacing", () => {
    const piece = (x0: number, w: number): Component => ({
      x0,
      x1: x0 + w - 1,
      y0: 40,
      y1: 89,
      area: w * 50,
      pixels: new Int32Array(),
    });
    const chars = [30, 59, 88, 117, 146].map((x) => piece(x, 20));
    expect(dropFrameEdges([piece(2, 4), ...chars])).toEqual(chars);
    expect(dropFrameEdges([...chars, piece(192, 4)])).toEqual(chars);
    // A 1 as narrow, at the usual gap: kept.
    const one = piece(175, 5);
    expect(dropFrameEdges([...chars, one])).toEqual([...chars, one]);
  });

  it('leaves a row of characters of one width alone', () => {
    const { img, row } = rowWith(() => {});
    expect(splitJoined(row, img.width)).toEqual(row);
  });
});

describe("the row's strip", () => {
  it('is the image under the row as it is: a piece the row lost is still in it, the frame is not', () => {
    const img = syntheticPlate();
    const mask = thresholdMask(img, otsuThreshold(img), true);
    const row = findCharacterRow(
      connectedComponents(mask, img.width, img.height).filter((c) => characterLike(c, img.width, img.height)),
      3,
    );
    expect(row).toHaveLength(7);
    // The row without its fourth character: the strip still shows it.
    const lost = [...row.slice(0, 3), ...row.slice(4)];
    const strip = rowStrip(lost, img, true);
    expect(strip.width).toBe(row[6]!.x1 - row[0]!.x0 + 1);
    expect(strip.height).toBe(50 + 4);
    const at = (x: number, y: number) => strip.data[(y - row[0]!.y0 + 2) * strip.width + (x - row[0]!.x0)]!;
    expect(at(row[3]!.x0 + 2, 60)).toBe(0); // the lost character's stroke, stretched to black
    expect(at(row[3]!.x0 + 10, 60)).toBe(255); // its counter, the plate
    // Light ink on dark: turned to dark on light.
    expect(rowStrip(lost, { ...img, data: img.data.map((v) => 255 - v) }, false).data).toEqual(strip.data);
  });
});

describe('occluders across the row', () => {
  /** The synthetic plate's row as the Otsu mask finds it (characters 20 wide, 50 high, pitch 29, from x = 20). */
  function rowOf(img: Gray) {
    const mask = thresholdMask(img, otsuThreshold(img), true);
    const comps = connectedComponents(mask, img.width, img.height).filter((c) =>
      characterLike(c, img.width, img.height),
    );
    return { mask, row: findCharacterRow(mergeBroken(comps), 3) };
  }
  /** A dark bar 16 wide from y = 20 to 110: across the character band (40–90) and well past both edges. */
  function strap(img: Gray, x0: number): void {
    for (let y = 20; y < 110; y++) for (let x = x0; x < x0 + 16; x++) img.data[y * img.width + x] = 25;
  }

  it('sees none on a clean plate, though its frame and surround are dark from edge to edge', () => {
    const img = syntheticPlate();
    const { mask, row } = rowOf(img);
    expect(row).toHaveLength(7);
    expect(rowOcclusion(row, mask, img.width, img.height)).toEqual({
      damaged: [],
      hiddenStart: false,
      hiddenEnd: false,
    });
  });

  it('marks the character a strap crosses as damaged, and only that one', () => {
    const img = syntheticPlate();
    strap(img, 188); // over the left half of the last character (194–213)
    const mask = thresholdMask(img, otsuThreshold(img), true);
    // The character joined to the strap is no longer character-like: recovered from the band, as the reader does.
    const row = recoverInBand(rowOf(img).row, mask, img.width, img.height);
    expect(row).toHaveLength(7);
    expect(rowOcclusion(row, mask, img.width, img.height).damaged).toEqual([6]);
  });

  it('says a character may be hidden past the end of the row when a strap sits where it would be', () => {
    const img = syntheticPlate({ n: 6 });
    strap(img, 194); // where a seventh character would start
    const { mask, row } = rowOf(img);
    expect(row).toHaveLength(6);
    const occ = rowOcclusion(row, mask, img.width, img.height);
    expect(occ).toEqual({ damaged: [], hiddenStart: false, hiddenEnd: true });
  });

  it('does not take a bold stroke or a bar within the band for an occluder', () => {
    const img = syntheticPlate({ n: 6 });
    // A solid block as wide as the strap but only as high as the characters (a bold 1, a sticker).
    for (let y = 40; y < 90; y++) for (let x = 196; x < 212; x++) img.data[y * img.width + x] = 25;
    const { mask, row } = rowOf(img);
    const occ = rowOcclusion(row, mask, img.width, img.height);
    expect(occ.damaged).toEqual([]);
    expect(occ.hiddenEnd).toBe(false);
    // A thin pole past the row's end, through the band and beyond it (a frame stroke, a bolt's shadow).
    const pole = syntheticPlate({ n: 6 });
    for (let y = 20; y < 110; y++) for (let x = 198; x < 202; x++) pole.data[y * pole.width + x] = 25;
    const p = rowOf(pole);
    expect(rowOcclusion(p.row, p.mask, pole.width, pole.height).hiddenEnd).toBe(false);
  });
});
