import type { SqlStatement } from '../../../native/sqlcipher';
import { plateKeeper } from './plateIndex';
import type { ReadableDB, WritableDB } from '../db';

export type DetectionRow = {
  id: number;
  plate: string;
  state: string | null;
  seenAt: number;
  lat: number;
  lon: number;
  cameraId: string;
  heading: string | null;
  make: string | null;
  model: string | null;
  color: string | null;
  body: string | null;
  features: number;
  confidence: number;
  plateImage: string | null;
  overviewImage: string | null;
  version: number;
};

export type CameraRow = {
  id: string;
  name: string;
  kind: 'fixed' | 'mobile';
  lat: number | null;
  lon: number | null;
  heading: string | null;
  version: number;
};

const COLUMNS = `id, plate, state, seen_at AS seenAt, lat, lon, camera_id AS cameraId, heading, make, model, color, body,
                 features, confidence, plate_image AS plateImage, overview_image AS overviewImage, version`;

export function upsertCameras(db: WritableDB, cameras: readonly CameraRow[]): void {
  const stmt = db.prepare(
    `INSERT INTO cameras (id, name, kind, lat, lon, heading, version) VALUES (@id, @name, @kind, @lat, @lon, @heading, @version)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, lat = excluded.lat, lon = excluded.lon,
       heading = excluded.heading, version = excluded.version WHERE excluded.version >= cameras.version`,
  );
  for (const c of cameras) stmt.run(c);
}

/** Shared with the sync engine's per-row upserter (detectionSync.repo.ts). */
export const DETECTION_UPSERT_SQL = `INSERT INTO detections (id, plate, state, seen_at, lat, lon, camera_id, heading, make, model, color, body,
                                          features, confidence, plate_image, overview_image, version)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET plate = excluded.plate, state = excluded.state, seen_at = excluded.seen_at,
    lat = excluded.lat, lon = excluded.lon, camera_id = excluded.camera_id, heading = excluded.heading,
    make = excluded.make, model = excluded.model, color = excluded.color, body = excluded.body,
    features = excluded.features, confidence = excluded.confidence, plate_image = excluded.plate_image,
    overview_image = excluded.overview_image, version = excluded.version
  WHERE excluded.version >= detections.version`;

const upserts = new WeakMap<ReadableDB, SqlStatement>();

/**
 * Idempotent upsert of a batch: a row replaces the stored one only if its version is not older, so a
 * replayed page changes nothing. The caller wraps batches in one transaction.
 */
export function upsertDetections(db: WritableDB, rows: readonly DetectionRow[]): void {
  let stmt = upserts.get(db);
  if (!stmt) {
    stmt = db.prepare(DETECTION_UPSERT_SQL);
    upserts.set(db, stmt);
  }
  const keepPlate = plateKeeper(db);
  for (const r of rows) {
    keepPlate(r.id, r.plate);
    stmt.run(
      r.id,
      r.plate,
      r.state,
      r.seenAt,
      r.lat,
      r.lon,
      r.cameraId,
      r.heading,
      r.make,
      r.model,
      r.color,
      r.body,
      r.features,
      r.confidence,
      r.plateImage,
      r.overviewImage,
      r.version,
    );
  }
}

export function getDetection(db: ReadableDB, id: number): DetectionRow | null {
  return (db.prepare(`SELECT ${COLUMNS} FROM detections WHERE id = ?`).get(id) as DetectionRow | undefined) ?? null;
}

export function cameraNames(db: ReadableDB, ids: readonly string[]): Map<string, string> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = db
    .prepare(`SELECT id, name FROM cameras WHERE id IN (${unique.map(() => '?').join(',')})`)
    .all(...unique) as { id: string; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}
