import { rmSync } from 'node:fs';
import { openStore, type WritableDB } from '../../main/store/db';
import { DETECTION_COLUMN_LIST, DETECTION_FIELDS, detectionValues } from '../../main/store/repos/detectionColumns';
import { upsertCameras } from '../../main/store/repos/cameras';
import { catchUpPlates } from '../../main/store/repos/plateIndex';
import type { AgencyDataset } from '../agency/generator/dataset';
import { cameraRows } from '../agency/testing';

/**
 * The fast build of the bench store (issue 24): the same store the product's sync would leave — the schema of
 * every migration, the detections with version 1, the cameras, the plate dictionary caught up with its watermark
 * — written the way a bulk load is written, not the way a sync is.
 *
 * What differs from the product's path, and why it is safe for a bench fixture only:
 * - the secondary indexes on `detections` are dropped before the load and created after it from their own
 *   `sqlite_master` text (so the schema is byte-for-byte the migrations'); a sorted build writes each index
 *   once instead of touching random pages per batch;
 * - `journal_mode = MEMORY` (out of WAL), `synchronous = OFF` and a large cache during the load: a crash mid-build leaves a file
 *   without the `bench_built` mark, which the bench deletes and builds again (a user's store never does this);
 * - foreign keys off during the load: the generator's cameras are inserted first and are the only ones it uses;
 * - plain multi-row INSERTs (the ids are new) instead of the sync's per-row upsert with its version check.
 * The plate dictionary is then caught up by the product's own `catchUpPlates`, in its own chunks.
 * tests/integration/detections/benchStore.test.ts builds 20,000 rows both ways and compares them.
 */

/** Rows per INSERT statement: 16 parameters each, well under SQLite's 32,766. */
const ROWS_PER_STATEMENT = 200;
/** Rows per transaction (the journal is off; this only bounds how much a statement cache holds). */
const ROWS_PER_TRANSACTION = 1_000_000;

/**
 * Detection ids folded into the plate dictionary per step: the product's catch-up in larger steps (its default
 * 50,000 is for short write transactions beside a running app; here no one else writes). The dictionary holds
 * the same plates; only the order of their dense ids differs, which no search depends on.
 */
const PLATES_CHUNK = Number(process.env.CANVASS_BENCH_PLATES_CHUNK ?? 1_000_000);

export type BuildTimings = {
  rows: number;
  loadMs: number;
  indexMs: number;
  platesMs: number;
  totalMs: number;
};

type Progress = (line: string) => void;

/** The detections table's secondary indexes, as the migrations wrote them. */
function detectionIndexes(db: WritableDB): { name: string; sql: string }[] {
  return db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'detections' AND sql IS NOT NULL")
    .all() as { name: string; sql: string }[];
}

export function buildBenchStore(
  path: string,
  key: Buffer,
  dataset: AgencyDataset,
  progress: Progress = () => {},
): BuildTimings {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const t0 = performance.now();
  const db = openStore(path, key);
  try {
    upsertCameras(db, cameraRows(dataset));
    const indexes = detectionIndexes(db);
    // Out of WAL (the only connection, so the switch is allowed): every page is then written once, to the file.
    // The rollback journal stays in memory (defensive mode refuses OFF).
    if (db.pragma('journal_mode = MEMORY', { simple: true }) !== 'memory')
      throw new Error('bench store: journal_mode MEMORY refused');
    db.pragma('synchronous = OFF');
    db.pragma('foreign_keys = OFF');
    db.pragma('cache_size = -262144');
    for (const ix of indexes) db.exec(`DROP INDEX ${ix.name}`);

    const width = DETECTION_FIELDS.length + 2;
    const tuple = `(${Array.from({ length: width }, () => '?').join(', ')})`;
    const sql = (n: number) =>
      `INSERT INTO detections (id, ${DETECTION_COLUMN_LIST}, version) VALUES ${Array.from({ length: n }, () => tuple).join(', ')}`;
    const many = db.prepare(sql(ROWS_PER_STATEMENT));
    const params: (string | number | null)[] = new Array(width * ROWS_PER_STATEMENT);
    let filled = 0;
    let rows = 0;
    let inTx = 0;
    const begin = db.prepare('BEGIN');
    const commit = db.prepare('COMMIT');
    begin.run();
    for (const chunk of dataset.detections()) {
      for (const d of chunk.detections) {
        let o = filled * width;
        params[o++] = d.id;
        for (const v of detectionValues(d.data)) params[o++] = v;
        params[o] = 1;
        if (++filled === ROWS_PER_STATEMENT) {
          many.run(params);
          filled = 0;
        }
      }
      rows += chunk.detections.length;
      inTx += chunk.detections.length;
      if (inTx >= ROWS_PER_TRANSACTION) {
        if (filled) {
          db.prepare(sql(filled)).run(params.slice(0, filled * width));
          filled = 0;
        }
        commit.run();
        begin.run();
        inTx = 0;
        progress(`bench store: ${rows} detections loaded, ${Math.round((performance.now() - t0) / 1000)} s`);
      }
    }
    if (filled) db.prepare(sql(filled)).run(params.slice(0, filled * width));
    commit.run();
    const loadMs = performance.now() - t0;

    const t1 = performance.now();
    for (const ix of indexes) {
      db.exec(ix.sql);
      progress(`bench store: index ${ix.name} built, ${Math.round((performance.now() - t0) / 1000)} s`);
    }
    const indexMs = performance.now() - t1;

    const t2 = performance.now();
    catchUpPlates(db, { wait: true, chunk: PLATES_CHUNK });
    const platesMs = performance.now() - t2;

    db.pragma('foreign_keys = ON');
    db.pragma('journal_mode = WAL');
    return { rows, loadMs, indexMs, platesMs, totalMs: performance.now() - t0 };
  } catch (err) {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    throw err;
  } finally {
    if (db.open) db.close();
  }
}
