import type { SqlDatabase } from '../../../native/sqlcipher';

export const version = 180;

/**
 * The outbox learns `audit_memo`: a signed audit memorandum, and its filing by the Custodian of Records, reach the
 * agency server (DESIGN: "audit memos" are pushed), so the agency holds the record of every audit, not the laptop
 * that made it. The body names the memo by its document id and SHA-256; the PDF stays on the workstation.
 */
export function updateToSchemaVersion180(db: SqlDatabase): void {
  db.prepare('INSERT OR IGNORE INTO sync_outbox_kinds (kind) VALUES (?)').run('audit_memo');
}
