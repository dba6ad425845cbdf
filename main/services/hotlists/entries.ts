import { randomUUID } from 'node:crypto';
import type { Args, ChangeInfo, EntryFieldsArgs, EntryInfo, Returns } from '../../../preload/contract';
import { CanvassError } from '../../core/shared/errors';
import { approvalRefusal, checkEntryFields, removalRefusal, type EntryFields } from '../../core/hotlists/entries';
import type { EntryFieldsData } from '../../core/sync/protocol';
import { inTransaction, type ReadableDB, type WritableDB } from '../../store/db';
import {
  decideChange,
  decidedChanges,
  getChange,
  insertChange,
  pendingChanges,
  type ChangeRow,
} from '../../store/repos/hotlistChanges';
import {
  findEntries,
  getEntry,
  getHotlist,
  insertLocalEntry,
  listHotlists,
  setEntryStatus,
  updateEntryFields,
  type EntryRow,
} from '../../store/repos/hotlists';
import { enqueueOutbox, nextOutboxTime } from '../../store/repos/sync';
import { supervisorOf } from '../../store/repos/users';
import { record } from '../audit';
import { storeOf, type Context } from '../kernel/context';
import { checkEntriesNow } from './retro';
import { changeInfo, entryInfo, listsById, Names, policyOf } from './views';

/**
 * Entries of the agency's own lists: entered by a member, live only once the ALPR administrator approves them;
 * later updates approved by the entering member's supervisor; removed with a reason. Each change and decision is
 * one transaction with its access-log record and its outbox item (pushed to the agency server at the next sync,
 * which has the last word and sends its copy back through the hotlists feed).
 */

function me(ctx: Context): { username: string; fullName: string; roles: readonly string[] } {
  const s = ctx.session!;
  return { username: s.username, fullName: s.fullName, roles: s.roles };
}

function checkFields(ctx: Context, fields: EntryFieldsArgs): EntryFieldsData {
  const p = policyOf(ctx);
  const input: EntryFields = {
    plate: fields.plate,
    state: fields.state,
    make: fields.make ?? null,
    model: fields.model ?? null,
    color: fields.color ?? null,
    body: fields.body ?? null,
    reason: fields.reason,
    caseNumber: fields.caseNumber,
    synopsis: fields.synopsis,
    expiresOn: fields.expiresOn ?? null,
  };
  const r = checkEntryFields(input, { today: p.today, defaultExpiryDays: p.expiryDays });
  if (!r.ok) throw new CanvassError('INVALID_ARGUMENT', r.refusal.message);
  return r.fields as EntryFieldsData;
}

function agencyList(db: ReadableDB, listId: string) {
  const list = getHotlist(db, listId);
  if (!list) throw new CanvassError('NOT_FOUND', `There is no hot list “${listId}”.`);
  if (list.general)
    throw new CanvassError(
      'INVALID_ARGUMENT',
      `${list.name} is a general list: it comes from ${list.source} and is replaced at each refresh. Enter the vehicle on one of the agency’s own lists.`,
    );
  return list;
}

function entryOrFail(db: ReadableDB, entryId: number): EntryRow {
  const e = getEntry(db, entryId);
  if (!e) throw new CanvassError('NOT_FOUND', `There is no hot-list entry ${entryId} on this workstation.`);
  return e;
}

function infoOf(ctx: Context, db: ReadableDB, e: EntryRow): EntryInfo {
  return entryInfo(e, listsById(listHotlists(db)), new Names(db, [e.enteredBy, e.approvedBy]), policyOf(ctx));
}

function changeView(ctx: Context, db: ReadableDB, c: ChangeRow): ChangeInfo {
  const e = getEntry(db, c.entryId);
  return changeInfo(c, listsById(listHotlists(db)), e ? infoOf(ctx, db, e) : null, changeDecision(ctx, db, c));
}

/** Whether the signed-in person may decide a change, and if not, why. */
export function changeDecision(
  ctx: Context,
  db: ReadableDB,
  c: ChangeRow,
): { canDecide: boolean; whyNot: string | null } {
  if (c.status !== 'pending') return { canDecide: false, whyNot: null };
  const entering = getEntry(db, c.entryId)?.enteredBy ?? c.requestedBy;
  const whyNot = approvalRefusal(
    { kind: c.kind, requestedBy: c.requestedBy, enteringMember: entering },
    me(ctx),
    supervisorOf(db, entering),
  );
  return { canDecide: whyNot === null, whyNot };
}

function pushKey(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

export function enter(ctx: Context, a: Args<'hotlists.enter'>): ChangeInfo {
  const db = storeOf(ctx);
  const list = agencyList(db, a.listId);
  const fields = checkFields(ctx, a.fields);
  const same = findEntries(db, { listId: list.id, plate: fields.plate, limit: 50 }).rows.find(
    (e) => e.plate === fields.plate && e.state === fields.state && (e.status === 'active' || e.status === 'pending'),
  );
  if (same)
    throw new CanvassError(
      'CONFLICT',
      `${fields.plate} (${fields.state}) is already on ${list.name} (${same.status === 'pending' ? 'awaiting approval' : 'active'}): update that entry instead.`,
    );
  const who = me(ctx);
  const key = pushKey('hle');
  const requestedAt = ctx.nowIso();
  const change = inTransaction(db, () => {
    const at = nextOutboxTime(db, ctx.now());
    const entryId = insertLocalEntry(db, {
      listId: list.id,
      ...fields,
      enteredBy: who.username,
      approvedBy: null,
      enteredAt: requestedAt,
      status: 'pending',
      approvedAt: null,
      removedBy: null,
      removedAt: null,
      removalReason: null,
      requestKey: key,
    });
    insertChange(db, {
      key,
      kind: 'create',
      entryId,
      listId: list.id,
      fields,
      requestedBy: who.username,
      requestedByName: who.fullName,
      requestedAt,
    });
    enqueueOutbox(db, key, 'hotlist_entry', { listId: list.id, fields, by: who.username, at: requestedAt }, at);
    record(ctx, db, 'hotlists.enter', 'ok', {
      key,
      listId: list.id,
      entryId,
      plate: fields.plate,
      state: fields.state,
      caseNumber: fields.caseNumber,
      reason: fields.reason,
      expiresOn: fields.expiresOn,
    });
    return getChange(db, key)!;
  });
  return changeView(ctx, db, change);
}

export function proposeUpdate(ctx: Context, a: Args<'hotlists.proposeUpdate'>): ChangeInfo {
  const db = storeOf(ctx);
  const e = entryOrFail(db, a.entryId);
  const list = agencyList(db, e.listId);
  if (e.status !== 'active')
    throw new CanvassError(
      'CONFLICT',
      e.status === 'pending'
        ? 'This entry still awaits the ALPR administrator’s approval: an update can follow once it is live.'
        : `This entry is ${e.status}: it cannot be updated.`,
    );
  const fields = checkFields(ctx, a.fields);
  const same = (Object.keys(fields) as (keyof EntryFieldsData)[]).every(
    (k) => fields[k] === ((e as unknown as Record<string, unknown>)[k] ?? null),
  );
  if (same) throw new CanvassError('INVALID_ARGUMENT', 'Nothing changes: edit a field of the entry first.');
  const waiting = pendingChanges(db).find((c) => c.entryId === e.id && c.kind === 'update');
  if (waiting)
    throw new CanvassError(
      'CONFLICT',
      `An update of this entry (by ${waiting.requestedByName}) already awaits its approval: it is decided first.`,
    );
  const who = me(ctx);
  const key = pushKey('hlu');
  const requestedAt = ctx.nowIso();
  const change = inTransaction(db, () => {
    insertChange(db, {
      key,
      kind: 'update',
      entryId: e.id,
      listId: list.id,
      fields,
      requestedBy: who.username,
      requestedByName: who.fullName,
      requestedAt,
    });
    enqueueOutbox(
      db,
      key,
      'hotlist_update',
      { entryId: e.id, fields, by: who.username, at: requestedAt },
      nextOutboxTime(db, ctx.now()),
    );
    record(ctx, db, 'hotlists.proposeUpdate', 'ok', { key, entryId: e.id, plate: e.plate, to: fields });
    return getChange(db, key)!;
  });
  return changeView(ctx, db, change);
}

export function remove(ctx: Context, a: Args<'hotlists.remove'>): EntryInfo {
  const db = storeOf(ctx);
  const e = entryOrFail(db, a.entryId);
  const list = getHotlist(db, e.listId);
  if (e.status === 'removed')
    throw new CanvassError(
      'CONFLICT',
      `This entry was removed already (${e.removedAt ?? ''}, ${e.removalReason ?? ''}).`,
    );
  if (e.id < 0)
    throw new CanvassError(
      'CONFLICT',
      'This entry has not reached the agency server yet: an administrator refuses it in the approvals queue instead.',
    );
  const who = me(ctx);
  const why = removalRefusal(
    { enteringMember: e.enteredBy, general: list?.general === 1 },
    who,
    e.enteredBy ? supervisorOf(db, e.enteredBy) : null,
    a.reason,
  );
  if (why) throw new CanvassError(/reason/.test(why) ? 'INVALID_ARGUMENT' : 'FORBIDDEN', why);
  const at = ctx.nowIso();
  inTransaction(db, () => {
    setEntryStatus(db, e.id, { status: 'removed', removedBy: who.username, removedAt: at, removalReason: a.reason });
    enqueueOutbox(
      db,
      pushKey('hlr'),
      'hotlist_removal',
      { entryId: e.id, reason: a.reason, by: who.username, at },
      nextOutboxTime(db, ctx.now()),
    );
    record(ctx, db, 'hotlists.remove', 'ok', { entryId: e.id, plate: e.plate, listId: e.listId, reason: a.reason });
  });
  return infoOf(ctx, db, getEntry(db, e.id)!);
}

/**
 * The approvals queue: changes the signed-in person may decide (new entries for an administrator, updates of
 * their supervisees' entries for a supervisor) and their own requests, with what was decided lately.
 */
export function approvals(ctx: Context): Returns<'hotlists.approvals'> {
  const db = storeOf(ctx);
  const who = me(ctx);
  const mine = (c: ChangeRow) => c.requestedBy === who.username || c.decidedBy === who.username;
  const pending = pendingChanges(db)
    .map((c) => changeView(ctx, db, c))
    .filter((c) => c.canDecide || c.requestedBy === who.username);
  const decided = decidedChanges(db, 100)
    .filter((c) => mine(c) || who.roles.includes('administrator'))
    .slice(0, 30)
    .map((c) => changeView(ctx, db, c));
  record(ctx, db, 'hotlists.approvals', 'ok', {
    pending: pending.map((c) => c.key),
    plates: pending.map((c) => c.fields.plate),
  });
  return { pending, decided };
}

export function decide(ctx: Context, a: Args<'hotlists.decide'>): ChangeInfo {
  const db = storeOf(ctx);
  const c = getChange(db, a.key);
  if (!c) throw new CanvassError('NOT_FOUND', 'There is no such change awaiting a decision.');
  if (c.status !== 'pending')
    throw new CanvassError(
      'CONFLICT',
      `This change was ${c.status} already${c.decidedByName ? ` by ${c.decidedByName}` : ''}${c.decidedAt ? ` at ${c.decidedAt}` : ''}.`,
    );
  const decision = changeDecision(ctx, db, c);
  if (!decision.canDecide) throw new CanvassError('FORBIDDEN', decision.whyNot!);
  const note = a.note?.trim() || null;
  if (a.decision === 'refuse' && (note?.length ?? 0) < 5)
    throw new CanvassError(
      'INVALID_ARGUMENT',
      'Say why the change is refused (at least 5 characters): the member reads it.',
    );
  const who = me(ctx);
  const at = ctx.nowIso();
  const decisionKey = pushKey('hla');
  const status = a.decision === 'approve' ? 'approved' : 'refused';
  inTransaction(db, () => {
    decideChange(db, c.key, {
      status,
      decidedBy: who.username,
      decidedByName: who.fullName,
      decidedAt: at,
      note,
      decisionKey,
    });
    if (c.kind === 'create')
      setEntryStatus(
        db,
        c.entryId,
        status === 'approved' ? { status: 'active', approvedBy: who.username, approvedAt: at } : { status: 'refused' },
      );
    else if (status === 'approved') updateEntryFields(db, c.entryId, c.fields);
    enqueueOutbox(
      db,
      decisionKey,
      'hotlist_approval',
      { changeKey: c.key, decision: a.decision, note, by: who.username, at },
      nextOutboxTime(db, ctx.now()),
    );
    record(ctx, db, 'hotlists.decide', 'ok', {
      key: c.key,
      kind: c.kind,
      entryId: c.entryId,
      plate: c.fields.plate,
      decision: a.decision,
      note,
    });
  });
  // An approved entry is checked against the detections already in the store (retro-hits).
  if (status === 'approved') {
    const e = getEntry(db, c.entryId);
    if (e) checkEntriesNow(ctx, db as WritableDB, [e], 'approval');
  }
  return changeView(ctx, db, getChange(db, c.key)!);
}
