/**
 * Fetching a detection's evidence images from the agency server into the encrypted store, on demand: shared by
 * the detail view (`detections.images`) and the OCR re-read (`ocr.reread`, batches). Callers audit the access;
 * this module only fetches and says why not when it cannot.
 */
import { getSyncSettings } from '../../store/repos/sync';
import type { Context } from '../kernel/context';
import { AgencyClient } from './client';
import { trustOf } from './http';
import { ensureDetectionImages } from './engine';
import { SyncError } from './errors';
import { serverToken } from './service';
import type { ReadableDB, WritableDB } from '../../store/db';

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

/** True when the store holds the bytes of this image. */
export function imageHeld(db: ReadableDB, sha256: string | null): boolean {
  return !!sha256 && !!db.prepare('SELECT 1 FROM images WHERE sha256 = ? AND bytes IS NOT NULL').get(sha256);
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
