import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../main/core/audit/chain';
import { openStore } from '../../../main/store/db';
import { iterateAudit } from '../../../main/store/repos/audit';
import {
  INVESTIGATOR_PASSWORD,
  SHOOTING_PURPOSE,
  storeKey,
  withInvestigator,
  workstation,
  type Workstation,
} from '../../support/workstation';

/**
 * The purpose is a real gate: the session takes a purpose only once its row and its access-log record are
 * committed. A write that fails half-way (here the access-log insert, as a full disk would fail it) leaves the
 * session without a purpose, so the next search is refused, never logged with `purpose: null`.
 */
const PURPOSE = SHOOTING_PURPOSE;

let ws: Workstation;
let key: Buffer;

beforeEach(async () => {
  ws = workstation();
  await withInvestigator(ws);
  key = await storeKey(ws);
});
afterEach(() => ws.dispose());

/** A second connection to the store, as the disk or another process sees it. */
function outside<T>(fn: (db: ReturnType<typeof openStore>) => T): T {
  const db = openStore(join(ws.dir, 'canvass.db'), key, { migrate: false });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

function records(): AuditRecord[] {
  return outside((db) => [...iterateAudit(db)].map((l) => JSON.parse(l.body) as AuditRecord));
}

describe('opening a purpose whose access-log record cannot be written', () => {
  it('leaves the session without a purpose: the next search is refused and no search is logged without one', async () => {
    await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
    // The access-log insert of `purposes.open` fails inside its transaction, as SQLITE_FULL would.
    outside((db) =>
      db.exec(`CREATE TRIGGER test_full BEFORE INSERT ON audit_log
                 WHEN json_extract(NEW.body, '$.action') = 'purposes.open'
                 BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`),
    );
    await ws.refused('purposes.open', PURPOSE);
    outside((db) => db.exec('DROP TRIGGER test_full'));

    expect((await ws.call('app.state')).session?.purpose).toBeNull();
    const refused = await ws.refused('detections.search', { plate: '7ABC*' });
    expect(refused.code).toBe('PURPOSE_REQUIRED');
    const searches = records().filter((r) => r.action === 'detections.search');
    expect(searches.map((r) => r.outcome)).toEqual(['denied']);
    expect(searches.some((r) => r.outcome === 'ok' && r.purpose === null)).toBe(false);
  });

  it('keeps the purpose that was open when a new one fails, and a close that fails keeps it too', async () => {
    await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
    const first = await ws.call('purposes.open', PURPOSE);
    outside((db) =>
      db.exec(`CREATE TRIGGER test_full BEFORE INSERT ON audit_log
                 WHEN json_extract(NEW.body, '$.action') IN ('purposes.open', 'purposes.close')
                 BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`),
    );
    await ws.refused('purposes.open', { ...PURPOSE, number: '26-009999' });
    await ws.refused('purposes.close');
    outside((db) => db.exec('DROP TRIGGER test_full'));

    expect((await ws.call('app.state')).session?.purpose?.id).toBe(first.id);
    await ws.call('detections.search', { plate: '7ABC*' });
    const search = records().find((r) => r.action === 'detections.search' && r.outcome === 'ok');
    expect(search?.purpose).toMatchObject({ id: first.id, number: '26-004512' });
  });
});
