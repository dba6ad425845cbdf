/**
 * One rowid range of a full clone scan on several threads (services/detections/cloneRanges.ts): opens the store
 * on its own connection (the key wiped once open), scans its range and posts the scan's state back, then raises
 * its signal; the caller waits on the signal, not on its event loop. A range the caller took over (this thread
 * started too late) is left alone.
 */
import { workerData } from 'node:worker_threads';
import { openStore, waitForWrites } from '../store/db';
import {
  POSTED,
  RUNNING,
  WAITING,
  runRange,
  type RangeReply,
  type RangeRequest,
} from '../services/detections/cloneRanges';

const req = workerData as RangeRequest;
if (Atomics.compareExchange(req.signal, 0, WAITING, RUNNING) === WAITING) {
  let reply: RangeReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const key = Buffer.from(req.key); // a view of the transferred buffer: wiping it wipes that
    let db;
    try {
      db = openStore(req.storePath, key, { migrate: false });
    } finally {
      key.fill(0);
    }
    try {
      waitForWrites(db);
      const done = runRange(db, req);
      reply = done;
      const s = done.state;
      transfer = [s.rec, s.first, s.firstCode, s.entTuple, s.entN, s.entFirstId, s.entNext].map(
        (a) => a.buffer as ArrayBuffer,
      );
    } finally {
      db.close();
    }
  } catch (err) {
    reply = { error: (err as Error).message };
  }
  req.port.postMessage(reply, transfer);
  Atomics.store(req.signal, 0, POSTED);
  Atomics.notify(req.signal, 0);
} else new Uint8Array(req.key).fill(0);
