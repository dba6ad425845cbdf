import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inTransaction, openStore } from '../../../main/store/db';
import { detectionUpserter, getDetection } from '../../../main/store/repos/detections';
import { removeDetections } from '../../../main/store/repos/retention';
import { vehicleConditions, type VehicleFilter } from '../../../main/core/detections/query';
import { runSearch } from '../../../main/services/detections/search';
import { AgencyDataset } from '../../agency/generator/dataset';
import { loadDataset } from '../../agency/testing';

/**
 * A description with a unique feature walks the featured detections' time index (migration 0195, docs/search.md
 * "Descriptions"). SQLite keeps a partial index itself; this checks the search still returns exactly what a scan
 * of the table returns after the paths that write detections: sync upserts that add or drop a feature,
 * tombstones, and a purge.
 */
const END = Date.parse('2026-11-20T08:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'canvass-featured-'));
const db = openStore(join(dir, 'canvass.db'), Buffer.alloc(32, 5));
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const dataset = new AgencyDataset({ seed: 5, detections: 6_000, endMs: END });
loadDataset(db, dataset);
const span = db.prepare('SELECT min(seen_at) AS lo, max(seen_at) AS hi FROM detections').get() as {
  lo: number;
  hi: number;
};

const descriptions: VehicleFilter[] = [
  { features: ['roof_rack'] },
  { make: ['ford'], features: ['roof_rack'] },
  { color: ['white', 'unknown'], features: ['roof_rack'] },
  { body: ['van'], features: ['roof_rack', 'bumper_sticker'] },
];

/** The same search by a scan of the table, no index at all. */
function scanned(vehicle: VehicleFilter, limit: number): number[] {
  const v = vehicleConditions(vehicle);
  return db
    .prepare(
      `SELECT id FROM detections NOT INDEXED WHERE seen_at >= ? AND seen_at <= ? AND ${v.where.join(' AND ')}
        ORDER BY seen_at DESC, id DESC LIMIT ?`,
    )
    .pluck()
    .all(span.lo, span.hi, ...v.params, limit) as number[];
}

function expectExact(): void {
  for (const vehicle of descriptions) {
    const found = runSearch(db, { vehicle, from: span.lo, to: span.hi, limit: 400 }).rows.map((r) => r.row.id);
    expect(found).toEqual(scanned(vehicle, 400));
  }
  const featured = db
    .prepare('SELECT count(*) FROM detections INDEXED BY detections_featured_by_time WHERE features != 0')
    .pluck()
    .get();
  expect(featured).toBe(db.prepare('SELECT count(*) FROM detections NOT INDEXED WHERE features != 0').pluck().get());
}

describe('the featured detections index (0195)', () => {
  it('finds what a table scan finds, and some descriptions match at all', () => {
    expect(scanned(descriptions[0]!, 400).length).toBeGreaterThan(10);
    expectExact();
  });

  it('stays exact through sync upserts that add or drop a feature, tombstones and a purge', () => {
    const ids = db.prepare('SELECT id FROM detections ORDER BY id').pluck().all() as number[];
    const { upsert, remove } = detectionUpserter(db);
    inTransaction(db, () => {
      ids.forEach((id, i) => {
        if (i % 7 !== 0) return;
        const { id: _id, version, ...data } = getDetection(db, id)!;
        // Every 7th row: a feature gained (roof rack, white Ford), or every feature dropped.
        const gained = i % 14 === 0;
        upsert(id, version + 1, {
          ...data,
          make: gained ? 'Ford' : data.make,
          color: gained ? 'white' : data.color,
          features: gained ? data.features | 1 : 0,
        });
      });
      for (const id of ids.filter((_, i) => i % 11 === 3)) remove(id, 99);
    });
    inTransaction(db, () =>
      removeDetections(
        db,
        ids.filter((_, i) => i % 13 === 5),
      ),
    );
    expectExact();
  });
});
