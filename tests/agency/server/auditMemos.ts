/**
 * The reference server's side of audit memoranda (docs/audits.md): a workstation pushes each memo it signs and each
 * filing by the custodian; the server keeps them per workstation, so the agency holds the record of every audit.
 */
import { auditMemoPushSchema, type AuditMemoPush } from '../../../main/core/sync/protocol';
import type { AgencyStore } from './store';

export function auditMemosSchema(db: AgencyStore): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS audit_memos (
      workstation_id TEXT NOT NULL, number TEXT NOT NULL, step TEXT NOT NULL, body TEXT NOT NULL,
      received_at TEXT NOT NULL, PRIMARY KEY (workstation_id, number, step)
    ) STRICT;
  `);
}

/** Checks and stores a memo push; returns an error message, or null when it is not a memo push or was stored. */
export function acceptAuditMemoPush(
  db: AgencyStore,
  workstationId: string,
  kind: string,
  body: unknown,
  now: string,
): string | null {
  if (kind !== 'audit_memo') return null;
  const m = auditMemoPushSchema.safeParse(body);
  if (!m.success) return `An audit memo is malformed (${m.error.issues[0]?.path.join('.')}).`;
  if (m.data.step === 'filed') {
    const signed = db
      .prepare(`SELECT body FROM audit_memos WHERE workstation_id = ? AND number = ? AND step = 'signed'`)
      .pluck()
      .get(workstationId, m.data.number) as string | undefined;
    if (!signed) return `Audit ${m.data.number} was filed before its signed memo reached the server.`;
    if ((JSON.parse(signed) as AuditMemoPush).pdfSha256 !== m.data.pdfSha256)
      return `The memo filed for audit ${m.data.number} is not the one signed (its SHA-256 differs).`;
  }
  db.prepare(
    'INSERT OR IGNORE INTO audit_memos (workstation_id, number, step, body, received_at) VALUES (?, ?, ?, ?, ?)',
  ).run(workstationId, m.data.number, m.data.step, JSON.stringify(m.data), now);
  return null;
}

/** The memos the server holds, in the order they arrived. */
export function auditMemos(db: AgencyStore): (AuditMemoPush & { workstationId: string })[] {
  return (
    db.prepare('SELECT workstation_id AS workstationId, body FROM audit_memos ORDER BY rowid').all() as {
      workstationId: string;
      body: string;
    }[]
  ).map((r) => ({ workstationId: r.workstationId, ...(JSON.parse(r.body) as AuditMemoPush) }));
}
