import type { ReadableDB, WritableDB } from '../db';

/**
 * The agency's evidence images, by SHA-256: the bytes exactly as the agency server sent them (checked against
 * the hash before they are stored), cached inside the encrypted store.
 */

export type HeldImage = { mime: string; bytes: Buffer };

export function heldImage(db: ReadableDB, sha256: string): HeldImage | null {
  return (
    (db.prepare('SELECT mime, bytes FROM images WHERE sha256 = ? AND bytes IS NOT NULL').get(sha256) as
      HeldImage | undefined) ?? null
  );
}

/** The bytes of a cached image, or null when it has not been fetched. */
export function imageBytes(db: ReadableDB, sha256: string): Buffer | null {
  return heldImage(db, sha256)?.bytes ?? null;
}

/** True when the store holds the bytes of this image. */
export function imageHeld(db: ReadableDB, sha256: string | null): boolean {
  return !!sha256 && !!db.prepare('SELECT 1 FROM images WHERE sha256 = ? AND bytes IS NOT NULL').get(sha256);
}

export function putImage(
  db: WritableDB,
  image: { sha256: string; kind: 'plate' | 'overview'; mime: string; bytes: Buffer; fetchedAt: string },
): void {
  db.prepare(
    `INSERT INTO images (sha256, kind, mime, byte_length, bytes, fetched_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (sha256) DO UPDATE SET bytes = excluded.bytes, byte_length = excluded.byte_length, fetched_at = excluded.fetched_at`,
  ).run(image.sha256, image.kind, image.mime, image.bytes.length, image.bytes, image.fetchedAt);
}

/** The images a detection names (null: the camera kept none of that kind, or none was recorded yet). */
export function namedImages(
  db: ReadableDB,
  detectionId: number,
): { plate: string | null; overview: string | null } | null {
  return (
    (db
      .prepare('SELECT plate_image AS plate, overview_image AS overview FROM detections WHERE id = ?')
      .get(detectionId) as { plate: string | null; overview: string | null } | undefined) ?? null
  );
}

/** Images of hit detections the store does not hold yet, for the sync to fetch. */
export function missingHitImages(db: ReadableDB, limit: number): { sha: string; kind: 'plate' | 'overview' }[] {
  return db
    .prepare(
      `SELECT sha, kind FROM (
         SELECT d.plate_image AS sha, 'plate' AS kind FROM hits h JOIN detections d ON d.id = h.detection_id WHERE d.plate_image IS NOT NULL
         UNION SELECT d.overview_image, 'overview' FROM hits h JOIN detections d ON d.id = h.detection_id WHERE d.overview_image IS NOT NULL
       ) WHERE sha NOT IN (SELECT sha256 FROM images WHERE bytes IS NOT NULL) LIMIT ?`,
    )
    .all(limit) as { sha: string; kind: 'plate' | 'overview' }[];
}

/** Sum of the stored bytes of these images (what they take when written out, e.g. to an evidence package). */
export function heldImageBytes(db: ReadableDB, sha256s: readonly string[]): number {
  return db
    .prepare(
      'SELECT coalesce(sum(byte_length), 0) FROM images WHERE bytes IS NOT NULL AND sha256 IN (SELECT DISTINCT value FROM json_each(?))',
    )
    .pluck()
    .get(JSON.stringify(sha256s)) as number;
}

/** An image's type and size when the store holds its bytes (without reading them), else null. */
export function heldImageMeta(db: ReadableDB, sha256: string): { mime: string; byteLength: number } | null {
  return (
    (db
      .prepare('SELECT mime, byte_length AS byteLength FROM images WHERE sha256 = ? AND bytes IS NOT NULL')
      .get(sha256) as { mime: string; byteLength: number } | undefined) ?? null
  );
}
