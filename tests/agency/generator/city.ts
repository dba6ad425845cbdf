import type { CameraData } from '../../../main/core/sync/protocol';
import { Rng } from './prng';

/**
 * A mid-size Peninsula city around 37.54,-122.30 (San Mateo-like): El Camino Real runs north–south on the
 * west, US-101 and SR-92 bring traffic in, downtown sits around 3rd/4th Avenue. Coordinates are plausible,
 * not surveyed.
 */
export const CITY = {
  name: 'City of San Mateo (synthetic)',
  lat: 37.5485,
  lon: -122.3102,
  agency: 'San Mateo Police Department (synthetic)',
  ori: 'CA0410900',
};

export type CameraSpec = CameraData & {
  id: string;
  /** Where the camera sits in the city: a way in or out, an arterial intersection, or a patrol car. */
  role: 'entrance' | 'intersection' | 'patrol';
  /** Relative traffic volume. */
  weight: number;
};

const FIXED: readonly [string, string, 'entrance' | 'intersection', number, number, string, number][] = [
  ['SMPD-F01', 'US-101 NB off-ramp at 3rd Ave', 'entrance', 37.5693, -122.3146, 'NB', 3.0],
  ['SMPD-F02', 'US-101 SB off-ramp at Hillsdale Blvd', 'entrance', 37.5411, -122.2916, 'SB', 2.8],
  ['SMPD-F03', 'SR-92 EB exit at El Camino Real', 'entrance', 37.5362, -122.3173, 'EB', 2.5],
  ['SMPD-F04', 'SR-92 WB exit at Delaware St', 'entrance', 37.5394, -122.3006, 'WB', 2.2],
  ['SMPD-F05', 'El Camino Real at Peninsula Ave (north city limit)', 'entrance', 37.5826, -122.3395, 'SB', 2.4],
  ['SMPD-F06', 'El Camino Real at 42nd Ave (south city limit)', 'entrance', 37.5232, -122.2979, 'NB', 2.1],
  ['SMPD-F07', 'J. Hart Clinton Dr at Mariners Island Blvd', 'entrance', 37.5752, -122.2853, 'WB', 1.2],
  ['SMPD-F08', 'Crystal Springs Rd at Polhemus Rd (west entrance)', 'entrance', 37.5401, -122.3472, 'EB', 1.0],
  ['SMPD-F09', 'El Camino Real at 3rd Ave', 'intersection', 37.5638, -122.3255, 'NB', 2.0],
  ['SMPD-F10', 'El Camino Real at 4th Ave', 'intersection', 37.5628, -122.3244, 'SB', 1.8],
  ['SMPD-F11', 'B St at 3rd Ave (downtown)', 'intersection', 37.5661, -122.3222, 'EB', 1.5],
  ['SMPD-F12', 'Delaware St at Concar Dr', 'intersection', 37.5503, -122.3047, 'NB', 1.4],
  ['SMPD-F13', 'Hillsdale Blvd at El Camino Real', 'intersection', 37.5379, -122.301, 'WB', 1.9],
  ['SMPD-F14', 'Norfolk St at 3rd Ave', 'intersection', 37.5627, -122.3061, 'WB', 1.1],
  ['SMPD-F15', 'Alameda de las Pulgas at Barneson Ave', 'intersection', 37.5456, -122.3331, 'NB', 0.9],
  ['SMPD-F16', 'Bermuda Dr at Hillsdale Blvd', 'intersection', 37.5354, -122.2875, 'EB', 0.8],
  ['SMPD-F17', 'Fashion Island Blvd at Mariners Island Blvd', 'intersection', 37.5614, -122.281, 'SB', 0.9],
  ['SMPD-F18', 'Poplar Ave at Humboldt St', 'intersection', 37.5723, -122.3208, 'NB', 0.7],
  ['SMPD-F19', '25th Ave at El Camino Real', 'intersection', 37.5486, -122.3121, 'EB', 1.3],
  ['SMPD-F20', 'Bay Meadows Dr at Saratoga Dr', 'intersection', 37.5445, -122.3023, 'SB', 0.8],
  ['SMPD-F21', 'Parrott Dr at Alameda de las Pulgas', 'intersection', 37.532, -122.3339, 'NB', 0.6],
  ['SMPD-F22', 'Peninsula Ave at Humboldt St', 'intersection', 37.5791, -122.328, 'WB', 0.7],
];

const PATROL_BEATS: readonly [string, string, readonly (readonly [number, number])[]][] = [
  [
    'SMPD-M01',
    'Patrol 1A (north beat, unit 1214)',
    [
      [37.5826, -122.3395],
      [37.5723, -122.3208],
      [37.5693, -122.3146],
      [37.5661, -122.3222],
      [37.5791, -122.328],
    ],
  ],
  [
    'SMPD-M02',
    'Patrol 2B (downtown beat, unit 1227)',
    [
      [37.5661, -122.3222],
      [37.5638, -122.3255],
      [37.5627, -122.3061],
      [37.5503, -122.3047],
      [37.5486, -122.3121],
    ],
  ],
  [
    'SMPD-M03',
    'Patrol 3C (Hillsdale beat, unit 1231)',
    [
      [37.5379, -122.301],
      [37.5354, -122.2875],
      [37.5411, -122.2916],
      [37.5445, -122.3023],
      [37.5232, -122.2979],
    ],
  ],
  [
    'SMPD-M04',
    'Parking enforcement (unit PE-4)',
    [
      [37.5661, -122.3222],
      [37.5614, -122.281],
      [37.5752, -122.2853],
      [37.5627, -122.3061],
    ],
  ],
];

export function buildCameras(): CameraSpec[] {
  const fixed: CameraSpec[] = FIXED.map(([id, name, role, lat, lon, heading, weight]) => ({
    id,
    name,
    kind: 'fixed',
    lat,
    lon,
    heading,
    role,
    weight,
  }));
  const mobile: CameraSpec[] = PATROL_BEATS.map(([id, name]) => ({
    id,
    name,
    kind: 'mobile',
    lat: null,
    lon: null,
    heading: null,
    role: 'patrol',
    weight: 0.9,
  }));
  return [...fixed, ...mobile];
}

const HEADINGS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;

/**
 * Where a patrol car is at a given time: it drives its beat as a loop at ~25 km/h, one lap per ~40 minutes,
 * so its detections trace its route. Deterministic in time, so any hour can be generated on its own.
 */
export function patrolPosition(cameraId: string, atMs: number): { lat: number; lon: number; heading: string } {
  const beat = PATROL_BEATS.find((b) => b[0] === cameraId);
  if (!beat) throw new Error(`no patrol beat for ${cameraId}`);
  const points = beat[2];
  const lapMs = 40 * 60_000;
  const offset = new Rng(7, cameraId).int(lapMs);
  const phase = (((atMs + offset) % lapMs) / lapMs) * points.length;
  const i = Math.floor(phase);
  const f = phase - i;
  const a = points[i % points.length]!;
  const b = points[(i + 1) % points.length]!;
  const lat = a[0] + (b[0] - a[0]) * f;
  const lon = a[1] + (b[1] - a[1]) * f;
  const angle = Math.atan2(b[0] - a[0], b[1] - a[1]);
  const heading = HEADINGS[((Math.round((Math.PI / 2 - angle) / (Math.PI / 4)) % 8) + 8) % 8]!;
  return { lat: round6(lat), lon: round6(lon), heading };
}

export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Great-circle distance in metres. */
export function distanceM(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const R = 6_371_000;
  const toRad = Math.PI / 180;
  const dLat = (bLat - aLat) * toRad;
  const dLon = (bLon - aLon) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * toRad) * Math.cos(bLat * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}
