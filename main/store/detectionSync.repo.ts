import type { SqlDatabase } from '../../native/sqlcipher';
import type { DetectionData } from '../core/syncProtocol';

/**
 * The sync engine's batch upsert of detections: the same rule as `upsertDetections` in detections.repo
 * (a row replaces the stored one only if its version is not older, so a replayed page changes nothing), with
 * the statement prepared once and positional parameters, which halves the cost per row on a million-row
 * first sync. The caller wraps each page in one transaction.
 */
export type DetectionUpserter = {
  upsert: (id: number, version: number, d: DetectionData) => void;
  /** A tombstone: deletes the detection unless the store holds a newer version. Returns rows deleted. */
  remove: (id: number, version: number) => number;
};

export function detectionUpserter(db: SqlDatabase): DetectionUpserter {
  const upsert = db.prepare(
    `INSERT INTO detections (id, plate, state, seen_at, lat, lon, camera_id, heading, make, model, color, body, features,
                             confidence, plate_image, overview_image, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET plate = excluded.plate, state = excluded.state, seen_at = excluded.seen_at,
       lat = excluded.lat, lon = excluded.lon, camera_id = excluded.camera_id, heading = excluded.heading,
       make = excluded.make, model = excluded.model, color = excluded.color, body = excluded.body,
       features = excluded.features, confidence = excluded.confidence, plate_image = excluded.plate_image,
       overview_image = excluded.overview_image, version = excluded.version
     WHERE excluded.version >= detections.version`,
  );
  const remove = db.prepare('DELETE FROM detections WHERE id = ? AND version <= ?');
  return {
    upsert: (id, version, d) =>
      void upsert.run(
        id,
        d.plate,
        d.state,
        d.seenAt,
        d.lat,
        d.lon,
        d.cameraId,
        d.heading,
        d.make,
        d.model,
        d.color,
        d.body,
        d.features,
        d.confidence,
        d.plateImage,
        d.overviewImage,
        version,
      ),
    remove: (id, version) => remove.run(id, version).changes,
  };
}
