/**
 * The re-read workflow (issue 6): re-read a detection's plate from its evidence image, show where it differs
 * from the original read, record a person's corrected read (the original is kept; the correction is audited
 * and pushed to the agency server on sync), and re-read a whole case or result set in the background with
 * progress, cancel and a report of disagreements sorted by how likely the original read was wrong.
 */
import { randomUUID } from 'node:crypto';
import type {
  OcrBatchInfo,
  OcrBatchProgress,
  OcrCorrectArgs,
  OcrRereadInfo,
  PlateCorrectionInfo,
} from '../../../preload/contract';
import { ImageError } from '../../../native/image';
import { CanvassError } from '../../core/shared/errors';
import { diffPlates, likelyMisread, originalDoubt } from '../../core/ocr/compare';
import type { OutboxKind } from '../../core/sync/protocol';
import { inTransaction, type WritableDB } from '../../store/db';
import { getDetection, type DetectionRow } from '../../store/repos/detections';
import {
  correctionsOfDetection,
  getOcrRead,
  insertCorrection,
  insertOcrRead,
  readsOfBatch,
  readsOfDetection,
  type OcrReadRow,
  type PlateCorrectionRow,
} from '../../store/repos/ocr';
import { enqueueOutbox } from '../../store/repos/sync';
import { record } from '../audit';
import { fetchDetectionImages, refusesEveryDetection } from '../sync';
import type { Context } from '../kernel/context';
import { sharedOcrReader, type PlateReader } from './readerThread';
import { storeOf } from '../kernel/context';
import { imageBytes } from '../../store/repos/images';
import { getPurpose } from '../../store/repos/purposes';
import { describePurpose } from '../../core/access/purpose';

/** The outbox kind of a corrected read (added to the sync protocol's OUTBOX_KINDS and to migration 0040). */
export const PLATE_CORRECTION: OutboxKind = 'plate_correction';

let readerFor: () => PlateReader = sharedOcrReader;
/** Tests may supply their own reader (a thread with a pool of one engine). */
export function useOcrReader(factory: () => PlateReader): void {
  readerFor = factory;
}

/** Errors of one item: they are values on the read, never thrown out of a batch. */
export type ItemError = { code: string; message: string };

/**
 * Within one batch: once the agency server cannot be reached (offline, not enrolled, no server session), later
 * items give the same clear error at once instead of each waiting on the network.
 */
type FetchMemo = { unavailable: string | null };

/**
 * The detection's evidence image (plate crop, else overview) from the store; fetched from the agency server
 * first when the store does not hold it yet, as the detail view does. Each fetch is audited as
 * `detections.images`, the action of the detail view's fetch, with the re-read's batch.
 */
async function evidenceFor(
  ctx: Context,
  db: WritableDB,
  det: DetectionRow,
  batchId: string | null,
  memo: FetchMemo,
): Promise<{ det: DetectionRow; sha: string; bytes: Buffer }> {
  const stored = (d: DetectionRow) => {
    const sha = d.plateImage ?? d.overviewImage;
    const bytes = sha ? imageBytes(db, sha) : null;
    return sha && bytes ? { det: d, sha, bytes } : null;
  };
  const held = stored(det);
  if (held) return held;
  const missing = (why: string) =>
    itemError(
      'IMAGE_MISSING',
      `The evidence image has not been fetched from the agency server, so the plate cannot be re-read. ${why}`,
    );
  if (memo.unavailable) throw missing(memo.unavailable);
  const got = await fetchDetectionImages(ctx, db, det.id);
  record(ctx, db, 'detections.images', got.ok ? 'ok' : 'failed', {
    detectionIds: [det.id],
    fetchedFromServer: got.ok,
    note: got.ok ? null : got.message,
    for: 'ocr.reread',
    batchId,
  });
  if (!got.ok) {
    if (refusesEveryDetection(got.reason)) memo.unavailable = got.message;
    throw missing(got.message);
  }
  // The fetch may have applied a new version of the detection that names its images.
  const now = stored(getDetection(db, det.id) ?? det);
  if (!now) throw missing('The agency server sent no image this workstation could keep.');
  return now;
}

/** Reads the evidence image of a detection and re-reads its plate; never throws for a bad image. */
async function rereadOne(
  ctx: Context,
  db: WritableDB,
  detectionId: number,
  batchId: string | null,
  memo: FetchMemo = { unavailable: null },
): Promise<OcrReadRow> {
  const found = getDetection(db, detectionId);
  if (!found) throw new CanvassError('NOT_FOUND', `Detection ${detectionId} is not in this workstation's store.`);
  const base = {
    detectionId,
    at: ctx.nowIso(),
    username: ctx.session?.username ?? null,
    batchId,
    purposeId: ctx.session?.purposeId ?? null,
    originalPlate: found.plate,
  };
  let result: Omit<OcrReadRow, 'id'>;
  try {
    const { det, bytes } = await evidenceFor(ctx, db, found, batchId, memo);
    // A plate crop is read as it is; an overview (no crop, or the crop is the overview) goes through the
    // plate finder first: the whole car rarely reads as a plate.
    const overview = !det.plateImage || det.plateImage === det.overviewImage;
    const photo = overview ? await readerFor().readPhoto(bytes) : null;
    const read = photo ?? (await readerFor().readPlate(bytes, null));
    const region = photo?.region ?? null;
    const candidates = read.candidates.map((c) => ({ plate: c.plate, score: Math.round(c.score * 1000) / 1000 }));
    const doubt = originalDoubt(found.plate, {
      plate: read.plate,
      confidence: read.confidence,
      candidates,
      charConfidence: read.charConfidence,
      occlusion: read.occlusion,
    });
    result = {
      ...base,
      plate: read.plate,
      confidence: Math.round(read.confidence * 10) / 10,
      charConfidence: read.charConfidence.map((c) => Math.round(c)),
      variant: read.variant,
      candidates,
      differs: read.plate !== '' && read.plate !== found.plate,
      doubt,
      errorCode: read.plate ? null : 'NO_PLATE_FOUND',
      errorMessage: read.plate ? null : 'No plate characters were found in the image.',
      occlusion: read.occlusion ?? null,
      region,
    };
  } catch (err) {
    const e = toItemError(err);
    result = {
      ...base,
      plate: null,
      confidence: null,
      charConfidence: [],
      variant: null,
      candidates: [],
      differs: false,
      doubt: null,
      errorCode: e.code,
      errorMessage: e.message,
      occlusion: null,
      region: null,
    };
  }
  const id = insertOcrRead(db, result);
  return { id, ...result };
}

function itemError(code: string, message: string): Error & ItemError {
  return Object.assign(new Error(message), { code });
}

function toItemError(err: unknown): ItemError {
  if (err instanceof ImageError) return { code: err.code, message: err.message };
  if (err instanceof CanvassError) throw err;
  const e = err as Partial<ItemError> & { message?: string };
  if (typeof e?.code === 'string' && typeof e.message === 'string' && e.code.startsWith('IMAGE_'))
    return { code: e.code, message: e.message };
  return { code: 'OCR_FAILED', message: `The plate could not be re-read: ${e?.message ?? String(err)}` };
}

export function toRereadInfo(r: OcrReadRow): OcrRereadInfo {
  const doubt = r.doubt ?? 0;
  return {
    readId: r.id,
    detectionId: r.detectionId,
    at: r.at,
    username: r.username,
    originalPlate: r.originalPlate,
    plate: r.plate,
    confidence: r.confidence,
    charConfidence: r.charConfidence,
    variant: r.variant,
    candidates: r.candidates,
    diff: r.plate ? diffPlates(r.originalPlate, r.plate) : [],
    doubt,
    flagged: likelyMisread(r.differs, doubt),
    error: r.errorCode ? { code: r.errorCode, message: r.errorMessage ?? '' } : null,
    occlusion: r.occlusion,
    region: r.region,
  };
}

function toCorrectionInfo(c: PlateCorrectionRow): PlateCorrectionInfo {
  return {
    id: c.id,
    detectionId: c.detectionId,
    originalPlate: c.originalPlate,
    correctedPlate: c.correctedPlate,
    chosen: c.chosen,
    readId: c.ocrReadId,
    reason: c.reason,
    username: c.username,
    at: c.at,
  };
}

/** `ocr.reread`: re-reads one detection's plate. Audited as a view of the detection and its image. */
export async function reread(ctx: Context, detectionId: number): Promise<OcrRereadInfo> {
  const db = storeOf(ctx);
  const row = await rereadOne(ctx, db, detectionId, null);
  record(ctx, db, 'ocr.reread', row.errorCode && !row.plate ? 'failed' : 'ok', {
    detectionIds: [detectionId],
    readId: row.id,
    plate: row.plate,
    originalPlate: row.originalPlate,
    error: row.errorCode,
  });
  return toRereadInfo(row);
}

/** `ocr.history`: the re-reads and corrections of a detection. */
export function history(
  ctx: Context,
  detectionId: number,
): { reads: OcrRereadInfo[]; corrections: PlateCorrectionInfo[] } {
  const db = storeOf(ctx);
  record(ctx, db, 'ocr.history', 'ok', { detectionIds: [detectionId] });
  return {
    reads: readsOfDetection(db, detectionId).map(toRereadInfo),
    corrections: correctionsOfDetection(db, detectionId).map(toCorrectionInfo),
  };
}

/**
 * `ocr.correct`: records which read is right. The detection's original read is never changed; the
 * correction names who, when, why and which read, is written to the access log, and is queued for the
 * agency server.
 */
export function correct(ctx: Context, args: OcrCorrectArgs): PlateCorrectionInfo {
  const db = storeOf(ctx);
  const session = ctx.session;
  if (!session) throw new CanvassError('NOT_SIGNED_IN', 'Sign in first.');
  const det = getDetection(db, args.detectionId);
  if (!det) throw new CanvassError('NOT_FOUND', `Detection ${args.detectionId} is not in this workstation's store.`);
  let plate: string;
  let readId: number | null = args.readId ?? null;
  if (args.chosen === 'original') plate = det.plate;
  else if (args.chosen === 'reread') {
    const read = readId === null ? null : getOcrRead(db, readId);
    if (!read || read.detectionId !== det.id || !read.plate)
      throw new CanvassError('INVALID_ARGUMENT', 'Choose a re-read of this detection that produced a plate.');
    plate = args.plate ?? read.plate;
    if (plate !== read.plate && !read.candidates.some((c) => c.plate === plate))
      throw new CanvassError(
        'INVALID_ARGUMENT',
        `${plate} is not the re-read or one of its candidates; record it as typed instead.`,
      );
  } else {
    if (!args.plate) throw new CanvassError('INVALID_ARGUMENT', 'Type the plate as you read it on the image.');
    plate = args.plate;
    readId = readId !== null && getOcrRead(db, readId)?.detectionId === det.id ? readId : null;
  }
  const at = ctx.nowIso();
  const outboxKey = `pc-${ctx.workstation}-${randomUUID()}`.slice(0, 100);
  const row: Omit<PlateCorrectionRow, 'id'> = {
    detectionId: det.id,
    originalPlate: det.plate,
    correctedPlate: plate,
    chosen: args.chosen,
    ocrReadId: readId,
    reason: args.reason,
    username: session.username,
    at,
    outboxKey,
  };
  const id = inTransaction(db, () => {
    const newId = insertCorrection(db, row);
    enqueueOutbox(
      db,
      outboxKey,
      PLATE_CORRECTION,
      {
        detectionId: det.id,
        originalPlate: det.plate,
        correctedPlate: plate,
        state: det.state,
        chosen: args.chosen,
        reason: args.reason,
        username: session.username,
        at,
        workstation: ctx.workstation,
      },
      at,
    );
    record(ctx, db, 'ocr.correct', 'ok', {
      detectionIds: [det.id],
      originalPlate: det.plate,
      correctedPlate: plate,
      chosen: args.chosen,
      readId,
      reason: args.reason,
    });
    return newId;
  });
  return toCorrectionInfo({ id, ...row });
}

type Batch = {
  id: string;
  cancel: boolean;
  progress: OcrBatchProgress;
  /** Who started it: only they see, stop or report it. */
  owner: string;
  /** The purpose it runs under: closing it (or opening another) stops the batch, and its report shows only under it. */
  purposeId: number;
  scope: string | null;
  startedAt: string;
};
const batches = new Map<string, Batch>();

/**
 * `ocr.batchStart`: re-reads detections in the background (the engine pool does the work off the main
 * thread); `ocr.progress` after each item, `ocr.finished` at the end. A bad image is an error on its item and
 * the batch goes on. Audited once with every detection id.
 */
export function startBatch(
  ctx: Context,
  detectionIds: readonly number[],
  scope: string | null = null,
): { batchId: string; total: number } {
  const db = storeOf(ctx);
  const owner = signedIn(ctx);
  const purposeId = ctx.session!.purposeId;
  if (purposeId === null) throw new CanvassError('PURPOSE_REQUIRED', 'Open a purpose first.');
  const ids = [...new Set(detectionIds)];
  const id = randomUUID();
  const batch: Batch = {
    id,
    cancel: false,
    progress: { batchId: id, done: 0, total: ids.length, failed: 0, flagged: 0, status: 'running', message: null },
    owner,
    purposeId,
    scope,
    startedAt: new Date().toISOString(),
  };
  batches.set(batch.id, batch);
  record(ctx, db, 'ocr.batch', 'ok', { batchId: batch.id, detectionIds: ids });
  void runBatch(ctx, db, batch, ids);
  return { batchId: batch.id, total: ids.length };
}

/** `ocr.batches`: the signed-in person's batches of this app run, newest first. */
export function listBatches(ctx: Context): { batches: OcrBatchInfo[] } {
  const owner = signedIn(ctx);
  const mine = [...batches.values()].filter((b) => b.owner === owner).reverse();
  return { batches: mine.map((b) => ({ progress: { ...b.progress }, scope: b.scope, startedAt: b.startedAt })) };
}

function signedIn(ctx: Context): string {
  if (!ctx.session) throw new CanvassError('NOT_SIGNED_IN', 'Sign in first.');
  return ctx.session.username;
}

/** The person's own batch; anyone else's is as unknown as one that never ran. */
function ownBatch(ctx: Context, batchId: string): Batch | null {
  const b = batches.get(batchId);
  return b && b.owner === signedIn(ctx) ? b : null;
}

/** Plates a batch reads at once over `engines` engines (`runBatch`). */
export const batchLanes = (engines: number): number => engines + 1;

/**
 * Reads the batch's items in one lane more than the engine pool has engines: one plate's reads alone leave the
 * engines idle between its steps, and while a plate is segmented and classified (synchronous, on the reader's
 * thread) another's renders are read. With one engine and one lane the engine idled ~30 % of a batch; two lanes
 * read us-dev at 7.0–7.2 plates/s against 5.9–6.0, the same reads. Each lane stops at a cancel or when the
 * session ends.
 */
async function runBatch(ctx: Context, db: WritableDB, batch: Batch, ids: number[]): Promise<void> {
  const p = batch.progress;
  const memo: FetchMemo = { unavailable: null };
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < ids.length && p.status === 'running') {
      if (batch.cancel) {
        p.status = 'cancelled';
        break;
      }
      if (ctx.store !== db || !ctx.session || ctx.session.locked || ctx.session.username !== batch.owner) {
        p.status = 'failed';
        p.message = 'The session was locked or ended; the batch stopped. Start it again to finish.';
        break;
      }
      if (ctx.session.purposeId !== batch.purposeId) {
        p.status = 'cancelled';
        p.message = `The purpose this batch was started under was closed; it stopped after ${p.done} of ${p.total}. Resume that purpose and start it again to finish.`;
        break;
      }
      const id = ids[next++]!;
      let row: OcrReadRow | null = null;
      try {
        row = await rereadOne(ctx, db, id, batch.id, memo);
      } catch (err) {
        p.failed++;
        p.message = (err as Error).message;
      }
      if (row?.errorCode && !row.plate) p.failed++;
      if (row && toRereadInfo(row).flagged) p.flagged++;
      p.done++;
      ctx.events.emit('ocr.progress', { ...p });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(batchLanes(readerFor().size), ids.length)) }, lane));
  if (p.status === 'running') p.status = 'finished';
  ctx.events.emit('ocr.finished', { ...p });
}

/**
 * The same purpose: the very record, or one resumed from it (resuming opens a new record with the same case
 * number, authorized purpose and description).
 */
function samePurpose(db: WritableDB, ranUnder: number, current: number | null): boolean {
  if (current === null) return false;
  if (current === ranUnder) return true;
  const a = getPurpose(db, ranUnder);
  const b = getPurpose(db, current);
  return (
    !!a &&
    !!b &&
    a.userId === b.userId &&
    a.numberKind === b.numberKind &&
    a.number === b.number &&
    a.purposeId === b.purposeId &&
    a.description === b.description
  );
}

/** `ocr.batchCancel`. */
export function cancelBatch(ctx: Context, batchId: string): { cancelling: boolean } {
  const b = ownBatch(ctx, batchId);
  if (!b || b.progress.status !== 'running') return { cancelling: false };
  b.cancel = true;
  return { cancelling: true };
}

/**
 * `ocr.report`: the batch's disagreements and failures, likeliest misreads first. Someone else's batch is
 * unknown (its reads were made under their purpose).
 */
export function report(ctx: Context, batchId: string): { progress: OcrBatchProgress | null; items: OcrRereadInfo[] } {
  const db = storeOf(ctx);
  const me = signedIn(ctx);
  const batch = batches.get(batchId) ?? null;
  const reads = readsOfBatch(db, batchId);
  if ((batch && batch.owner !== me) || reads.some((r) => r.username !== me))
    throw new CanvassError('NOT_FOUND', 'Unknown batch.');
  const ranUnder = batch?.purposeId ?? reads.find((r) => r.purposeId !== null)?.purposeId ?? null;
  if (ranUnder !== null && !samePurpose(db, ranUnder, ctx.session!.purposeId)) {
    const p = getPurpose(db, ranUnder);
    const under = p
      ? [p.number, describePurpose(ctx.profile, p).purposeLabel].filter(Boolean).join(', ')
      : 'another purpose';
    record(ctx, db, 'ocr.report', 'denied', { batchId, reason: 'another purpose' });
    throw new CanvassError(
      'FORBIDDEN',
      `This batch was run under ${under}: its results are shown only under that purpose. Resume it (Purpose → Recent) to see them.`,
    );
  }
  const items = reads
    .map(toRereadInfo)
    .filter((r) => r.diff.length > 0 || r.error)
    .sort((a, b) => b.doubt - a.doubt || (a.error ? 1 : 0) - (b.error ? 1 : 0) || a.detectionId - b.detectionId);
  record(ctx, db, 'ocr.report', 'ok', { batchId, detectionIds: items.map((i) => i.detectionId) });
  return { progress: batch ? { ...batch.progress } : null, items };
}
