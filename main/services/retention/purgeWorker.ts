import type { PurgeCutoffs } from '../../core/retention/plan';
import type { PurgeProgress } from '../../../preload/contract';

/** Messages between main and main/workers/retention.worker.ts (a purge on its own thread and connection). */
export type PurgeWorkerRequest = {
  storePath: string;
  /** The store's data key, transferred and wiped once the worker has opened the store. */
  key: ArrayBuffer;
  runId: number;
  cutoffs: PurgeCutoffs;
  /** Detections per transaction: small enough that main's writes (the access log) wait a few ms at most. */
  batch: number;
  /** Int32 flag: main sets it to 1 to cancel; the worker checks it between batches. */
  cancel: SharedArrayBuffer;
  /** Due detections counted by the preview: the progress bar's total. */
  total: number;
  /** The app's clock minus the system's (tests inject a clock): the run's finish time is read on the app's clock. */
  clockOffsetMs: number;
};

export type PurgeWorkerReply =
  | { type: 'progress'; progress: Partial<PurgeProgress> }
  | { type: 'done'; outcome: 'finished' | 'cancelled' | 'failed'; error: string | null };
