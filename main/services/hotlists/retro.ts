import type { RetroProgress } from '../../../preload/contract';
import { CanvassError } from '../../core/shared/errors';
import { inTransaction, type WritableDB } from '../../store/db';
import {
  alertsArrivedSince,
  getHotlist,
  listHotlists,
  liveEntriesOf,
  markListChecked,
  uncheckedAgencyEntries,
  type EntryRow,
  type HotlistRow,
} from '../../store/repos/hotlists';
import { startRetroRun, finishRetroRun, lastRetroRuns } from '../../store/repos/retroHits';
import { lastRun } from '../../store/repos/sync';
import { record } from '../audit';
import { storeOf, type Context } from '../kernel/context';
import { keyForWorker, startWorker } from '../kernel/workers';
import { findRetroHits, saveRetroHits, type RetroWindow } from './retroCheck';
import { policyOf } from './views';
import type { RetroWorkerReply, RetroWorkerRequest } from './retroWorker';

/**
 * Retro-hits (docs/hotlists.md): when an entry is approved, or a general list refreshes, the detections already in
 * the store (within the policy's retention) are checked for its plates — exactly, and with the search's similar
 * characters and near misses — and listed as historical hits of the entry, ranked by match quality. One entry
 * is checked here, at once (milliseconds); a refreshed list runs on its own worker thread and connection, with
 * progress events and cancel.
 */

type Running = { runId: number; cancel: Int32Array; done: Promise<void>; progress: RetroProgress };
type Held = { running: Running | null; queue: string[] };
const held = new WeakMap<Context, Held>();

function state(ctx: Context): Held {
  let h = held.get(ctx);
  if (!h) held.set(ctx, (h = { running: null, queue: [] }));
  return h;
}

export function retroWindow(ctx: Context): RetroWindow {
  const p = policyOf(ctx);
  return { from: p.keptSince ?? undefined, today: p.today };
}

/** A refreshed list with at most this many live entries is checked on this thread (milliseconds), not a worker. */
const IN_PROCESS_ENTRIES = 40;

/** Checks a few entries now, on this thread, and records what was found (with `list`, that list is checked). */
export function checkEntriesNow(
  ctx: Context,
  db: WritableDB,
  entries: EntryRow[],
  trigger: 'approval' | 'refresh' | 'request',
  list: HotlistRow | null = null,
): { runId: number; found: number } {
  if (entries.length === 0 && !list) return { runId: 0, found: 0 };
  const at = ctx.nowIso();
  const found = findRetroHits(db, entries, retroWindow(ctx));
  return inTransaction(db, () => {
    const runId = startRetroRun(db, { listId: list?.id ?? null, trigger, at, entries: entries.length });
    saveRetroHits(db, entries, found, runId, at);
    if (list) markListChecked(db, list.id, list.refreshedAt);
    finishRetroRun(db, runId, { at: ctx.nowIso(), outcome: 'ok', found: found.length, error: null });
    record(ctx, db, 'hotlists.retroCheck', 'ok', {
      trigger,
      listId: list?.id ?? null,
      entryIds: entries.map((e) => e.id),
      plates: entries.map((e) => e.plate),
      found: found.length,
      detectionIds: found.slice(0, 2000).map((f) => f.detectionId),
    });
    return { runId, found: found.length };
  });
}

/** Starts the check of a general list's live entries on a worker (queued behind one already running). */
export function checkList(ctx: Context, listId: string, trigger: 'refresh' | 'request'): { runId: number } {
  const db = storeOf(ctx);
  const list = getHotlist(db, listId);
  if (!list) throw new CanvassError('NOT_FOUND', `There is no hot list “${listId}”.`);
  const h = state(ctx);
  if (h.running) {
    if (h.running.progress.listId === listId) return { runId: h.running.runId };
    if (!h.queue.includes(listId)) h.queue.push(listId);
    return { runId: 0 };
  }
  const { today, from } = retroWindow(ctx);
  const entries = liveEntriesOf(db, listId, today).length;
  const runId = inTransaction(db, () => startRetroRun(db, { listId, trigger, at: ctx.nowIso(), entries }));
  const cancel = new Int32Array(new SharedArrayBuffer(4));
  const progress: RetroProgress = {
    runId,
    listId,
    listName: list.name,
    phase: 'dictionary',
    done: 0,
    total: entries,
    entries,
    found: 0,
    status: 'running',
    message: null,
  };
  const emit = (p: Partial<RetroProgress>) => {
    Object.assign(progress, p);
    ctx.events.emit('hotlists.retroProgress', { ...progress });
  };
  const key = keyForWorker(ctx.dataKey!);
  const worker = startWorker('retroHits');
  worker.unref();
  const done = new Promise<void>((resolve) => {
    const finish = (reply: Extract<RetroWorkerReply, { type: 'done' }>) => {
      void worker.terminate();
      h.running = null;
      emit({
        phase: 'done',
        status: reply.outcome === 'ok' ? 'finished' : reply.outcome,
        found: reply.found,
        message: reply.error,
      });
      if (ctx.store)
        inTransaction(ctx.store, () =>
          record(ctx, ctx.store!, 'hotlists.retroCheck', reply.outcome === 'ok' ? 'ok' : 'failed', {
            trigger,
            listId,
            runId,
            outcome: reply.outcome,
            entries,
            found: reply.found,
            error: reply.error,
          }),
        );
      resolve();
      const next = h.queue.shift();
      if (next && ctx.store) checkList(ctx, next, trigger);
    };
    worker.on('message', (reply: RetroWorkerReply) => {
      if (reply.type === 'progress') emit(reply.progress);
      else finish(reply);
    });
    worker.once('error', (err) => finish({ type: 'done', outcome: 'failed', found: 0, error: err.message }));
  });
  h.running = { runId, cancel, done, progress };
  worker.postMessage(
    {
      storePath: ctx.storePath,
      key,
      listId,
      runId,
      from,
      today,
      cancel: cancel.buffer as SharedArrayBuffer,
    } satisfies RetroWorkerRequest,
    [key],
  );
  emit({});
  return { runId };
}

export function cancelCheck(ctx: Context, runId: number): { cancelling: boolean } {
  const r = state(ctx).running;
  if (!r || r.runId !== runId) return { cancelling: false };
  state(ctx).queue.length = 0;
  Atomics.store(r.cancel, 0, 1);
  return { cancelling: true };
}

export function checkStatus(ctx: Context): RetroProgress | null {
  return state(ctx).running ? { ...state(ctx).running!.progress } : null;
}

/** Waits for the running list check, if any (tests, and before the store closes). */
export async function retroSettled(ctx: Context): Promise<void> {
  for (let r = state(ctx).running; r; r = state(ctx).running) await r.done;
}

/**
 * After a sync: announce the alerts that arrived (without taking focus: the renderer shows it in a live
 * region), check the agency entries that went live, and the general lists whose refresh is newer than their
 * last check.
 */
export function afterSync(ctx: Context): void {
  const db = ctx.store;
  if (!db || !ctx.session || !ctx.profile) return;
  const run = lastRun(db);
  const since = run?.startedAt ?? new Date(0).toISOString();
  const newAlerts = alertsArrivedSince(db, since);
  const openAlerts = alertsArrivedSince(db, new Date(0).toISOString());
  ctx.events.emit('hits.arrived', { newAlerts, openAlerts, at: ctx.nowIso() });
  const { today } = retroWindow(ctx);
  const unchecked = uncheckedAgencyEntries(db, today);
  if (unchecked.length) checkEntriesNow(ctx, db, unchecked, 'approval');
  for (const l of listHotlists(db)) {
    if (l.general !== 1 || l.retroCheckedRefresh === l.refreshedAt) continue;
    const live = liveEntriesOf(db, l.id, today);
    if (live.length <= IN_PROCESS_ENTRIES) checkEntriesNow(ctx, db, live, 'refresh', l);
    else checkList(ctx, l.id, 'refresh');
  }
}

export function lastRuns(ctx: Context) {
  return lastRetroRuns(storeOf(ctx), 10);
}
