/**
 * What the analyses draw on the map besides the reads (pure GeoJSON builders, unit-tested in
 * tests/unit/renderer/mapOverlays.test.ts):
 * - scenes: the places of an incident series, each outlined and numbered;
 * - tracks: a vehicle's sightings joined in time order and numbered 1, 2, 3…; two tracks (a pair travelling
 *   together) in two tones;
 * - weights: places sized by how often something was seen there (a plate's cameras).
 */
import type { Feature, FeatureCollection, LineString, Point, Polygon } from 'geojson';
import type { Detection, GeoArea } from '../../../../preload/contract';
import { areaRing } from './features';
import type { LonLat } from './geometry';

export type MapScene = { area: GeoArea; label: string };
export type TrackTone = 'primary' | 'secondary';
export type MapTrack = { id: string; tone: TrackTone; detections: readonly Detection[] };
export type MapWeight = { lat: number; lon: number; count: number; label: string };

export type SceneProps = { label: string };
export type TrackPointProps = { tone: TrackTone; order: string; id: number };
export type WeightProps = { count: number; share: number; label: string };

/** Each scene as a filled outline, and a label point at its top (the northernmost vertex). */
export function sceneFeatures(scenes: readonly MapScene[]): {
  areas: FeatureCollection<Polygon, SceneProps>;
  labels: FeatureCollection<Point, SceneProps>;
} {
  const areas: Feature<Polygon, SceneProps>[] = [];
  const labels: Feature<Point, SceneProps>[] = [];
  for (const s of scenes) {
    const ring = areaRing(s.area);
    if (ring.length < 4) continue;
    areas.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { label: s.label } });
    const top = ring.reduce((a, b) => (b[1] > a[1] ? b : a));
    labels.push({ type: 'Feature', geometry: { type: 'Point', coordinates: top }, properties: { label: s.label } });
  }
  return {
    areas: { type: 'FeatureCollection', features: areas },
    labels: { type: 'FeatureCollection', features: labels },
  };
}

/** A track's sightings in time order as a line, and each sighting as a numbered point (1 = first seen). */
export function trackFeatures(tracks: readonly MapTrack[]): {
  lines: FeatureCollection<LineString, { tone: TrackTone }>;
  points: FeatureCollection<Point, TrackPointProps>;
} {
  const lines: Feature<LineString, { tone: TrackTone }>[] = [];
  const points: Feature<Point, TrackPointProps>[] = [];
  for (const t of tracks) {
    const inOrder = t.detections
      .filter((d) => Number.isFinite(d.lat) && Number.isFinite(d.lon))
      .slice()
      .sort((a, b) => (a.seenAt < b.seenAt ? -1 : a.seenAt > b.seenAt ? 1 : a.id - b.id));
    const coords = inOrder.map((d) => [d.lon, d.lat] as LonLat);
    if (coords.length >= 2)
      lines.push({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: coords },
        properties: { tone: t.tone },
      });
    inOrder.forEach((d, i) =>
      points.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [d.lon, d.lat] },
        properties: { tone: t.tone, order: String(i + 1), id: d.id },
      }),
    );
  }
  return {
    lines: { type: 'FeatureCollection', features: lines },
    points: { type: 'FeatureCollection', features: points },
  };
}

/** Places sized by their share of the largest count. */
export function weightFeatures(weights: readonly MapWeight[]): FeatureCollection<Point, WeightProps> {
  const max = Math.max(1, ...weights.map((w) => w.count));
  return {
    type: 'FeatureCollection',
    features: weights.map((w) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [w.lon, w.lat] },
      properties: { count: w.count, share: w.count / max, label: w.label },
    })),
  };
}

/** Every point the overlays draw (scene outlines, track sightings, weighted places), for fitting the view. */
export function overlayPoints(
  scenes: readonly MapScene[],
  tracks: readonly MapTrack[],
  weights: readonly MapWeight[],
): { lat: number; lon: number }[] {
  return [
    ...scenes.flatMap((s) => areaRing(s.area).map(([lon, lat]) => ({ lat, lon }))),
    ...tracks.flatMap((t) => t.detections),
    ...weights,
  ];
}
