import { CanvassError } from '../../core/shared/errors';
import { startWorker } from '../kernel/workers';
import type { EvidenceJob, JobProgress, JobReply } from './job';

export type JobResult = Exclude<JobReply, { progress: JobProgress }>;

/** Runs one job on evidence.worker.ts; main only waits and relays its progress. */
export function runEvidenceJob(
  job: EvidenceJob,
  transfer: ArrayBuffer[] = [],
  onProgress: (p: JobProgress) => void = () => undefined,
): Promise<JobResult> {
  const worker = startWorker('evidence');
  return new Promise<JobResult>((resolve, reject) => {
    let settled = false;
    worker.on('message', (reply: JobReply) => {
      if ('progress' in reply) return onProgress(reply.progress);
      settled = true;
      void worker.terminate();
      resolve(reply);
    });
    worker.once('error', (err) => {
      if (!settled) reject(new CanvassError('INTERNAL', `The evidence worker failed: ${err.message}`));
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new CanvassError('INTERNAL', `The evidence worker stopped (exit ${code}).`));
      settled = true;
    });
    worker.postMessage(job, transfer);
  });
}
