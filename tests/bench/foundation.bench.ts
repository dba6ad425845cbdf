import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabaseFile } from '../../native/sqlcipher';
import { appendAudit, iterateAudit, sha256Hex } from '../../main/store/repos/audit';
import { chainVerifier } from '../../main/core/audit/chain';
import { inTransaction, openStore, type Durability, type WritableDB } from '../../main/store/db';
import { upsertDetections, type DetectionRow } from '../../main/store/repos/detections';
import {
  findEntry,
  newDataKey,
  newKeyring,
  putEntry,
  unwrapKey,
  wrapKey,
  DEFAULT_SCRYPT,
} from '../../main/store/keyring';
import { migrate } from '../../main/store/migrate';
import { verifyStoreChain, verifyStoreChainParallel } from '../../main/services/audit/verify';
import { searchRecord } from './records';
import { emit, round, wanted } from './report';
import { upsertCameras } from '../../main/store/repos/cameras';

/** Foundation figures: unlock, encrypted insert rate vs plain SQLite, audit append and chain verification. */

const INSERT_ROWS = 500_000;
const BATCH = 50_000;
const AUDIT_APPENDS = 2_000;
const VERIFY_RECORDS = 1_000_000;

function detections(count: number, startId: number): DetectionRow[] {
  const rows: DetectionRow[] = [];
  const letters = 'ABCDEFGHJKLMNPRSTUVWXYZ';
  let seed = startId * 2654435761;
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < count; i++) {
    const id = startId + i;
    const plate = `${1 + Math.floor(rnd() * 9)}${letters[Math.floor(rnd() * 23)]}${letters[Math.floor(rnd() * 23)]}${letters[Math.floor(rnd() * 23)]}${String(Math.floor(rnd() * 1000)).padStart(3, '0')}`;
    rows.push({
      id,
      plate,
      state: 'CA',
      seenAt: 1_790_000_000_000 + id * 997,
      lat: 37.5 + rnd() * 0.1,
      lon: -122.3 + rnd() * 0.1,
      cameraId: `cam-${id % 40}`,
      heading: 'N',
      make: 'Toyota',
      model: 'Camry',
      color: 'silver',
      body: 'sedan',
      features: 0,
      confidence: 0.9,
      plateImage: null,
      overviewImage: null,
      version: 1,
    });
  }
  return rows;
}

function insertRate(db: WritableDB): number {
  upsertCameras(
    db,
    Array.from({ length: 40 }, (_, i) => ({
      id: `cam-${i}`,
      name: `Camera ${i}`,
      kind: 'fixed' as const,
      lat: 37.5,
      lon: -122.3,
      heading: 'N',
      version: 1,
    })),
  );
  const batches = Array.from({ length: INSERT_ROWS / BATCH }, (_, b) => detections(BATCH, 1 + b * BATCH));
  const t0 = performance.now();
  for (const batch of batches) inTransaction(db, () => upsertDetections(db, batch));
  return INSERT_ROWS / ((performance.now() - t0) / 1000);
}

function plainStore(path: string) {
  const db = openDatabaseFile(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536');
  migrate(db);
  // The unencrypted baseline: the same schema and pragmas, so the repos may write to it as to the store.
  return db as WritableDB;
}

const record = (i: number) => searchRecord(i);

export async function run(filter: string | undefined): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'canvass-bench-'));
  try {
    if (wanted(filter, 'foundation.unlock')) {
      const key = newDataKey();
      let ring = newKeyring();
      ring = putEntry(ring, await wrapKey(ring, 'det.chen', 'tango-victor-9 bravo', key, DEFAULT_SCRYPT));
      openStore(join(dir, 'unlock.db'), key).close();
      const t0 = performance.now();
      const k = (await unwrapKey(ring, findEntry(ring, 'det.chen')!, 'tango-victor-9 bravo'))!;
      const db = openStore(join(dir, 'unlock.db'), k);
      db.prepare('SELECT count(*) FROM users').get();
      const ms = performance.now() - t0;
      db.close();
      emit({
        name: 'foundation.unlock',
        value: round(ms, 0),
        unit: 'ms',
        baseline: null,
        note: `scrypt N=2^${Math.log2(DEFAULT_SCRYPT.N)} r=${DEFAULT_SCRYPT.r}; target about 500 ms`,
      });
    }

    if (wanted(filter, 'foundation.insert')) {
      const plain = plainStore(join(dir, 'plain.db'));
      const plainRate = insertRate(plain);
      plain.close();
      const enc = openStore(join(dir, 'enc.db'), newDataKey());
      const encRate = insertRate(enc);
      enc.close();
      emit({
        name: 'foundation.insert.sqlcipher',
        value: Math.round(encRate),
        unit: 'rows/s',
        baseline: Math.round(plainRate),
        note: `${INSERT_ROWS} detections, batches of ${BATCH}, baseline = same insert into unencrypted SQLite; target >= 150000`,
      });
      emit({
        name: 'foundation.insert.ratio',
        value: round(encRate / plainRate),
        unit: 'ratio',
        baseline: 0.75,
        note: 'SQLCipher rate / plain rate; target >= 0.75',
      });
    }

    if (wanted(filter, 'foundation.audit')) {
      // One record per transaction, as the app writes them: durable (the WAL fsynced at each commit, issue 14),
      // against the same appends with synchronous=NORMAL (before it), in this run.
      const appendRate = (durability: Durability) => {
        const store = openStore(join(dir, `append-${durability}.db`), newDataKey(), { durability });
        const t0 = performance.now();
        for (let i = 1; i <= AUDIT_APPENDS; i++) appendAudit(store, record(i));
        const rate = AUDIT_APPENDS / ((performance.now() - t0) / 1000);
        store.close();
        return rate;
      };
      const deferred = appendRate('deferred');
      const durable = appendRate('durable');
      emit({
        name: 'foundation.audit.append',
        value: Math.round(durable),
        unit: 'records/s',
        baseline: Math.round(deferred),
        note: `one record per transaction, as the app writes them: each commit fsyncs the WAL (a record is on disk before its results are shown); baseline = synchronous=NORMAL in this run (before issue 14, target then >= 20000); ${AUDIT_APPENDS} each`,
      });

      const auditPath = join(dir, 'audit.db');
      const auditKey = newDataKey();
      const db = openStore(auditPath, auditKey);

      inTransaction(db, () => {
        for (let i = 1; i <= VERIFY_RECORDS; i++) appendAudit(db, record(i));
      });
      // As in a running app, where commits checkpoint the WAL as they go.
      db.pragma('wal_checkpoint(TRUNCATE)');
      // The verifier before issue 24 (every link through chainVerifier, one object a link), measured before and
      // after the current one so neither gets the warmer cache.
      const before = () => {
        const t = performance.now();
        const v = chainVerifier(sha256Hex);
        for (const link of iterateAudit(db)) {
          v.push(link);
          if (v.failed) break;
        }
        if (!v.finish().ok) throw new Error('bench chain did not verify');
        return VERIFY_RECORDS / ((performance.now() - t) / 1000);
      };
      const old1 = before();
      const t1 = performance.now();
      const single = verifyStoreChain(db);
      const singleRate = VERIFY_RECORDS / ((performance.now() - t1) / 1000);
      const old2 = before();
      const t2 = performance.now();
      const verdict = await verifyStoreChainParallel(db, auditPath, auditKey, 2);
      const verifyRate = VERIFY_RECORDS / ((performance.now() - t2) / 1000);
      if (!verdict.ok || verdict.count !== VERIFY_RECORDS || !single.ok) throw new Error('bench chain did not verify');
      emit({
        name: 'foundation.audit.verify',
        value: Math.round(singleRate),
        unit: 'records/s',
        baseline: Math.round((old1 + old2) / 2),
        note: `${VERIFY_RECORDS} records (~600 bytes each) read from the SQLCipher store and verified on one thread; baseline: the verifier before issue 24 in this run (mean of ${Math.round(old1)} before and ${Math.round(old2)} after); target >= 300000; load ${loadavg()[0]!.toFixed(2)}`,
      });
      emit({
        name: 'foundation.audit.verify.two-workers',
        value: Math.round(verifyRate),
        unit: 'records/s',
        baseline: Math.round(singleRate),
        note: 'the same log in two ranges on two worker threads (the app uses one worker per core, at most 4); baseline = one thread; target >= 300000',
      });
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
