/**
 * The commander's (or designee's) decision on a screened request (docs/releases.md). Whoever prepared the request
 * cannot decide it; an approval screens the request again first, so nothing that fails the screen today is approved.
 */
import type { ReleaseRequestInfo } from '../../../preload/contract';
import { CanvassError } from '../../core/shared/errors';
import { inTransaction } from '../../store/db';
import { enqueueOutbox } from '../../store/repos/sync';
import { setDecision } from '../../store/repos/releases';
import { record } from '../audit';
import { profileOf, storeOf, type Context } from '../kernel/context';
import { keepScreening, requestInfo, requestOrThrow, screenAgainOrRefuse } from './requests';

export function decide(
  ctx: Context,
  args: { id: number; decision: 'approve' | 'deny'; note: string },
): ReleaseRequestInfo {
  const db = storeOf(ctx);
  const row = requestOrThrow(db, args.id);
  const me = ctx.session!.username;
  const approver = profileOf(ctx).sharing.approver.who;
  if (row.preparedBy.toLowerCase() === me.toLowerCase()) {
    record(ctx, db, 'releases.decide', 'denied', { number: row.number, reason: 'prepared by the same person' });
    throw new CanvassError(
      'FORBIDDEN',
      `You recorded ${row.number}, so you cannot ${args.decision} it: the ${approver} (or designee) who did not prepare it decides.`,
    );
  }
  if (row.status !== 'screened')
    throw new CanvassError(
      'CONFLICT',
      `${row.number} is ${statusText(row.status)}: only a request that passed screening and awaits a decision can be ${args.decision === 'approve' ? 'approved' : 'denied'}.`,
    );
  if (args.decision === 'approve') {
    const decision = screenAgainOrRefuse(
      ctx,
      db,
      row,
      'approval',
      'releases.decide',
      'It cannot be approved; correct the directory or deny it.',
    );
    inTransaction(db, () => keepScreening(ctx, db, row.id, 'approval', decision));
  }
  const at = ctx.nowIso();
  inTransaction(db, () => {
    setDecision(db, row.id, {
      status: args.decision === 'approve' ? 'approved' : 'denied',
      by: me,
      at,
      note: args.note,
    });
    record(ctx, db, 'releases.decide', 'ok', { number: row.number, decision: args.decision, note: args.note });
    enqueueOutbox(
      db,
      `release-decision-${row.number}`,
      'release_decision',
      { number: row.number, decision: args.decision, by: me, at, note: args.note },
      at,
    );
  });
  return requestInfo(db, requestOrThrow(db, row.id));
}

export function statusText(s: string): string {
  return (
    {
      screened: 'awaiting a decision',
      refused: 'refused at screening',
      public_records: 'routed to the public-records process',
      approved: 'approved and not yet fulfilled',
      denied: 'denied',
      fulfilled: 'fulfilled already',
    }[s] ?? s
  );
}
