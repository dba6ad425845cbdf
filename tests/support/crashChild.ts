/**
 * A real process that dies mid-transaction (tests/integration/store.test.ts). It opens the store with the key
 * read from stdin, commits batch A with its audit record, then starts a transaction writing batch B — large,
 * with a tiny page cache so uncommitted pages spill into the WAL file on disk — prints "mid" and waits to be
 * killed with SIGKILL.
 *
 *   node --import tsx tests/support/crashChild.ts <dataDir> <countA> <countB>   (stdin: the key in hex)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendAudit } from '../../main/store/repos/audit';
import { inTransaction, openStore } from '../../main/store/db';
import { upsertDetections } from '../../main/store/repos/detections';
import { CAMERAS, detectionBatch } from './detectionsFixture';
import { upsertCameras } from '../../main/store/repos/cameras';

const [dir, countA, countB] = process.argv.slice(2);
const key = Buffer.from(readFileSync(0, 'utf8').trim(), 'hex');
const db = openStore(join(dir!, 'canvass.db'), key);
key.fill(0);

const audit = (action: string, ids: number[]) =>
  appendAudit(db, {
    at: new Date().toISOString(),
    action,
    outcome: 'ok',
    username: null,
    agency: 'Los Altos Police Department',
    purpose: null,
    data: { firstId: ids[0] ?? null, lastId: ids[ids.length - 1] ?? null, count: ids.length },
    workstation: 'crash-child',
  });

const a = detectionBatch(1, 1, Number(countA));
inTransaction(db, () => {
  upsertCameras(db, CAMERAS);
  upsertDetections(db, a);
  audit(
    'sync.detections',
    a.map((r) => r.id),
  );
});
process.stdout.write('committed A\n');

const b = detectionBatch(2, a.length + 1, Number(countB));
db.pragma('cache_size = 20');
db.exec('BEGIN IMMEDIATE');
upsertDetections(db, b);
audit(
  'sync.detections',
  b.map((r) => r.id),
);
process.stdout.write('mid\n');
setInterval(() => undefined, 1_000);
