import { randomUUID } from 'node:crypto';
import type { LegalHold, PlaceHoldArgs } from '../../../preload/contract';
import { localDate } from '../../core/shared/calendar';
import { CanvassError } from '../../core/shared/errors';
import { inTransaction } from '../../store/db';
import {
  caseDetectionIds,
  existingDetections,
  getHold,
  holdRecordIds,
  holdsDueForReview,
  insertHold,
  listHolds,
  releaseHold,
  type HoldRow,
} from '../../store/repos/retention';
import { enqueueOutbox } from '../../store/repos/sync';
import { record } from '../audit';
import { profileOf, storeOf, type Context } from '../kernel/context';

/**
 * Legal holds (docs/retention.md): placed by an administrator or evidence technician on a case, a court order or a
 * set of records, with the authority and a review date; the store keeps what a live hold names (0150's triggers).
 * Placing and releasing are logged and pushed to the agency server, so it does not purge the records either.
 * Booked evidence is held without a hold here (its package is the hold: evidence_holds).
 */

export function todayOf(ctx: Context): string {
  return localDate(ctx.now(), profileOf(ctx).timeZone);
}

export function holdInfo(h: HoldRow, today: string): LegalHold {
  return {
    id: h.id,
    kind: h.kind,
    caseNumber: h.caseNumber,
    authority: h.authority,
    reason: h.reason,
    reviewOn: h.reviewOn,
    placedBy: h.placedBy,
    placedAt: h.placedAt,
    released: h.releasedAt ? { at: h.releasedAt, by: h.releasedBy!, reason: h.releaseReason! } : null,
    records: h.records,
    reviewDue: h.releasedAt === null && h.reviewOn <= today,
  };
}

export function holds(ctx: Context, includeReleased: boolean): LegalHold[] {
  const today = todayOf(ctx);
  return listHolds(storeOf(ctx), includeReleased).map((h) => holdInfo(h, today));
}

export function holdsForReview(ctx: Context): LegalHold[] {
  const today = todayOf(ctx);
  return holdsDueForReview(storeOf(ctx), today).map((h) => holdInfo(h, today));
}

export function placeHold(ctx: Context, a: PlaceHoldArgs): LegalHold {
  const db = storeOf(ctx);
  const who = ctx.session!.username;
  const today = todayOf(ctx);
  if (a.reviewOn <= today)
    throw new CanvassError(
      'INVALID_ARGUMENT',
      `The review date must be after today (${today}): a hold is looked at again later.`,
    );
  let ids: number[] = [];
  if (a.kind === 'case') {
    if (!a.caseNumber) throw new CanvassError('INVALID_ARGUMENT', 'A case hold names the case number.');
    if (a.detectionIds?.length)
      throw new CanvassError(
        'INVALID_ARGUMENT',
        'A case hold holds the case’s collection; name records with a records hold.',
      );
  } else {
    if (!a.detectionIds?.length)
      throw new CanvassError('INVALID_ARGUMENT', 'A court-order or records hold names the detections it holds.');
    ids = existingDetections(db, a.detectionIds);
    const missing = a.detectionIds.filter((d) => !ids.includes(d));
    if (missing.length)
      throw new CanvassError(
        'NOT_FOUND',
        `${missing.length} of the detections named are not in this store (first: ${missing[0]}); they may have been purged already.`,
      );
  }
  const caseNumber = a.kind === 'case' ? a.caseNumber!.toUpperCase() : null;
  const at = ctx.nowIso();
  const outboxKey = `legal-hold-${randomUUID()}`;
  return inTransaction(db, () => {
    const id = insertHold(
      db,
      {
        kind: a.kind,
        caseNumber,
        authority: a.authority,
        reason: a.reason,
        reviewOn: a.reviewOn,
        placedBy: who,
        placedAt: at,
        outboxKey,
      },
      ids,
    );
    const held = a.kind === 'case' ? caseDetectionIds(db, caseNumber!) : ids;
    enqueueOutbox(
      db,
      outboxKey,
      'legal_hold',
      {
        holdKey: outboxKey,
        kind: a.kind,
        caseNumber,
        authority: a.authority,
        reason: a.reason,
        reviewOn: a.reviewOn,
        placedBy: who,
        placedAt: at,
        detectionIds: held,
      },
      at,
    );
    record(ctx, db, 'retention.placeHold', 'ok', {
      holdId: id,
      kind: a.kind,
      caseNumber,
      authority: a.authority,
      reviewOn: a.reviewOn,
      detectionIds: held,
    });
    return holdInfo(getHold(db, id)!, today);
  });
}

export function releaseLegalHold(ctx: Context, holdId: number, reason: string): LegalHold {
  const db = storeOf(ctx);
  const h = getHold(db, holdId);
  if (!h) throw new CanvassError('NOT_FOUND', `There is no legal hold #${holdId}.`);
  if (h.releasedAt)
    throw new CanvassError(
      'CONFLICT',
      `Hold #${holdId} was released on ${localDate(new Date(h.releasedAt), profileOf(ctx).timeZone)} by ${h.releasedBy}.`,
    );
  const at = ctx.nowIso();
  const who = ctx.session!.username;
  return inTransaction(db, () => {
    releaseHold(db, holdId, who, at, reason);
    enqueueOutbox(
      db,
      `${h.outboxKey}-release`,
      'legal_hold_release',
      { holdKey: h.outboxKey, releasedBy: who, releasedAt: at, reason },
      at,
    );
    record(ctx, db, 'retention.releaseHold', 'ok', {
      holdId,
      kind: h.kind,
      caseNumber: h.caseNumber,
      authority: h.authority,
      reason,
      detectionIds: h.kind === 'case' ? caseDetectionIds(db, h.caseNumber!) : holdRecordIds(db, holdId),
    });
    return holdInfo(getHold(db, holdId)!, todayOf(ctx));
  });
}
