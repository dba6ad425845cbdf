import type { RetroProgress } from '../../../preload/contract';

/** Messages between main and main/workers/retroHits.worker.ts (a refreshed list's retro-hit check). */
export type RetroWorkerRequest = {
  storePath: string;
  /** The store's data key, transferred and wiped once the worker has opened the store. */
  key: ArrayBuffer;
  listId: string;
  runId: number;
  from: number | undefined;
  today: string;
  /** Int32 flag: main sets it to 1 to cancel; the worker checks it between chunks. */
  cancel: SharedArrayBuffer;
};

export type RetroWorkerReply =
  | { type: 'progress'; progress: Partial<RetroProgress> }
  | { type: 'done'; outcome: 'ok' | 'cancelled' | 'failed'; found: number; error: string | null };
