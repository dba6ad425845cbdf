import type { Json } from '../../core/shared/canonicalJson';
import type { AuditPurpose, AuditRecord } from '../../core/audit/chain';
import { describePurpose } from '../../core/access/purpose';
import { getPurpose } from '../../store/repos/purposes';
import { appendAudit } from '../../store/repos/audit';
import type { Context } from '../kernel/context';
import type { WritableDB } from '../../store/db';

/** Writes one access-log record in the caller's transaction (the sync engine and workers take one of these). */
export type AuditWriter = (
  db: WritableDB,
  action: string,
  outcome: AuditRecord['outcome'],
  data: { [key: string]: Json },
) => void;

/**
 * Writes one access-log record with the Civil Code § 1798.90.52 fields: when, who (username and agency),
 * what data was searched or viewed, and why (the open purpose).
 */
export function record(
  ctx: Context,
  db: WritableDB,
  action: string,
  outcome: AuditRecord['outcome'],
  data: { [key: string]: Json },
  options: { username?: string | null; at?: string; purposeId?: number | null } = {},
): void {
  const session = ctx.session;
  const purposeId = options.purposeId !== undefined ? options.purposeId : (session?.purposeId ?? null);
  appendAudit(db, {
    at: options.at ?? ctx.nowIso(),
    action,
    outcome,
    username: options.username !== undefined ? options.username : (session?.username ?? null),
    agency: ctx.agencyName,
    purpose: purposeId ? purposeForAudit(ctx, db, purposeId) : null,
    data,
    workstation: ctx.workstation,
  });
}

function purposeForAudit(ctx: Context, db: WritableDB, id: number): AuditPurpose | null {
  const p = getPurpose(db, id);
  return p ? describePurpose(ctx.profile, p) : null;
}
