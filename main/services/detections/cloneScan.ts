import { CanvassError } from '../../core/shared/errors';
import type { CloneOptions } from '../../core/detections/clones';
import { startWorker } from '../kernel/workers';
import { type CloneScanSummary } from '../../core/detections/clones';

export type CloneScanRequest = {
  storePath: string;
  key: ArrayBuffer;
  mode: 'full' | 'incremental';
  at: string;
  options: CloneOptions;
};
export type CloneScanReply = { summary: CloneScanSummary } | { error: string };

/** Runs `runCloneScan` on cloneScan.worker.ts; the calling thread only waits. */
export function scanInWorker(
  storePath: string,
  dataKey: Buffer,
  req: Omit<CloneScanRequest, 'storePath' | 'key'>,
): Promise<CloneScanSummary> {
  const key = new ArrayBuffer(dataKey.length);
  new Uint8Array(key).set(dataKey);
  const worker = startWorker('cloneScan');
  return new Promise<CloneScanSummary>((resolve, reject) => {
    worker.once('message', (reply: CloneScanReply) => {
      void worker.terminate();
      if ('summary' in reply) resolve(reply.summary);
      else reject(new CanvassError('INTERNAL', `The clone scan stopped: ${reply.error}`));
    });
    worker.once('error', reject);
    worker.postMessage({ storePath, key, ...req } satisfies CloneScanRequest, [key]);
  });
}
