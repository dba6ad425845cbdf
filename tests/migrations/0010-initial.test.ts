import { afterEach, describe, expect, it } from 'vitest';
import { isStrict, storeAt, tables, userVersion, type StoreAt } from './support';

describe('migration 10: the initial schema', () => {
  let s: StoreAt;
  afterEach(() => s.close());

  it('creates the foundation tables, all STRICT, from an empty store', () => {
    s = storeAt(0);
    expect(userVersion(s.db)).toBe(0);
    expect(tables(s.db)).toEqual([]);
    s.migrateTo(10);
    expect(userVersion(s.db)).toBe(10);
    const created = tables(s.db);
    for (const t of [
      'agency',
      'users',
      'user_roles',
      'training_records',
      'purposes',
      'audit_log',
      'cameras',
      'images',
      'detections',
    ])
      expect(created).toContain(t);
    for (const t of created) expect(isStrict(s.db, t), t).toBe(true);
  });

  it('refuses a detection whose camera it does not know and a confidence out of range', () => {
    s = storeAt(10);
    s.db.pragma('foreign_keys = ON');
    const insert = (camera: string, confidence: number) =>
      s.db
        .prepare(
          `INSERT INTO detections (id, plate, seen_at, lat, lon, camera_id, confidence) VALUES (1, 'QZA12345', 1, 37, -122, ?, ?)`,
        )
        .run(camera, confidence);
    expect(() => insert('nowhere', 0.9)).toThrow(/FOREIGN KEY/);
    s.db.prepare("INSERT INTO cameras (id, name, kind) VALUES ('cam-1', 'A camera', 'fixed')").run();
    expect(() => insert('cam-1', 1.5)).toThrow(/CHECK/);
  });
});
