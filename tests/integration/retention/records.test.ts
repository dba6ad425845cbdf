import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, seedStore, setupArgs, workstation, type Workstation } from '../../support/workstation';

/**
 * Department records kept beside the data (docs/retention.md): no timer purges them; the preview counts each kind and
 * lists those past the two-year minimum of Gov. Code § 34090 for the custodian's destruction review. The clock of an
 * imported vendor log starts on its import; 2026-11-22 in Los Angeles is "today" (the test clock, 09:00 UTC).
 */
let ws: Workstation;
afterAll(() => ws?.dispose());

describe('department records in the retention preview', () => {
  it('counts each kind and lists those past two years from their clock, at the agency-local day boundary', async () => {
    ws = workstation();
    await ws.call('setup.create', setupArgs());
    await seedStore(ws, (db) => {
      const add = db.prepare(
        `INSERT INTO audit_imports (vendor, file_name, sha256, rows, imported_at, imported_by)
         VALUES ('flock', ?, ?, 10, ?, 'admin')`,
      );
      // 2024-11-22 local (the day two years back): its minimum has passed today. 2024-11-23 local: not yet.
      add.run('a.csv', 'a'.repeat(64), '2024-11-22T20:00:00.000Z');
      add.run('b.csv', 'b'.repeat(64), '2024-11-23T07:59:00.000Z'); // 23:59 on the 22nd in Los Angeles
      add.run('c.csv', 'c'.repeat(64), '2024-11-23T08:00:00.000Z'); // 00:00 on the 23rd
      add.run('d.csv', 'd'.repeat(64), '2025-06-01T17:00:00.000Z');
    });
    await ws.call('auth.login', { username: setupArgs().admin.username, password: ADMIN_PASSWORD });
    const preview = await ws.call('retention.preview');
    const kinds = Object.fromEntries(preview.records.map((r) => [r.kind, r]));
    expect(Object.keys(kinds)).toEqual(['release_record', 'audit_record', 'vendor_log', 'evidence_record']);
    expect(kinds.vendor_log).toMatchObject({
      count: 4,
      eligible: 2,
      oldestOn: '2024-11-22',
      clock: 'from import',
      cite: 'Gov. Code § 34090',
    });
    expect(kinds.release_record).toMatchObject({ count: 0, eligible: 0, oldestOn: null });
    // The purged kinds say when their clock starts.
    expect(preview.kinds.find((k) => k.kind === 'hit')?.clock).toMatch(/alert/);

    // A day later the one imported at local midnight on the 23rd has kept its two years too; nothing was destroyed.
    ws.clock.advanceDays(1);
    await ws.call('auth.unlock', { password: ADMIN_PASSWORD });
    const later = await ws.call('retention.preview');
    expect(later.records.find((r) => r.kind === 'vendor_log')).toMatchObject({ count: 4, eligible: 3 });
  });
});
