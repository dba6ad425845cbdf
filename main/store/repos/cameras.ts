import type { Camera } from '../../core/detections/camera';
import type { ReadableDB, WritableDB } from '../db';

/** The agency's cameras (synced): where each stands and what it records. */

export type CameraRow = Camera & { version: number };

export function upsertCameras(db: WritableDB, cameras: readonly CameraRow[]): void {
  const stmt = db.prepare(
    `INSERT INTO cameras (id, name, kind, lat, lon, heading, version) VALUES (@id, @name, @kind, @lat, @lon, @heading, @version)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, lat = excluded.lat, lon = excluded.lon,
       heading = excluded.heading, version = excluded.version WHERE excluded.version >= cameras.version`,
  );
  for (const c of cameras) stmt.run(c);
}

export function listCameras(db: ReadableDB): Camera[] {
  return db.prepare('SELECT id, name, kind, lat, lon, heading FROM cameras ORDER BY name, id').all() as Camera[];
}

/** Where each camera with a fixed place stands (the search planner's estimate of an area's share). */
export function cameraPlaces(db: ReadableDB): { id: string; lat: number; lon: number }[] {
  return db.prepare('SELECT id, lat, lon FROM cameras WHERE lat IS NOT NULL AND lon IS NOT NULL').all() as {
    id: string;
    lat: number;
    lon: number;
  }[];
}

export function cameraNames(db: ReadableDB, ids: readonly string[]): Map<string, string> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = db
    .prepare(`SELECT id, name FROM cameras WHERE id IN (${unique.map(() => '?').join(',')})`)
    .all(...unique) as { id: string; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function cameraIds(db: ReadableDB): Set<string> {
  return new Set(db.prepare('SELECT id FROM cameras').pluck().all() as string[]);
}

/** A camera tombstone: a camera that detections still point to stays until those detections are purged. */
export function deleteCamera(db: WritableDB, id: string, version: number): number {
  return db
    .prepare(
      'DELETE FROM cameras WHERE id = ? AND version <= ? AND NOT EXISTS (SELECT 1 FROM detections WHERE camera_id = ?)',
    )
    .run(id, version, id).changes;
}
