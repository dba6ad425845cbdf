/** Places and areas for search: great-circle distance, bounding boxes, point in polygon. Pure. */

/** An area a search is restricted to: a radius around a point, or a polygon of [lat, lon] vertices. */
export type GeoArea =
  { kind: 'radius'; lat: number; lon: number; radiusM: number } | { kind: 'polygon'; points: [number, number][] };

export type BoundingBox = { minLat: number; maxLat: number; minLon: number; maxLon: number };

const EARTH_M = 6_371_000;
const RAD = Math.PI / 180;

/** Great-circle (haversine) distance in metres. */
export function distanceM(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const dLat = (bLat - aLat) * RAD;
  const dLon = (bLon - aLon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * RAD) * Math.cos(bLat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A box that contains the area (a little larger for a radius, so the exact test decides). */
export function boundingBox(area: GeoArea): BoundingBox {
  if (area.kind === 'radius') {
    const dLat = (area.radiusM / EARTH_M / RAD) * 1.001;
    const dLon = dLat / Math.max(0.01, Math.cos(area.lat * RAD));
    return { minLat: area.lat - dLat, maxLat: area.lat + dLat, minLon: area.lon - dLon, maxLon: area.lon + dLon };
  }
  const lats = area.points.map((p) => p[0]);
  const lons = area.points.map((p) => p[1]);
  return { minLat: Math.min(...lats), maxLat: Math.max(...lats), minLon: Math.min(...lons), maxLon: Math.max(...lons) };
}

/** Ray casting; a point on an edge may fall either way. Polygons are city-sized, so lat/lon are treated as planar. */
export function inPolygon(points: readonly (readonly [number, number])[], lat: number, lon: number): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [yi, xi] = points[i]!;
    const [yj, xj] = points[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function inArea(area: GeoArea, lat: number, lon: number): boolean {
  if (area.kind === 'radius') return distanceM(area.lat, area.lon, lat, lon) <= area.radiusM;
  return inPolygon(area.points, lat, lon);
}

/** Implied speed in km/h between two sightings; Infinity when they are at different places at the same instant. */
export function impliedKmh(distanceMetres: number, ms: number): number {
  if (ms <= 0) return distanceMetres > 0 ? Infinity : 0;
  return distanceMetres / 1000 / (ms / 3_600_000);
}
