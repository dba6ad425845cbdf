/**
 * Pure geometry for the map: circles as polygons, destination points, bounds, headings, screen-space hit
 * tests and distance labels. No MapLibre, no DOM, so it is unit-tested directly (tests/unit/mapGeometry.test.ts).
 * Coordinates follow GeoJSON, [lon, lat], except where a GeoArea polygon stores [lat, lon].
 */
import type { CameraInfo } from '../../../../preload/contract';

export type LonLat = [number, number];
export type ScreenPoint = { x: number; y: number };
export type Bounds = [west: number, south: number, east: number, north: number];

const EARTH_M = 6_371_000;
const RAD = Math.PI / 180;

/** The point `distanceM` metres from (lat, lon) on the initial bearing `bearingDeg` (great circle). */
export function destination(lat: number, lon: number, distanceM: number, bearingDeg: number): LonLat {
  const d = distanceM / EARTH_M;
  const b = bearingDeg * RAD;
  const p1 = lat * RAD;
  const l1 = lon * RAD;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b));
  const l2 = l1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  return [(((l2 / RAD + 540) % 360) - 180) as number, p2 / RAD];
}

/** Great-circle (haversine) distance in metres; the same formula main/core/geo uses to decide "inside". */
export function distanceM(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const dLat = (bLat - aLat) * RAD;
  const dLon = (bLon - aLon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * RAD) * Math.cos(bLat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A closed ring approximating the circle, `steps` vertices plus the closing one, for drawing a radius area. */
export function circleRing(lat: number, lon: number, radiusM: number, steps = 96): LonLat[] {
  const ring: LonLat[] = [];
  for (let i = 0; i < steps; i++) ring.push(destination(lat, lon, radiusM, (360 * i) / steps));
  ring.push(ring[0]!);
  return ring;
}

/** Where the radius handle sits: due east of the centre, on the circle. */
export function radiusHandle(lat: number, lon: number, radiusM: number): LonLat {
  return destination(lat, lon, radiusM, 90);
}

/** "85 m", "450 m", "1.25 km", "12.5 km": metres under a kilometre, then km with sensible precision. */
export function formatDistance(m: number): string {
  if (!Number.isFinite(m) || m < 0) return '—';
  if (m < 1000) return `${Math.round(m)} m`;
  const km = m / 1000;
  if (km < 10) return `${km.toFixed(2).replace(/\.?0+$/, '')} km`;
  return `${km.toFixed(1).replace(/\.0$/, '')} km`;
}

/**
 * A radius a person means: snapped to 5 m under 200 m, 10 m under 1 km, 50 m above, so dragging gives round
 * numbers a report can quote. At least 10 m.
 */
export function snapRadius(m: number): number {
  const step = m < 200 ? 5 : m < 1000 ? 10 : 50;
  return Math.max(10, Math.round(m / step) * step);
}

/** The bounding box of points, or null for none. A single point gets a small box so fitBounds can zoom to it. */
export function boundsOf(points: readonly { lat: number; lon: number }[]): Bounds | null {
  if (points.length === 0) return null;
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const p of points) {
    if (!Number.isFinite(p.lat) || !Number.isFinite(p.lon)) continue;
    if (p.lon < west) west = p.lon;
    if (p.lon > east) east = p.lon;
    if (p.lat < south) south = p.lat;
    if (p.lat > north) north = p.lat;
  }
  if (west === Infinity) return null;
  const pad = 0.002; // ~200 m: one point, or a row of points on a street, still gets a sensible zoom.
  if (east - west < pad) {
    west -= pad / 2;
    east += pad / 2;
  }
  if (north - south < pad) {
    south -= pad / 2;
    north += pad / 2;
  }
  return [west, south, east, north];
}

const COMPASS: Record<string, number> = {
  N: 0,
  NNE: 22.5,
  NE: 45,
  ENE: 67.5,
  E: 90,
  ESE: 112.5,
  SE: 135,
  SSE: 157.5,
  S: 180,
  SSW: 202.5,
  SW: 225,
  WSW: 247.5,
  W: 270,
  WNW: 292.5,
  NW: 315,
  NNW: 337.5,
};

/**
 * A camera's recorded direction of travel as a bearing in degrees: "N", "NB", "southbound", "SE", "135".
 * Null when it is missing or unreadable, so no arrow is drawn rather than a wrong one.
 */
export function headingDegrees(heading: string | null | undefined): number | null {
  if (!heading) return null;
  const h = heading.trim().toUpperCase();
  if (/^\d+(\.\d+)?$/.test(h)) {
    const n = Number(h);
    return n >= 0 && n <= 360 ? n % 360 : null;
  }
  const words: Record<string, string> = { NORTH: 'N', SOUTH: 'S', EAST: 'E', WEST: 'W' };
  let key = h.replace(/BOUND$/, '').replace(/B$/, '');
  key = words[key] ?? key;
  return COMPASS[key] ?? null;
}

/** The index of the nearest point within `tolerancePx`, or -1: which vertex or handle the pointer grabbed. */
export function nearestWithin(points: readonly ScreenPoint[], p: ScreenPoint, tolerancePx: number): number {
  let best = -1;
  let bestD = tolerancePx * tolerancePx;
  points.forEach((q, i) => {
    const d = (q.x - p.x) ** 2 + (q.y - p.y) ** 2;
    if (d <= bestD) {
      best = i;
      bestD = d;
    }
  });
  return best;
}

/** A polygon is usable as a search area with three distinct vertices and non-zero area. */
export function polygonProblem(points: readonly (readonly [number, number])[]): string | null {
  const distinct = new Set(points.map(([a, b]) => `${a.toFixed(7)},${b.toFixed(7)}`));
  if (distinct.size < 3) return 'A polygon needs at least three corners.';
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const [y1, x1] = points[i]!;
    const [y2, x2] = points[(i + 1) % points.length]!;
    twice += x1 * y2 - x2 * y1;
  }
  if (Math.abs(twice) < 1e-12) return 'The corners lie on one line; the polygon has no area.';
  return null;
}

/** A polygon's corners as [lat, lon], as GeoArea holds them. */
export type Corner = readonly [number, number];

/** The middle of each edge i (corner i → corner i+1, the last closing to the first): where a new corner is dragged from. */
export function edgeMidpoints(points: readonly Corner[]): [number, number][] {
  if (points.length < 2) return [];
  return points.map(([lat, lon], i) => {
    const [lat2, lon2] = points[(i + 1) % points.length]!;
    return [(lat + lat2) / 2, (lon + lon2) / 2];
  });
}

/** A new corner on edge `edge` (between corners edge and edge+1): it becomes corner edge+1. */
export function insertCorner(points: readonly Corner[], edge: number, at: Corner): [number, number][] {
  const i = Math.max(0, Math.min(points.length - 1, edge)) + 1;
  return [...points.slice(0, i), at, ...points.slice(i)].map(([a, b]) => [a, b]);
}

/**
 * The polygon without corner `index`, or why not: a search polygon keeps at least three corners and an area.
 */
export function removeCorner(
  points: readonly Corner[],
  index: number,
): { ok: true; points: [number, number][] } | { ok: false; reason: string } {
  if (index < 0 || index >= points.length) return { ok: false, reason: 'There is no such corner.' };
  if (points.length <= 3) return { ok: false, reason: 'A polygon keeps at least three corners.' };
  const next = points.filter((_, i) => i !== index).map(([a, b]): [number, number] => [a, b]);
  const problem = polygonProblem(next);
  return problem ? { ok: false, reason: `That corner cannot go: ${problem}` } : { ok: true, points: next };
}

export function cameraBounds(cameras: readonly CameraInfo[]): Bounds | null {
  return boundsOf(cameras.flatMap((c) => (c.lat === null || c.lon === null ? [] : [{ lat: c.lat, lon: c.lon }])));
}
