/**
 * A requested clone scan (`search.clonedPlates` with `scan`) on a worker thread with its own connection: a full
 * scan reads every detection (~20 s at 10 M), which must not stall main's event loop and with it the window.
 * The key arrives in a transferred buffer and is wiped once the scan is done (a full scan's range threads,
 * cloneRanges.ts, open the store with it). Progress goes back as messages before each page; main asks it to
 * stop through a shared flag, checked at the same place (and while it waits for its range threads).
 */
import { availableParallelism } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { openStore, waitForWrites } from '../store/db';
import { runCloneScan, ScanCancelled } from '../services/detections/clones';
import type { CloneScanRequest, CloneScanReply } from '../services/detections/cloneScan';

const port = parentPort;
if (!port) throw new Error('workers/cloneScan.worker.ts runs as a worker thread');

port.once('message', (req: CloneScanRequest) => {
  let reply: CloneScanReply;
  try {
    // The key (a view of the transferred buffer) is kept until the scan is done: a full scan's range threads
    // open the store with it.
    const key = Buffer.from(req.key);
    let db;
    try {
      db = openStore(req.storePath, key, { migrate: false });
    } catch (err) {
      key.fill(0);
      throw err;
    }
    try {
      waitForWrites(db);
      const watch = {
        step(done: number, total: number) {
          if (Atomics.load(req.stop, 0) === 1) throw new ScanCancelled();
          port.postMessage({ progress: { done, total } } satisfies CloneScanReply);
        },
      };
      const parallel = { source: { path: req.storePath, key }, threads: availableParallelism() };
      reply = { summary: runCloneScan(db, req.mode, req.at, req.options, [], watch, parallel) };
    } finally {
      key.fill(0);
      db.close();
    }
  } catch (err) {
    reply = err instanceof ScanCancelled ? { cancelled: true } : { error: (err as Error).message };
  }
  port.postMessage(reply);
});
