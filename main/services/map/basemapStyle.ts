/**
 * MapLibre styles for the basemap (docs/workspace.md, "Basemap"). Every style carries a light palette in its
 * paint properties and, in `metadata["canvass:dark"]`, the paint properties to swap in for the dark theme
 * (`{ [layerId]: { [paintProperty]: value } }`), so the map can follow the app's theme without another call.
 */
type Layer = Record<string, unknown> & { id: string };
export type Style = Record<string, unknown> & { layers: Layer[]; sources: Record<string, unknown> };

export const OFFLINE_GLYPHS = 'canvass://offline/glyphs/{fontstack}/{range}.pbf';
export const FONT = ['DejaVu Sans'];
export const FONT_BOLD = ['DejaVu Sans Bold'];
export const OFFLINE_ATTRIBUTION = 'Boundaries: US Census Bureau (public domain)';

const kind = (k: string) => ['==', ['get', 'kind'], k];

/** The shipped admin-boundary basemap: neutral land, thin county lines, stronger state lines, names by zoom. */
export function offlineStyle(sourceUrl = 'pmtiles://basemap'): Style {
  const layers: Layer[] = [
    { id: 'background', type: 'background', paint: { 'background-color': '#dde4ea' } },
    {
      id: 'state-area',
      type: 'fill',
      source: 'basemap',
      'source-layer': 'states',
      filter: kind('area'),
      paint: { 'fill-color': '#f6f5f1' },
    },
    {
      id: 'county-line',
      type: 'line',
      source: 'basemap',
      'source-layer': 'counties',
      filter: kind('boundary'),
      minzoom: 4,
      paint: {
        'line-color': '#cbc6ba',
        'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.3, 8, 0.9, 12, 1.5],
        'line-opacity': ['interpolate', ['linear'], ['zoom'], 4, 0.4, 6, 1],
      },
    },
    {
      id: 'state-coast',
      type: 'line',
      source: 'basemap',
      'source-layer': 'states',
      filter: kind('coast'),
      paint: { 'line-color': '#aebac6', 'line-width': ['interpolate', ['linear'], ['zoom'], 2, 0.5, 10, 1.4] },
    },
    {
      id: 'state-line',
      type: 'line',
      source: 'basemap',
      'source-layer': 'states',
      filter: kind('boundary'),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#8e887b', 'line-width': ['interpolate', ['linear'], ['zoom'], 2, 0.6, 8, 1.6, 12, 2.6] },
    },
    {
      id: 'county-label',
      type: 'symbol',
      source: 'basemap',
      'source-layer': 'counties',
      filter: kind('label'),
      minzoom: 7,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': FONT,
        'text-size': ['interpolate', ['linear'], ['zoom'], 7, 11, 11, 14],
        'text-max-width': 8,
        'text-padding': 4,
      },
      paint: { 'text-color': '#6d685e', 'text-halo-color': '#f6f5f1', 'text-halo-width': 1.4 },
    },
    {
      id: 'state-label',
      type: 'symbol',
      source: 'basemap',
      'source-layer': 'states',
      filter: kind('label'),
      layout: {
        // Postal abbreviations while the country fits the screen, full names closer in.
        'text-field': ['step', ['zoom'], ['get', 'abbr'], 4, ['get', 'name']],
        'text-font': FONT_BOLD,
        'text-transform': 'uppercase',
        'text-letter-spacing': 0.08,
        'text-size': ['interpolate', ['linear'], ['zoom'], 2, 10, 5, 13, 8, 16],
        'text-max-width': 10,
      },
      paint: {
        'text-color': '#58544b',
        'text-halo-color': '#f6f5f1',
        'text-halo-width': 1.6,
        'text-opacity': ['interpolate', ['linear'], ['zoom'], 7, 1, 9, 0.5],
      },
    },
  ];
  return {
    version: 8,
    name: 'Canvass offline basemap',
    metadata: {
      'canvass:dark': {
        background: { 'background-color': '#14181d' },
        'state-area': { 'fill-color': '#1f242b' },
        'county-line': { 'line-color': '#363d47' },
        'state-coast': { 'line-color': '#2c3847' },
        'state-line': { 'line-color': '#6f7885' },
        'county-label': { 'text-color': '#9aa3ae', 'text-halo-color': '#1f242b' },
        'state-label': { 'text-color': '#c3cad3', 'text-halo-color': '#1f242b' },
      },
    },
    glyphs: OFFLINE_GLYPHS,
    sources: {
      basemap: { type: 'vector', url: sourceUrl, attribution: OFFLINE_ATTRIBUTION, minzoom: 0, maxzoom: 8 },
    },
    layers,
  };
}

export type VectorLayerInfo = { id: string; fields: Record<string, unknown> };

/** How a layer of an agency's archive is drawn, by what its name says it holds. */
function roleOf(id: string): 'water' | 'road' | 'building' | 'boundary' | 'place' | 'land' | 'other' {
  const s = id.toLowerCase();
  if (/water|ocean|lake|river/.test(s)) return 'water';
  if (/road|street|transport|highway|rail/.test(s)) return 'road';
  if (/building/.test(s)) return 'building';
  if (/boundar|admin/.test(s)) return 'boundary';
  if (/place|poi|label|name/.test(s)) return 'place';
  if (/earth|land|park|green/.test(s)) return 'land';
  return 'other';
}

/**
 * A generic style for an agency's vector PMTiles archive: its layers (from the archive's `vector_layers`)
 * drawn by geometry, coloured by what their names suggest (water, roads, buildings, boundaries, places), with
 * names where a layer has a `name` field. Works with the Protomaps basemap schema and with anything else.
 */
export function vectorStyle(key: string, layers: readonly VectorLayerInfo[], attribution: string | null): Style {
  const out: Layer[] = [{ id: 'background', type: 'background', paint: { 'background-color': '#f2f1ed' } }];
  const dark: Record<string, Record<string, unknown>> = { background: { 'background-color': '#16191e' } };
  const polygon = ['==', ['geometry-type'], 'Polygon'];
  const line = ['==', ['geometry-type'], 'LineString'];
  const point = ['==', ['geometry-type'], 'Point'];
  const labelled: Layer[] = [];
  for (const l of layers) {
    const role = roleOf(l.id);
    const base = { source: key, 'source-layer': l.id };
    const fill = { water: '#c9d8e4', building: '#e0ddd6', land: '#e8eee0' }[role as string] ?? '#ebe9e3';
    const fillDark = { water: '#1d2a36', building: '#2a2e34', land: '#1e261f' }[role as string] ?? '#1c2026';
    if (role !== 'road' && role !== 'place') {
      out.push({ id: `${l.id}-fill`, type: 'fill', ...base, filter: polygon, paint: { 'fill-color': fill } });
      dark[`${l.id}-fill`] = { 'fill-color': fillDark };
    }
    const lineColor = role === 'road' ? '#ffffff' : role === 'boundary' ? '#9a9386' : '#cfcbc2';
    out.push({
      id: `${l.id}-line`,
      type: 'line',
      ...base,
      filter: line,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': lineColor,
        'line-width': role === 'road' ? ['interpolate', ['exponential', 1.6], ['zoom'], 10, 0.6, 16, 8] : 0.8,
        ...(role === 'boundary' ? { 'line-dasharray': [3, 2] } : {}),
      },
    });
    dark[`${l.id}-line`] = { 'line-color': role === 'road' ? '#3a414b' : role === 'boundary' ? '#6b7380' : '#2f353d' };
    if ('name' in l.fields) {
      labelled.push({
        id: `${l.id}-label`,
        type: 'symbol',
        ...base,
        filter: role === 'road' ? line : point,
        layout: {
          'text-field': ['get', 'name'],
          'text-font': FONT,
          'text-size': 12,
          ...(role === 'road' ? { 'symbol-placement': 'line' } : { 'text-max-width': 8 }),
        },
        paint: { 'text-color': '#55514a', 'text-halo-color': '#f2f1ed', 'text-halo-width': 1.4 },
      });
      dark[`${l.id}-label`] = { 'text-color': '#b9c0c9', 'text-halo-color': '#16191e' };
    }
  }
  return {
    version: 8,
    name: 'Agency basemap',
    metadata: { 'canvass:dark': dark },
    glyphs: OFFLINE_GLYPHS,
    sources: { [key]: { type: 'vector', url: `pmtiles://${key}`, ...(attribution ? { attribution } : {}) } },
    layers: [...out, ...labelled],
  };
}

/** An agency's raster PMTiles archive (PNG, JPEG, WebP, AVIF): the tiles as they are. */
export function rasterStyle(key: string, attribution: string | null): Style {
  return {
    version: 8,
    name: 'Agency basemap',
    metadata: { 'canvass:dark': {} },
    glyphs: OFFLINE_GLYPHS,
    sources: {
      [key]: { type: 'raster', url: `pmtiles://${key}`, tileSize: 256, ...(attribution ? { attribution } : {}) },
    },
    layers: [{ id: 'agency-raster', type: 'raster', source: key }],
  };
}
