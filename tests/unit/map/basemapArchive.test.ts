import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { PMTiles, zxyToTileId as libraryTileId, type Source } from 'pmtiles';
import { describe, expect, it } from 'vitest';
import {
  decodeHeader,
  encodeHeader,
  headerProblem,
  HEADER_BYTES,
  TileType,
  zxyToTileId,
} from '../../../main/services/map/pmtiles';

/**
 * The shipped offline basemap, read back by an independent reader (the `pmtiles` package MapLibre uses) and
 * decoded with @mapbox/vector-tile: what the map will actually draw.
 */
const ARCHIVE = resolve(__dirname, '../../../resources/basemap/admin.pmtiles');
const bytes = readFileSync(ARCHIVE);

const fileSource: Source = {
  getKey: () => ARCHIVE,
  getBytes: async (offset, length) => ({
    data: bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + length) as ArrayBuffer,
  }),
};

/** lon/lat → tile at zoom z (Web Mercator). */
function tileAt(lon: number, lat: number, z: number): [number, number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [z, Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.asinh(Math.tan(r)) / Math.PI) / 2) * n)];
}

async function layerNames(z: number, x: number, y: number, layer: string, kind: string): Promise<string[]> {
  const tile = await new PMTiles(fileSource).getZxy(z, x, y);
  if (!tile) return [];
  const vt = new VectorTile(new PbfReader(new Uint8Array(tile.data)));
  const l = vt.layers[layer];
  const names: string[] = [];
  for (let i = 0; l && i < l.length; i++) {
    const props = l.feature(i).properties;
    if (props.kind === kind) names.push(String(props.name));
  }
  return names;
}

describe('PMTiles v3 codec', () => {
  it('numbers tiles along the Hilbert curves exactly as the reference reader does', () => {
    for (const [z, x, y] of [
      [0, 0, 0],
      [1, 1, 0],
      [3, 5, 2],
      [8, 40, 97],
      [12, 655, 1583],
      [20, 171234, 398001],
    ] as const)
      expect(zxyToTileId(z, x, y)).toBe(libraryTileId(z, x, y));
  });

  it('round-trips a header and refuses what is not a v3 archive', () => {
    const h = decodeHeader(bytes.subarray(0, HEADER_BYTES));
    expect(decodeHeader(encodeHeader(h))).toEqual(h);
    expect(headerProblem(Buffer.from('{"version": 8}'))).toMatch(/too short/);
    expect(headerProblem(Buffer.alloc(200))).toMatch(/not a PMTiles archive/);
    const v2 = Buffer.from(bytes.subarray(0, HEADER_BYTES));
    v2[7] = 2;
    expect(headerProblem(v2)).toMatch(/version 2/);
  });
});

describe('the shipped offline basemap (resources/basemap/admin.pmtiles)', () => {
  it('is a gzip-compressed vector archive of zoom 0–8 that stays small', async () => {
    const header = await new PMTiles(fileSource).getHeader();
    expect(header.tileType).toBe(TileType.mvt);
    expect([header.minZoom, header.maxZoom]).toEqual([0, 8]);
    expect(bytes.length).toBeLessThan(8 * 1024 * 1024);
    const meta = (await new PMTiles(fileSource).getMetadata()) as { vector_layers: { id: string }[] };
    expect(meta.vector_layers.map((l) => l.id)).toEqual(['states', 'counties']);
  });

  it('names California at low zoom and Alameda County at zoom 7', async () => {
    expect(await layerNames(...tileAt(-119.5, 37.2, 3), 'states', 'label')).toContain('California');
    const [z, x, y] = tileAt(-122.0, 37.65, 7);
    expect(await layerNames(z, x, y, 'counties', 'label')).toContain('Alameda');
    expect(await layerNames(z, x, y, 'counties', 'area')).toEqual(expect.arrayContaining(['Alameda', 'Contra Costa']));
  });

  it('keeps counties out of the continental zooms', async () => {
    expect(await layerNames(...tileAt(-119.5, 37.2, 3), 'counties', 'area')).toEqual([]);
  });

  it('stores every tile gzip-compressed', async () => {
    const h = decodeHeader(bytes);
    const first = bytes.subarray(h.tileDataOffset, h.tileDataOffset + 2);
    expect([...first]).toEqual([0x1f, 0x8b]);
    expect(() =>
      gunzipSync(bytes.subarray(h.jsonMetadataOffset, h.jsonMetadataOffset + h.jsonMetadataLength)),
    ).not.toThrow();
  });
});
