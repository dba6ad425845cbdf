import type { SqlDatabase, SqlStatement } from '../../native/sqlcipher';
import { plateKeeper } from './search.repo';

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

export function upsertCameras(db: SqlDatabase, cameras: readonly CameraRow[]): void {
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

const upserts = new WeakMap<SqlDatabase, SqlStatement>();

/**
 * Idempotent upsert of a batch: a row replaces the stored one only if its version is not older, so a
 * replayed page changes nothing. The caller wraps batches in one transaction.
 */
export function upsertDetections(db: SqlDatabase, rows: readonly DetectionRow[]): void {
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

export type DetectionFilter = { plate?: string; platePrefix?: string; from?: number; to?: number; limit: number };

const DAY_MS = 86_400_000;

/** The UTC day numbers a lookup probes, newest first: the window asked for, or all the store holds. */
function dayRange(db: SqlDatabase, from: number | undefined, to: number | undefined): number[] {
  // Two subqueries: min() and max() together in one SELECT would scan the whole time index.
  const span = db
    .prepare('SELECT (SELECT min(seen_at) FROM detections) AS lo, (SELECT max(seen_at) FROM detections) AS hi')
    .get() as {
    lo: number | null;
    hi: number | null;
  };
  if (span.lo === null || span.hi === null) return [];
  const first = Math.floor(Math.max(from ?? span.lo, span.lo) / DAY_MS);
  const last = Math.floor(Math.min(to ?? span.hi, span.hi) / DAY_MS);
  const days: number[] = [];
  for (let d = last; d >= first; d--) days.push(d);
  return days;
}

/**
 * The foundation's plain lookup: exact plate or prefix, newest first. A plate is found by probing the
 * (day, plate) index one day at a time; a time window alone uses the time index. `detections.search` now
 * goes through the partial-plate planner (services/search/detectionSearch.ts); this stays for store tests
 * and tools. Returns null when the store holds nothing in the window.
 */
export function detectionQuery(
  db: SqlDatabase,
  f: DetectionFilter,
): { sql: string; params: (string | number)[] } | null {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (f.plate !== undefined || f.platePrefix !== undefined) {
    const days = dayRange(db, f.from, f.to);
    if (days.length === 0) return null;
    where.push('day IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(days));
    if (f.plate !== undefined) {
      where.push('plate = ?');
      params.push(f.plate);
    } else {
      // A range within each day; GLOB metacharacters never reach SQL.
      where.push('plate >= ? AND plate < ?');
      params.push(f.platePrefix!, `${f.platePrefix}\uffff`);
    }
  }
  if (f.from !== undefined) {
    where.push('seen_at >= ?');
    params.push(f.from);
  }
  if (f.to !== undefined) {
    where.push('seen_at <= ?');
    params.push(f.to);
  }
  params.push(f.limit);
  return {
    sql: `SELECT ${COLUMNS} FROM detections ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seen_at DESC LIMIT ?`,
    params,
  };
}

export function findDetections(db: SqlDatabase, f: DetectionFilter): DetectionRow[] {
  const q = detectionQuery(db, f);
  return q ? (db.prepare(q.sql).all(...q.params) as DetectionRow[]) : [];
}

export function getDetection(db: SqlDatabase, id: number): DetectionRow | null {
  return (db.prepare(`SELECT ${COLUMNS} FROM detections WHERE id = ?`).get(id) as DetectionRow | undefined) ?? null;
}

export function cameraNames(db: SqlDatabase, ids: readonly string[]): Map<string, string> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = db
    .prepare(`SELECT id, name FROM cameras WHERE id IN (${unique.map(() => '?').join(',')})`)
    .all(...unique) as { id: string; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}
