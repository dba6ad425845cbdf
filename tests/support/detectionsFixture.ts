import type { DetectionRow } from '../../main/store/repos/detections';
import { rng } from './prng';
import { type CameraRow } from '../../main/store/repos/cameras';

/**
 * Seeded, realistic-looking detections. The plates use a prefix no real California plate has ("QZ"),
 * so a search of the raw bytes of a file for one of them cannot hit by chance or by another table.
 */
export const CAMERAS: CameraRow[] = [
  {
    id: 'cam-ecr-sa-nb',
    name: 'El Camino Real & San Antonio Rd NB',
    kind: 'fixed',
    lat: 37.4019,
    lon: -122.1127,
    heading: 'N',
    version: 1,
  },
  {
    id: 'cam-foothill-sb',
    name: 'Foothill Expwy & Magdalena Ave SB',
    kind: 'fixed',
    lat: 37.3627,
    lon: -122.0941,
    heading: 'S',
    version: 1,
  },
];

const MAKES = [
  ['Honda', 'Civic', 'sedan'],
  ['Toyota', 'Camry', 'sedan'],
  ['Ford', 'F-150', 'pickup'],
  ['Tesla', 'Model Y', 'suv'],
  ['Subaru', 'Outback', 'wagon'],
] as const;
const COLORS = ['silver', 'black', 'white', 'blue', 'red', 'gray'] as const;
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** `count` detections with ids from `firstId`, plates `QZ` + letter + 5 digits, a second apart from 23:40. */
export function detectionBatch(seed: number, firstId: number, count: number): DetectionRow[] {
  const next = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const start = Date.parse('2026-11-21T23:40:00Z');
  return Array.from({ length: count }, (_, i) => {
    const [make, model, body] = pick(MAKES);
    const cam = pick(CAMERAS);
    return {
      id: firstId + i,
      plate: `QZ${pick([...LETTERS])}${String(Math.floor(next() * 100_000)).padStart(5, '0')}`,
      state: 'CA',
      seenAt: start + (firstId + i) * 1000,
      lat: cam.lat! + (next() - 0.5) * 1e-4,
      lon: cam.lon! + (next() - 0.5) * 1e-4,
      cameraId: cam.id,
      heading: cam.heading,
      make,
      model,
      color: pick(COLORS),
      body,
      features: Math.floor(next() * 8),
      confidence: Math.round((0.7 + next() * 0.3) * 1000) / 1000,
      plateImage: null,
      overviewImage: null,
      version: 1,
    };
  });
}
