/**
 * Finding the character row inside a plate crop, on plain grayscale pixels (pure: no node:*, no sharp).
 *
 * A real plate carries more than its characters: the state name, a frame, registration stickers, a slogan,
 * bolts. The row of characters is the largest set of dark blobs of about the same height sitting on one
 * line; everything else is dropped before the engine sees the image. Steps, each unit-tested:
 * contrast stretch → binarize (global Otsu or local mean) → connected components → character-shaped
 * components → the best row → deskew by the row's baseline → render the row alone, black on white.
 */
export type Gray = { width: number; height: number; data: Uint8Array };
export type Component = {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  area: number;
  /** Pixel indices (y * width + x) in the mask it came from. */
  pixels: Int32Array;
};

export function gray(width: number, height: number, fill = 255): Gray {
  return { width, height, data: new Uint8Array(width * height).fill(fill) };
}

/** Stretches the 2nd–98th percentile of intensities to 0–255. */
export function stretchContrast(img: Gray, low = 0.02, high = 0.98): Gray {
  const hist = histogram(img);
  const n = img.data.length;
  let lo = 0;
  let hi = 255;
  for (let acc = 0, v = 0; v < 256; v++) {
    acc += hist[v]!;
    if (acc >= n * low) {
      lo = v;
      break;
    }
  }
  for (let acc = 0, v = 255; v >= 0; v--) {
    acc += hist[v]!;
    if (acc >= n * (1 - high)) {
      hi = v;
      break;
    }
  }
  const out = new Uint8Array(n);
  const span = Math.max(1, hi - lo);
  for (let i = 0; i < n; i++) out[i] = clamp255(((img.data[i]! - lo) * 255) / span);
  return { width: img.width, height: img.height, data: out };
}

export function histogram(img: Gray): Uint32Array {
  const h = new Uint32Array(256);
  for (const v of img.data) h[v]!++;
  return h;
}

/**
 * Otsu's threshold: the level that best separates two classes of intensity (of the pixels where `within`
 * is set, when given).
 */
export function otsuThreshold(img: Gray, within?: Uint8Array): number {
  const hist = within ? new Uint32Array(256) : histogram(img);
  if (within) for (let i = 0; i < img.data.length; i++) if (within[i]) hist[img.data[i]!]!++;
  let total = 0;
  for (let v = 0; v < 256; v++) total += hist[v]!;
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += v * hist[v]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let level = 127;
  for (let v = 0; v < 256; v++) {
    wB += hist[v]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += v * hist[v]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      level = v;
    }
  }
  return level;
}

/** Mask (1 = ink) of pixels darker than `level` (or lighter, for light-on-dark plates). */
export function thresholdMask(img: Gray, level: number, darkInk = true): Uint8Array {
  const m = new Uint8Array(img.data.length);
  for (let i = 0; i < m.length; i++) m[i] = (darkInk ? img.data[i]! <= level : img.data[i]! > level) ? 1 : 0;
  return m;
}

/**
 * The plate's face: the largest connected region lighter than `level`, filled across every image row and
 * column it spans (so the characters inside it, and those touching its edge, are in it). A plate framed by
 * a dark bumper, frame or shadow makes the crop's Otsu split surroundings from plate, leaving the
 * characters (darker than the plate, lighter than the surroundings) on the plate's side; a second Otsu
 * inside the face separates them. Null when the face is under a third of the crop (no plate-sized region).
 */
export function plateFace(img: Gray, level: number): Uint8Array | null {
  const { width: w, height: h } = img;
  const light = thresholdMask(img, level, false);
  let face: Component | null = null;
  for (const c of connectedComponents(light, w, h)) if (!face || c.area > face.area) face = c;
  if (!face) return null;
  const rowLo = new Int32Array(h).fill(w);
  const rowHi = new Int32Array(h).fill(-1);
  const colLo = new Int32Array(w).fill(h);
  const colHi = new Int32Array(w).fill(-1);
  for (const p of face.pixels) {
    const x = p % w;
    const y = (p - x) / w;
    if (x < rowLo[y]!) rowLo[y] = x;
    if (x > rowHi[y]!) rowHi[y] = x;
    if (y < colLo[x]!) colLo[x] = y;
    if (y > colHi[x]!) colHi[x] = y;
  }
  const region = new Uint8Array(w * h);
  let area = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      if ((x >= rowLo[y]! && x <= rowHi[y]!) || (y >= colLo[x]! && y <= colHi[x]!)) {
        region[y * w + x] = 1;
        area++;
      }
  return area >= (w * h) / 3 ? region : null;
}

/** Ink inside the plate's face only: darker than `level`, the face's own Otsu level (see `plateFace`). */
export function faceMask(img: Gray, face: Uint8Array, level: number): Uint8Array {
  const m = new Uint8Array(img.data.length);
  for (let i = 0; i < m.length; i++) m[i] = face[i] && img.data[i]! <= level ? 1 : 0;
  return m;
}

/** Local-mean binarization (Bradley): ink where a pixel is `bias` darker than the mean of its window. */
export function adaptiveMask(img: Gray, window: number, bias: number, darkInk = true): Uint8Array {
  const { width: w, height: h, data } = img;
  const integral = new Float64Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += data[y * w + x]!;
      integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1]! + row;
    }
  }
  const r = Math.max(1, Math.floor(window / 2));
  const m = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const ya = Math.max(0, y - r);
    const yb = Math.min(h, y + r + 1);
    for (let x = 0; x < w; x++) {
      const xa = Math.max(0, x - r);
      const xb = Math.min(w, x + r + 1);
      const s =
        integral[yb * (w + 1) + xb]! -
        integral[ya * (w + 1) + xb]! -
        integral[yb * (w + 1) + xa]! +
        integral[ya * (w + 1) + xa]!;
      const mean = s / ((yb - ya) * (xb - xa));
      const v = data[y * w + x]!;
      m[y * w + x] = (darkInk ? v < mean - bias : v > mean + bias) ? 1 : 0;
    }
  }
  return m;
}

/** 8-connected components of a mask. */
export function connectedComponents(mask: Uint8Array, width: number, height: number): Component[] {
  const seen = new Uint8Array(mask.length);
  const out: Component[] = [];
  const stack = new Int32Array(mask.length);
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || seen[start]) continue;
    let sp = 0;
    stack[sp++] = start;
    seen[start] = 1;
    const pixels: number[] = [];
    let x0 = width;
    let y0 = height;
    let x1 = -1;
    let y1 = -1;
    while (sp > 0) {
      const p = stack[--sp]!;
      pixels.push(p);
      const x = p % width;
      const y = (p - x) / width;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const q = ny * width + nx;
          if (mask[q] && !seen[q]) {
            seen[q] = 1;
            stack[sp++] = q;
          }
        }
      }
    }
    out.push({ x0, y0, x1, y1, area: pixels.length, pixels: Int32Array.from(pixels) });
  }
  return out;
}

const cw = (c: Component): number => c.x1 - c.x0 + 1;
const ch = (c: Component): number => c.y1 - c.y0 + 1;

/** Components shaped like a plate character for a crop of this size (drops specks, the frame, wide logos). */
export function characterLike(c: Component, width: number, height: number, minHeight = 0.25): boolean {
  const h = ch(c);
  const w = cw(c);
  if (h < height * minHeight || h > height * 0.9) return false;
  if (w > width * 0.2 || w > h * 1.15) return false;
  const fill = c.area / (w * h);
  if (fill < 0.12 || fill > 0.95) return false;
  // A blob spanning the crop's top or bottom edge is the frame or the bumper, not a character.
  if (c.y0 <= 0 && c.y1 >= height - 1) return false;
  return true;
}

/** Joins pieces of one broken character (components that overlap a lot horizontally). */
export function mergeBroken(comps: Component[]): Component[] {
  const sorted = [...comps].sort((a, b) => a.x0 - b.x0);
  const out: Component[] = [];
  for (const c of sorted) {
    const prev = out[out.length - 1];
    if (prev) {
      const overlap = Math.min(prev.x1, c.x1) - Math.max(prev.x0, c.x0) + 1;
      if (overlap > 0.6 * Math.min(cw(prev), cw(c))) {
        const pixels = new Int32Array(prev.pixels.length + c.pixels.length);
        pixels.set(prev.pixels);
        pixels.set(c.pixels, prev.pixels.length);
        out[out.length - 1] = {
          x0: Math.min(prev.x0, c.x0),
          y0: Math.min(prev.y0, c.y0),
          x1: Math.max(prev.x1, c.x1),
          y1: Math.max(prev.y1, c.y1),
          area: prev.area + c.area,
          pixels,
        };
        continue;
      }
    }
    out.push(c);
  }
  return out;
}

/**
 * The character row: the largest group of components of similar height whose vertical centres lie on one
 * line (allowing for tilt), in reading order. Empty when nothing looks like a row of at least `minCount`.
 */
export function findCharacterRow(comps: readonly Component[], minCount = 3): Component[] {
  let best: Component[] = [];
  let bestScore = 0;
  for (const seed of comps) {
    const hs = ch(seed);
    const group = comps.filter((c) => {
      const h = ch(c);
      return h >= hs * 0.72 && h <= hs * 1.3;
    });
    if (group.length < minCount) continue;
    // Fit a line through the centres and keep those close to it.
    const row = onOneLine(group, hs);
    const cleaned = dropOverlaps(row);
    const heights = cleaned.map(ch);
    const score = cleaned.length >= minCount ? cleaned.length * 10 + median(heights) / 100 : 0;
    if (score > bestScore) {
      bestScore = score;
      best = cleaned;
    }
  }
  return best.sort((a, b) => a.x0 - b.x0);
}

/**
 * Characters touching the frame, a bolt or the state name above or below are one big blob and fail
 * `characterLike`. Cutting the mask to the band the row occupies separates them; the pieces as tall as the
 * row's characters are taken back into it.
 */
export function recoverInBand(
  row: readonly Component[],
  mask: Uint8Array,
  width: number,
  height: number,
  maxWidth = 1.05,
  side = 0,
): Component[] {
  if (row.length < 3) return [...row];
  const line = fitLine(row.map((c) => [(c.x0 + c.x1) / 2, (c.y0 + c.y1) / 2]));
  const h = median(row.map(ch));
  const half = h * 0.54;
  const band = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (mask[i] && Math.abs(y - (line.a + line.b * x)) <= half) band[i] = 1;
    }
  const edge = Math.max(2, width * 0.02) + side;
  const left = Math.min(...row.map((c) => c.x0));
  const right = Math.max(...row.map((c) => c.x1));
  const pieces = mergeBroken(
    connectedComponents(band, width, height).filter((c) => {
      const w = cw(c);
      const fill = c.area / (w * ch(c));
      if (c.x0 < edge || c.x1 > width - 1 - edge) return false; // the frame's sides
      if (c.x1 < left - 1.6 * h || c.x0 > right + 1.6 * h) return false;
      if (fill > 0.8 && w < h * 0.3) return false; // a solid bar: frame or bolt shadow
      return ch(c) >= h * 0.8 && w <= h * maxWidth && w >= 2 && fill > 0.15;
    }),
  );
  // Keep the row; add only the pieces that fill a place no character of it occupies.
  const added = pieces.filter(
    (p) =>
      !row.some((c) => Math.min(c.x1, p.x1) - Math.max(c.x0, p.x0) > 0.2 * Math.min(cw(c), cw(p))) &&
      // A thin stroke beyond either end of the row is a frame side or a bolt's shadow more often than a 1.
      !((p.x1 < left || p.x0 > right) && cw(p) < h * 0.3),
  );
  return [...row, ...added].sort((a, b) => a.x0 - b.x0);
}

/**
 * Cuts the pieces of a row wider than its characters apart: two characters joined by a smear or a bolt, or a
 * character with the plate's separator (a dot, a dash, a state emblem) stuck to its side. Columns whose ink
 * floats in the middle of the row are no character's; what remains is cut at the emptiest column while a
 * piece is still wide enough for two. Pieces less tall than the row's characters are dropped.
 */
export function splitJoined(row: readonly Component[], width: number): Component[] {
  if (row.length < 3) return [...row];
  const h = median(row.map(ch));
  const w = median(row.map(cw));
  return row.flatMap((c) => (cw(c) > 1.3 * w ? cutPiece(c, width, h, w) : [c]));
}

/** A frame edge is thinner than EDGE_W of the row's median width and EDGE_GAP of it further than the usual gap. */
const EDGE_W = 0.3;
const EDGE_GAP = 0.5;

/**
 * Drops a thin piece at either end of a row that stands apart from the rest: the frame's edge or a bolt's
 * shadow, not a 1 (a 1 keeps the row's spacing).
 */
export function dropFrameEdges(row: readonly Component[]): Component[] {
  if (row.length < 5) return [...row];
  const w = median(row.map(cw));
  const gaps = row.slice(1).map((c, i) => c.x0 - row[i]!.x1 - 1);
  const gap = median(gaps);
  const apart = (g: number) => g > gap + EDGE_GAP * w;
  let from = 0;
  let to = row.length;
  if (cw(row[0]!) < EDGE_W * w && apart(gaps[0]!)) from = 1;
  if (cw(row[row.length - 1]!) < EDGE_W * w && apart(gaps[gaps.length - 1]!)) to = row.length - 1;
  return row.slice(from, to);
}
function cutPiece(c: Component, width: number, h: number, w: number): Component[] {
  const n = cw(c);
  const top = new Array<number>(n).fill(Infinity);
  const bottom = new Array<number>(n).fill(-Infinity);
  const count = new Array<number>(n).fill(0);
  for (const p of c.pixels) {
    const x = (p % width) - c.x0;
    const y = Math.floor(p / width);
    top[x] = Math.min(top[x]!, y);
    bottom[x] = Math.max(bottom[x]!, y);
    count[x]!++;
  }
  // Columns whose ink floats in the middle of the row (a dot, a dash) separate characters.
  const floating = (x: number): boolean => top[x]! > c.y0 + 0.2 * h && bottom[x]! < c.y1 - 0.2 * h;
  const spans: [number, number][] = [];
  for (let x = 0; x < n; x++) {
    if (count[x] === 0 || floating(x)) continue;
    const last = spans[spans.length - 1];
    if (last && last[1] === x - 1) last[1] = x;
    else spans.push([x, x]);
  }
  // A piece still wide enough for two characters: cut at its emptiest column in the middle.
  const cut = (a: number, b: number): [number, number][] => {
    if (b - a + 1 <= 1.6 * w) return [[a, b]];
    let at = -1;
    for (let x = Math.round(a + (b - a) * 0.3); x <= Math.round(a + (b - a) * 0.7); x++)
      if (at < 0 || count[x]! < count[at]!) at = x;
    return [...cut(a, at - 1), ...cut(at + 1, b)];
  };
  const pieces = spans
    .flatMap(([a, b]) => cut(a, b))
    .map(([a, b]) => pieceOf(c, width, c.x0 + a, c.x0 + b))
    .filter((p): p is Component => p !== null && ch(p) >= 0.75 * h && (cw(p) >= 0.2 * w || ch(p) >= 0.9 * h));
  return pieces.length ? pieces : [c];
}

/** The pixels of `c` in columns x0..x1, as a component of their own (null when there are none). */
function pieceOf(c: Component, width: number, x0: number, x1: number): Component | null {
  const pixels: number[] = [];
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const p of c.pixels) {
    const x = p % width;
    if (x < x0 || x > x1) continue;
    const y = (p - x) / width;
    pixels.push(p);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  if (!pixels.length) return null;
  let lo = x1;
  let hi = x0;
  for (const p of pixels) {
    lo = Math.min(lo, p % width);
    hi = Math.max(hi, p % width);
  }
  return { x0: lo, y0, x1: hi, y1, area: pixels.length, pixels: Int32Array.from(pixels) };
}

/**
 * The character band by horizontal projection, for crops where no row of separate characters was found
 * (characters joined to the frame, the state name or one another): the image rows crossed by the most
 * ink edges, grown while they keep at least 40 % of the peak. Null when no band has the edges of three
 * characters or it is too thin to hold them.
 */
export function bandByProjection(
  mask: Uint8Array,
  width: number,
  height: number,
  minHeight = 0.25,
): { y0: number; y1: number } | null {
  const edges = new Float64Array(height);
  for (let y = 0; y < height; y++) {
    let n = 0;
    for (let x = 1; x < width; x++) if (mask[y * width + x] && !mask[y * width + x - 1]) n++;
    edges[y] = n;
  }
  const smooth = edges.map(
    (_, y) => (edges[Math.max(0, y - 1)]! + edges[y]! + edges[Math.min(height - 1, y + 1)]!) / 3,
  );
  let peak = 0;
  for (let y = 1; y < height; y++) if (smooth[y]! > smooth[peak]!) peak = y;
  if (smooth[peak]! < 6) return null;
  let y0 = peak;
  let y1 = peak;
  while (y0 > 0 && smooth[y0 - 1]! >= 0.4 * smooth[peak]!) y0--;
  while (y1 < height - 1 && smooth[y1 + 1]! >= 0.4 * smooth[peak]!) y1++;
  return y1 - y0 + 1 >= height * minHeight ? { y0, y1 } : null;
}

/** The character row inside a band: the mask cut to it, pieces nearly as tall as the band, frame sides dropped. */
export function rowInBand(
  mask: Uint8Array,
  width: number,
  height: number,
  band: { y0: number; y1: number },
  side = 0,
): Component[] {
  const cut = new Uint8Array(mask.length);
  cut.set(mask.subarray(band.y0 * width, (band.y1 + 1) * width), band.y0 * width);
  const h = band.y1 - band.y0 + 1;
  const edge = Math.max(2, width * 0.02) + side;
  const pieces = connectedComponents(cut, width, height).filter((c) => {
    const w = cw(c);
    const fill = c.area / (w * ch(c));
    if (c.x0 < edge || c.x1 > width - 1 - edge) return false;
    return ch(c) >= h * 0.6 && w <= h * 1.1 && w >= 2 && fill > 0.15 && fill < 0.95;
  });
  return findCharacterRow(mergeBroken(pieces), 3);
}

function onOneLine(group: Component[], h: number): Component[] {
  let keep = group;
  for (let iter = 0; iter < 3; iter++) {
    const line = fitLine(keep.map((c) => [(c.x0 + c.x1) / 2, (c.y0 + c.y1) / 2]));
    const next = group.filter((c) => Math.abs((c.y0 + c.y1) / 2 - (line.a + (line.b * (c.x0 + c.x1)) / 2)) < h * 0.3);
    if (next.length === keep.length) return next;
    if (next.length < 2) return keep;
    keep = next;
  }
  return keep;
}

/** Drops a component inside another's horizontal span (the hole of a character, a bolt on it). */
function dropOverlaps(row: Component[]): Component[] {
  const sorted = [...row].sort((a, b) => b.area - a.area);
  const kept: Component[] = [];
  for (const c of sorted) {
    const clash = kept.some((k) => Math.min(k.x1, c.x1) - Math.max(k.x0, c.x0) > 0.4 * Math.min(cw(k), cw(c)));
    if (!clash) kept.push(c);
  }
  return kept;
}

export function fitLine(points: readonly (readonly [number, number])[]): { a: number; b: number } {
  const n = points.length;
  if (n === 0) return { a: 0, b: 0 };
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (const [x, y] of points) {
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const den = n * sxx - sx * sx;
  const b = n < 2 || Math.abs(den) < 1e-9 ? 0 : (n * sxy - sx * sy) / den;
  return { a: (sy - b * sx) / n, b };
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Renders only `row`'s pixels black on white, straightened: the slope of the line through the characters'
 * bottoms is removed by shifting each column, and the result has `pad` pixels of white around it.
 */
export function renderRow(
  row: readonly Component[],
  width: number,
  pad: number,
  source: { img: Gray; darkInk: boolean; grow: number } | null = null,
): Gray {
  const slope = row.length >= 3 ? fitLine(row.map((c) => [(c.x0 + c.x1) / 2, c.y1])).b : 0;
  const x0 = Math.min(...row.map((c) => c.x0));
  const x1 = Math.max(...row.map((c) => c.x1));
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const c of row) {
    for (const p of [c.y0 - slope * (c.x0 - x0), c.y0 - slope * (c.x1 - x0)]) y0 = Math.min(y0, p);
    for (const p of [c.y1 - slope * (c.x0 - x0), c.y1 - slope * (c.x1 - x0)]) y1 = Math.max(y1, p);
  }
  y0 = Math.floor(y0);
  y1 = Math.ceil(y1);
  const out = gray(x1 - x0 + 1 + 2 * pad, y1 - y0 + 1 + 2 * pad);
  const put = (x: number, y: number, v: number): void => {
    const ny = Math.round(y - slope * (x - x0)) - y0 + pad;
    const nx = x - x0 + pad;
    if (ny >= 0 && ny < out.height && nx >= 0 && nx < out.width) out.data[ny * out.width + nx] = v;
  };
  if (!source) {
    for (const c of row)
      for (const p of c.pixels) {
        const x = p % width;
        put(x, (p - x) / width, 0);
      }
    return out;
  }
  // Grey levels of the source under the row's pixels grown by `grow`: the strokes keep their anti-aliased
  // edges, everything that is not a character of the row stays white.
  const { img, darkInk, grow } = source;
  const keep = new Uint8Array(img.width * img.height);
  for (const c of row)
    for (const p of c.pixels) {
      const x = p % width;
      const y = (p - x) / width;
      for (let dy = -grow; dy <= grow; dy++)
        for (let dx = -grow; dx <= grow; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx >= 0 && ny >= 0 && nx < img.width && ny < img.height) keep[ny * img.width + nx] = 1;
        }
    }
  let lo = 255;
  let hi = 0;
  for (let i = 0; i < keep.length; i++)
    if (keep[i]) {
      const v = darkInk ? img.data[i]! : 255 - img.data[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  const span = Math.max(1, hi - lo);
  for (let i = 0; i < keep.length; i++)
    if (keep[i]) {
      const v = darkInk ? img.data[i]! : 255 - img.data[i]!;
      const x = i % img.width;
      put(x, (i - x) / img.width, clamp255(((v - lo) * 255) / span));
    }
  return out;
}

/** The box around a row's characters. */
export function rowBox(row: readonly Component[]): { x0: number; y0: number; x1: number; y1: number } {
  return {
    x0: Math.min(...row.map((c) => c.x0)),
    y0: Math.min(...row.map((c) => c.y0)),
    x1: Math.max(...row.map((c) => c.x1)),
    y1: Math.max(...row.map((c) => c.y1)),
  };
}

/**
 * The strip of the image a row lies in, as it is: from its first character to its last and from its top to its
 * bottom (2 px more each way), dark ink on light, contrast stretched. Nothing is masked, so a character the
 * segmentation lost or cut in the wrong place is still there for the engine to see.
 */
export function rowStrip(row: readonly Component[], img: Gray, darkInk: boolean): Gray {
  const box = rowBox(row);
  const { x0, x1 } = box;
  const y0 = Math.max(0, box.y0 - 2);
  const y1 = Math.min(img.height - 1, box.y1 + 2);
  const out = gray(x1 - x0 + 1, y1 - y0 + 1);
  for (let y = y0; y <= y1; y++)
    for (let x = x0; x <= x1; x++) {
      const v = img.data[y * img.width + x]!;
      out.data[(y - y0) * out.width + (x - x0)] = darkInk ? v : 255 - v;
    }
  return stretchContrast(out);
}

/** One component alone, black on white, with `pad` around it (for reading character by character). */
export function renderComponent(c: Component, width: number, pad: number): Gray {
  const out = gray(cw(c) + 2 * pad, ch(c) + 2 * pad);
  for (const p of c.pixels) {
    const x = p % width;
    const y = (p - x) / width;
    out.data[(y - c.y0 + pad) * out.width + (x - c.x0 + pad)] = 0;
  }
  return out;
}

function clamp255(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

/** Where an occluder crosses a character row: which of its characters it touches, and whether it covers either end. */
export type RowOcclusion = {
  /** Indices (in the row) of characters an occluder overlaps: what they show is partly something else. */
  damaged: number[];
  /** An occluder sits within a character's pitch before the first / after the last character (one may be hidden). */
  hiddenStart: boolean;
  hiddenEnd: boolean;
};

/**
 * Occluders across a character row (a strap, a tow ball's bar, a thick frame side): runs of columns inked
 * through the whole character band, wider than any stroke (a quarter of the character height), whose ink goes
 * on above and below the band. Characters never do both: their strokes are thinner, and the band holds them.
 * Runs joined to the crop's left or right side by dark columns are the plate's surround and do not count.
 */
export function rowOcclusion(
  row: readonly Component[],
  mask: Uint8Array,
  width: number,
  height: number,
  side = 0,
): RowOcclusion {
  const none: RowOcclusion = { damaged: [], hiddenStart: false, hiddenEnd: false };
  if (row.length < 2) return none;
  const line = fitLine(row.map((c) => [(c.x0 + c.x1) / 2, (c.y0 + c.y1) / 2]));
  const h = median(row.map(ch));
  const beyond = Math.max(2, Math.round(h * OCCLUDER_BEYOND));
  const inked = (x: number, y: number): boolean => y >= 0 && y < height && mask[y * width + x] === 1;
  // Per column: the share of the character band that is ink, and whether the ink goes on past both edges.
  const share = new Float64Array(width);
  const through = new Uint8Array(width);
  for (let x = 0; x < width; x++) {
    const mid = line.a + line.b * x;
    const top = Math.round(mid - h / 2);
    const bottom = Math.round(mid + h / 2);
    let ink = 0;
    for (let y = top; y <= bottom; y++) if (inked(x, y)) ink++;
    share[x] = ink / (bottom - top + 1);
    let on = true;
    for (let k = 1; k <= beyond && on; k++) on = inked(x, top - k) && inked(x, bottom + k);
    through[x] = on ? 1 : 0;
  }
  // A run counts only with plate face (a mostly light column) on both sides of it: one reaching the crop's side
  // through dark columns is the surround (bumper, car body, a dark frame), not something across the plate.
  const light = (x: number): boolean => share[x]! < 0.5;
  const runs: [number, number][] = [];
  let start = -1;
  for (let x = 0; x <= width; x++) {
    if (x < width && share[x]! >= 0.9 && through[x]) {
      if (start < 0) start = x;
    } else if (start >= 0) {
      const faceBefore = share.subarray(side, start).some((_, i) => light(side + i));
      const faceAfter = share.subarray(x, width - side).some((_, i) => light(x + i));
      if (x - start >= h * OCCLUDER_WIDTH && faceBefore && faceAfter) runs.push([start, x - 1]);
      start = -1;
    }
  }
  if (!runs.length) return none;
  const centres = row.map((c) => (c.x0 + c.x1) / 2);
  const pitch = median(centres.slice(1).map((c, i) => c - centres[i]!));
  const first = row[0]!;
  const last = row[row.length - 1]!;
  return {
    damaged: row.flatMap((c, i) => (runs.some(([a, b]) => a <= c.x1 + 1 && b >= c.x0 - 1) ? [i] : [])),
    hiddenStart: runs.some(([a, b]) => b < first.x0 && first.x0 - b <= pitch && a < first.x0),
    hiddenEnd: runs.some(([a, b]) => a > last.x1 && a - last.x1 <= pitch && b > last.x1),
  };
}

/** An occluder is at least this share of the character height wide (a bold stroke is about half of it). */
const OCCLUDER_WIDTH = 0.25;
/** …and its ink runs on this share of the character height above and below the band. */
const OCCLUDER_BEYOND = 0.15;
