/**
 * A refreshed hot list's retro-hit check (services/hotlists/retro.ts) on its own thread and connection: matching
 * 100,000 entries against millions of detections takes seconds, which must not stall main's event loop and with it
 * the window. The key arrives in a transferred buffer and is wiped once the store is open; progress goes back by
 * message, and main cancels through a shared flag checked between chunks.
 */
import { parentPort } from 'node:worker_threads';
import { checkpoint, inTransaction, openStore, tuneForBulkWrites } from '../store/db';
import { getHotlist, liveEntriesOf, markListChecked, type EntryRow } from '../store/repos/hotlists';
import { finishRetroRun } from '../store/repos/retroHits';
import { PlateListCancelled } from '../services/detections';
import { findRetroHits, saveRetroHits, type RetroFound } from '../services/hotlists/retroCheck';
import type { RetroWorkerReply, RetroWorkerRequest } from '../services/hotlists/retroWorker';

const port = parentPort;
if (!port) throw new Error('workers/retroHits.worker.ts runs as a worker thread');

const ENTRIES_PER_TRANSACTION = 5_000;

function send(reply: RetroWorkerReply): void {
  port!.postMessage(reply);
}

port.once('message', (req: RetroWorkerRequest) => {
  const key = Buffer.from(req.key);
  let db;
  try {
    db = openStore(req.storePath, key, { migrate: false });
  } catch (err) {
    send({ type: 'done', outcome: 'failed', found: 0, error: (err as Error).message });
    return;
  } finally {
    key.fill(0);
    new Uint8Array(req.key).fill(0);
  }
  const cancel = new Int32Array(req.cancel);
  const cancelled = () => Atomics.load(cancel, 0) === 1;
  let found: RetroFound[] = [];
  let done: Extract<RetroWorkerReply, { type: 'done' }> | null = null;
  try {
    // Hundreds of thousands of retro-hits in a few transactions, as a sync writes: see tuneForBulkWrites.
    tuneForBulkWrites(db);
    const list = getHotlist(db, req.listId);
    const entries = liveEntriesOf(db, req.listId, req.today);
    let last = 0;
    found = findRetroHits(
      db,
      entries,
      { from: req.from, today: req.today },
      {
        cancelled,
        onProgress: (phase, done, total) => {
          const t = Date.now();
          if (t - last < 100 && done < total) return;
          last = t;
          send({ type: 'progress', progress: { phase, done, total } });
        },
      },
    );
    send({ type: 'progress', progress: { phase: 'saving', done: 0, total: entries.length, found: found.length } });
    const at = new Date().toISOString();
    const byEntry = new Map<number, RetroFound[]>();
    for (const f of found) {
      const l = byEntry.get(f.entryId);
      if (l) l.push(f);
      else byEntry.set(f.entryId, [f]);
    }
    for (let i = 0; i < entries.length; i += ENTRIES_PER_TRANSACTION) {
      if (cancelled()) throw new PlateListCancelled();
      const chunk: EntryRow[] = entries.slice(i, i + ENTRIES_PER_TRANSACTION);
      inTransaction(db, () =>
        saveRetroHits(
          db!,
          chunk,
          chunk.flatMap((e) => byEntry.get(e.id) ?? []),
          req.runId,
          at,
        ),
      );
      send({ type: 'progress', progress: { phase: 'saving', done: Math.min(entries.length, i + chunk.length) } });
    }
    inTransaction(db, () => {
      if (list) markListChecked(db!, list.id, list.refreshedAt);
      finishRetroRun(db!, req.runId, { at: new Date().toISOString(), outcome: 'ok', found: found.length, error: null });
    });
    done = { type: 'done', outcome: 'ok', found: found.length, error: null };
  } catch (err) {
    const outcome = err instanceof PlateListCancelled ? 'cancelled' : 'failed';
    const error =
      outcome === 'cancelled'
        ? 'Cancelled on request; the entries checked so far keep their retro-hits.'
        : (err as Error).message;
    try {
      inTransaction(db, () =>
        finishRetroRun(db!, req.runId, { at: new Date().toISOString(), outcome, found: found.length, error }),
      );
    } catch {
      /* the run stays open; the next refresh checks the list again */
    }
    done = { type: 'done', outcome, found: found.length, error };
  } finally {
    // The WAL the saving grew (checkpoints every ~64 MB, tuneForBulkWrites) is copied back here, before main hears
    // the check is done, so main's next commit does not do it on the UI's thread.
    try {
      checkpoint(db);
    } catch {
      /* a reader held it back: SQLite checkpoints later */
    }
    db.close();
    if (done) send(done);
  }
});
