import { afterEach, describe, expect, it } from 'vitest';
import { seedDetection, storeAt, tables, userVersion, type StoreAt } from './support';

describe('migration 50: settings and the vehicle vocabulary', () => {
  let s: StoreAt;
  afterEach(() => s.close());

  it('adds the settings and the vocabulary counts, empty until caught up from the detections', () => {
    s = storeAt(40);
    seedDetection(s.db);
    s.migrateTo(50);
    expect(userVersion(s.db)).toBe(50);
    for (const t of ['settings', 'vocabulary_counts', 'vocabulary_state']) expect(tables(s.db)).toContain(t);
    expect(s.db.prepare('SELECT count(*) FROM vocabulary_counts').pluck().get()).toBe(0);
    expect(() =>
      s.db
        .prepare("INSERT INTO vocabulary_counts (field, parent, value, count) VALUES ('plate', '', 'QZA12345', 1)")
        .run(),
    ).toThrow(/CHECK/);
  });
});
