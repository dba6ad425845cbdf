import { existsSync, statSync } from 'node:fs';
import type {
  PurgePreview,
  PurgeProgress,
  PurgeRun,
  RetentionKind,
  RetentionKindInfo,
} from '../../../preload/contract';
import {
  kindBound,
  purgeCutoffs,
  purgePlan,
  PURGED_KINDS,
  tighteningProblem,
  type PurgePlan,
  type Tightening,
} from '../../core/retention/plan';
import { DATA_CLOCKS } from '../../core/retention/records';
import { canonicalJson } from '../../core/shared/canonicalJson';
import { startOfLocalDay } from '../../core/shared/calendar';
import { CanvassError } from '../../core/shared/errors';
import { inTransaction, type ReadableDB } from '../../store/db';
import { getDocument } from '../../store/repos/documents';
import {
  duePreview,
  getRun,
  lastRunStartedSince,
  listRuns,
  settleInterruptedRuns,
  startRun,
  storeBytes,
  uncertifiedRuns,
  type RunRow,
} from '../../store/repos/retention';
import { getSetting, putSetting } from '../../store/repos/settings';
import { record } from '../audit';
import { profileOf, storeOf, type Context } from '../kernel/context';
import { keyForWorker, startWorker } from '../kernel/workers';
import { issueCertificate } from './certificate';
import { holds, holdsForReview, todayOf } from './holds';
import { departmentRecords } from './records';
import type { PurgeWorkerReply, PurgeWorkerRequest } from './purgeWorker';

/**
 * The purge (docs/retention.md): previewed (what would go, by kind and capture month, and what is held), then run on
 * a worker thread with its own connection in batches, with progress events and cancel; at the end the run is
 * recorded in the access log with its counts, capture span and id hash, and its deletion certificate is issued.
 * It runs when an administrator asks, and by itself once a day while someone is signed in.
 */

const TIGHTENING_KEY = 'retention.keepDays';
/** Detections per transaction: each holds the write lock for a few tens of ms (measured in the bench). */
export const PURGE_BATCH = 2_000;

type Running = { runId: number; cancel: Int32Array; done: Promise<void>; progress: PurgeProgress };
const running = new WeakMap<Context, Running>();

export function tighteningOf(db: ReadableDB): Tightening {
  const row = getSetting(db, TIGHTENING_KEY);
  return row ? (JSON.parse(row.value) as Tightening) : {};
}

export function planOf(ctx: Context): PurgePlan {
  return purgePlan(profileOf(ctx), tighteningOf(storeOf(ctx)), ctx.now());
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function kindsInfo(ctx: Context, plan: PurgePlan): RetentionKindInfo[] {
  const profile = profileOf(ctx);
  return PURGED_KINDS.map((kind) => {
    const b = kindBound(profile, kind);
    const due =
      kind === 'hit'
        ? plan.hit
        : [plan[kind].general, plan[kind].fixed, plan[kind].mobile].reduce<number | null>(
            (a, x) => (x === null ? a : a === null ? x : Math.max(a, x)),
            null,
          );
    return {
      kind,
      profileText: b.text,
      cite: b.cite,
      minDays: b.minDays,
      maxDays: b.maxDays,
      clock: DATA_CLOCKS[kind],
      tightenable: !b.indefinitely && (b.maxDays === null || b.maxDays >= b.minDays),
      keepDays: plan.tightening[kind] ?? null,
      dueBefore: iso(due),
    };
  });
}

export function preview(ctx: Context, log = true): PurgePreview {
  const db = storeOf(ctx);
  const plan = planOf(ctx);
  const p = duePreview(db, purgeCutoffs(plan));
  const out: PurgePreview = {
    today: plan.today,
    kinds: kindsInfo(ctx, plan),
    byMonth: p.detections,
    detections: p.detections.reduce((n, b) => n + b.count, 0),
    hits: p.hits,
    images: p.images,
    ocrReads: p.ocrReads,
    held: p.held,
    keptByHit: p.keptByHit,
    firstSeenAt: iso(p.firstSeenAt),
    lastSeenAt: iso(p.lastSeenAt),
    holds: holds(ctx, false),
    reviewDue: holdsForReview(ctx),
    accessLog:
      'The access log is never purged by a timer: it is a record of the department (Gov. Code § 34090), destroyed under the records retention schedule.',
    records: departmentRecords(ctx),
  };
  if (log)
    inTransaction(db, () =>
      record(ctx, db, 'retention.preview', 'ok', {
        today: plan.today,
        detections: out.detections,
        hits: out.hits,
        images: out.images,
        held: out.held,
      }),
    );
  return out;
}

export function tighten(ctx: Context, keepDays: Partial<Record<RetentionKind, number | null>>): PurgePreview {
  const db = storeOf(ctx);
  const next: Tightening = { ...tighteningOf(db) };
  for (const k of PURGED_KINDS) {
    const v = keepDays[k];
    if (v === null) delete next[k];
    else if (v !== undefined) next[k] = v;
  }
  const problem = tighteningProblem(profileOf(ctx), next);
  if (problem) throw new CanvassError('INVALID_ARGUMENT', problem);
  inTransaction(db, () => {
    putSetting(db, {
      key: TIGHTENING_KEY,
      value: canonicalJson(next),
      updatedAt: ctx.nowIso(),
      updatedBy: ctx.session!.username,
    });
    record(ctx, db, 'retention.tighten', 'ok', { keepDays: next });
  });
  return preview(ctx, false);
}

/** A run's facts as the screens and the access log see them: counts, capture span, id hash, sizes. */
function runFacts(r: RunRow) {
  return {
    trigger: r.trigger,
    status: r.status,
    detections: r.detections,
    hits: r.hits,
    images: r.images,
    ocrReads: r.ocrReads,
    firstSeenAt: iso(r.firstSeenAt),
    lastSeenAt: iso(r.lastSeenAt),
    idsSha256: r.idsSha256,
    held: r.held,
    bytesBefore: r.bytesBefore,
    bytesAfter: r.bytesAfter,
  };
}

export function toRunInfo(db: ReadableDB, r: RunRow): PurgeRun {
  const doc = r.certificateId ? getDocument(db, r.certificateId) : null;
  const { subject: _subject, ...certificate } = doc ?? { subject: null };
  return {
    id: r.id,
    ...runFacts(r),
    startedBy: r.startedBy,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    error: r.error,
    certificate: doc ? (certificate as PurgeRun['certificate']) : null,
  };
}

export function runs(ctx: Context): PurgeRun[] {
  const db = storeOf(ctx);
  return listRuns(db).map((r) => toRunInfo(db, r));
}

function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * Starts a purge on a worker (or answers the run already going). Runs a crash left `running` are settled
 * `interrupted` first, with a certificate of what they removed.
 */
export function startPurge(ctx: Context, trigger: 'schedule' | 'request'): { runId: number } {
  const now = running.get(ctx);
  if (now) return { runId: now.runId };
  const db = storeOf(ctx);
  const plan = planOf(ctx);
  const cutoffs = purgeCutoffs(plan);
  // Runs a crash left `running`, and runs that ended while the store was closed, get their certificate now.
  inTransaction(db, () => settleInterruptedRuns(db, ctx.nowIso()));
  const interrupted = uncertifiedRuns(db);
  const total = duePreview(db, cutoffs).detections.reduce((n, b) => n + b.count, 0);
  const runId = inTransaction(db, () =>
    startRun(db, {
      trigger,
      startedBy: trigger === 'request' ? ctx.session!.username : null,
      startedAt: ctx.nowIso(),
      plan: canonicalJson({ today: plan.today, cutoffs, tightening: plan.tightening }),
      bytesBefore: storeBytes(db) + fileBytes(`${ctx.storePath}-wal`),
    }),
  );
  const cancel = new Int32Array(new SharedArrayBuffer(4));
  const progress: PurgeProgress = { runId, phase: 'detections', done: 0, total, status: 'running', message: null };
  const emit = (p: Partial<PurgeProgress>) => {
    Object.assign(progress, p);
    ctx.events.emit('retention.progress', { ...progress });
  };
  const key = keyForWorker(ctx.dataKey!);
  const worker = startWorker('retention');
  worker.unref();
  const done = new Promise<void>((resolve) => {
    let settled = false;
    const finish = async (reply: Extract<PurgeWorkerReply, { type: 'done' }>) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      try {
        if (ctx.store) {
          for (const id of interrupted) await certify(ctx, id);
          const run = await certify(ctx, runId);
          emit({ phase: 'done', status: run.status, message: reply.error });
          ctx.events.emit('retention.finished', run);
        }
      } catch (err) {
        emit({ phase: 'done', status: 'failed', message: (err as Error).message });
      } finally {
        running.delete(ctx);
        resolve();
      }
    };
    worker.on('message', (reply: PurgeWorkerReply) => {
      if (reply.type === 'progress') emit(reply.progress);
      else void finish(reply);
    });
    worker.once('error', (err) => void finish({ type: 'done', outcome: 'failed', error: err.message }));
  });
  running.set(ctx, { runId, cancel, done, progress });
  ctx.beforeStoreCloses(() => Atomics.store(cancel, 0, 1));
  worker.postMessage(
    {
      storePath: ctx.storePath,
      key,
      runId,
      cutoffs,
      batch: PURGE_BATCH,
      cancel: cancel.buffer as SharedArrayBuffer,
      total,
      clockOffsetMs: ctx.now().getTime() - Date.now(),
    } satisfies PurgeWorkerRequest,
    [key],
  );
  emit({});
  return { runId };
}

/** What the access log keeps of a run: counts by kind, the capture span, the id hash — never an id list or a plate. */
function runRecord(r: RunRow): Record<string, string | number | null> {
  return { runId: r.id, ...runFacts(r), certificateId: r.certificateId };
}

/** Issues the run's certificate and records the run in the access log with it. */
async function certify(ctx: Context, runId: number): Promise<PurgeRun> {
  const db = storeOf(ctx);
  let run = getRun(db, runId)!;
  let problem: string | null = null;
  let signed: { signature: string; keyFingerprint: string } | null = null;
  if (!run.certificateId) {
    try {
      signed = await issueCertificate(ctx, run, kindsInfo(ctx, purgePlanFromRun(ctx, run)));
    } catch (err) {
      problem = (err as Error).message;
    }
    run = getRun(db, runId)!;
  }
  inTransaction(db, () =>
    record(ctx, db, 'retention.purge', run.status === 'finished' ? 'ok' : 'failed', {
      ...runRecord(run),
      certificateSignature: signed?.signature ?? null,
      keyFingerprint: signed?.keyFingerprint ?? null,
      certificateProblem: problem,
    }),
  );
  return toRunInfo(db, run);
}

/** The plan as the run recorded it (the certificate states the rules the run applied, not today's). */
function purgePlanFromRun(ctx: Context, run: RunRow): PurgePlan {
  const recorded = JSON.parse(run.plan) as { today?: string; tightening?: Tightening };
  const profile = profileOf(ctx);
  const at = recorded.today ? startOfLocalDay(recorded.today, profile.timeZone) : new Date(run.startedAt);
  return purgePlan(profile, recorded.tightening ?? {}, at);
}

export function cancelPurge(ctx: Context, runId: number): { cancelling: boolean } {
  const r = running.get(ctx);
  if (!r || r.runId !== runId) return { cancelling: false };
  Atomics.store(r.cancel, 0, 1);
  return { cancelling: true };
}

export function purgeStatus(ctx: Context): PurgeProgress | null {
  const r = running.get(ctx);
  return r ? { ...r.progress } : null;
}

/** Waits for the running purge, if any (tests, and before the store closes). */
export async function purgeSettled(ctx: Context): Promise<void> {
  for (let r = running.get(ctx); r; r = running.get(ctx)) await r.done;
}

/** The daily schedule: a purge when none has started since the start of the agency's day. */
export function scheduledPurgeDue(ctx: Context): boolean {
  if (!ctx.store || !ctx.session || ctx.session.locked || !ctx.profile || !ctx.dataKey) return false;
  if (running.get(ctx)) return false;
  const dayStart = startOfLocalDay(todayOf(ctx), ctx.profile.timeZone).toISOString();
  return lastRunStartedSince(ctx.store, dayStart) === null;
}

const SCHEDULE_CHECK_MS = 60_000;

/** Checks once a minute whether today's purge has run; starts it if not. Returns the stopper. */
export function startRetentionSchedule(ctx: Context): () => void {
  const timer = setInterval(() => {
    try {
      if (scheduledPurgeDue(ctx)) startPurge(ctx, 'schedule');
    } catch (err) {
      process.emitWarning(`Canvass: the scheduled purge did not start: ${(err as Error).message}`);
    }
  }, SCHEDULE_CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * A run's certificate opens in the system's PDF viewer. The certificate names no plate (counts, dates, hold
 * authorities), so it is an administrator's document, not an ALPR read; opening it is logged all the same.
 */
export async function openCertificate(ctx: Context, runId: number): Promise<{ opened: boolean; path: string }> {
  const db = storeOf(ctx);
  const run = getRun(db, runId);
  if (!run) throw new CanvassError('NOT_FOUND', `There is no purge run #${runId}.`);
  const doc = run.certificateId ? getDocument(db, run.certificateId) : null;
  if (!doc?.path || !existsSync(doc.path))
    throw new CanvassError(
      'NOT_FOUND',
      doc
        ? `The certificate of run #${runId} is not where it was written (${doc.path}).`
        : `Run #${runId} has no certificate yet: it is issued when the run ends.`,
    );
  inTransaction(db, () => record(ctx, db, 'retention.openCertificate', 'ok', { runId, documentId: doc.id }));
  if (!ctx.desktop) return { opened: false, path: doc.path };
  await ctx.desktop.openPath(doc.path);
  return { opened: true, path: doc.path };
}
