import type { CaseAddArgs, CaseAddResult, CaseCollection, CaseItem, CaseSource } from '../../../preload/contract';
import { caseOfPurpose, checkNote, NO_CASE_NUMBER, type CaseKey } from '../../core/cases/collection';
import { CanvassError } from '../../core/shared/errors';
import { inTransaction, type ReadableDB } from '../../store/db';
import { cameraNames } from '../../store/repos/cameras';
import {
  caseCollection,
  collectedAmong,
  getCaseItem,
  insertCaseItems,
  removeCaseItem,
  type CaseItemRow,
  type CollectedRow,
} from '../../store/repos/caseItems';
import { detectionsByIds } from '../../store/repos/plateIndex';
import { getPurpose } from '../../store/repos/purposes';
import { record } from '../audit';
import { toDetection, withHeld } from '../detections';
import { storeOf, type Context } from '../kernel/context';

/**
 * The open purpose's case and its collection (docs/cases.md). Every call is behind the purpose gate (the case
 * is the purpose's number) and lands in the access log with the detection ids it added, read or took out.
 */

/** The case the open purpose collects for; refused when the purpose has no number. */
export function openCase(ctx: Context): CaseKey {
  const id = ctx.session?.purposeId;
  const purpose = id ? getPurpose(storeOf(ctx), id) : null;
  if (!purpose) throw new CanvassError('PURPOSE_REQUIRED', 'Open a purpose for the case first.');
  const key = caseOfPurpose(purpose);
  if (!key) throw new CanvassError('INVALID_ARGUMENT', NO_CASE_NUMBER);
  return key;
}

function toItem(r: CaseItemRow, detection: CaseItem['detection']): CaseItem {
  return {
    id: r.id,
    detectionId: r.detectionId,
    detection,
    note: r.note,
    source: r.source as CaseSource,
    addedBy: { username: r.addedBy, fullName: r.addedByName },
    addedAt: r.addedAt,
  };
}

/** Collected rows as the contract shows them: each detection with its camera's name, null once purged. */
export function toCaseItems(db: ReadableDB, rows: readonly CollectedRow[]): CaseItem[] {
  const names = cameraNames(
    db,
    rows.flatMap((r) => (r.detection ? [r.detection.cameraId] : [])),
  );
  return rows.map((r) => toItem(r, r.detection ? toDetection(r.detection, names) : null));
}

/**
 * Adds detections to the open case with one note. All or nothing: a detection the store does not hold refuses
 * the whole add; detections already collected are left as they are and reported.
 */
export function add(ctx: Context, a: CaseAddArgs): CaseAddResult {
  const db = storeOf(ctx);
  const key = openCase(ctx);
  const note = checkNote(a.note);
  if (!note.ok) throw new CanvassError('INVALID_ARGUMENT', note.reason);
  const ids = [...new Set(a.detectionIds)];
  const rows = new Map(detectionsByIds(db, ids).map((r) => [r.id, r]));
  const missing = ids.filter((id) => !rows.has(id));
  if (missing.length) {
    throw new CanvassError(
      'NOT_FOUND',
      `${missing.length === 1 ? `Detection ${missing[0]} is` : `Detections ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? '…' : ''} are`} not in this workstation's store (purged or never synced); nothing was added.`,
    );
  }
  const session = ctx.session!;
  const at = ctx.nowIso();
  const { added, already } = inTransaction(db, () => {
    const before = collectedAmong(db, key.number, ids);
    const fresh = ids.filter((id) => !before.has(id));
    const newIds = insertCaseItems(
      db,
      fresh.map((detectionId) => ({
        caseNumber: key.number,
        detectionId,
        note: note.note,
        source: a.source,
        addedBy: session.username,
        purposeId: session.purposeId!,
        addedAt: at,
      })),
    );
    record(ctx, db, 'cases.add', 'ok', {
      caseNumber: key.number,
      source: a.source,
      note: note.note,
      detectionIds: fresh,
      itemIds: newIds,
      alreadyCollected: [...before.keys()],
    });
    return { added: collectedAmong(db, key.number, fresh), already: [...before.values()] };
  });
  const names = cameraNames(
    db,
    [...rows.values()].map((r) => r.cameraId),
  );
  const item = (r: CaseItemRow) => toItem(r, toDetection(rows.get(r.detectionId)!, names));
  return { caseNumber: key.number, added: [...added.values()].map(item), already: already.map(item) };
}

/** `cases.collection`: the open case's collection, audited with every detection id it shows. */
export function collection(ctx: Context): CaseCollection {
  const db = storeOf(ctx);
  const key = openCase(ctx);
  const rows = caseCollection(db, key.number);
  record(ctx, db, 'cases.collection', 'ok', {
    caseNumber: key.number,
    resultCount: rows.length,
    detectionIds: rows.map((r) => r.detectionId),
  });
  const items = toCaseItems(db, rows);
  const held = new Map(
    withHeld(
      db,
      items.flatMap((i) => (i.detection ? [i.detection] : [])),
    ).map((d) => [d.id, d]),
  );
  return {
    caseNumber: key.number,
    numberKind: key.kind,
    items: items.map((i) => (i.detection ? { ...i, detection: held.get(i.detection.id)! } : i)),
  };
}

/** Takes an item out of the open case's collection with a reason; the item's history stays in the store. */
export function remove(ctx: Context, itemId: number, reason: string): { removed: boolean } {
  const db = storeOf(ctx);
  const key = openCase(ctx);
  const item = getCaseItem(db, itemId);
  if (!item || item.caseNumber !== key.number)
    throw new CanvassError('NOT_FOUND', `Item ${itemId} is not in the collection of case ${key.number}.`);
  return inTransaction(db, () => {
    const removed = removeCaseItem(db, itemId, ctx.session!.username, reason, ctx.nowIso());
    record(ctx, db, 'cases.remove', removed ? 'ok' : 'failed', {
      caseNumber: key.number,
      itemId,
      detectionIds: [item.detectionId],
      reason,
      ...(removed ? {} : { problem: 'already taken out' }),
    });
    return { removed };
  });
}
