import { afterEach, describe, expect, it } from 'vitest';
import { storeAt, tables, userVersion, type StoreAt } from './support';

describe('migration 40: OCR re-reads and corrected reads', () => {
  let s: StoreAt;
  afterEach(() => s.close());

  it('rebuilds the outbox with every pending and pushed item intact, and lets it hold corrections', () => {
    s = storeAt(30);
    const add = s.db.prepare(
      'INSERT INTO sync_outbox (key, kind, body, created_at, pushed_at, server_id, attempts, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    add.run('hle-1', 'hotlist_entry', '{"plate":"8KSL840"}', '2026-11-01T10:00:00Z', null, null, 2, 'offline');
    add.run('rd-1', 'release_decision', '{"id":7}', '2026-11-01T11:00:00Z', '2026-11-01T11:05:00Z', 41, 1, null);
    const before = s.db.prepare('SELECT * FROM sync_outbox ORDER BY key').all();
    s.migrateTo(40);
    expect(userVersion(s.db)).toBe(40);
    expect(s.db.prepare('SELECT * FROM sync_outbox ORDER BY key').all()).toEqual(before);
    expect(tables(s.db)).not.toContain('sync_outbox_new');
    s.db
      .prepare("INSERT INTO sync_outbox (key, kind, body, created_at) VALUES ('pc-1', 'plate_correction', '{}', 'now')")
      .run();
    // The pending index is there again after the rebuild.
    expect(s.db.prepare("SELECT name FROM sqlite_master WHERE name = 'sync_outbox_pending'").pluck().get()).toBe(
      'sync_outbox_pending',
    );
  });

  it('keeps a correction to one of the three choices, and the original read beside it', () => {
    s = storeAt(40);
    const correct = (chosen: string) =>
      s.db
        .prepare(
          "INSERT INTO plate_corrections (detection_id, original_plate, corrected_plate, chosen, reason, username, at, outbox_key) VALUES (1, '8SPU57O', '8SPU570', ?, 'The photo shows a zero', 'jchen', 'now', ?)",
        )
        .run(chosen, `pc-${chosen}`);
    expect(() => correct('guess')).toThrow(/CHECK/);
    correct('manual');
    expect(s.db.prepare('SELECT original_plate, corrected_plate FROM plate_corrections').get()).toEqual({
      original_plate: '8SPU57O',
      corrected_plate: '8SPU570',
    });
  });
});
