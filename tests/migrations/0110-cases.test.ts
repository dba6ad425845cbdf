import { afterEach, describe, expect, it } from 'vitest';
import { columns, isStrict, seedDetection, storeAt, tables, userVersion, type StoreAt } from './support';

describe('migration 110: a case’s collection', () => {
  let s: StoreAt;
  afterEach(() => s.close());

  const purpose = (db: StoreAt['db']) => {
    db.prepare(
      "INSERT INTO users (id, username, full_name, badge_id, classification, created_at, password_changed_at) VALUES (1, 'det.chen', 'Det. Mei Chen', '5120', 'sworn_officer', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z')",
    ).run();
    db.prepare(
      "INSERT INTO purposes (id, user_id, number_kind, number, purpose_id, description, opened_at) VALUES (1, 1, 'case', '26-04417', 'criminal_investigation', 'Burglary series', '2026-11-20T09:00:00Z')",
    ).run();
  };
  const add = (db: StoreAt['db'], detectionId = 1, caseNumber = '26-04417') =>
    db
      .prepare(
        "INSERT INTO case_items (case_number, detection_id, note, source, added_by, purpose_id, added_at) VALUES (?, ?, 'suspect van', 'search', 'det.chen', 1, '2026-11-20T09:01:00Z')",
      )
      .run(caseNumber, detectionId);

  it('adds case_items (STRICT) beside the detections already there, and nothing else', () => {
    s = storeAt(100);
    seedDetection(s.db);
    const before = tables(s.db);
    s.migrateTo(110);
    expect(userVersion(s.db)).toBe(110);
    expect(tables(s.db)).toEqual([...before, 'case_items'].sort());
    expect(isStrict(s.db, 'case_items')).toBe(true);
    expect(columns(s.db, 'case_items')).toEqual(
      [
        'id',
        'case_number',
        'detection_id',
        'note',
        'source',
        'added_by',
        'purpose_id',
        'added_at',
        'removed_at',
        'removed_by',
        'removed_reason',
      ].sort(),
    );
    expect(s.db.prepare('SELECT count(*) FROM detections').pluck().get()).toBe(1);
  });

  it('holds a detection once per case at a time; taken out, once and with all three stamps, it may come back', () => {
    s = storeAt(110);
    purpose(s.db);
    add(s.db);
    expect(() => add(s.db)).toThrow(/UNIQUE/);
    expect(() => add(s.db, 1, '26-04418')).not.toThrow();
    expect(() => s.db.prepare("UPDATE case_items SET removed_at = 'now' WHERE id = 1").run()).toThrow(/CHECK/);
    s.db
      .prepare(
        "UPDATE case_items SET removed_at = 'now', removed_by = 'det.chen', removed_reason = 'misread' WHERE id = 1",
      )
      .run();
    expect(() => add(s.db)).not.toThrow();
    expect(() =>
      s.db
        .prepare("UPDATE case_items SET removed_at = 'later', removed_by = 'x', removed_reason = 'y' WHERE id = 1")
        .run(),
    ).toThrow(/taken out once/);
  });

  it('never deletes or rewrites an item, and keeps case numbers upper-case', () => {
    s = storeAt(110);
    purpose(s.db);
    add(s.db);
    expect(() => s.db.prepare('DELETE FROM case_items').run()).toThrow(/never deleted/);
    expect(() => s.db.prepare("UPDATE case_items SET note = 'other'").run()).toThrow(/not rewritten/);
    expect(() => s.db.prepare('UPDATE case_items SET detection_id = 2').run()).toThrow(/not rewritten/);
    expect(() => add(s.db, 2, '26-abc')).toThrow(/CHECK/);
    expect(() => add(s.db, 2, '26-04417')).not.toThrow();
  });
});
