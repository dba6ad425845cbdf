/**
 * The batch re-read the person started, outside any component: its progress outlives the dialog, the results
 * table and a visit to another screen (the search screen unmounts), and main's events reach it wherever the
 * person is. One batch at a time from this window; main runs it in the background either way.
 */
import { useSyncExternalStore } from 'react';
import type { OcrBatchInfo, OcrBatchProgress, OcrRereadInfo } from '../../../../preload/contract';
import { call, errorMessage, on } from '../../bridge';
import { recordRate } from './estimate';

export type BatchReport = { items: OcrRereadInfo[] } | { error: string };

export type RereadBatch = {
  batchId: string;
  /** Whose batch: another person signing in on this window does not see it. */
  username: string;
  /** What was re-read, in words ("40 detections of the search results"). */
  scope: string;
  startedAt: number;
  progress: OcrBatchProgress;
  /** Loaded when the batch ends (finished, cancelled or stopped). */
  report: BatchReport | null;
  cancelling: boolean;
};

let current: RereadBatch | null = null;
const listeners = new Set<() => void>();
let unsubscribe: (() => void) | null = null;
/** Events that arrive before `ocr.batchStart` answers with the batch's id. */
const early = new Map<string, OcrBatchProgress>();

function set(next: RereadBatch | null): void {
  current = next;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useRereadBatch(username: string): RereadBatch | null {
  const batch = useSyncExternalStore(subscribe, () => current);
  return batch && batch.username === username ? batch : null;
}

export function isRunning(b: RereadBatch | null): boolean {
  return b?.progress.status === 'running';
}

function apply(p: OcrBatchProgress): void {
  if (!current || current.batchId !== p.batchId) {
    early.set(p.batchId, p);
    return;
  }
  // Events can overtake each other's handlers only in order; never go backwards.
  if (p.done < current.progress.done && p.status === 'running') return;
  set({ ...current, progress: p });
  if (p.status !== 'running') void finish();
}

function listen(): void {
  if (unsubscribe) return;
  const offProgress = on('ocr.progress', apply);
  const offFinished = on('ocr.finished', apply);
  unsubscribe = () => {
    offProgress();
    offFinished();
    unsubscribe = null;
  };
}

async function finish(): Promise<void> {
  const b = current;
  if (!b || b.report) return;
  unsubscribe?.();
  early.clear();
  const seconds = (Date.now() - b.startedAt) / 1000;
  if (b.progress.status === 'finished' && b.progress.done > 0) recordRate(b.progress.done / seconds);
  let report: BatchReport;
  try {
    const r = await call('ocr.report', { batchId: b.batchId });
    report = { items: r.items };
  } catch (e) {
    report = { error: errorMessage(e) };
  }
  if (current?.batchId === b.batchId) set({ ...current, report });
}

/** Starts a batch; throws the refusal (purpose closed, too many detections) for the dialog to show. */
export async function startBatch(detectionIds: number[], scope: string, username: string): Promise<void> {
  listen();
  try {
    const { batchId, total } = await call('ocr.batchStart', { detectionIds, scope });
    set({
      batchId,
      username,
      scope,
      startedAt: Date.now(),
      progress: { batchId, done: 0, total, failed: 0, flagged: 0, status: 'running', message: null },
      report: null,
      cancelling: false,
    });
    const seen = early.get(batchId);
    early.clear();
    if (seen) apply(seen);
  } catch (e) {
    unsubscribe?.();
    throw e;
  }
}

/**
 * After a reload the window has forgotten its batch but main has not: take up the person's running batch
 * again (its progress, Stop, and the report when it ends).
 */
export async function recoverBatch(username: string): Promise<void> {
  if (current?.username === username) return;
  listen();
  let running: OcrBatchInfo | undefined;
  try {
    running = (await call('ocr.batches')).batches.find((b) => b.progress.status === 'running');
  } catch {
    // No purpose open yet (or signed out meanwhile): nothing to take up; a batch started later reports itself.
  }
  if (!running || current?.username === username) {
    if (!current) unsubscribe?.();
    return;
  }
  const { progress } = running;
  set({
    batchId: progress.batchId,
    username,
    scope: running.scope ?? `${progress.total} detections`,
    startedAt: Date.parse(running.startedAt),
    progress,
    report: null,
    cancelling: false,
  });
  const seen = early.get(progress.batchId);
  early.clear();
  if (seen) apply(seen);
}

/** Asks main to stop after the item in hand; the `ocr.finished` event says when it has. */
export async function cancelBatch(): Promise<void> {
  const b = current;
  if (!b || !isRunning(b)) return;
  set({ ...b, cancelling: true });
  try {
    const { cancelling } = await call('ocr.batchCancel', { batchId: b.batchId });
    // Already over: the finished event is on its way or came first.
    if (!cancelling && current?.batchId === b.batchId) set({ ...current, cancelling: false });
  } catch (e) {
    if (current?.batchId === b.batchId) set({ ...current, cancelling: false });
    throw e;
  }
}

/** Forgets an ended batch (its reads stay in each detection's history). */
export function dismissBatch(): void {
  if (current && !isRunning(current)) set(null);
}
