import { afterEach, describe, expect, it } from 'vitest';
import type { DetectionData } from '../../../main/core/sync/protocol';
import { openStore } from '../../../main/store/db';
import { upsertDetections, type DetectionRow } from '../../../main/store/repos/detections';
import { detectionUpserter } from '../../../main/store/repos/detections';
import { catchUpPlates, getSearchState, PLATES_THROUGH, prunePlates } from '../../../main/store/repos/plateIndex';
import { runSearch } from '../../../main/services/detections/search';
import { dropPlateDictionary } from '../../../main/services/detections/plateDictionary';
import { CAMERAS, detectionBatch } from '../../support/detectionsFixture';
import { openTestWorkstation, type TestWorkstation } from '../../agency/testing';
import { upsertCameras } from '../../../main/store/repos/cameras';

/** The plate dictionary stays complete on every write path (docs/search.md, "Store and index design"). */
let ws: TestWorkstation;
afterEach(() => ws?.close());

function fresh(): TestWorkstation {
  ws = openTestWorkstation();
  upsertCameras(ws.db, CAMERAS);
  return ws;
}

const plates = (rows: { row: DetectionRow }[]) => rows.map((r) => r.row.plate);

describe('the plate dictionary', () => {
  it('folds new detections in before a search, by the rowid watermark', () => {
    const { db } = fresh();
    const batch = detectionBatch(1, 1, 200);
    upsertDetections(db, batch);
    expect(plates(runSearch(db, { plate: batch[7]!.plate, limit: 10 }).rows)).toContain(batch[7]!.plate);
    const more = detectionBatch(2, 201, 50);
    upsertDetections(db, more);
    expect(plates(runSearch(db, { plate: more[3]!.plate, limit: 10 }).rows)).toContain(more[3]!.plate);
    expect(catchUpPlates(db)).toEqual({ added: 0, caughtUp: true });
  });

  it('folds a big sync in short transactions, and a search finds what is not folded in yet', () => {
    const { db } = fresh();
    const batch = detectionBatch(8, 1, 200);
    upsertDetections(db, batch);
    // Out of time after the first 50 ids: the watermark moved that far, and no further.
    expect(catchUpPlates(db, { chunk: 50, budgetMs: 0 })).toMatchObject({ caughtUp: false });
    expect(getSearchState(db, PLATES_THROUGH)).toBe(String(batch[0]!.id + 49));
    expect(plates(runSearch(db, { plate: batch[180]!.plate, limit: 10 }).rows)).toContain(batch[180]!.plate);
    expect(catchUpPlates(db, { chunk: 50 })).toEqual({ added: 0, caughtUp: true });
    expect(getSearchState(db, PLATES_THROUGH)).toBe(String(batch[199]!.id));
  });

  it('a late record below the watermark, or a corrected plate, is added by the sync upserter', () => {
    const { db } = fresh();
    upsertDetections(db, detectionBatch(3, 1000, 100));
    catchUpPlates(db);
    const late = { ...detectionBatch(4, 5, 1)[0]!, plate: 'QZLATE1' };
    const sync = detectionUpserter(db);
    const { id: _id, version: _v, ...fields } = late;
    const data = fields as DetectionData;
    sync.upsert(5, 1, data);
    sync.upsert(1000, 2, { ...data, plate: 'QZFIXD2' });
    expect(plates(runSearch(db, { plate: 'QZLATE1', limit: 5 }).rows)).toEqual(['QZLATE1']);
    expect(plates(runSearch(db, { plate: 'QZFIXD2', limit: 5 }).rows)).toEqual(['QZFIXD2']);
  });

  it('a tombstone leaves nothing findable, and pruning drops its plate', () => {
    const { db } = fresh();
    const batch = detectionBatch(5, 1, 20);
    upsertDetections(db, batch);
    catchUpPlates(db);
    const gone = batch[2]!;
    expect(detectionUpserter(db).remove(gone.id, 9)).toBe(1);
    expect(runSearch(db, { plate: gone.plate, nearMisses: false, similar: false, limit: 5 }).rows).toEqual([]);
    expect(prunePlates(db)).toBeGreaterThanOrEqual(1);
    dropPlateDictionary(db);
    expect(runSearch(db, { plate: gone.plate, nearMisses: false, similar: false, limit: 5 }).plates).toMatchObject({
      exact: 0,
    });
  });

  it('while another connection holds the write lock, a search still finds committed plates without waiting', () => {
    const { db, path, key } = fresh();
    upsertDetections(db, detectionBatch(6, 1, 20));
    catchUpPlates(db);
    const other = openStore(path, key);
    try {
      const added = detectionBatch(7, 100, 5);
      upsertDetections(other, added);
      other.prepare('BEGIN IMMEDIATE').run();
      const t0 = performance.now();
      const r = runSearch(db, { plate: added[0]!.plate, limit: 5 });
      expect(performance.now() - t0).toBeLessThan(1000);
      expect(plates(r.rows)).toContain(added[0]!.plate);
      other.prepare('ROLLBACK').run();
    } finally {
      other.close();
    }
  });
});
