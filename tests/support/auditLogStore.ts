import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditRecord } from '../../main/core/audit/chain';
import { inTransaction, openStore, type WritableDB } from '../../main/store/db';
import { newDataKey } from '../../main/store/keyring';
import { appendAudit } from '../../main/store/repos/audit';

export type AuditLogStore = { path: string; key: Buffer; db: WritableDB; dispose(): void };

/** A real store in a temp folder holding a long access log: `record(i)` for i = 1..count, in one transaction. */
export function auditLogStore(count: number, record: (i: number) => AuditRecord): AuditLogStore {
  const dir = mkdtempSync(join(tmpdir(), 'canvass-audit-log-'));
  const path = join(dir, 'canvass.db');
  const key = newDataKey();
  const db = openStore(path, key);
  inTransaction(db, () => {
    for (let i = 1; i <= count; i++) appendAudit(db, record(i));
  });
  return {
    path,
    key,
    db,
    dispose() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
