import { keyForWorker, startWorker } from '../kernel/workers';
import type { SyncOptions, SyncProgress, SyncResult } from './engine';
import { type CloneScanSummary } from '../../core/detections/clones';

/**
 * Starts a sync on a worker thread and hands back its progress, its result and a way to cancel it. The
 * main thread only relays messages, so the window stays responsive during a million-record sync.
 */
export type WorkerSyncOptions = Pick<
  SyncOptions,
  | 'feeds'
  | 'windowDays'
  | 'pageSize'
  | 'commitEvery'
  | 'retry'
  | 'timeoutMs'
  | 'prefetchImages'
  | 'pushAudit'
  | 'maxPagesPerFeed'
  | 'maxQuarantined'
> & {
  /** Scan what the sync brought for cloned plates once it has finished (default true). */
  cloneScan?: boolean;
  /** The fewest rows worth a range thread of that scan when it is a full one (default 200,000; tests set it low). */
  cloneRowsPerThread?: number;
};

export type WorkerRequest =
  | {
      type: 'start';
      storePath: string;
      key: ArrayBuffer;
      serverUrl: string;
      pinnedCert: string | null;
      /** The agency's own certificate authority (PEM), if any. */
      ca?: string | null;
      token: string;
      tokenExpiresAt: number | null;
      userId: number | null;
      username: string | null;
      agencyName: string;
      workstation: string;
      options: WorkerSyncOptions;
    }
  | { type: 'cancel' };

export type WorkerReply =
  | { type: 'progress'; progress: SyncProgress }
  | { type: 'done'; result: SyncResult; token: string | null; tokenExpiresAt: number | null }
  | { type: 'clones'; summary: CloneScanSummary | null }
  | { type: 'error'; error: { code: string; message: string } };

export type SyncJob = {
  readonly result: Promise<SyncResult>;
  /** The clone scan that follows a finished sync on the same worker (null if none ran or it failed). */
  readonly clones: Promise<CloneScanSummary | null>;
  cancel(): void;
  /** The worker's thread id, for tests and diagnostics. */
  readonly threadId: number;
};

export type StartSyncArgs = Omit<Extract<WorkerRequest, { type: 'start' }>, 'type' | 'key'> & {
  dataKey: Buffer;
  onProgress?: (p: SyncProgress) => void;
  /** The server token as the sync left it (the worker refreshes it during long syncs). */
  onToken?: (token: string, expiresAt: number | null) => void;
};

export function startSyncWorker(args: StartSyncArgs): SyncJob {
  const { dataKey, onProgress, onToken, ...rest } = args;
  const worker = startWorker('sync', { resourceLimits: LIMITS });
  // The key travels in a transferred buffer: after postMessage the main thread's copy is detached.
  const key = keyForWorker(dataKey);
  let clonesDone: (s: CloneScanSummary | null) => void = () => {};
  const clones = new Promise<CloneScanSummary | null>((resolve) => (clonesDone = resolve));
  const result = new Promise<SyncResult>((resolve, reject) => {
    worker.on('message', (msg: WorkerReply) => {
      if (msg.type === 'progress') onProgress?.(msg.progress);
      else if (msg.type === 'done') {
        if (msg.token) onToken?.(msg.token, msg.tokenExpiresAt);
        resolve(msg.result);
      } else if (msg.type === 'clones') {
        clonesDone(msg.summary);
        void worker.terminate();
      } else {
        reject(Object.assign(new Error(msg.error.message), { code: msg.error.code }));
        void worker.terminate();
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      reject(new Error(`The sync worker stopped (exit ${code}) before it finished.`));
      clonesDone(null);
    });
  });
  worker.postMessage({ type: 'start', key, ...rest } satisfies WorkerRequest, [key]);
  return {
    result,
    clones,
    threadId: worker.threadId,
    cancel: () => worker.postMessage({ type: 'cancel' } satisfies WorkerRequest),
  };
}

/** The worker works page by page; a small young generation keeps its footprint well inside the RSS budget. */
const LIMITS = { maxYoungGenerationSizeMb: 24, maxOldGenerationSizeMb: 512 };
