import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store/db';
import { flockCsv } from '../../support/flockCsv';
import {
  ADMIN_PASSWORD,
  auditRecords,
  setupArgs,
  storeKey,
  withInvestigator,
  workstation,
  type Workstation,
} from '../../support/workstation';

/**
 * A vendor's search-audit export, imported and audited as imported (docs/audits.md, "Imported logs"): a broken
 * line refuses the whole file with its line and reason and keeps nothing; a good file is screened and sampled the
 * same way, and everything made from it says it is imported.
 */
let ws: Workstation;
const start = Date.parse('2026-10-01T16:00:00Z');

beforeAll(async () => {
  ws = workstation();
  await withInvestigator(ws);
  await ws.call('auth.login', { username: setupArgs().admin.username, password: ADMIN_PASSWORD });
}, 60_000);
afterAll(() => ws.dispose());

async function tableCounts(): Promise<{ imports: number; rows: number }> {
  const key = await storeKey(ws);
  ws.api.close();
  const db = openStore(join(ws.dir, 'canvass.db'), key);
  try {
    return {
      imports: (db.prepare('SELECT count(*) AS n FROM audit_imports').get() as { n: number }).n,
      rows: (db.prepare('SELECT count(*) AS n FROM audit_import_rows').get() as { n: number }).n,
    };
  } finally {
    db.close();
    ws.reopen();
    await ws.call('auth.login', { username: setupArgs().admin.username, password: ADMIN_PASSWORD });
  }
}

describe('importing a Flock organization-audit export', () => {
  it('refuses a file with a broken line, naming the line and the reason, and keeps nothing', async () => {
    const lines = flockCsv({ rows: 200, start }).csv.split('\r\n');
    lines[120] = lines[120]!.replace(
      /"(\d\d\/\d\d\/\d{4}, [^"]+ UTC)",(lookup|search|freeform|visual|multiGeo|convoy)/,
      '"yesterday",$2',
    );
    const path = join(ws.dir, 'broken-audit.csv');
    writeFileSync(path, lines.join('\r\n'));
    const err = await ws.refused('audit.import', { path });
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toMatch(
      /line 121: The Search Time “yesterday” is not a time like 11\/14\/2025, 09:53:36 AM UTC\. Nothing was kept/,
    );
    expect(await tableCounts()).toEqual({ imports: 0, rows: 0 });
    expect((await auditRecords(ws)).find((r) => r.action === 'audit.import')).toMatchObject({
      outcome: 'failed',
      data: { line: 121 },
    });
  });

  it('refuses a file that is not there, or not text', async () => {
    expect((await ws.refused('audit.import', { path: join(ws.dir, 'nope.csv') })).code).toBe('NOT_FOUND');
    const bin = join(ws.dir, 'binary.csv');
    writeFileSync(bin, Buffer.from([0xff, 0xfe, 0x00, 0x41]));
    expect((await ws.refused('audit.import', { path: bin })).message).toMatch(/not a UTF-8 text file/);
  });

  it('imports a good file labelled as imported, and audits it the same way', async () => {
    const f = flockCsv({ rows: 300, start, spanDays: 30 });
    const path = join(ws.dir, 'flock-org-audit.csv');
    writeFileSync(path, f.csv);
    const imported = await ws.call('audit.import', { path });
    expect(imported).toMatchObject({ vendor: 'flock', fileName: 'flock-org-audit.csv', rows: 300 });
    expect(imported.sha256).toBe(execFileSync('sha256sum', [path]).toString().slice(0, 64));
    expect(await ws.call('audit.imports')).toHaveLength(1);

    const a = await ws.call('audit.open', {
      number: 'AUD-FLOCK-1',
      from: '2026-10-01',
      to: '2026-10-31',
      importId: imported.id,
    });
    expect(a.source).toBe('imported');
    expect(a.importLabel).toBe('Imported: Flock Safety organization audit, flock-org-audit.csv');
    const d = await ws.call('audit.screen', { auditId: a.id });
    expect(d.population).toBeGreaterThan(250);
    // Every generic reason the fixture wrote is flagged; the seed comes from the file's hash.
    expect(d.screening!.byKind.untied_reason).toBeGreaterThanOrEqual(f.bad - (300 - d.population!));
    expect(d.headHash).toBe(imported.sha256);
    const items = await ws.call('audit.inquiries', { auditId: a.id });
    expect(items).toHaveLength(10);
    expect(items.every((i) => i.inquiry.source === 'imported' && i.inquiry.key.startsWith('flock:'))).toBe(true);
  });
});
