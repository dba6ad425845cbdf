import type { OpenPurposeArgs, PurposeInfo } from '../../../preload/contract';
import { CanvassError } from '../../core/shared/errors';
import { checkPurpose } from '../../core/access/purpose';
import { inTransaction } from '../../store/db';
import { closePurpose, getPurpose, insertPurpose, recentPurposes } from '../../store/repos/purposes';
import { record } from '../audit';
import type { Context } from '../kernel/context';
import { purposeInfo } from './sessionInfo';
import { storeOf, profileOf } from '../kernel/context';

/** Opening a purpose is itself recorded, so a reviewer sees why every later access happened. */
export function open(ctx: Context, args: OpenPurposeArgs): PurposeInfo {
  const db = storeOf(ctx);
  const session = ctx.session!;
  const check = checkPurpose(args, profileOf(ctx));
  if (!check.ok) {
    record(ctx, db, 'purposes.open', 'denied', {
      reason: check.reason,
      number: args.number,
      purposeId: args.purposeId,
      description: args.description,
    });
    throw new CanvassError('PURPOSE_REJECTED', check.reason);
  }
  // The session takes the new purpose only once its row and its record are committed: a failed write (a full
  // disk) leaves the session as it was, never holding the id of a row that does not exist.
  const previous = session.purposeId;
  const id = inTransaction(db, () => {
    if (previous) closePurpose(db, previous, ctx.nowIso());
    const pid = insertPurpose(db, session.userId, check.draft, ctx.nowIso());
    record(ctx, db, 'purposes.open', 'ok', { purposeRecordId: pid }, { purposeId: pid });
    return pid;
  });
  session.purposeId = id;
  return purposeInfo(ctx, getPurpose(db, id)!);
}

/** Resuming re-opens one of the user's own earlier purposes as a new record, so the timeline stays truthful. */
export function resume(ctx: Context, id: number): PurposeInfo {
  const db = storeOf(ctx);
  const earlier = getPurpose(db, id);
  if (!earlier || earlier.userId !== ctx.session!.userId) {
    throw new CanvassError('NOT_FOUND', 'That purpose is not one of yours. Open a new purpose instead.');
  }
  return open(ctx, earlier);
}

export function close(ctx: Context): void {
  const db = storeOf(ctx);
  const session = ctx.session!;
  if (!session.purposeId) return;
  const id = session.purposeId;
  inTransaction(db, () => {
    record(ctx, db, 'purposes.close', 'ok', { purposeRecordId: id });
    closePurpose(db, id, ctx.nowIso());
  });
  session.purposeId = null;
}

export function recent(ctx: Context): PurposeInfo[] {
  return recentPurposes(storeOf(ctx), ctx.session!.userId).map((p) => purposeInfo(ctx, p));
}
