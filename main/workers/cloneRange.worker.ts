/**
 * One rowid range of a full clone scan on several threads (services/detections/cloneRanges.ts): opens the store
 * on its own connection (the key wiped once open), scans its range and posts the scan's state back, then raises
 * its signal; the caller waits on the signal, not on its event loop. A range the caller took over (this thread
 * started too late) is left alone. The first helper to answer may then be handed the scan's save
 * (`RangeWriter`): it writes the summaries as the caller encodes them, in one transaction on this connection.
 */
import { workerData } from 'node:worker_threads';
import { openStore, setDurability, waitForWrites } from '../store/db';
import { saveFullScan } from '../services/detections/clones';
import {
  POSTED,
  RUNNING,
  WAITING,
  awaitSave,
  postSaveOutcome,
  runRange,
  type RangeReply,
  type RangeRequest,
} from '../services/detections/cloneRanges';

const req = workerData as RangeRequest;
if (Atomics.compareExchange(req.signal, 0, WAITING, RUNNING) === WAITING) {
  let db;
  try {
    const key = Buffer.from(req.key); // a view of the transferred buffer: wiping it wipes that
    try {
      db = openStore(req.storePath, key, { migrate: false });
    } finally {
      key.fill(0);
    }
  } catch (err) {
    answer({ error: (err as Error).message });
  }
  if (db) {
    try {
      waitForWrites(db);
      const reply = range(db);
      answer(reply);
      const save = 'state' in reply ? awaitSave(req) : null;
      if (save) {
        try {
          setDurability(db, save.durability);
          saveFullScan(db, save);
          postSaveOutcome(req, { saved: true });
        } catch (err) {
          postSaveOutcome(req, { error: (err as Error).message });
        }
      }
    } finally {
      db.close();
    }
  }
} else new Uint8Array(req.key).fill(0);

function range(db: Parameters<typeof runRange>[0]): RangeReply {
  try {
    return runRange(db, req);
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** Posts the range's reply (its state's arrays transferred) and raises the signal the caller waits on. */
function answer(reply: RangeReply): void {
  const s = 'state' in reply ? reply.state : null;
  const arrays = s ? [s.rec, s.first, s.firstCode, s.entTuple, s.entN, s.entFirstId, s.entNext] : [];
  const transfer = arrays.map((a) => a.buffer as ArrayBuffer);
  req.port.postMessage(reply, transfer);
  Atomics.store(req.signal, 0, POSTED);
  Atomics.notify(req.signal, 0);
}
