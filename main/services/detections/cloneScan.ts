import { CanvassError } from '../../core/shared/errors';
import type { CloneOptions } from '../../core/detections/clones';
import { keyForWorker, startWorker } from '../kernel/workers';
import { type CloneScanSummary } from '../../core/detections/clones';

export type CloneScanRequest = {
  storePath: string;
  key: ArrayBuffer;
  mode: 'full' | 'incremental';
  at: string;
  options: CloneOptions;
  /** [0] set to 1 by main asks the worker to stop before its next page (nothing is saved). */
  stop: Int32Array;
};
export type CloneScanReply =
  | { summary: CloneScanSummary }
  | { cancelled: true }
  | { error: string }
  | { progress: { done: number; total: number } };

/**
 * Runs `runCloneScan` on cloneScan.worker.ts; the calling thread only waits, hearing its progress. Resolves to
 * the summary, or null when it was stopped through `control.stop`.
 */
export function scanInWorker(
  storePath: string,
  dataKey: Buffer,
  req: Omit<CloneScanRequest, 'storePath' | 'key' | 'stop'>,
  control: { stop: Int32Array; onProgress?: (done: number, total: number) => void },
): Promise<CloneScanSummary | null> {
  const key = keyForWorker(dataKey);
  const worker = startWorker('cloneScan');
  return new Promise<CloneScanSummary | null>((resolve, reject) => {
    worker.on('message', (reply: CloneScanReply) => {
      if ('progress' in reply) {
        control.onProgress?.(reply.progress.done, reply.progress.total);
        return;
      }
      void worker.terminate();
      if ('summary' in reply) resolve(reply.summary);
      else if ('cancelled' in reply) resolve(null);
      else reject(new CanvassError('INTERNAL', `The clone scan stopped: ${reply.error}`));
    });
    worker.once('error', reject);
    worker.postMessage({ storePath, key, ...req, stop: control.stop } satisfies CloneScanRequest, [key]);
  });
}
