/**
 * `evidence.build` (docs/evidence-package.md): main checks the request (the open case's collection, the narrowing,
 * the medium and its free space), records the attempt and its access-log record before anything is written, fetches
 * images the store does not hold yet, and hands the rest to the evidence worker (job.ts). Progress reaches the window
 * as `evidence.progress` events; the end as `evidence.finished`. One package is written at a time.
 */
import { randomUUID } from 'node:crypto';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { EvidenceBuildArgs, EvidenceMedium, EvidenceProgress } from '../../../preload/contract';
import { incompleteFolderName, itemNumber, packageFolderName } from '../../core/evidence/layout';
import { rateAndEta, type BagVerdict } from '../../core/evidence/verdict';
import { CanvassError } from '../../core/shared/errors';
import { inTransaction, type WritableDB } from '../../store/db';
import { getAgency } from '../../store/repos/agency';
import { bookedCount, getPackage, insertAttempt, settleAttempt } from '../../store/repos/evidencePackages';
import { heldImageBytes, imageHeld } from '../../store/repos/images';
import { record } from '../audit';
import { openCase, readCaseCollection } from '../cases';
import { storeOf, profileOf, type Context } from '../kernel/context';
import { fetchDetectionImages, refusesEveryDetection } from '../sync';
import { freeSpace, spaceNeeded } from './bagWriter';
import type { BuildJob, JobActor, JobProgress } from './job';
import { ensureEvidenceKey, signingKey } from './key';
import { settleInterrupted, toPackageInfo } from './packages';
import { CANVASS_VERSION } from './version';
import { runEvidenceJob } from './worker';

/** A package may hold at most this many detections (a case's collection rarely holds more). */
export const BUILD_MAX = 5000;
/**
 * What an image not fetched yet is assumed to take in main's first, quick free-space check (the agency's crops and
 * overviews run 10–100 kB). The worker checks again with the exact sizes before it writes anything.
 */
const UNFETCHED_IMAGE_BYTES = 60_000;

type Running = {
  attemptId: string;
  itemNumber: string;
  packageId: number;
  owner: string;
  stop: Int32Array;
  progress: EvidenceProgress;
};
const runningBuilds = new WeakMap<Context, Running>();

export function runningBuild(ctx: Context): Running | null {
  return runningBuilds.get(ctx) ?? null;
}

export function actorOf(ctx: Context): JobActor {
  const s = ctx.session!;
  return {
    userId: s.userId,
    username: s.username,
    fullName: s.fullName,
    purposeId: s.purposeId,
    agencyName: ctx.agencyName,
    workstation: ctx.workstation,
    profile: ctx.profile,
  };
}

/** The medium: an existing folder this account can write to, and its free space. */
export function checkMedium(path: string): EvidenceMedium {
  if (!isAbsolute(path))
    throw new CanvassError('INVALID_ARGUMENT', `Choose a drive or folder (“${path}” is not a full path).`);
  const dir = resolve(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new CanvassError(
      'NOT_FOUND',
      `${dir} is not there (is the drive connected?). Choose the drive or folder again.`,
    );
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new CanvassError(
      'FORBIDDEN',
      `${dir} cannot be written (read-only, or no permission). Choose another drive or folder.`,
    );
  }
  const { free, total } = freeSpace(dir);
  return { path: dir, freeBytes: free, totalBytes: total };
}

export function startBuild(
  ctx: Context,
  args: EvidenceBuildArgs,
): { attemptId: string; itemNumber: string; totalFiles: number; totalBytes: number } {
  const db = storeOf(ctx);
  const session = ctx.session!;
  const busy = runningBuild(ctx);
  if (busy)
    throw new CanvassError(
      'CONFLICT',
      `Package ${busy.itemNumber} is being written now. Wait for it to finish, or cancel it.`,
    );
  settleInterrupted(ctx, db, null);
  const key = openCase(ctx);
  const ids = [...new Set(args.detectionIds)];
  const collected = new Map(readCaseCollection(db, key.number).map((i) => [i.detectionId, i]));
  const notCollected = ids.filter((id) => !collected.has(id));
  if (notCollected.length)
    throw new CanvassError(
      'NOT_FOUND',
      `${list(notCollected, 'Detection')} not in the collection of case ${key.number}; a package holds only what the case collected. Nothing was written.`,
    );
  const purged = ids.filter((id) => !collected.get(id)!.detection);
  if (purged.length)
    throw new CanvassError(
      'NOT_FOUND',
      `${list(purged, 'Detection')} purged since collected; take ${purged.length === 1 ? 'it' : 'them'} out of the package. Nothing was written.`,
    );
  const medium = checkMedium(args.medium);
  const evidenceKey = ensureEvidenceKey(ctx);

  const detections = ids.map((id) => collected.get(id)!.detection!);
  const named = detections.flatMap((d) => [d.plateImage, d.overviewImage]).filter((s): s is string => s !== null);
  const unfetched = named.filter((s) => !imageHeld(db, s)).length;
  // Detections whose images are not all here (or that name none yet: the server may render them on request).
  const toFetch = detections
    .filter(
      (d) => (!d.plateImage && !d.overviewImage) || [d.plateImage, d.overviewImage].some((s) => s && !imageHeld(db, s)),
    )
    .map((d) => d.id);
  // Images twice (the files, and the report that shows them), and the data files.
  const estimate = 2 * (heldImageBytes(db, named) + unfetched * UNFETCHED_IMAGE_BYTES) + ids.length * 30_000;
  const totalFiles = new Set(named).size + 8;
  const need = spaceNeeded(estimate, totalFiles);

  const item = itemNumber(key.number, bookedCount(db, key.number) + 1);
  const attemptId = randomUUID();
  const finalName = packageFolderName(item);
  if (existsSync(join(medium.path, finalName)))
    throw new CanvassError(
      'CONFLICT',
      `A folder ${finalName} is already on ${medium.path}. Nothing was written: choose another drive or folder.`,
    );
  const short = medium.freeBytes < need;
  const packageId = inTransaction(db, () => {
    const id = insertAttempt(db, {
      attemptKey: attemptId,
      caseNumber: key.number,
      itemNumber: item,
      technician: session.username,
      purposeId: session.purposeId!,
      medium: medium.path,
      folder: finalName,
      detectionIds: ids,
      startedAt: ctx.nowIso(),
      keyFingerprint: evidenceKey.fingerprint,
    });
    record(ctx, db, 'evidence.build', 'ok', {
      itemNumber: item,
      caseNumber: key.number,
      medium: medium.path,
      outcome: 'started',
      detectionIds: ids,
    });
    if (short) {
      const error = {
        code: 'DISK_FULL',
        message: `The medium has ${mb(medium.freeBytes)} free; this package needs about ${mb(need)}. Nothing was written: choose a larger drive or narrow the package.`,
      };
      settleAttempt(db, id, 'failed', ctx.nowIso(), error);
      record(ctx, db, 'evidence.build', 'failed', {
        itemNumber: item,
        outcome: 'failed',
        error: error.message,
        detectionIds: ids,
      });
    }
    return id;
  });
  if (short) throw new CanvassError('DISK_FULL', getPackage(db, packageId)!.errorMessage!);

  const agency = getAgency(db);
  const state: Running = {
    attemptId,
    itemNumber: item,
    packageId,
    owner: session.username,
    stop: new Int32Array(new SharedArrayBuffer(4)),
    progress: {
      attemptId,
      itemNumber: item,
      phase: 'preparing',
      status: 'running',
      files: 0,
      totalFiles,
      bytes: 0,
      totalBytes: estimate,
      rate: 0,
      etaSeconds: null,
      message: null,
    },
  };
  runningBuilds.set(ctx, state);
  const job: Omit<BuildJob, 'key' | 'evidenceKey'> = {
    type: 'build',
    clockOffsetMs: ctx.now().getTime() - Date.now(),
    storePath: ctx.storePath,
    packageId,
    attemptKey: attemptId,
    medium: medium.path,
    tempName: incompleteFolderName(item, attemptId),
    finalName,
    actor: actorOf(ctx),
    fontsDir: ctx.fontsDir,
    stop: state.stop,
    content: {
      caseNumber: key.number,
      itemNumber: item,
      detectionIds: ids,
      technician: { username: session.username, fullName: session.fullName },
      createdAt: ctx.nowIso(),
      timeZone: profileOf(ctx).timeZone,
      agency: { name: agency?.name ?? ctx.agencyName, ori: agency?.ori ?? null },
      canvassVersion: CANVASS_VERSION,
      key: { fingerprint: evidenceKey.fingerprint, publicKeyPem: signingKey(ctx).publicPem },
      // The ALPR program's designee joins here once the access domain records one (issue 15: currentDesignee).
      designee: null,
    },
  };
  void run(ctx, db, state, job, toFetch);
  return { attemptId, itemNumber: item, totalFiles, totalBytes: estimate };
}

function emit(ctx: Context, st: Running, p: Partial<EvidenceProgress>): void {
  st.progress = { ...st.progress, ...p };
  ctx.events.emit('evidence.progress', { ...st.progress });
}

type Outcome =
  | { status: 'booked'; verdict: BagVerdict }
  | { status: 'failed' | 'cancelled'; error: { code: string; message: string } };

async function run(
  ctx: Context,
  db: WritableDB,
  st: Running,
  job: Omit<BuildJob, 'key' | 'evidenceKey'>,
  fetchFor: number[],
): Promise<void> {
  let outcome: Outcome;
  try {
    if (fetchFor.length) await fetchMissingImages(ctx, db, st, fetchFor);
    outcome =
      Atomics.load(st.stop, 0) === 1
        ? { status: 'cancelled', error: { code: 'CANCELLED', message: 'Cancelled before anything was written.' } }
        : await writeOnWorker(ctx, st, job);
  } catch (err) {
    outcome = { status: 'failed', error: { code: 'INTERNAL', message: (err as Error).message } };
  }
  finish(ctx, db, st, outcome);
}

/** The keys go to the worker in transferred buffers (main's copies of them are not touched). */
async function writeOnWorker(ctx: Context, st: Running, job: Omit<BuildJob, 'key' | 'evidenceKey'>): Promise<Outcome> {
  const dataKey = copy(ctx.dataKey!);
  const der = signingKey(ctx).privateKey.export({ type: 'pkcs8', format: 'der' });
  const evidenceKey = copy(der);
  der.fill(0);
  const result = await runEvidenceJob({ ...job, key: dataKey, evidenceKey }, [dataKey, evidenceKey], (p: JobProgress) =>
    emit(ctx, st, { ...p, message: null }),
  );
  if ('built' in result)
    return result.built.status === 'booked' ? { status: 'booked', verdict: result.built.verdict } : result.built;
  if ('error' in result) return { status: 'failed', error: result.error };
  return { status: 'failed', error: { code: 'INTERNAL', message: 'The evidence worker answered something else.' } };
}

/**
 * Images the package names but the store has never fetched come from the agency server first, four at a time. When
 * the server cannot be reached at all (offline, not enrolled) the package goes on with what the store holds, and
 * says in each detection which image is missing and why.
 */
async function fetchMissingImages(ctx: Context, db: WritableDB, st: Running, ids: readonly number[]): Promise<void> {
  const started = Date.now();
  let next = 0;
  let done = 0;
  let unreachable = false;
  const lane = async (): Promise<void> => {
    while (next < ids.length && !unreachable && Atomics.load(st.stop, 0) === 0) {
      const got = await fetchDetectionImages(ctx, db, ids[next++]!);
      if (!got.ok && refusesEveryDetection(got.reason)) unreachable = true;
      done++;
      emit(ctx, st, {
        phase: 'fetching',
        files: done,
        totalFiles: ids.length,
        bytes: 0,
        totalBytes: 0,
        ...rateAndEta(done, ids.length, Date.now() - started),
        message: got.ok ? null : got.message,
      });
    }
  };
  await Promise.all([lane(), lane(), lane(), lane()]);
}

function finish(ctx: Context, db: WritableDB, st: Running, outcome: Outcome): void {
  runningBuilds.delete(ctx);
  let pkg = null;
  try {
    // Cancelled before the worker started, or a worker that died before settling: the attempt settles here.
    const row = getPackage(db, st.packageId);
    if (row?.status === 'writing' && outcome.status !== 'booked') {
      inTransaction(db, () => {
        settleAttempt(db, st.packageId, outcome.status, ctx.nowIso(), outcome.error);
        record(ctx, db, 'evidence.build', outcome.status === 'cancelled' ? 'ok' : 'failed', {
          itemNumber: st.itemNumber,
          outcome: outcome.status,
          error: outcome.error.message,
          detectionIds: row.detectionIds,
        });
      });
    }
    const now = getPackage(db, st.packageId);
    pkg = now ? toPackageInfo(db, now) : null;
  } catch {
    /* the store closed (signed out): the attempt settles as interrupted at the next look */
  }
  const failed = outcome.status === 'booked' ? null : outcome.error;
  emit(ctx, st, { phase: 'done', status: outcome.status, etaSeconds: 0, message: failed?.message ?? null });
  ctx.events.emit('evidence.finished', {
    attemptId: st.attemptId,
    itemNumber: st.itemNumber,
    status: outcome.status,
    verdict: outcome.status === 'booked' ? outcome.verdict : null,
    package: pkg,
    error: failed,
  });
}

export function cancelBuild(ctx: Context, attemptId: string): { cancelling: boolean } {
  const st = runningBuild(ctx);
  if (!st || st.attemptId !== attemptId || st.owner !== ctx.session?.username) return { cancelling: false };
  if (st.progress.phase === 'booking' || st.progress.phase === 'done') return { cancelling: false };
  Atomics.store(st.stop, 0, 1);
  return { cancelling: true };
}

function copy(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.length);
  new Uint8Array(out).set(bytes);
  return out;
}

function list(ids: readonly number[], what: string): string {
  return ids.length === 1
    ? `${what} ${ids[0]} is`
    : `${what}s ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ` and ${ids.length - 5} more` : ''} are`;
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** `evidence.chooseMedium`: the system's folder dialog (a path in the e2e host), with the free space there. */
export async function chooseMedium(ctx: Context): Promise<EvidenceMedium | null> {
  if (!ctx.desktop)
    throw new CanvassError('CONFLICT', 'This Canvass has no folder dialog; give the medium’s path instead.');
  const path = await ctx.desktop.pickFolder('Choose the drive or folder to write the evidence package to');
  return path ? checkMedium(path) : null;
}
