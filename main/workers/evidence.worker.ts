/**
 * Evidence jobs off main's thread (services/evidence/job.ts): gathering, the report PDF, writing, fsyncing, reading
 * back and verifying a package, and booking it, on the worker's own connection to the store.
 */
import { parentPort } from 'node:worker_threads';
import { runJob, type EvidenceJob, type JobReply } from '../services/evidence/job';

const port = parentPort;
if (!port) throw new Error('workers/evidence.worker.ts runs as a worker thread');

port.once('message', (job: EvidenceJob) => {
  void runJob(job, (reply: JobReply) => port.postMessage(reply));
});
