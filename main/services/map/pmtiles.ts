/**
 * The parts of PMTiles v3 (github.com/protomaps/PMTiles, spec/v3/spec.md) Canvass needs: the 127-byte header
 * (read to validate an agency's archive, written by tools/build-basemap.ts), directory serialization and the
 * Hilbert tile id, for the basemap build's writer. All integers are little-endian.
 */
export const HEADER_BYTES = 127;
const MAGIC = 'PMTiles';

export const Compression = { unknown: 0, none: 1, gzip: 2, brotli: 3, zstd: 4 } as const;
export const TileType = { unknown: 0, mvt: 1, png: 2, jpeg: 3, webp: 4, avif: 5, mlt: 6 } as const;

export type PmtilesHeader = {
  specVersion: number;
  rootDirectoryOffset: number;
  rootDirectoryLength: number;
  jsonMetadataOffset: number;
  jsonMetadataLength: number;
  leafDirectoryOffset: number;
  leafDirectoryLength: number;
  tileDataOffset: number;
  tileDataLength: number;
  numAddressedTiles: number;
  numTileEntries: number;
  numTileContents: number;
  clustered: boolean;
  internalCompression: number;
  tileCompression: number;
  tileType: number;
  minZoom: number;
  maxZoom: number;
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
  centerZoom: number;
  centerLon: number;
  centerLat: number;
};

const U64_FIELDS = [
  'rootDirectoryOffset',
  'rootDirectoryLength',
  'jsonMetadataOffset',
  'jsonMetadataLength',
  'leafDirectoryOffset',
  'leafDirectoryLength',
  'tileDataOffset',
  'tileDataLength',
  'numAddressedTiles',
  'numTileEntries',
  'numTileContents',
] as const;

/** Why the bytes are not a PMTiles v3 header, or null when they are. */
export function headerProblem(bytes: Uint8Array): string | null {
  if (bytes.length < HEADER_BYTES)
    return `The file is too short to be a PMTiles archive (${bytes.length} bytes; the header alone is ${HEADER_BYTES}).`;
  const magic = String.fromCharCode(...bytes.subarray(0, 7));
  if (magic !== MAGIC) return 'The file is not a PMTiles archive (it does not start with “PMTiles”).';
  if (bytes[7] !== 3) return `The file is a PMTiles version ${bytes[7]} archive; Canvass reads version 3.`;
  return null;
}

export function decodeHeader(bytes: Uint8Array): PmtilesHeader {
  const problem = headerProblem(bytes);
  if (problem) throw new Error(problem);
  const v = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const u64 = (at: number) => v.getUint32(at + 4, true) * 2 ** 32 + v.getUint32(at, true);
  const h = { specVersion: 3 } as PmtilesHeader;
  U64_FIELDS.forEach((f, i) => (h[f] = u64(8 + i * 8)));
  h.clustered = v.getUint8(96) === 1;
  h.internalCompression = v.getUint8(97);
  h.tileCompression = v.getUint8(98);
  h.tileType = v.getUint8(99);
  h.minZoom = v.getUint8(100);
  h.maxZoom = v.getUint8(101);
  h.minLon = v.getInt32(102, true) / 1e7;
  h.minLat = v.getInt32(106, true) / 1e7;
  h.maxLon = v.getInt32(110, true) / 1e7;
  h.maxLat = v.getInt32(114, true) / 1e7;
  h.centerZoom = v.getUint8(118);
  h.centerLon = v.getInt32(119, true) / 1e7;
  h.centerLat = v.getInt32(123, true) / 1e7;
  return h;
}

export function encodeHeader(h: Omit<PmtilesHeader, 'specVersion'>): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES);
  const v = new DataView(out.buffer);
  for (let i = 0; i < 7; i++) out[i] = MAGIC.charCodeAt(i);
  out[7] = 3;
  U64_FIELDS.forEach((f, i) => {
    const n = h[f];
    v.setUint32(8 + i * 8, n % 2 ** 32, true);
    v.setUint32(8 + i * 8 + 4, Math.floor(n / 2 ** 32), true);
  });
  v.setUint8(96, h.clustered ? 1 : 0);
  v.setUint8(97, h.internalCompression);
  v.setUint8(98, h.tileCompression);
  v.setUint8(99, h.tileType);
  v.setUint8(100, h.minZoom);
  v.setUint8(101, h.maxZoom);
  v.setInt32(102, Math.round(h.minLon * 1e7), true);
  v.setInt32(106, Math.round(h.minLat * 1e7), true);
  v.setInt32(110, Math.round(h.maxLon * 1e7), true);
  v.setInt32(114, Math.round(h.maxLat * 1e7), true);
  v.setUint8(118, h.centerZoom);
  v.setInt32(119, Math.round(h.centerLon * 1e7), true);
  v.setInt32(123, Math.round(h.centerLat * 1e7), true);
  return out;
}

/** The tile's position on the series of Hilbert curves, zoom by zoom (spec §4.1). */
export function zxyToTileId(z: number, x: number, y: number): number {
  if (z > 26) throw new Error('Zoom levels above 26 are not supported.');
  const n = 2 ** z;
  if (x < 0 || y < 0 || x >= n || y >= n) throw new Error(`Tile ${z}/${x}/${y} is outside its zoom level.`);
  let acc = (n * n - 1) / 3;
  let tx = x;
  let ty = y;
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = (tx & s) > 0 ? 1 : 0;
    const ry = (ty & s) > 0 ? 1 : 0;
    acc += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        tx = s - 1 - (tx % s);
        ty = s - 1 - (ty % s);
      }
      [tx, ty] = [ty, tx];
    }
    tx %= s;
    ty %= s;
  }
  return acc;
}

export type DirectoryEntry = { tileId: number; offset: number; length: number; runLength: number };

function pushVarint(out: number[], n: number): void {
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** A directory, uncompressed: count, tile id deltas, run lengths, lengths, offsets (0 = right after the previous). */
export function encodeDirectory(entries: readonly DirectoryEntry[]): Uint8Array {
  const out: number[] = [];
  pushVarint(out, entries.length);
  let last = 0;
  for (const e of entries) {
    pushVarint(out, e.tileId - last);
    last = e.tileId;
  }
  for (const e of entries) pushVarint(out, e.runLength);
  for (const e of entries) pushVarint(out, e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    pushVarint(out, i > 0 && prev && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return Uint8Array.from(out);
}
