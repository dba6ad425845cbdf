import { afterEach, describe, expect, it } from 'vitest';
import { seedDetection, storeAt, tables, userVersion, type StoreAt } from './support';

describe('migration 30: search', () => {
  let s: StoreAt;
  afterEach(() => s.close());

  it('adds the plate dictionary, the clone findings and the scan watermarks, empty: they are caught up later', () => {
    s = storeAt(20);
    seedDetection(s.db, 1, 'QZA12345');
    seedDetection(s.db, 2, 'QZB67890');
    s.migrateTo(30);
    expect(userVersion(s.db)).toBe(30);
    for (const t of ['search_plates', 'search_clone_flags', 'search_state']) expect(tables(s.db)).toContain(t);
    // No trigger fills the dictionary (it halves the insert rate): a search folds the detections in itself.
    expect(s.db.prepare('SELECT count(*) FROM search_plates').pluck().get()).toBe(0);
    expect(s.db.prepare('SELECT count(*) FROM detections').pluck().get()).toBe(2);
  });

  it('keeps one finding per plate and state, and only the two levels', () => {
    s = storeAt(30);
    const flag = (level: string) =>
      s.db
        .prepare(
          "INSERT INTO search_clone_flags (plate, state, level, reasons, score, evidence, found_at) VALUES ('QZA12345', 'CA', ?, 'speed', 1, '{}', 'now')",
        )
        .run(level);
    expect(() => flag('suspicious')).toThrow(/CHECK/);
    flag('flagged');
    expect(() => flag('review')).toThrow(/UNIQUE/);
  });
});
