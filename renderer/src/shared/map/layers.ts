/**
 * The map's own sources, layers and icons on top of the basemap: detections (clustered), the selected read,
 * cameras, the search area with its handles, and a polygon being drawn. Colours come from a palette per colour
 * scheme so switching theme only repaints.
 */
import type { GeoJSONSourceSpecification, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';

export const SOURCES = {
  detections: 'canvass-detections',
  selected: 'canvass-selected',
  cameras: 'canvass-cameras',
  area: 'canvass-area',
  handles: 'canvass-handles',
  draft: 'canvass-draft',
  scenes: 'canvass-scenes',
  sceneLabels: 'canvass-scene-labels',
  trackLines: 'canvass-track-lines',
  trackPoints: 'canvass-track-points',
  weights: 'canvass-weights',
} as const;

export const LAYERS = {
  areaFill: 'canvass-area-fill',
  areaLine: 'canvass-area-line',
  cameras: 'canvass-cameras',
  clusters: 'canvass-clusters',
  clusterCount: 'canvass-cluster-count',
  points: 'canvass-points',
  arrows: 'canvass-arrows',
  labels: 'canvass-labels',
  selected: 'canvass-selected',
  draftLine: 'canvass-draft-line',
  draftPoints: 'canvass-draft-points',
  handles: 'canvass-handles',
  sceneFill: 'canvass-scene-fill',
  sceneLine: 'canvass-scene-line',
  sceneLabels: 'canvass-scene-labels',
  weights: 'canvass-weights',
  weightLabels: 'canvass-weight-labels',
  trackLines: 'canvass-track-lines',
  trackPoints: 'canvass-track-points',
  trackOrder: 'canvass-track-order',
} as const;

/** Points leave their clusters from this zoom on; labels appear two levels later. */
export const CLUSTER_MAX_ZOOM = 13;
const LABEL_MIN_ZOOM = 15;

/**
 * Where arrows and labels start: with clustering (many reads) at street zoom; without it (a few hundred reads
 * or fewer) from city zoom, where symbol collision already keeps overlapping labels out.
 */
export function setDetailZooms(map: MapLibreMap, clustered: boolean): void {
  if (map.getLayer(LAYERS.arrows)) map.setLayerZoomRange(LAYERS.arrows, clustered ? CLUSTER_MAX_ZOOM + 1 : 11, 24);
  if (map.getLayer(LAYERS.labels)) map.setLayerZoomRange(LAYERS.labels, clustered ? LABEL_MIN_ZOOM : 12, 24);
}

export type Palette = {
  point: string;
  pointStroke: string;
  cluster: string;
  clusterText: string;
  selected: string;
  camera: string;
  cameraChosen: string;
  area: string;
  label: string;
  halo: string;
  /** An analysis's scenes, the second vehicle of a pair, and the places a plate is seen (weights). */
  scene: string;
  trackAlt: string;
  weight: string;
};

export const PALETTES: Record<'light' | 'dark', Palette> = {
  light: {
    point: '#1d56ab',
    pointStroke: '#ffffff',
    cluster: '#2a67c1',
    clusterText: '#ffffff',
    selected: '#f08c00',
    camera: '#495057',
    cameraChosen: '#2b8a3e',
    area: '#134c9a',
    label: '#1a1b1e',
    halo: 'rgba(255, 255, 255, 0.92)',
    scene: '#7048e8',
    trackAlt: '#c2255c',
    weight: '#e8590c',
  },
  dark: {
    point: '#74a7ea',
    pointStroke: '#101113',
    cluster: '#3771c3',
    clusterText: '#ffffff',
    selected: '#ffc034',
    camera: '#adb5bd',
    cameraChosen: '#69db7c',
    area: '#a6c1e4',
    label: '#f1f3f5',
    halo: 'rgba(20, 21, 23, 0.92)',
    scene: '#b197fc',
    trackAlt: '#f783ac',
    weight: '#ffa94d',
  },
};

function geojson(extra: Partial<GeoJSONSourceSpecification> = {}): GeoJSONSourceSpecification {
  return { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, ...extra };
}

/** Icons drawn once on a canvas: a signed-distance field so one image takes any colour. */
function iconImage(size: number, draw: (g: CanvasRenderingContext2D, s: number) => void) {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#000';
  g.strokeStyle = '#000';
  draw(g, size);
  const { data } = g.getImageData(0, 0, size, size);
  return { width: size, height: size, data: new Uint8Array(data.buffer) };
}

export function addIcons(map: MapLibreMap): void {
  if (!map.hasImage('canvass-arrow')) {
    // A chevron pointing up (north); rotated by the read's bearing.
    map.addImage(
      'canvass-arrow',
      iconImage(48, (g, s) => {
        g.beginPath();
        g.moveTo(s / 2, 2);
        g.lineTo(s - 8, s / 2 + 4);
        g.lineTo(s / 2, s / 2 - 6);
        g.lineTo(8, s / 2 + 4);
        g.closePath();
        g.fill();
      }),
      { sdf: true, pixelRatio: 2 },
    );
  }
  if (!map.hasImage('canvass-camera')) {
    // A rounded square with a lens: unlike any detection dot.
    map.addImage(
      'canvass-camera',
      iconImage(44, (g, s) => {
        g.beginPath();
        g.roundRect(4, 9, s - 8, s - 18, 6);
        g.fill();
        g.globalCompositeOperation = 'destination-out';
        g.beginPath();
        g.arc(s / 2, s / 2, 7, 0, Math.PI * 2);
        g.fill();
        g.globalCompositeOperation = 'source-over';
        g.beginPath();
        g.arc(s / 2, s / 2, 3.5, 0, Math.PI * 2);
        g.fill();
      }),
      { sdf: true, pixelRatio: 2 },
    );
  }
}

export function addSources(map: MapLibreMap): void {
  map.addSource(
    SOURCES.detections,
    geojson({ cluster: true, clusterRadius: 44, clusterMaxZoom: CLUSTER_MAX_ZOOM, promoteId: undefined }),
  );
  map.addSource(SOURCES.selected, geojson());
  map.addSource(SOURCES.cameras, geojson());
  map.addSource(SOURCES.area, geojson());
  map.addSource(SOURCES.handles, geojson());
  map.addSource(SOURCES.draft, geojson());
  for (const s of [SOURCES.scenes, SOURCES.sceneLabels, SOURCES.trackLines, SOURCES.trackPoints, SOURCES.weights])
    map.addSource(s, geojson());
}

/** Our layers, bottom to top. Text layers only when the basemap serves glyphs (`fontStack`). */
export function layerSpecs(p: Palette, fontStack: string[] | null): LayerSpecification[] {
  const text = (spec: LayerSpecification): LayerSpecification[] => (fontStack ? [spec] : []);
  const font = fontStack ?? [];
  return [
    {
      id: LAYERS.areaFill,
      type: 'fill',
      source: SOURCES.area,
      paint: { 'fill-color': p.area, 'fill-opacity': 0.1 },
    },
    {
      id: LAYERS.areaLine,
      type: 'line',
      source: SOURCES.area,
      paint: { 'line-color': p.area, 'line-width': 2, 'line-dasharray': [3, 2] },
    },
    {
      id: LAYERS.sceneFill,
      type: 'fill',
      source: SOURCES.scenes,
      paint: { 'fill-color': p.scene, 'fill-opacity': 0.08 },
    },
    {
      id: LAYERS.sceneLine,
      type: 'line',
      source: SOURCES.scenes,
      paint: { 'line-color': p.scene, 'line-width': 2, 'line-dasharray': [4, 2] },
    },
    ...text({
      id: LAYERS.sceneLabels,
      type: 'symbol',
      source: SOURCES.sceneLabels,
      layout: {
        'text-field': ['get', 'label'],
        'text-font': font,
        'text-size': 12,
        'text-anchor': 'bottom',
        'text-offset': [0, -0.3],
        'text-allow-overlap': true,
      },
      paint: { 'text-color': p.scene, 'text-halo-color': p.halo, 'text-halo-width': 2 },
    }),
    {
      id: LAYERS.weights,
      type: 'circle',
      source: SOURCES.weights,
      paint: {
        'circle-color': p.weight,
        'circle-opacity': 0.55,
        'circle-radius': ['interpolate', ['linear'], ['get', 'share'], 0, 7, 1, 30],
        'circle-stroke-color': p.weight,
        'circle-stroke-width': 2,
      },
    },
    ...text({
      id: LAYERS.weightLabels,
      type: 'symbol',
      source: SOURCES.weights,
      layout: {
        'text-field': ['get', 'label'],
        'text-font': font,
        'text-size': 11,
        'text-anchor': 'left',
        'text-offset': [1.6, 0],
        'text-optional': true,
      },
      paint: { 'text-color': p.label, 'text-halo-color': p.halo, 'text-halo-width': 1.5 },
    }),
    {
      id: LAYERS.cameras,
      type: 'symbol',
      source: SOURCES.cameras,
      layout: {
        'icon-image': 'canvass-camera',
        'icon-size': ['case', ['get', 'chosen'], 1.25, 0.9],
        'icon-allow-overlap': true,
        // Cameras sit under the reads they took: they must not push the reads' labels away.
        'icon-ignore-placement': true,
        'symbol-sort-key': ['case', ['get', 'chosen'], 1, 0],
      },
      paint: {
        'icon-color': ['case', ['get', 'chosen'], p.cameraChosen, p.camera],
        'icon-halo-color': p.pointStroke,
        'icon-halo-width': 1.5,
        'icon-opacity': ['case', ['get', 'chosen'], 1, 0.75],
      },
    },
    {
      id: LAYERS.clusters,
      type: 'circle',
      source: SOURCES.detections,
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': p.cluster,
        'circle-opacity': 0.88,
        'circle-radius': ['step', ['get', 'point_count'], 13, 10, 16, 100, 20, 1000, 26],
        'circle-stroke-color': p.pointStroke,
        'circle-stroke-width': 2,
      },
    },
    ...text({
      id: LAYERS.clusterCount,
      type: 'symbol',
      source: SOURCES.detections,
      filter: ['has', 'point_count'],
      layout: {
        'text-field': ['get', 'point_count_abbreviated'],
        'text-font': font,
        'text-size': 12,
        'text-allow-overlap': true,
      },
      paint: { 'text-color': p.clusterText },
    }),
    {
      id: LAYERS.points,
      type: 'circle',
      source: SOURCES.detections,
      filter: ['!', ['has', 'point_count']],
      paint: {
        'circle-color': p.point,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 4, 16, 6.5],
        'circle-stroke-color': p.pointStroke,
        'circle-stroke-width': 1.5,
      },
    },
    {
      id: LAYERS.arrows,
      type: 'symbol',
      source: SOURCES.detections,
      minzoom: CLUSTER_MAX_ZOOM + 1,
      filter: ['all', ['!', ['has', 'point_count']], ['>=', ['get', 'bearing'], 0]],
      layout: {
        'icon-image': 'canvass-arrow',
        'icon-rotate': ['get', 'bearing'],
        'icon-rotation-alignment': 'map',
        'icon-offset': [0, -20],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        'icon-size': 0.8,
      },
      paint: { 'icon-color': p.point, 'icon-halo-color': p.pointStroke, 'icon-halo-width': 1 },
    },
    ...text({
      id: LAYERS.labels,
      type: 'symbol',
      source: SOURCES.detections,
      minzoom: LABEL_MIN_ZOOM,
      filter: ['!', ['has', 'point_count']],
      layout: {
        'text-field': ['get', 'label'],
        'text-font': font,
        'text-size': 11,
        'text-anchor': 'left',
        'text-offset': [0.9, 0],
        'text-justify': 'left',
        'text-optional': true,
      },
      paint: { 'text-color': p.label, 'text-halo-color': p.halo, 'text-halo-width': 1.5 },
    }),
    {
      id: LAYERS.trackLines,
      type: 'line',
      source: SOURCES.trackLines,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': ['match', ['get', 'tone'], 'secondary', p.trackAlt, p.point],
        'line-width': 2.5,
        'line-opacity': 0.8,
        'line-dasharray': ['match', ['get', 'tone'], 'secondary', ['literal', [2, 1.5]], ['literal', [1, 0]]],
      },
    },
    {
      id: LAYERS.trackPoints,
      type: 'circle',
      source: SOURCES.trackPoints,
      paint: {
        'circle-color': ['match', ['get', 'tone'], 'secondary', p.trackAlt, p.point],
        'circle-radius': 8,
        'circle-stroke-color': p.pointStroke,
        'circle-stroke-width': 1.5,
      },
    },
    ...text({
      id: LAYERS.trackOrder,
      type: 'symbol',
      source: SOURCES.trackPoints,
      layout: {
        'text-field': ['get', 'order'],
        'text-font': font,
        'text-size': 10,
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': p.pointStroke },
    }),
    {
      id: LAYERS.selected,
      type: 'circle',
      source: SOURCES.selected,
      paint: {
        'circle-color': p.selected,
        'circle-radius': 9,
        'circle-stroke-color': p.pointStroke,
        'circle-stroke-width': 3,
      },
    },
    {
      id: LAYERS.draftLine,
      type: 'line',
      source: SOURCES.draft,
      filter: ['==', ['geometry-type'], 'LineString'],
      paint: { 'line-color': p.area, 'line-width': 2, 'line-dasharray': [2, 2] },
    },
    {
      id: LAYERS.draftPoints,
      type: 'circle',
      source: SOURCES.draft,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-color': p.pointStroke,
        'circle-radius': 5,
        'circle-stroke-color': p.area,
        'circle-stroke-width': 2,
      },
    },
    {
      id: LAYERS.handles,
      type: 'circle',
      source: SOURCES.handles,
      paint: {
        // White with a thick ring: nothing like a read (filled, thin white ring).
        // A selected corner is filled; an edge's midpoint (drag to add a corner) is small and faint.
        'circle-color': ['case', ['boolean', ['get', 'selected'], false], p.area, p.pointStroke],
        'circle-radius': ['match', ['get', 'role'], 'centre', 5, 'midpoint', 4, 6],
        'circle-stroke-color': p.area,
        'circle-stroke-width': ['match', ['get', 'role'], 'centre', 3, 'midpoint', 1.5, 2],
        'circle-opacity': ['match', ['get', 'role'], 'midpoint', 0.75, 1],
      },
    },
  ];
}

/** setPaintProperty for a property named at run time (the typed overload wants a literal name). */
export function setPaint(map: MapLibreMap, layer: string, prop: string, value: unknown): void {
  (map.setPaintProperty as (l: string, p: string, v: unknown) => unknown).call(map, layer, prop, value);
}

/** Repaints our layers for a colour scheme (the layer specs above are the single source of the values). */
export function applyPalette(map: MapLibreMap, p: Palette, fontStack: string[] | null): void {
  for (const spec of layerSpecs(p, fontStack)) {
    if (!map.getLayer(spec.id) || !('paint' in spec) || !spec.paint) continue;
    for (const [prop, value] of Object.entries(spec.paint)) setPaint(map, spec.id, prop, value);
  }
}
