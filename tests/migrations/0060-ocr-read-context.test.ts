import { afterEach, describe, expect, it } from 'vitest';
import { columns, storeAt, userVersion, type StoreAt } from './support';

describe('migration 60: what a re-read saw around the plate', () => {
  let s: StoreAt;
  afterEach(() => s.close());

  it('adds occlusion and region to the reads, NULL for the reads made before', () => {
    s = storeAt(50);
    s.db
      .prepare(
        "INSERT INTO ocr_reads (detection_id, at, original_plate, plate, differs) VALUES (1, '2026-11-20T09:00:00Z', '8SPU57O', '8SPU570', 1)",
      )
      .run();
    s.migrateTo(60);
    expect(userVersion(s.db)).toBe(60);
    expect(columns(s.db, 'ocr_reads')).toEqual(expect.arrayContaining(['occlusion', 'region']));
    expect(s.db.prepare('SELECT occlusion, region FROM ocr_reads').get()).toEqual({ occlusion: null, region: null });
  });

  it('refuses a region or occlusion that is not JSON', () => {
    s = storeAt(60);
    const add = (region: string) =>
      s.db
        .prepare("INSERT INTO ocr_reads (detection_id, at, original_plate, region) VALUES (1, 'now', 'X', ?)")
        .run(region);
    expect(() => add('{"x":0.1,"y":0.2,"width":0.3,"height":0.1}')).not.toThrow();
    expect(() => add('not json')).toThrow(/CHECK/);
  });
});
