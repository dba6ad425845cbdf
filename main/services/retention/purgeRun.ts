import { createHash } from 'node:crypto';
import { idsLink, type PurgeCutoffs } from '../../core/retention/plan';
import { inTransaction, type WritableDB } from '../../store/db';
import { prunePlates } from '../../store/repos/plateIndex';
import {
  addToRun,
  dueHeld,
  finishRun,
  getRun,
  nextDueBatch,
  nextDueHits,
  removeDetections,
  removeHits,
  secureDelete,
  shrinkStore,
  storeBytes,
} from '../../store/repos/retention';
import type { PurgeProgress } from '../../../preload/contract';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export class PurgeCancelled extends Error {}

export type PurgeHooks = {
  cancelled: () => boolean;
  onProgress: (p: Partial<PurgeProgress>) => void;
  /** Tests: called after each committed batch (a kill -9 there leaves the store as a crash would). */
  afterBatch?: (n: number) => void;
};

/**
 * One purge run on a connection of its own (the worker's): due detections in batches of `batch`, oldest first,
 * each batch one transaction that also adds its counts and its link of the id chain to the run row, so a run
 * stopped at any point says exactly what went. Then hits due on their own, the search dictionary, and the store
 * shrinks (secure delete zeroed every freed page; incremental vacuum hands them back; the WAL is truncated).
 */
export function runPurge(
  db: WritableDB,
  runId: number,
  cutoffs: PurgeCutoffs,
  batch: number,
  total: number,
  hooks: PurgeHooks,
): void {
  secureDelete(db);
  let done = 0;
  let batches = 0;
  let chain = getRun(db, runId)!.idsSha256;
  for (;;) {
    if (hooks.cancelled()) throw new PurgeCancelled();
    const next = nextDueBatch(db, cutoffs, batch);
    if (!next) break;
    inTransaction(db, () => {
      const removed = removeDetections(db, next.ids);
      chain = idsLink(sha256, chain, 'detection', next.ids);
      if (removed.hitIds.length) chain = idsLink(sha256, chain, 'hit', removed.hitIds);
      addToRun(db, runId, {
        detections: removed.detections,
        hits: removed.hits,
        images: removed.images,
        ocrReads: removed.ocrReads,
        first: next.firstSeenAt,
        last: next.lastSeenAt,
        idsSha256: chain,
      });
    });
    done += next.ids.length;
    batches++;
    hooks.onProgress({ phase: 'detections', done, total });
    hooks.afterBatch?.(batches);
  }
  for (;;) {
    if (hooks.cancelled()) throw new PurgeCancelled();
    const ids = nextDueHits(db, cutoffs, batch);
    if (ids.length === 0) break;
    inTransaction(db, () => {
      const hits = removeHits(db, ids);
      chain = idsLink(sha256, chain, 'hit', ids);
      addToRun(db, runId, { detections: 0, hits, images: 0, ocrReads: 0, first: null, last: null, idsSha256: chain });
    });
    hooks.onProgress({ phase: 'hits' });
  }
  hooks.onProgress({ phase: 'shrinking' });
  inTransaction(db, () => prunePlates(db));
}

/** Settles the run: the store shrinks whatever happened, then the run row is closed with what it kept and the size. */
export function settlePurge(
  db: WritableDB,
  runId: number,
  cutoffs: PurgeCutoffs,
  status: 'finished' | 'cancelled' | 'failed',
  error: string | null,
  finishedAt: string,
): void {
  let bytesAfter: number | null = null;
  try {
    shrinkStore(db);
    bytesAfter = storeBytes(db);
  } catch {
    /* the next run shrinks it */
  }
  const held = dueHeld(db, cutoffs);
  inTransaction(db, () => finishRun(db, runId, { status, finishedAt, held, bytesAfter, error }));
}
