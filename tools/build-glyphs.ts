/**
 * `npx tsx tools/build-glyphs.ts` writes the SDF glyph ranges MapLibre's symbol layers need for the offline
 * basemap's labels: resources/basemap/glyphs/<fontstack>/<start>-<end>.pbf for code points 0–511 (Latin-1 and
 * Latin Extended-A, enough for US state and county names), in the glyphs.proto format of
 * github.com/mapbox/glyph-pbf-composite (the format fontnik writes and MapLibre reads).
 *
 * The font is DejaVu (fonts-dejavu-core; Bitstream Vera licence, free to redistribute). Each glyph is drawn at
 * 24 px by sharp (librsvg), its advance and the code points it covers come from the TTF's own tables (hmtx,
 * cmap), and the signed distance field is the Felzenszwalb–Huttenlocher transform as in @mapbox/tiny-sdf
 * (buffer 3, radius 8, cutoff 0.25), so the glyphs look like the ones MapLibre draws itself.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PbfWriter } from 'pbf';
import sharp from 'sharp';

const FONT_DIR = process.env.CANVASS_FONT_DIR ?? '/usr/share/fonts/truetype/dejavu';
const STACKS = [
  { name: 'DejaVu Sans', file: 'DejaVuSans.ttf', weight: 'normal' },
  { name: 'DejaVu Sans Bold', file: 'DejaVuSans-Bold.ttf', weight: 'bold' },
] as const;
const RANGES = [0, 256];
const SIZE = 24;
const BUFFER = 3;
const RADIUS = 8;
const CUTOFF = 0.25;
/** MapLibre places server glyphs from an origin above the em box; this matches its own local glyphs (glyph_manager.ts). */
const TOP_ADJUSTMENT = 27;
const CANVAS = 72;
/** “Far”: a large finite number, as in tiny-sdf (Infinity would turn the transform's arithmetic into NaN). */
const INF = 1e20;
const ORIGIN_X = 20;
const BASELINE = 50;

const OUT = resolve(__dirname, '..', 'resources/basemap/glyphs');

type FontTables = { unitsPerEm: number; advance: (cp: number) => number | null };

/** Just enough TrueType: head.unitsPerEm, the format 4 cmap (BMP) and hmtx advances. */
function readFont(path: string): FontTables {
  const b = readFileSync(path);
  const tables = new Map<string, number>();
  const numTables = b.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const at = 12 + i * 16;
    tables.set(b.toString('latin1', at, at + 4), b.readUInt32BE(at + 8));
  }
  const table = (tag: string) => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`${path} has no ${tag} table.`);
    return at;
  };
  const unitsPerEm = b.readUInt16BE(table('head') + 18);
  const numHMetrics = b.readUInt16BE(table('hhea') + 34);
  const hmtx = table('hmtx');
  const cmap = table('cmap');
  let sub = -1;
  for (let i = 0; i < b.readUInt16BE(cmap + 2); i++) {
    const at = cmap + 4 + i * 8;
    const [platform, encoding, offset] = [b.readUInt16BE(at), b.readUInt16BE(at + 2), b.readUInt32BE(at + 4)];
    if (((platform === 3 && encoding === 1) || platform === 0) && b.readUInt16BE(cmap + offset) === 4) {
      sub = cmap + offset;
      break;
    }
  }
  if (sub < 0) throw new Error(`${path} has no Unicode BMP cmap.`);
  const segX2 = b.readUInt16BE(sub + 6);
  const ends = sub + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const rangeOffsets = deltas + segX2;
  const glyphId = (cp: number): number => {
    for (let s = 0; s < segX2; s += 2) {
      if (b.readUInt16BE(ends + s) < cp) continue;
      const start = b.readUInt16BE(starts + s);
      if (start > cp) return 0;
      const delta = b.readInt16BE(deltas + s);
      const ro = b.readUInt16BE(rangeOffsets + s);
      if (ro === 0) return (cp + delta) & 0xffff;
      const g = b.readUInt16BE(rangeOffsets + s + ro + (cp - start) * 2);
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
  return {
    unitsPerEm,
    advance(cp) {
      const g = glyphId(cp);
      if (g === 0) return null;
      return b.readUInt16BE(hmtx + Math.min(g, numHMetrics - 1) * 4);
    },
  };
}

/** 1D squared Euclidean distance transform (Felzenszwalb & Huttenlocher), in place over `grid` with a stride. */
function edt1d(
  grid: Float64Array,
  offset: number,
  stride: number,
  length: number,
  f: Float64Array,
  v: Uint16Array,
  z: Float64Array,
): void {
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  f[0] = grid[offset]!;
  for (let q = 1, k = 0, s = 0; q < length; q++) {
    f[q] = grid[offset + q * stride]!;
    const q2 = q * q;
    do {
      const r = v[k]!;
      s = (f[q]! - f[r]! + q2 - r * r) / (q - r) / 2;
    } while (s <= z[k]! && --k > -1);
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  for (let q = 0, k = 0; q < length; q++) {
    while (z[k + 1]! < q) k++;
    const r = v[k]!;
    grid[offset + q * stride] = f[r]! + (q - r) * (q - r);
  }
}

function edt(grid: Float64Array, width: number, height: number): void {
  const n = Math.max(width, height);
  const f = new Float64Array(n);
  const v = new Uint16Array(n);
  const z = new Float64Array(n + 1);
  for (let x = 0; x < width; x++) edt1d(grid, x, width, height, f, v, z);
  for (let y = 0; y < height; y++) edt1d(grid, y * width, 1, width, f, v, z);
}

/** Alpha coverage (0–255, w×h) → SDF bytes, as tiny-sdf computes them. */
function sdf(alpha: Uint8Array, w: number, h: number): Uint8Array {
  const outer = new Float64Array(w * h);
  const inner = new Float64Array(w * h);
  for (let i = 0; i < w * h; i++) {
    const a = alpha[i]! / 255;
    if (a === 1) [outer[i], inner[i]] = [0, INF];
    else if (a === 0) [outer[i], inner[i]] = [INF, 0];
    else {
      const d = 0.5 - a;
      outer[i] = d > 0 ? d * d : 0;
      inner[i] = d < 0 ? d * d : 0;
    }
  }
  edt(outer, w, h);
  edt(inner, w, h);
  const out = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) {
    const d = Math.sqrt(outer[i]!) - Math.sqrt(inner[i]!);
    out[i] = Math.max(0, Math.min(255, Math.round(255 - 255 * (d / RADIUS + CUTOFF))));
  }
  return out;
}

type Glyph = {
  id: number;
  bitmap: Uint8Array;
  width: number;
  height: number;
  left: number;
  top: number;
  advance: number;
};

const xmlChar = (cp: number) => `&#x${cp.toString(16)};`;

async function drawGlyph(cp: number, weight: string, advance: number): Promise<Glyph> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${CANVAS}" height="${CANVAS}">
    <text x="${ORIGIN_X}" y="${BASELINE}" font-family="DejaVu Sans" font-weight="${weight}" font-size="${SIZE}" fill="#000">${xmlChar(cp)}</text></svg>`;
  const { data, info } = await sharp(Buffer.from(svg))
    .ensureAlpha()
    .extractChannel(3)
    .raw()
    .toBuffer({ resolveWithObject: true });
  let [x0, y0, x1, y1] = [info.width, info.height, -1, -1];
  for (let y = 0; y < info.height; y++)
    for (let x = 0; x < info.width; x++)
      if (data[y * info.width + x]! > 0) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
  if (x1 < 0) return { id: cp, bitmap: new Uint8Array(0), width: 0, height: 0, left: 0, top: -TOP_ADJUSTMENT, advance };
  const width = x1 - x0 + 1;
  const height = y1 - y0 + 1;
  const w = width + 2 * BUFFER;
  const h = height + 2 * BUFFER;
  const alpha = new Uint8Array(w * h);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) alpha[(y + BUFFER) * w + x + BUFFER] = data[(y0 + y) * info.width + x0 + x]!;
  return {
    id: cp,
    bitmap: sdf(alpha, w, h),
    width,
    height,
    left: x0 - ORIGIN_X,
    top: BASELINE - y0 - TOP_ADJUSTMENT,
    advance,
  };
}

function writeGlyph(g: Glyph, pbf: PbfWriter): void {
  pbf.writeVarintField(1, g.id);
  if (g.bitmap.length) pbf.writeBytesField(2, g.bitmap);
  pbf.writeVarintField(3, g.width);
  pbf.writeVarintField(4, g.height);
  pbf.writeSVarintField(5, g.left);
  pbf.writeSVarintField(6, g.top);
  pbf.writeVarintField(7, g.advance);
}

/** glyphs { stacks = 1: fontstack { name = 1, range = 2, glyphs = 3 } }. */
function encode(stack: string, range: string, glyphs: readonly Glyph[]): Uint8Array {
  const pbf = new PbfWriter();
  pbf.writeMessage(
    1,
    (_: null, p: PbfWriter) => {
      p.writeStringField(1, stack);
      p.writeStringField(2, range);
      for (const g of glyphs) p.writeMessage(3, writeGlyph, g);
    },
    null,
  );
  return pbf.finish();
}

async function main(): Promise<void> {
  const t0 = performance.now();
  for (const stack of STACKS) {
    const font = readFont(join(FONT_DIR, stack.file));
    const dir = join(OUT, stack.name);
    mkdirSync(dir, { recursive: true });
    for (const start of RANGES) {
      const glyphs: Glyph[] = [];
      for (let cp = start; cp < start + 256; cp++) {
        const adv = cp < 32 || (cp >= 127 && cp < 160) ? null : font.advance(cp);
        if (adv === null) continue;
        glyphs.push(await drawGlyph(cp, stack.weight, Math.round((adv * SIZE) / font.unitsPerEm)));
      }
      const range = `${start}-${start + 255}`;
      const bytes = encode(stack.name, range, glyphs);
      writeFileSync(join(dir, `${range}.pbf`), bytes);
      console.log(JSON.stringify({ stack: stack.name, range, glyphs: glyphs.length, bytes: bytes.length }));
    }
  }
  console.log(JSON.stringify({ ms: Math.round(performance.now() - t0) }));
}

void main();
