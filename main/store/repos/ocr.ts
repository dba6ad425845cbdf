import type { ReadableDB, WritableDB } from '../db';

/** One re-read of a detection's plate image (or why it failed). */
export type OcrReadRow = {
  id: number;
  detectionId: number;
  at: string;
  username: string | null;
  batchId: string | null;
  /** The purpose the re-read was made under (0070); null for reads made before purposes were kept with them. */
  purposeId: number | null;
  originalPlate: string;
  plate: string | null;
  confidence: number | null;
  charConfidence: number[];
  variant: string | null;
  candidates: { plate: string; score: number }[];
  differs: boolean;
  doubt: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** What covered the plate (ocr_reads.occlusion), null when nothing did. */
  occlusion: { damaged: number[]; hiddenStart: boolean; hiddenEnd: boolean } | null;
  /** Where the finder found the plate on an overview photo, as shares of it; null for a plate crop. */
  region: { x: number; y: number; width: number; height: number } | null;
};

export type PlateCorrectionRow = {
  id: number;
  detectionId: number;
  originalPlate: string;
  correctedPlate: string;
  chosen: 'original' | 'reread' | 'manual';
  ocrReadId: number | null;
  reason: string;
  username: string;
  at: string;
  outboxKey: string;
};

type RawRead = Omit<OcrReadRow, 'charConfidence' | 'candidates' | 'differs' | 'occlusion' | 'region'> & {
  charConfidence: string | null;
  candidates: string | null;
  differs: number;
  occlusion: string | null;
  region: string | null;
};

const READ_COLUMNS = `id, detection_id AS detectionId, at, username, batch_id AS batchId, purpose_id AS purposeId,
  original_plate AS originalPlate,
  plate, confidence, char_confidence AS charConfidence, variant, candidates, differs, doubt,
  error_code AS errorCode, error_message AS errorMessage, occlusion, region`;

function toRead(r: RawRead): OcrReadRow {
  return {
    ...r,
    charConfidence: r.charConfidence ? (JSON.parse(r.charConfidence) as number[]) : [],
    candidates: r.candidates ? (JSON.parse(r.candidates) as OcrReadRow['candidates']) : [],
    differs: r.differs === 1,
    occlusion: r.occlusion ? (JSON.parse(r.occlusion) as OcrReadRow['occlusion']) : null,
    region: r.region ? (JSON.parse(r.region) as OcrReadRow['region']) : null,
  };
}

export function insertOcrRead(db: WritableDB, r: Omit<OcrReadRow, 'id'>): number {
  const info = db
    .prepare(
      `INSERT INTO ocr_reads (detection_id, at, username, batch_id, purpose_id, original_plate, plate, confidence,
         char_confidence, variant, candidates, differs, doubt, error_code, error_message, occlusion, region)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      r.detectionId,
      r.at,
      r.username,
      r.batchId,
      r.purposeId,
      r.originalPlate,
      r.plate,
      r.confidence,
      JSON.stringify(r.charConfidence),
      r.variant,
      JSON.stringify(r.candidates),
      r.differs ? 1 : 0,
      r.doubt,
      r.errorCode,
      r.errorMessage,
      r.occlusion ? JSON.stringify(r.occlusion) : null,
      r.region ? JSON.stringify(r.region) : null,
    );
  return Number(info.lastInsertRowid);
}

export function getOcrRead(db: ReadableDB, id: number): OcrReadRow | null {
  const r = db.prepare(`SELECT ${READ_COLUMNS} FROM ocr_reads WHERE id = ?`).get(id) as RawRead | undefined;
  return r ? toRead(r) : null;
}

export function readsOfDetection(db: ReadableDB, detectionId: number): OcrReadRow[] {
  return (
    db.prepare(`SELECT ${READ_COLUMNS} FROM ocr_reads WHERE detection_id = ? ORDER BY id`).all(detectionId) as RawRead[]
  ).map(toRead);
}

export function readsOfBatch(db: ReadableDB, batchId: string): OcrReadRow[] {
  return (
    db.prepare(`SELECT ${READ_COLUMNS} FROM ocr_reads WHERE batch_id = ? ORDER BY id`).all(batchId) as RawRead[]
  ).map(toRead);
}

const CORRECTION_COLUMNS = `id, detection_id AS detectionId, original_plate AS originalPlate,
  corrected_plate AS correctedPlate, chosen, ocr_read_id AS ocrReadId, reason, username, at, outbox_key AS outboxKey`;

export function insertCorrection(db: WritableDB, c: Omit<PlateCorrectionRow, 'id'>): number {
  const info = db
    .prepare(
      `INSERT INTO plate_corrections (detection_id, original_plate, corrected_plate, chosen, ocr_read_id, reason,
         username, at, outbox_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      c.detectionId,
      c.originalPlate,
      c.correctedPlate,
      c.chosen,
      c.ocrReadId,
      c.reason,
      c.username,
      c.at,
      c.outboxKey,
    );
  return Number(info.lastInsertRowid);
}

export function correctionsOfDetection(db: ReadableDB, detectionId: number): PlateCorrectionRow[] {
  return db
    .prepare(`SELECT ${CORRECTION_COLUMNS} FROM plate_corrections WHERE detection_id = ? ORDER BY id`)
    .all(detectionId) as PlateCorrectionRow[];
}

/**
 * Detections whose current (latest) correction reads differently from the camera: search finds them under
 * both reads. Corrections are few next to detections, so they are listed whole.
 */
export function correctedReads(
  db: ReadableDB,
): { detectionId: number; originalPlate: string; correctedPlate: string }[] {
  return db
    .prepare(
      `SELECT detection_id AS detectionId, original_plate AS originalPlate, corrected_plate AS correctedPlate
       FROM plate_corrections c
       WHERE id = (SELECT max(id) FROM plate_corrections WHERE detection_id = c.detection_id)
         AND corrected_plate <> original_plate`,
    )
    .all() as { detectionId: number; originalPlate: string; correctedPlate: string }[];
}

/** A detection whose plate read is known to be wrong or in doubt: its latest correction, else its latest differing re-read. */
export type ReadInDoubt = {
  detectionId: number;
  originalPlate: string;
  /** The latest correction that changed the read; null when none did. */
  corrected: { plate: string; username: string; at: string; reason: string } | null;
  /** The latest successful re-read that differs from the camera, when no correction changed the read. */
  reread: { plate: string; at: string; confidence: number | null } | null;
};

/**
 * Of `detectionIds`, those with a corrected read or an uncorrected differing re-read (the data errors an audit of the
 * inquiries that returned them lists). A correction back to the original read settles a differing re-read.
 */
export function readsInDoubt(db: ReadableDB, detectionIds: readonly number[]): ReadInDoubt[] {
  if (detectionIds.length === 0) return [];
  const rows = db
    .prepare(
      `WITH ids(id) AS (SELECT DISTINCT value FROM json_each(?)),
       c AS (SELECT pc.* FROM plate_corrections pc JOIN ids ON ids.id = pc.detection_id
             WHERE pc.id = (SELECT max(id) FROM plate_corrections WHERE detection_id = pc.detection_id)),
       r AS (SELECT o.* FROM ocr_reads o JOIN ids ON ids.id = o.detection_id
             WHERE o.id = (SELECT max(id) FROM ocr_reads WHERE detection_id = o.detection_id AND error_code IS NULL
                             AND plate IS NOT NULL)
               AND o.differs = 1)
       SELECT ids.id AS detectionId, coalesce(c.original_plate, r.original_plate) AS originalPlate,
              c.corrected_plate AS cPlate, c.username AS cUser, c.at AS cAt, c.reason AS cReason,
              r.plate AS rPlate, r.at AS rAt, r.confidence AS rConfidence
       FROM ids LEFT JOIN c ON c.detection_id = ids.id LEFT JOIN r ON r.detection_id = ids.id
       WHERE (c.id IS NOT NULL AND c.corrected_plate <> c.original_plate) OR (c.id IS NULL AND r.id IS NOT NULL)
       ORDER BY ids.id`,
    )
    .all(JSON.stringify(detectionIds)) as {
    detectionId: number;
    originalPlate: string;
    cPlate: string | null;
    cUser: string | null;
    cAt: string | null;
    cReason: string | null;
    rPlate: string | null;
    rAt: string | null;
    rConfidence: number | null;
  }[];
  return rows.map((r) => ({
    detectionId: r.detectionId,
    originalPlate: r.originalPlate,
    corrected: r.cPlate === null ? null : { plate: r.cPlate, username: r.cUser!, at: r.cAt!, reason: r.cReason ?? '' },
    reread: r.cPlate === null && r.rPlate !== null ? { plate: r.rPlate, at: r.rAt!, confidence: r.rConfidence } : null,
  }));
}
