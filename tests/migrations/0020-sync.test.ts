import { afterEach, describe, expect, it } from 'vitest';
import { columns, seedDetection, storeAt, tables, userVersion, type StoreAt } from './support';

describe('migration 20: sync', () => {
  let s: StoreAt;
  afterEach(() => s.close());

  it('adds the sync tables and keeps the accounts and detections the store held', () => {
    s = storeAt(10);
    s.db
      .prepare(
        "INSERT INTO users (username, full_name, badge_id, classification, created_at, password_changed_at) VALUES ('jchen', 'James Chen', '7781', 'sworn_officer', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z')",
      )
      .run();
    seedDetection(s.db);
    s.migrateTo(20);
    expect(userVersion(s.db)).toBe(20);
    for (const t of [
      'sync_state',
      'sync_cursors',
      'sync_quarantine',
      'sync_runs',
      'sync_outbox',
      'remote_users',
      'remote_training',
      'hotlists',
      'hotlist_entries',
      'hits',
    ])
      expect(tables(s.db)).toContain(t);
    expect(s.db.prepare('SELECT username FROM users').pluck().all()).toEqual(['jchen']);
    expect(s.db.prepare('SELECT plate FROM detections').pluck().all()).toEqual(['QZA12345']);
    expect(columns(s.db, 'sync_outbox')).toContain('attempts');
  });

  it('lets the outbox hold only the kinds it knows at this version', () => {
    s = storeAt(20);
    const push = (kind: string) =>
      s.db
        .prepare("INSERT INTO sync_outbox (key, kind, body, created_at) VALUES (?, ?, '{}', '2026-11-01T00:00:00Z')")
        .run(`k-${kind}`, kind);
    expect(() => push('hotlist_entry')).not.toThrow();
    expect(() => push('plate_correction')).toThrow(/CHECK/);
  });
});
