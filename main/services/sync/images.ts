/**
 * The one image-fetch service: a detection's evidence images come from the agency server into the encrypted
 * store by SHA-256 (checked before they are stored), during a sync for hits and on demand for a detection a
 * person opens (`detections.images`) or re-reads (`ocr.reread`, batches). Callers audit the access; this module
 * only fetches and says why not when it cannot.
 */
import { inTransaction, type WritableDB } from '../../store/db';
import { imageBytes, missingHitImages, namedImages, putImage } from '../../store/repos/images';
import { getSyncSettings } from '../../store/repos/sync';
import type { Context } from '../kernel/context';
import { FeedApplier } from './apply';
import { AgencyClient } from './client';
import { SyncError } from './errors';
import { trustOf } from './http';
import { DEFAULT_RETRY, withRetry, type OnRetry, type RetryPolicy } from './retry';
import { serverToken } from './service';
import type { SyncOptions } from './engine';

/** Images of hit detections are fetched during sync; each is checked against its SHA-256 before it is stored. */
export async function prefetchHitImages(
  db: WritableDB,
  options: SyncOptions,
  retry: RetryPolicy,
  onRetry: OnRetry,
): Promise<void> {
  for (const w of missingHitImages(db, 500))
    await fetchImageInto(db, options.client, w.sha, w.kind, retry, options.signal, onRetry);
}

/** Fetches one image into the encrypted store (on demand, for a record a user opens or exports). */
export async function fetchImageInto(
  db: WritableDB,
  client: AgencyClient,
  sha256: string,
  kind: 'plate' | 'overview',
  retry: RetryPolicy = DEFAULT_RETRY,
  signal?: AbortSignal,
  onRetry: OnRetry = () => undefined,
): Promise<Buffer> {
  const held = imageBytes(db, sha256);
  if (held) return held;
  const img = await withRetry(() => client.image(sha256, signal), retry, signal, onRetry);
  inTransaction(db, () =>
    putImage(db, { sha256, kind, mime: img.mime, bytes: img.bytes, fetchedAt: new Date().toISOString() }),
  );
  return img.bytes;
}

/**
 * The images of one detection, for a record a user opens or exports: fetched by SHA-256 if the detection
 * names them, otherwise rendered on the server first (its new version is applied like any feed record). A
 * camera may keep only an overview (or only a crop): the image it did not keep is null. Null when the
 * detection names no image even after the server was asked.
 */
export async function ensureDetectionImages(
  db: WritableDB,
  client: AgencyClient,
  detectionId: number,
  retry: RetryPolicy = DEFAULT_RETRY,
  signal?: AbortSignal,
): Promise<{ plate: Buffer | null; overview: Buffer | null } | null> {
  let row = namedImages(db, detectionId);
  if (!row) return null;
  if (row.plate === null && row.overview === null) {
    const record = await withRetry(
      () => client.requestImages(detectionId, signal),
      retry,
      signal,
      () => undefined,
    );
    const applier = new FeedApplier(db, { now: () => new Date(), audit: () => undefined, userChanges: [] });
    inTransaction(db, () => applier.apply('detections', [record]));
    row = namedImages(db, detectionId)!;
    if (row.plate === null && row.overview === null) return null;
  }
  const plate = row.plate ? await fetchImageInto(db, client, row.plate, 'plate', retry, signal) : null;
  const overview = row.overview ? await fetchImageInto(db, client, row.overview, 'overview', retry, signal) : null;
  return { plate, overview };
}

/** Short timeouts: a person is waiting for the detail view or the re-read. */
const FETCH_RETRY = { attempts: 2, baseMs: 250, maxMs: 1000 };
const FETCH_TIMEOUT_MS = 15_000;

/**
 * Why a fetch did not bring the images. `absent` is about this detection only; the others hold for every
 * detection until the workstation is enrolled, signed in to the server or back online, so a batch stops asking.
 */
export type FetchRefusal = 'unenrolled' | 'no-server-session' | 'unreachable' | 'absent' | 'refused';
export type FetchOutcome = { ok: true } | { ok: false; reason: FetchRefusal; message: string };

/** A refusal that will hold for the next detection too (offline, not enrolled, no server session). */
export function refusesEveryDetection(reason: FetchRefusal): boolean {
  return reason !== 'absent' && reason !== 'refused';
}

/** Fetches a detection's plate crop and overview from the agency server (the server renders missing ones). */
export async function fetchDetectionImages(ctx: Context, db: WritableDB, detectionId: number): Promise<FetchOutcome> {
  const settings = getSyncSettings(db);
  if (!settings)
    return refused(
      'unenrolled',
      'The images are not on this workstation, and it is not enrolled with an agency server to fetch them from.',
    );
  let token: { value: string };
  try {
    token = await serverToken(ctx, null);
  } catch {
    return refused(
      'no-server-session',
      'The images are not on this workstation yet. Sync (or sign in again while connected) to fetch them from the agency server.',
    );
  }
  const client = new AgencyClient(settings.serverUrl, { ...trustOf(settings), timeoutMs: FETCH_TIMEOUT_MS });
  client.token = token.value;
  try {
    const got = await ensureDetectionImages(db, client, detectionId, FETCH_RETRY);
    return got
      ? { ok: true }
      : refused(
          'absent',
          'The agency server has no images for this detection (none were recorded, or they were purged).',
        );
  } catch (err) {
    // A 4xx other than an expired session or a rate limit is the server's answer about this detection.
    const status = err instanceof SyncError ? err.status : null;
    const aboutThisOne = status !== null && status >= 400 && status < 500 && status !== 401 && status !== 429;
    return refused(
      aboutThisOne ? 'refused' : 'unreachable',
      `The images could not be fetched from the agency server: ${(err as Error).message}`,
    );
  } finally {
    client.close();
  }
}

function refused(reason: FetchRefusal, message: string): FetchOutcome {
  return { ok: false, reason, message };
}
