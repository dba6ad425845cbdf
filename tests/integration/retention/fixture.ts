/**
 * A store of mixed ages for retention tests: detections every few days back over six years from the clock, on a fixed
 * and a mobile camera, each with a plate of its own (`QR` + id, so a search of the raw pages cannot hit by chance),
 * some with a hit, an image and an OCR re-read.
 */
import { createHash } from 'node:crypto';
import type { WritableDB } from '../../../main/store/db';
import { upsertCameras, type CameraRow } from '../../../main/store/repos/cameras';
import { upsertDetections, type DetectionRow } from '../../../main/store/repos/detections';

export const RETENTION_CAMERAS: CameraRow[] = [
  { id: 'cam-fixed-1', name: 'Fixed one', kind: 'fixed', lat: 37.8, lon: -122.27, heading: 'N', version: 1 },
  { id: 'cam-mobile-1', name: 'Patrol unit 12', kind: 'mobile', lat: 37.81, lon: -122.26, heading: null, version: 1 },
];

export const plateOf = (id: number) => `QR${String(id).padStart(6, '0')}X`;

export type Aged = {
  id: number;
  seenAt: number;
  camera: 'fixed' | 'mobile';
  hitAt: number | null;
  image: string | null;
};

/** `count` detections from `now` back, `stepHours` apart (an odd step so they fall at every hour of the day). */
export function agedDetections(now: Date, count: number, stepHours = 53): Aged[] {
  return Array.from({ length: count }, (_, i) => {
    const id = i + 1;
    const seenAt = now.getTime() - (i * stepHours + 1) * 3_600_000;
    return {
      id,
      seenAt,
      camera: id % 3 === 0 ? 'mobile' : 'fixed',
      hitAt: id % 7 === 0 ? seenAt : null,
      image: id % 5 === 0 ? createHash('sha256').update(`image ${id}`).digest('hex') : null,
    };
  });
}

export function seedAged(db: WritableDB, rows: readonly Aged[]): void {
  db.transaction(() => {
    upsertCameras(db, RETENTION_CAMERAS);
    upsertDetections(
      db,
      rows.map((r): DetectionRow => ({
        id: r.id,
        plate: plateOf(r.id),
        state: 'CA',
        seenAt: r.seenAt,
        lat: 37.8,
        lon: -122.27,
        cameraId: r.camera === 'fixed' ? 'cam-fixed-1' : 'cam-mobile-1',
        heading: 'N',
        make: 'Honda',
        model: 'Civic',
        color: 'blue',
        body: 'sedan',
        features: 0,
        confidence: 0.93,
        plateImage: r.image,
        overviewImage: null,
        version: 1,
      })),
    );
    const hit = db.prepare(
      `INSERT INTO hits (id, detection_id, entry_id, list_id, plate, state, at, status, version)
       VALUES (?, ?, 1, 'agency', ?, 'CA', ?, 'confirmed', 1)`,
    );
    const image = db.prepare(
      `INSERT INTO images (sha256, kind, mime, byte_length, bytes, fetched_at) VALUES (?, 'plate', 'image/jpeg', ?, ?, '2026-01-01T00:00:00Z')`,
    );
    const ocr = db.prepare(
      `INSERT INTO ocr_reads (detection_id, at, original_plate, plate, confidence) VALUES (?, '2026-01-01T00:00:00Z', ?, ?, 0.9)`,
    );
    for (const r of rows) {
      if (r.hitAt !== null) hit.run(r.id, r.id, plateOf(r.id), r.hitAt);
      if (r.image) {
        const bytes = Buffer.from(`JPEG of ${plateOf(r.id)}`);
        image.run(r.image, bytes.length, bytes);
      }
      if (r.id % 11 === 0) ocr.run(r.id, plateOf(r.id), plateOf(r.id));
    }
  }).immediate();
}

/** A booked evidence package holding `detectionIds` (as evidence.build leaves one), for the automatic hold. */
export function bookEvidence(db: WritableDB, detectionIds: readonly number[]): void {
  db.transaction(() => {
    const purpose = db
      .prepare(
        `INSERT INTO purposes (user_id, number_kind, number, purpose_id, description, opened_at)
         VALUES ((SELECT min(id) FROM users), 'case', '26-000777', 'criminal_investigation', 'Booking evidence', '2026-11-01T00:00:00Z')`,
      )
      .run().lastInsertRowid;
    db.prepare(
      `INSERT INTO evidence_keys (fingerprint, public_pem, created_at, outbox_key) VALUES (?, 'pem', '2026-11-01T00:00:00Z', 'evidence-key-test')`,
    ).run('f'.repeat(64));
    const pkg = db
      .prepare(
        `INSERT INTO evidence_packages (attempt_key, case_number, item_number, status, technician, purpose_id, medium, folder,
           detection_ids, started_at, finished_at, key_fingerprint, tag_manifest_sha256, signature, outbox_key, content)
         VALUES ('attempt-1', '26-000777', '26-000777-E01', 'booked', 'tech.wu', ?, '/media', 'pkg', ?, '2026-11-01T00:00:00Z',
           '2026-11-01T00:10:00Z', ?, ?, 'sig', 'booking-1', '{}')`,
      )
      .run(purpose, JSON.stringify(detectionIds), 'f'.repeat(64), 'e'.repeat(64)).lastInsertRowid;
    const add = db.prepare('INSERT INTO evidence_package_detections (package_id, detection_id) VALUES (?, ?)');
    for (const d of detectionIds) add.run(pkg, d);
  }).immediate();
}
