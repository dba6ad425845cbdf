import { afterEach, describe, expect, it } from 'vitest';
import { columns, isStrict, storeAt, tables, userVersion, type StoreAt } from './support';

describe('migration 100: hot lists and hits', () => {
  let s: StoreAt;
  afterEach(() => s.close());

  function seed60(db: StoreAt['db']): void {
    db.prepare(
      "INSERT INTO hotlists (id, name, category, general, source, refreshed_at, version) VALUES ('SVS', 'Stolen vehicles', 'SVS', 1, 'CA DOJ', '2026-11-20T05:00:00Z', 3)",
    ).run();
    db.prepare(
      `INSERT INTO hotlist_entries (id, list_id, plate, state, reason, entered_at, version)
       VALUES (7, 'SVS', '8KRT214', 'CA', 'Stolen vehicle', '2026-10-01T00:00:00Z', 1)`,
    ).run();
    const hit = db.prepare(
      `INSERT INTO hits (id, detection_id, entry_id, list_id, plate, state, at, status, disposition, version)
       VALUES (?, ?, 7, 'SVS', '8KRT214', 'CA', 1763600000000, ?, ?, 2)`,
    );
    hit.run(1, 11, 'alert', null);
    hit.run(2, 12, 'live_query', null);
    hit.run(3, 13, 'cleared', 'Vehicle not located');
    db.prepare(
      "INSERT INTO sync_outbox (key, kind, body, created_at) VALUES ('corr-1234567', 'plate_correction', '{}', '2026-11-20T09:00:00Z')",
    ).run();
    for (const feed of ['users', 'hotlists', 'hits', 'detections'])
      db.prepare("INSERT INTO sync_cursors (feed, cursor, updated_at) VALUES (?, 'r', '2026-11-20T09:00:00Z')").run(
        feed,
      );
  }

  it('names the hit states as Alameda does, keeps every hit, and pulls hits, lists and users again', () => {
    s = storeAt(60);
    seed60(s.db);
    s.migrateTo(100);
    expect(userVersion(s.db)).toBe(100);
    const hits = s.db
      .prepare(
        'SELECT id, status, disposition, disposition_note AS note, closed_at AS closedAt, version FROM hits ORDER BY id',
      )
      .all();
    expect(hits).toEqual([
      { id: 1, status: 'alert', disposition: null, note: null, closedAt: null, version: 0 },
      { id: 2, status: 'validated', disposition: null, note: null, closedAt: null, version: 0 },
      {
        id: 3,
        status: 'confirmed',
        disposition: 'other',
        note: 'Vehicle not located',
        closedAt: expect.stringMatching(/^2025-11-20T/),
        version: 0,
      },
    ]);
    // Version 0: the server's own records replace these at the next pull, which starts over.
    expect(s.db.prepare('SELECT feed FROM sync_cursors ORDER BY feed').pluck().all()).toEqual(['detections']);
    expect(s.db.prepare('SELECT status FROM hotlist_entries WHERE id = 7').pluck().get()).toBe('active');
    expect(s.db.prepare('SELECT kind FROM sync_outbox').pluck().all()).toEqual(['plate_correction']);
    expect(columns(s.db, 'users')).toContain('supervisor_id');
    for (const t of [
      'hotlist_changes',
      'hit_transitions',
      'hotlist_retro_hits',
      'hotlist_retro_runs',
      'hits',
      'sync_outbox',
    ]) {
      expect(tables(s.db)).toContain(t);
      expect(isStrict(s.db, t)).toBe(true);
    }
  });

  it('refuses states the policy does not name, and outbox kinds nobody pushes', () => {
    s = storeAt(100);
    const hit = (status: string) =>
      s.db
        .prepare(
          "INSERT INTO hits (id, detection_id, entry_id, list_id, plate, at, status, version) VALUES (abs(random()) % 100000, 1, 1, 'SVS', 'X', 0, ?, 1)",
        )
        .run(status);
    expect(() => hit('rejected')).not.toThrow();
    expect(() => hit('live_query')).toThrow(/CHECK/);
    const push = (kind: string) =>
      s.db
        .prepare("INSERT INTO sync_outbox (key, kind, body, created_at) VALUES (hex(randomblob(8)), ?, '{}', 'now')")
        .run(kind);
    expect(() => push('hit_transition')).not.toThrow();
    expect(() => push('hotlist_approval')).not.toThrow();
    expect(() => push('gossip')).toThrow(/CHECK/);
    expect(() =>
      s.db
        .prepare(
          "INSERT INTO hotlist_entries (id, list_id, plate, reason, entered_at, version, status) VALUES (-1, 'BOLO', 'X', 'r', 'now', 0, 'maybe')",
        )
        .run(),
    ).toThrow(/CHECK/);
  });
});
