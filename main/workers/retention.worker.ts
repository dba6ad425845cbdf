/**
 * A retention purge (services/retention/purge.ts) on its own thread and connection: removing hundreds of thousands
 * of detections takes minutes, which must not stall main's event loop. The key arrives in a transferred buffer and
 * is wiped once the store is open; progress goes back by message, and main cancels through a shared flag checked
 * between batches.
 */
import { parentPort } from 'node:worker_threads';
import { openStore, waitForWrites } from '../store/db';
import { PurgeCancelled, runPurge, settlePurge } from '../services/retention/purgeRun';
import type { PurgeWorkerReply, PurgeWorkerRequest } from '../services/retention/purgeWorker';

const port = parentPort;
if (!port) throw new Error('workers/retention.worker.ts runs as a worker thread');

function send(reply: PurgeWorkerReply): void {
  port!.postMessage(reply);
}

port.once('message', (req: PurgeWorkerRequest) => {
  const key = Buffer.from(req.key);
  let db;
  try {
    db = openStore(req.storePath, key, { migrate: false });
  } catch (err) {
    send({ type: 'done', outcome: 'failed', error: (err as Error).message });
    return;
  } finally {
    key.fill(0);
    new Uint8Array(req.key).fill(0);
  }
  const cancel = new Int32Array(req.cancel);
  const now = () => new Date(Date.now() + req.clockOffsetMs).toISOString();
  let last = 0;
  try {
    waitForWrites(db);
    runPurge(db, req.runId, req.cutoffs, req.batch, req.total, {
      cancelled: () => Atomics.load(cancel, 0) === 1,
      onProgress: (progress) => {
        const t = Date.now();
        if (t - last < 100 && progress.phase === 'detections') return;
        last = t;
        send({ type: 'progress', progress });
      },
    });
    settlePurge(db, req.runId, req.cutoffs, 'finished', null, now());
    send({ type: 'done', outcome: 'finished', error: null });
  } catch (err) {
    const cancelled = err instanceof PurgeCancelled;
    const error = cancelled
      ? 'Cancelled on request; the batches removed so far are counted, and the next run removes the rest.'
      : (err as Error).message;
    try {
      settlePurge(db, req.runId, req.cutoffs, cancelled ? 'cancelled' : 'failed', error, now());
    } catch {
      /* the run stays `running`; the next run settles it as interrupted */
    }
    send({ type: 'done', outcome: cancelled ? 'cancelled' : 'failed', error });
  } finally {
    db.close();
  }
});
