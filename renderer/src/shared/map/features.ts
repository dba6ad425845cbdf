/**
 * GeoJSON builders for the map's sources: detections, cameras, the search area and its edit handles. Pure
 * (no MapLibre), unit-tested in tests/unit/mapFeatures.test.ts. Properties are short and flat: 10,000 points
 * cross to MapLibre's worker on every new result set.
 */
import type { Feature, FeatureCollection, Point, Polygon, LineString } from 'geojson';
import type { CameraInfo, Detection, GeoArea } from '../../../../preload/contract';
import { formatTimeOfDay, timeDisplay, type TimeDisplay } from '../../ui/format';
import { circleRing, edgeMidpoints, formatDistance, headingDegrees, radiusHandle, type LonLat } from './geometry';

export type DetectionProps = {
  /** Epoch ms of the read: the time slider filters on it. */
  t: number;
  plate: string;
  /** Two-line label for high zoom: plate, then the time of day (local, or marked UTC). */
  label: string;
  /** Bearing of travel, or -1 when the camera records none (no arrow). */
  bearing: number;
};

export type CameraProps = { id: string; name: string; chosen: boolean };

/** The handles of an area being edited: the radius's centre and rim, or each polygon corner. */
/** `midpoint` handles sit on a polygon's edges (index = the edge); dragging one inserts a corner there. */
export type HandleProps = {
  role: 'centre' | 'rim' | 'vertex' | 'midpoint' | 'draft';
  index: number;
  /** The corner chosen for Delete. */
  selected?: boolean;
};

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * The reads as GeoJSON, and their times apart from it: MapLibre transfers typed arrays it finds in the data to
 * its worker (detaching them), so nothing but plain JSON goes into the collection. Labels follow the user's
 * time display (local, or UTC marked as such).
 */
export function detectionFeatures(
  rows: readonly Detection[],
  mode: TimeDisplay = timeDisplay(),
): {
  collection: FeatureCollection<Point, DetectionProps>;
  times: Float64Array;
} {
  const features: Feature<Point, DetectionProps>[] = [];
  const times = new Float64Array(rows.length);
  rows.forEach((d, i) => {
    const t = Date.parse(d.seenAt);
    times[i] = t;
    if (!Number.isFinite(d.lat) || !Number.isFinite(d.lon)) return;
    features.push({
      type: 'Feature',
      id: d.id,
      geometry: { type: 'Point', coordinates: [d.lon, d.lat] },
      properties: { t, plate: d.plate, label: readLabel(d.plate, t, mode), bearing: headingDegrees(d.heading) ?? -1 },
    });
  });
  return { collection: { type: 'FeatureCollection', features }, times };
}

/** The two-line label beside a read: plate, then its time of day in the chosen display. */
export function readLabel(plate: string, t: number, mode: TimeDisplay): string {
  return `${plate}\n${formatTimeOfDay(t, mode)}`;
}

/**
 * The same collection with its labels in another time display (the user switched in Settings): new feature
 * objects, same ids, geometry and times, so the map keeps its view and the time slider its range.
 */
export function relabelled<C extends FeatureCollection<Point, DetectionProps>>(all: C, mode: TimeDisplay): C {
  return {
    ...all,
    features: all.features.map((f) => ({
      ...f,
      properties: { ...f.properties, label: readLabel(f.properties.plate, f.properties.t, mode) },
    })),
  };
}

/** The subset of a built collection inside [from, to] (epoch ms), for the time slider. */
export function withinTime<P extends { t: number }, G extends Point>(
  all: FeatureCollection<G, P>,
  from: number,
  to: number,
): FeatureCollection<G, P> {
  return {
    type: 'FeatureCollection',
    features: all.features.filter((f) => f.properties.t >= from && f.properties.t <= to),
  };
}

/** Fixed cameras with a place; mobile ones have none to draw. */
export function cameraFeatures(
  cameras: readonly CameraInfo[],
  chosen: readonly string[],
): FeatureCollection<Point, CameraProps> {
  const picked = new Set(chosen);
  const features: Feature<Point, CameraProps>[] = [];
  for (const c of cameras) {
    if (c.lat === null || c.lon === null) continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
      properties: { id: c.id, name: c.name, chosen: picked.has(c.id) },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** The area's outline as a closed [lon, lat] ring. */
export function areaRing(area: GeoArea): LonLat[] {
  if (area.kind === 'radius') return circleRing(area.lat, area.lon, area.radiusM);
  const ring = area.points.map(([lat, lon]) => [lon, lat] as LonLat);
  if (ring.length > 0) ring.push(ring[0]!);
  return ring;
}

/** The area as a filled polygon with a label point for its size ("r = 450 m"). */
export function areaFeatures(area: GeoArea | null): FeatureCollection<Polygon> {
  if (!area) return EMPTY as FeatureCollection<Polygon>;
  if (area.kind === 'polygon' && area.points.length < 3) return EMPTY as FeatureCollection<Polygon>;
  return {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [areaRing(area)] }, properties: {} }],
  };
}

/** The handles a person drags: centre and rim of a radius, every corner of a polygon. */
export function handleFeatures(
  area: GeoArea | null,
  selectedCorner: number | null = null,
): FeatureCollection<Point, HandleProps> {
  if (!area) return EMPTY as FeatureCollection<Point, HandleProps>;
  const point = (coordinates: LonLat, role: HandleProps['role'], index: number): Feature<Point, HandleProps> => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates },
    properties: { role, index, ...(role === 'vertex' && index === selectedCorner ? { selected: true } : {}) },
  });
  if (area.kind === 'radius') {
    return {
      type: 'FeatureCollection',
      features: [
        point([area.lon, area.lat], 'centre', 0),
        point(radiusHandle(area.lat, area.lon, area.radiusM), 'rim', 0),
      ],
    };
  }
  return {
    type: 'FeatureCollection',
    // Corners last: where a corner and a midpoint overlap (a tiny polygon), the corner is grabbed.
    features: [
      ...edgeMidpoints(area.points).map(([lat, lon], i) => point([lon, lat], 'midpoint', i)),
      ...area.points.map(([lat, lon], i) => point([lon, lat], 'vertex', i)),
    ],
  };
}

/** A polygon being drawn: the corners so far and the rubber band to the pointer. */
export function draftFeatures(
  corners: readonly [number, number][],
  pointer: LonLat | null,
): FeatureCollection<LineString | Point> {
  const coords = corners.map(([lat, lon]) => [lon, lat] as LonLat);
  const line = pointer ? [...coords, pointer] : coords;
  const features: Feature<LineString | Point>[] = coords.map((c, i) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: c },
    properties: { role: 'draft', index: i },
  }));
  if (line.length >= 2) {
    features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: line }, properties: {} });
  }
  return { type: 'FeatureCollection', features };
}

/** What the area readout says: "Radius 450 m" or "Polygon · 5 corners". */
export function areaSummary(area: GeoArea | null): string | null {
  if (!area) return null;
  if (area.kind === 'radius') return `Radius ${formatDistance(area.radiusM)}`;
  return `Polygon · ${area.points.length} corners`;
}
