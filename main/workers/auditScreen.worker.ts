/**
 * Screens an audit's period, or one stretch of it, on its own read-only connection
 * (services/audit/screenPeriod.ts). A worker that joins others replies to main; the others send their stretch to it.
 */
import { parentPort } from 'node:worker_threads';
import { runScreenJob, type ScreenJob } from '../services/audit/screenPeriod';

parentPort?.once('message', (job: ScreenJob) => {
  runScreenJob(job).then(
    (result) => {
      if (job.port && !job.joins) {
        job.port.postMessage({ stretch: result });
        job.port.close();
      } else parentPort?.postMessage({ reply: result });
    },
    (err: unknown) => {
      const error = (err as Error).message;
      if (job.port && !job.joins) job.port.postMessage({ error });
      else parentPort?.postMessage({ error });
    },
  );
});
