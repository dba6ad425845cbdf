import type { IntegrityAlert } from '../../../preload/contract';
import type { Json } from '../../core/shared/canonicalJson';
import { CanvassError } from '../../core/shared/errors';
import { inTransaction, type ReadableDB, type WritableDB } from '../../store/db';
import { acknowledgeAlert, insertAlert, listAlerts, openAlertCount } from '../../store/repos/integrity';
import type { Context } from '../kernel/context';
import { record } from './log';

/**
 * Integrity alerts: what the workstation found wrong with itself (a log behind its sealed head, an enrollment
 * record that was changed, a chain head the agency server holds that this log lacks). Each is written to the
 * access log as `integrity.alert` in the same transaction, and stays open for an administrator until
 * acknowledged.
 */
export type AlertKind =
  | 'audit.rollback'
  | 'audit.head_missing'
  | 'audit.head_altered'
  | 'audit.anchor_mismatch'
  | 'audit.seal_state'
  | 'enrollment.repaired'
  | 'keyring.event_key'
  | 'keyring.recovered';

export function raiseAlert(
  ctx: Context,
  db: WritableDB,
  kind: AlertKind,
  message: string,
  details: { [key: string]: Json } = {},
): void {
  inTransaction(db, () => {
    insertAlert(db, { at: ctx.nowIso(), kind, message, details: JSON.stringify(details) });
    record(ctx, db, 'integrity.alert', 'failed', { kind, message, ...details });
  });
}

export function alerts(db: ReadableDB, open = false): IntegrityAlert[] {
  return listAlerts(db, { open }).map(({ details: _details, ...a }) => a);
}

export function openAlerts(db: ReadableDB): number {
  return openAlertCount(db);
}

export function acknowledge(ctx: Context, db: WritableDB, id: number, note: string): void {
  const by = ctx.session?.username;
  if (!by) throw new CanvassError('NOT_SIGNED_IN', 'Sign in first.');
  inTransaction(db, () => {
    if (!acknowledgeAlert(db, id, ctx.nowIso(), by))
      throw new CanvassError('NOT_FOUND', 'That alert does not exist or was already acknowledged.');
    record(ctx, db, 'integrity.acknowledge', 'ok', { alertId: id, note });
  });
}
