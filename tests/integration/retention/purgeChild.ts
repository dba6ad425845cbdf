/**
 * A real process that purges and is killed with SIGKILL mid-purge (crash.test.ts). It opens the store with the key
 * read from stdin, starts a run as the service does and purges in small batches; after the second committed batch
 * it begins the third batch's transaction, deletes its rows (uncommitted, spilled to the WAL by a tiny page cache),
 * prints "mid" and waits to be killed.
 *
 *   node --import tsx tests/integration/retention/purgeChild.ts <storePath> <cutoffsJson>   (stdin: the key in hex)
 */
import { readFileSync } from 'node:fs';
import type { PurgeCutoffs } from '../../../main/core/retention/plan';
import { beginWrite, inTransaction, openStore } from '../../../main/store/db';
import { nextDueBatch, removeDetections, startRun } from '../../../main/store/repos/retention';
import { runPurge } from '../../../main/services/retention/purgeRun';

const [path, cutoffsJson] = process.argv.slice(2);
const cutoffs = JSON.parse(cutoffsJson!) as PurgeCutoffs;
const key = Buffer.from(readFileSync(0, 'utf8').trim(), 'hex');
const db = openStore(path!, key, { migrate: false });
key.fill(0);

const runId = inTransaction(db, () =>
  startRun(db, {
    trigger: 'request',
    startedBy: 'admin.rivera',
    startedAt: new Date().toISOString(),
    plan: JSON.stringify({ cutoffs, tightening: {} }),
    bytesBefore: 0,
  }),
);
runPurge(db, runId, cutoffs, 40, 0, {
  cancelled: () => false,
  onProgress: () => undefined,
  afterBatch: (n) => {
    if (n < 2) return;
    db.pragma('cache_size = 5');
    beginWrite(db);
    removeDetections(db, nextDueBatch(db, cutoffs, 40)!.ids);
    process.stdout.write(`mid ${runId}\n`);
    for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1_000);
  },
});
