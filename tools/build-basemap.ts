/**
 * `npx tsx tools/build-basemap.ts [out.pmtiles]` builds the offline basemap resources/basemap/admin.pmtiles:
 * US state and county boundaries from us-atlas (Census Bureau cartographic boundary files, 1:10,000,000,
 * public domain) as gzip'd Mapbox Vector Tiles, zoom 0–8, in a PMTiles v3 archive written by
 * tools/basemap/pmtilesWriter.ts. Deterministic: the same inputs give the same bytes.
 *
 * Layers (the offline style in main/services/map/basemapStyle.ts draws them; docs/workspace.md, "Basemap"):
 * - `states`:   kind=area polygons {fips, name, abbr}; kind=boundary lines between states; kind=coast lines
 *               (the outer edge); kind=label points {name, abbr} inside each state.
 * - `counties`: (zoom ≥ 4) kind=area polygons {fips, name, state}; kind=boundary lines between counties of one
 *               state; kind=label points {name} (zoom ≥ 6).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import GeoJSONVT, { type LegacyTile } from 'geojson-vt';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { fromGeojsonVt } from 'vt-pbf';
import { Compression, TileType } from '../main/services/map/pmtiles';
import { labelPoint } from './basemap/labels';
import { PmtilesWriter } from './basemap/pmtilesWriter';
import { STATE_ABBR } from './basemap/states';

const MAX_ZOOM = 8;
const COUNTY_MIN_ZOOM = 4;
const COUNTY_LABEL_MIN_ZOOM = 6;
const EXTENT = 4096;

const REPO = resolve(__dirname, '..');
const out = resolve(process.argv[2] ?? join(REPO, 'resources/basemap/admin.pmtiles'));

type Props = Record<string, string | number>;
const f = (geometry: Geometry, properties: Props): Feature<Geometry, Props> => ({
  type: 'Feature',
  geometry,
  properties,
});

function build(): void {
  const t0 = performance.now();
  const topo = JSON.parse(readFileSync(require.resolve('us-atlas/counties-10m.json'), 'utf8')) as unknown as Topology<{
    states: GeometryCollection<{ name: string }>;
    counties: GeometryCollection<{ name: string }>;
    nation: GeometryCollection;
  }>;
  const states = feature(topo, topo.objects.states) as FeatureCollection<Geometry, { name: string }>;
  const counties = feature(topo, topo.objects.counties) as FeatureCollection<Geometry, { name: string }>;
  const stateOf = (id: unknown) => String(id).slice(0, 2);

  const stateFeatures: Feature<Geometry, Props>[] = [];
  for (const s of states.features) {
    const fips = String(s.id);
    const abbr = STATE_ABBR[fips] ?? '';
    stateFeatures.push(f(s.geometry, { kind: 'area', fips, name: s.properties.name, abbr }));
    const at = labelPoint(s.geometry);
    if (at)
      stateFeatures.push(f({ type: 'Point', coordinates: at }, { kind: 'label', fips, name: s.properties.name, abbr }));
  }
  stateFeatures.push(
    f(
      mesh(topo, topo.objects.states, (a, b) => a !== b),
      { kind: 'boundary' },
    ),
  );
  stateFeatures.push(
    f(
      mesh(topo, topo.objects.states, (a, b) => a === b),
      { kind: 'coast' },
    ),
  );

  const countyAreas: Feature<Geometry, Props>[] = [];
  const countyLabels: Feature<Geometry, Props>[] = [];
  for (const c of counties.features) {
    const fips = String(c.id);
    const props = { fips, name: c.properties.name, state: STATE_ABBR[stateOf(fips)] ?? '' };
    countyAreas.push(f(c.geometry, { kind: 'area', ...props }));
    const at = labelPoint(c.geometry);
    if (at) countyLabels.push(f({ type: 'Point', coordinates: at }, { kind: 'label', ...props }));
  }
  // County lines inside a state only: state lines are drawn by the states layer.
  countyAreas.push(
    f(
      mesh(topo, topo.objects.counties, (a, b) => a !== b && stateOf(a.id) === stateOf(b.id)),
      { kind: 'boundary' },
    ),
  );

  const options = { maxZoom: MAX_ZOOM, indexMaxZoom: MAX_ZOOM, indexMaxPoints: 0, extent: EXTENT, buffer: 64 };
  const collection = (features: Feature<Geometry, Props>[]): FeatureCollection => ({
    type: 'FeatureCollection',
    features,
  });
  const stateIdx = new GeoJSONVT(collection(stateFeatures), options);
  const countyIdx = new GeoJSONVT(collection(countyAreas), options);
  const labelIdx = new GeoJSONVT(collection(countyLabels), options);

  const writer = new PmtilesWriter();
  const seen = new Set<string>();
  let raw = 0;
  let packed = 0;
  for (const { z, x, y } of [...stateIdx.tileCoords, ...countyIdx.tileCoords]) {
    const key = `${z}/${x}/${y}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const layers: Record<string, LegacyTile> = {};
    const st = stateIdx.getTile(z, x, y);
    if (st?.features.length) layers.states = st;
    if (z >= COUNTY_MIN_ZOOM) {
      const features = [...(countyIdx.getTile(z, x, y)?.features ?? [])];
      if (z >= COUNTY_LABEL_MIN_ZOOM) features.push(...(labelIdx.getTile(z, x, y)?.features ?? []));
      if (features.length) layers.counties = { features };
    }
    if (!Object.keys(layers).length) continue;
    const pbf = fromGeojsonVt(layers, { version: 2, extent: EXTENT });
    const gz = gzipSync(pbf, { level: 9 });
    // Fixed mtime/OS bytes in the gzip header keep the output deterministic.
    gz.fill(0, 4, 8);
    gz[9] = 255;
    raw += pbf.length;
    packed += gz.length;
    writer.add(z, x, y, gz);
  }

  const archive = writer.finish({
    tileType: TileType.mvt,
    tileCompression: Compression.gzip,
    minZoom: 0,
    maxZoom: MAX_ZOOM,
    bounds: [-179.2, 18.9, -66.9, 71.4],
    center: [-98.6, 39.8, 3],
    metadata: {
      name: 'Canvass offline basemap: US states and counties',
      description: 'State and county boundaries with names, for the map when no agency tile source is configured.',
      attribution: 'US Census Bureau cartographic boundaries (public domain), via us-atlas',
      version: '1',
      type: 'overlay',
      format: 'pbf',
      vector_layers: [
        {
          id: 'states',
          description: 'State areas, boundaries, coast and label points',
          minzoom: 0,
          maxzoom: MAX_ZOOM,
          fields: { kind: 'String', fips: 'String', name: 'String', abbr: 'String' },
        },
        {
          id: 'counties',
          description: 'County areas, boundaries inside a state and label points',
          minzoom: COUNTY_MIN_ZOOM,
          maxzoom: MAX_ZOOM,
          fields: { kind: 'String', fips: 'String', name: 'String', state: 'String' },
        },
      ],
    },
  });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, archive.bytes);
  console.log(
    JSON.stringify({
      out,
      bytes: archive.bytes.length,
      tiles: archive.tiles,
      contents: archive.contents,
      leaves: archive.leaves,
      mvtBytes: raw,
      gzipBytes: packed,
      ms: Math.round(performance.now() - t0),
    }),
  );
}

build();
