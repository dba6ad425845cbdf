import type { ReadableDB, WritableDB } from '../db';
import type { PurgeCutoffs } from '../../core/retention/plan';
import { RECORD_KINDS, type RecordKind } from '../../core/retention/records';

/**
 * Retention (migration 0150): legal holds, what a purge would remove and does remove, and the purge runs. The
 * purge's cutoffs come from core/retention/plan.ts; -1 stands for "nothing due" (a kind without a maximum).
 */

export type HoldKind = 'case' | 'court_order' | 'records';
export type HoldRow = {
  id: number;
  kind: HoldKind;
  caseNumber: string | null;
  authority: string;
  reason: string;
  reviewOn: string;
  placedBy: string;
  placedAt: string;
  releasedAt: string | null;
  releasedBy: string | null;
  releaseReason: string | null;
  outboxKey: string;
  /** Detections it keeps now (its records, or its case's collected items). */
  records: number;
};

const HOLD_COLUMNS = `h.id, h.kind, h.case_number AS caseNumber, h.authority, h.reason, h.review_on AS reviewOn,
  h.placed_by AS placedBy, h.placed_at AS placedAt, h.released_at AS releasedAt, h.released_by AS releasedBy,
  h.release_reason AS releaseReason, h.outbox_key AS outboxKey,
  CASE h.kind WHEN 'case' THEN (SELECT count(*) FROM case_items c WHERE c.case_number = h.case_number AND c.removed_at IS NULL)
    ELSE (SELECT count(*) FROM legal_hold_records r WHERE r.hold_id = h.id) END AS records`;

export type NewHold = Omit<HoldRow, 'id' | 'releasedAt' | 'releasedBy' | 'releaseReason' | 'records'>;

export function insertHold(db: WritableDB, h: NewHold, detectionIds: readonly number[]): number {
  const id = Number(
    db
      .prepare(
        `INSERT INTO legal_holds (kind, case_number, authority, reason, review_on, placed_by, placed_at, outbox_key)
         VALUES (@kind, @caseNumber, @authority, @reason, @reviewOn, @placedBy, @placedAt, @outboxKey)`,
      )
      .run(h).lastInsertRowid,
  );
  const add = db.prepare('INSERT OR IGNORE INTO legal_hold_records (hold_id, detection_id) VALUES (?, ?)');
  for (const d of detectionIds) add.run(id, d);
  return id;
}

export function releaseHold(db: WritableDB, id: number, by: string, at: string, reason: string): boolean {
  return (
    db
      .prepare(
        'UPDATE legal_holds SET released_at = ?, released_by = ?, release_reason = ? WHERE id = ? AND released_at IS NULL',
      )
      .run(at, by, reason, id).changes === 1
  );
}

export function getHold(db: ReadableDB, id: number): HoldRow | null {
  return (
    (db.prepare(`SELECT ${HOLD_COLUMNS} FROM legal_holds h WHERE h.id = ?`).get(id) as HoldRow | undefined) ?? null
  );
}

export function listHolds(db: ReadableDB, includeReleased: boolean): HoldRow[] {
  return db
    .prepare(
      `SELECT ${HOLD_COLUMNS} FROM legal_holds h ${includeReleased ? '' : 'WHERE h.released_at IS NULL'} ORDER BY h.id DESC`,
    )
    .all() as HoldRow[];
}

export function holdRecordIds(db: ReadableDB, id: number): number[] {
  return db
    .prepare('SELECT detection_id FROM legal_hold_records WHERE hold_id = ? ORDER BY 1')
    .pluck()
    .all(id) as number[];
}

/** Which of `ids` exist in the store (a hold names records the workstation holds). */
export function existingDetections(db: ReadableDB, ids: readonly number[]): number[] {
  return db
    .prepare('SELECT id FROM detections WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id')
    .pluck()
    .all(JSON.stringify(ids)) as number[];
}

/** Detection ids a live hold or a booked evidence package keeps, among `ids`, with what keeps them. */
export function heldAmong(db: ReadableDB, ids: readonly number[]): Map<number, string> {
  const out = new Map<number, string>();
  const stmt = db.prepare(
    `SELECT detection_id AS id, min(CASE by_kind WHEN 'hold' THEN 'hold #' || hold_id ELSE 'evidence ' || item_number END) AS by
     FROM retention_held WHERE detection_id IN (SELECT value FROM json_each(?)) GROUP BY detection_id`,
  );
  for (let k = 0; k < ids.length; k += 500)
    for (const r of stmt.all(JSON.stringify(ids.slice(k, k + 500))) as { id: number; by: string }[])
      out.set(r.id, r.by);
  return out;
}

/** The cutoffs a purge applies (epoch ms; -1 = nothing due). */
export type Cutoffs = PurgeCutoffs;

const DUE = `FROM detections d JOIN cameras c ON c.id = d.camera_id
  WHERE d.seen_at < max(@fixed, @mobile)
    AND ((c.kind = 'fixed' AND d.seen_at < @fixed) OR (c.kind = 'mobile' AND d.seen_at < @mobile))`;
const NOT_KEPT_BY_HIT = `NOT EXISTS (SELECT 1 FROM hits h WHERE h.detection_id = d.id AND h.at >= @hit)`;
const HELD = `EXISTS (SELECT 1 FROM retention_held x WHERE x.detection_id = d.id)`;

export type DueBucket = { month: string; count: number };
export type DuePreview = {
  detections: DueBucket[];
  /** Due by age but kept by a hold or a booked evidence package. */
  held: number;
  /** Due by age but kept because their hit is kept longer. */
  keptByHit: number;
  hits: number;
  images: number;
  ocrReads: number;
  firstSeenAt: number | null;
  lastSeenAt: number | null;
};

/** What a purge with `c` would remove, by capture month (UTC), and what it would keep that is due. */
export function duePreview(db: ReadableDB, c: Cutoffs): DuePreview {
  const detections = db
    .prepare(
      `SELECT strftime('%Y-%m', d.seen_at / 1000, 'unixepoch') AS month, count(*) AS count ${DUE}
         AND ${NOT_KEPT_BY_HIT} AND NOT ${HELD} GROUP BY month ORDER BY month`,
    )
    .all(c) as DueBucket[];
  const totals = db
    .prepare(
      `SELECT sum(${HELD}) AS held, sum(NOT ${HELD} AND NOT ${NOT_KEPT_BY_HIT}) AS keptByHit,
              min(CASE WHEN NOT ${HELD} AND ${NOT_KEPT_BY_HIT} THEN d.seen_at END) AS firstSeenAt,
              max(CASE WHEN NOT ${HELD} AND ${NOT_KEPT_BY_HIT} THEN d.seen_at END) AS lastSeenAt ${DUE}`,
    )
    .get(c) as { held: number | null; keptByHit: number | null; firstSeenAt: number | null; lastSeenAt: number | null };
  const hits = db
    .prepare(
      `SELECT count(*) FROM hits h WHERE h.at < @hit AND NOT EXISTS (SELECT 1 FROM retention_held x WHERE x.detection_id = h.detection_id)`,
    )
    .pluck()
    .get(c) as number;
  const images = db
    .prepare(
      `SELECT count(DISTINCT i.sha256) ${DUE.replace('FROM detections d', 'FROM detections d JOIN images i ON i.sha256 IN (d.plate_image, d.overview_image)')}
         AND ${NOT_KEPT_BY_HIT} AND NOT ${HELD}`,
    )
    .pluck()
    .get(c) as number;
  const ocrReads = db
    .prepare(
      `SELECT count(*) ${DUE.replace('FROM detections d', 'FROM detections d JOIN ocr_reads o ON o.detection_id = d.id')}
         AND ${NOT_KEPT_BY_HIT} AND NOT ${HELD}`,
    )
    .pluck()
    .get(c) as number;
  return {
    detections,
    held: totals.held ?? 0,
    keptByHit: totals.keptByHit ?? 0,
    hits,
    images,
    ocrReads,
    firstSeenAt: totals.firstSeenAt,
    lastSeenAt: totals.lastSeenAt,
  };
}

export type DueBatch = { ids: number[]; firstSeenAt: number; lastSeenAt: number };

/** The next `limit` due detections (oldest first) that nothing keeps. */
export function nextDueBatch(db: ReadableDB, c: Cutoffs, limit: number): DueBatch | null {
  const rows = db
    .prepare(
      `SELECT d.id, d.seen_at AS seenAt ${DUE} AND ${NOT_KEPT_BY_HIT} AND NOT ${HELD} ORDER BY d.seen_at LIMIT @limit`,
    )
    .all({ ...c, limit }) as { id: number; seenAt: number }[];
  if (rows.length === 0) return null;
  return {
    ids: rows.map((r) => r.id).sort((a, b) => a - b),
    firstSeenAt: rows[0]!.seenAt,
    lastSeenAt: rows[rows.length - 1]!.seenAt,
  };
}

/** How many due detections are kept by holds (counted once, at the end of a run). */
export function dueHeld(db: ReadableDB, c: Cutoffs): number {
  return db.prepare(`SELECT count(*) ${DUE} AND ${HELD}`).pluck().get(c) as number;
}

export type Removed = { detections: number; hits: number; images: number; ocrReads: number; hitIds: number[] };

/**
 * Removes the detections `ids` with what hangs off them: their hits and the hits' transitions, OCR re-reads,
 * corrections, retro-hits and image bytes. The store's triggers skip anything held, whatever the caller passed.
 */
export function removeDetections(db: WritableDB, ids: readonly number[]): Removed {
  const json = JSON.stringify(ids);
  const hitIds = db
    .prepare('SELECT id FROM hits WHERE detection_id IN (SELECT value FROM json_each(?)) ORDER BY id')
    .pluck()
    .all(json) as number[];
  const hitsJson = JSON.stringify(hitIds);
  db.prepare('DELETE FROM hit_transitions WHERE hit_id IN (SELECT value FROM json_each(?))').run(hitsJson);
  const hits = db.prepare('DELETE FROM hits WHERE id IN (SELECT value FROM json_each(?))').run(hitsJson).changes;
  const images = db
    .prepare(
      `DELETE FROM images WHERE sha256 IN (SELECT plate_image FROM detections WHERE id IN (SELECT value FROM json_each(@ids))
        UNION SELECT overview_image FROM detections WHERE id IN (SELECT value FROM json_each(@ids)))`,
    )
    .run({ ids: json }).changes;
  const ocrReads = db
    .prepare('DELETE FROM ocr_reads WHERE detection_id IN (SELECT value FROM json_each(?))')
    .run(json).changes;
  db.prepare('DELETE FROM plate_corrections WHERE detection_id IN (SELECT value FROM json_each(?))').run(json);
  db.prepare('DELETE FROM hotlist_retro_hits WHERE detection_id IN (SELECT value FROM json_each(?))').run(json);
  const detections = db
    .prepare('DELETE FROM detections WHERE id IN (SELECT value FROM json_each(?))')
    .run(json).changes;
  return { detections, hits, images, ocrReads, hitIds };
}

/** Hits due by the hit rule whose detection stays (a hit kept shorter than its detection); up to `limit`. */
export function nextDueHits(db: ReadableDB, c: Cutoffs, limit: number): number[] {
  return db
    .prepare(
      `SELECT h.id FROM hits h WHERE h.at < @hit
         AND NOT EXISTS (SELECT 1 FROM retention_held x WHERE x.detection_id = h.detection_id) ORDER BY h.id LIMIT @limit`,
    )
    .pluck()
    .all({ ...c, limit }) as number[];
}

export function removeHits(db: WritableDB, ids: readonly number[]): number {
  const json = JSON.stringify(ids);
  db.prepare('DELETE FROM hit_transitions WHERE hit_id IN (SELECT value FROM json_each(?))').run(json);
  return db.prepare('DELETE FROM hits WHERE id IN (SELECT value FROM json_each(?))').run(json).changes;
}

// ——— Runs ———

export type RunStatus = 'running' | 'finished' | 'cancelled' | 'failed' | 'interrupted';
export type RunRow = {
  id: number;
  trigger: 'schedule' | 'request';
  startedBy: string | null;
  startedAt: string;
  finishedAt: string | null;
  status: RunStatus;
  plan: string;
  detections: number;
  hits: number;
  images: number;
  ocrReads: number;
  firstSeenAt: number | null;
  lastSeenAt: number | null;
  idsSha256: string;
  held: number;
  bytesBefore: number | null;
  bytesAfter: number | null;
  error: string | null;
  certificateId: string | null;
};

const RUN_COLUMNS = `id, trigger, started_by AS startedBy, started_at AS startedAt, finished_at AS finishedAt, status, plan,
  detections, hits, images, ocr_reads AS ocrReads, first_seen_at AS firstSeenAt, last_seen_at AS lastSeenAt,
  ids_sha256 AS idsSha256, held, bytes_before AS bytesBefore, bytes_after AS bytesAfter, error, certificate_id AS certificateId`;

export function startRun(
  db: WritableDB,
  r: { trigger: RunRow['trigger']; startedBy: string | null; startedAt: string; plan: string; bytesBefore: number },
): number {
  return Number(
    db
      .prepare(
        `INSERT INTO retention_runs (trigger, started_by, started_at, status, plan, bytes_before)
         VALUES (@trigger, @startedBy, @startedAt, 'running', @plan, @bytesBefore)`,
      )
      .run(r).lastInsertRowid,
  );
}

/** Adds one batch's removals to the run, in the batch's transaction. */
export function addToRun(
  db: WritableDB,
  id: number,
  b: {
    detections: number;
    hits: number;
    images: number;
    ocrReads: number;
    first: number | null;
    last: number | null;
    idsSha256: string;
  },
): void {
  db.prepare(
    `UPDATE retention_runs SET detections = detections + @detections, hits = hits + @hits, images = images + @images,
       ocr_reads = ocr_reads + @ocrReads,
       first_seen_at = CASE WHEN @first IS NULL THEN first_seen_at ELSE min(coalesce(first_seen_at, @first), @first) END,
       last_seen_at = CASE WHEN @last IS NULL THEN last_seen_at ELSE max(coalesce(last_seen_at, @last), @last) END,
       ids_sha256 = @idsSha256
     WHERE id = @id AND status = 'running'`,
  ).run({ ...b, id });
}

export function finishRun(
  db: WritableDB,
  id: number,
  f: {
    status: Exclude<RunStatus, 'running'>;
    finishedAt: string;
    held: number;
    bytesAfter: number | null;
    error: string | null;
  },
): void {
  db.prepare(
    `UPDATE retention_runs SET status = @status, finished_at = @finishedAt, held = @held, bytes_after = @bytesAfter,
       error = @error WHERE id = @id`,
  ).run({ ...f, id });
}

export function setRunCertificate(db: WritableDB, id: number, certificateId: string): void {
  db.prepare('UPDATE retention_runs SET certificate_id = ? WHERE id = ?').run(certificateId, id);
}

/** Runs a crash left `running`: settled `interrupted` (their batches committed; the next run removes the rest). */
export function settleInterruptedRuns(db: WritableDB, at: string): number[] {
  const ids = db.prepare("SELECT id FROM retention_runs WHERE status = 'running'").pluck().all() as number[];
  db.prepare(
    "UPDATE retention_runs SET status = 'interrupted', finished_at = ?, error = 'The app stopped during this run; what it removed is counted here, and the next run removed the rest.' WHERE status = 'running'",
  ).run(at);
  return ids;
}

export function getRun(db: ReadableDB, id: number): RunRow | null {
  return (db.prepare(`SELECT ${RUN_COLUMNS} FROM retention_runs WHERE id = ?`).get(id) as RunRow | undefined) ?? null;
}

export function listRuns(db: ReadableDB, limit = 50): RunRow[] {
  return db.prepare(`SELECT ${RUN_COLUMNS} FROM retention_runs ORDER BY id DESC LIMIT ?`).all(limit) as RunRow[];
}

export function lastRunStartedSince(db: ReadableDB, since: string): RunRow | null {
  return (
    (db
      .prepare(`SELECT ${RUN_COLUMNS} FROM retention_runs WHERE started_at >= ? ORDER BY id DESC LIMIT 1`)
      .get(since) as RunRow | undefined) ?? null
  );
}

// ——— Store upkeep after a purge ———

/** Makes freed pages zeros before they are encrypted (this connection only). */
export function secureDelete(db: WritableDB): void {
  db.pragma('secure_delete = ON');
}

/**
 * Gives freed pages back to the file system: incremental vacuum where the store was made with it (0150 on), else a
 * one-time VACUUM that also switches the store to incremental vacuum. Then the WAL is checkpointed and truncated, so
 * neither file keeps a freed page.
 */
export function shrinkStore(db: WritableDB): 'incremental' | 'full' {
  const mode = db.pragma('auto_vacuum', { simple: true }) as number;
  let how: 'incremental' | 'full';
  if (mode === 2) {
    db.pragma('incremental_vacuum');
    how = 'incremental';
  } else {
    db.pragma('auto_vacuum = INCREMENTAL');
    db.exec('VACUUM');
    how = 'full';
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  return how;
}

export function storeBytes(db: ReadableDB): number {
  const pages = db.pragma('page_count', { simple: true }) as number;
  const size = db.pragma('page_size', { simple: true }) as number;
  return pages * size;
}

export function freePages(db: ReadableDB): number {
  return db.pragma('freelist_count', { simple: true }) as number;
}

// ——— Figures the transparency report counts (agency-wide; no plate, no person) ———

export function countDetections(db: ReadableDB, from: number, to: number): number {
  return db
    .prepare('SELECT count(*) FROM detections WHERE seen_at >= ? AND seen_at < ?')
    .pluck()
    .get(from, to) as number;
}

export function countCameras(db: ReadableDB): { kind: string; count: number }[] {
  return db.prepare('SELECT kind, count(*) AS count FROM cameras GROUP BY kind ORDER BY kind').all() as {
    kind: string;
    count: number;
  }[];
}

export function hitsByState(
  db: ReadableDB,
  from: number,
  to: number,
): { status: string; reason: string | null; count: number }[] {
  return db
    .prepare(
      `SELECT status, CASE WHEN status = 'rejected' THEN coalesce(reject_reason, 'unstated') END AS reason, count(*) AS count
       FROM hits WHERE at >= ? AND at < ? GROUP BY 1, 2 ORDER BY 1, 2`,
    )
    .all(from, to) as { status: string; reason: string | null; count: number }[];
}

/** Searches (access-log entries of ALPR reads) by the purpose they were made under, in [fromIso, toIso). */
export function searchesByPurpose(
  db: ReadableDB,
  fromIso: string,
  toIso: string,
): { purpose: string; count: number }[] {
  return db
    .prepare(
      `SELECT coalesce(json_extract(a.body, '$.purpose.purposeId'), 'none') AS purpose, count(*) AS count FROM audit_log a
       WHERE a.at >= ? AND a.at < ? AND (a.action = 'detections.search' OR a.action LIKE 'search.%') AND a.action <> 'search.cloneScanCancel' GROUP BY 1 ORDER BY 2 DESC, 1`,
    )
    .all(fromIso, toIso) as { purpose: string; count: number }[];
}

/** Corrected reads (plate corrections) made in [fromIso, toIso). */
export function correctionsCount(db: ReadableDB, fromIso: string, toIso: string): number {
  return db
    .prepare('SELECT count(*) FROM plate_corrections WHERE at >= ? AND at < ?')
    .pluck()
    .get(fromIso, toIso) as number;
}

export function runsBetween(db: ReadableDB, fromIso: string, toIso: string): RunRow[] {
  return db
    .prepare(`SELECT ${RUN_COLUMNS} FROM retention_runs WHERE started_at >= ? AND started_at < ? ORDER BY id`)
    .all(fromIso, toIso) as RunRow[];
}

/** Holds that are live and past their review date on `today`. */
export function holdsDueForReview(db: ReadableDB, today: string): HoldRow[] {
  return db
    .prepare(
      `SELECT ${HOLD_COLUMNS} FROM legal_holds h WHERE h.released_at IS NULL AND h.review_on <= ? ORDER BY h.review_on`,
    )
    .all(today) as HoldRow[];
}

/** The detections a case holds now (its collected items). */
export function caseDetectionIds(db: ReadableDB, caseNumber: string): number[] {
  return db
    .prepare('SELECT DISTINCT detection_id FROM case_items WHERE case_number = ? AND removed_at IS NULL ORDER BY 1')
    .pluck()
    .all(caseNumber) as number[];
}

/** Settled runs without a certificate yet (ended while the store was closed, or a crash settled them). */
export function uncertifiedRuns(db: ReadableDB): number[] {
  return db
    .prepare("SELECT id FROM retention_runs WHERE status <> 'running' AND certificate_id IS NULL ORDER BY id")
    .pluck()
    .all() as number[];
}

/** Detections booked evidence packages hold. */
export function evidenceHeldCount(db: ReadableDB): number {
  return db.prepare('SELECT count(DISTINCT detection_id) FROM evidence_holds').pluck().get() as number;
}

/** How many of a kind of department record the store holds, the oldest clock start, and how many have passed `before`. */
export type RecordAges = { count: number; oldestAt: string | null; eligible: number };

/** Each record kind's clock as SQL: the instant it starts (null while the record is still open). */
const RECORD_CLOCKS: Record<RecordKind, string> = {
  release_record: `SELECT CASE status WHEN 'fulfilled' THEN fulfilled_at
      WHEN 'screened' THEN NULL WHEN 'approved' THEN NULL ELSE coalesce(decided_at, prepared_at) END AS t
    FROM release_requests`,
  audit_record: `SELECT CASE status WHEN 'filed' THEN filed_at END AS t FROM audits`,
  vendor_log: `SELECT imported_at AS t FROM audit_imports`,
  evidence_record: `SELECT CASE status WHEN 'booked' THEN finished_at END AS t FROM evidence_packages`,
};

/** The department records kept on the workstation, by kind, with those whose clock started before `beforeIso`. */
export function departmentRecordAges(db: ReadableDB, beforeIso: string): Record<RecordKind, RecordAges> {
  const out = {} as Record<RecordKind, RecordAges>;
  for (const kind of RECORD_KINDS) {
    out[kind] = db
      .prepare(
        `SELECT count(*) AS count, min(t) AS oldestAt, coalesce(sum(t IS NOT NULL AND t < ?), 0) AS eligible
         FROM (${RECORD_CLOCKS[kind]})`,
      )
      .get(beforeIso) as RecordAges;
  }
  return out;
}
