import { localDate } from '../../../main/core/access/training';
import { compareDescriptors } from '../../../main/core/hotlists/descriptors';
import { approvalRefusal, checkEntryFields, removalRefusal } from '../../../main/core/hotlists/entries';
import { checkTransition, HIT_STATE_LABELS } from '../../../main/core/hotlists/hitStates';
import {
  PUSH_BODIES,
  type Actor,
  type DetectionData,
  type HitData,
  type HitTransitionData,
  type HotlistChangeData,
  type HotlistData,
  type HotlistEntryData,
  type PolicyData,
  type PushBody,
  type UserData,
} from '../../../main/core/sync/protocol';
import { DETECTION_DATA_SELECT } from '../../../main/store/repos/detectionColumns';
import { getRecord, putRecord, type AgencyStore } from './store';

/**
 * The reference server's side of hot lists (docs/sync-protocol.md, "Hot lists and hits"): a workstation pushes new
 * entries, updates, removals, approvals and hit transitions through its outbox; the server checks each with the
 * same rules the workstation applies offline (core/hotlists), against its own users, supervisors and hits, and
 * publishes the result on the hotlists and hits feeds. A decision it does not accept is recorded and answered
 * `refused`; a hit transition that comes after another workstation's is answered `superseded`: in both cases the
 * records concerned are published again with a new version, so the workstation's optimistic copy is replaced by
 * the server's, with the server's message.
 */
export type PushOutcome = { status: 'accepted' | 'refused' | 'superseded'; serverId: number; message: string | null };

export type PushContext = { db: AgencyStore; now: number; workstation: { id: string; name: string } };

export const HOTLIST_PUSH_KINDS = [
  'hotlist_entry',
  'hotlist_update',
  'hotlist_removal',
  'hotlist_approval',
  'hit_transition',
] as const;
export type HotlistPushKind = (typeof HOTLIST_PUSH_KINDS)[number];

export class PushRejected extends Error {}

function nextId(db: AgencyStore, kind: string): number {
  const r = db.prepare('SELECT max(CAST(id AS INTEGER)) AS m FROM records WHERE kind = ?').get(kind) as {
    m: number | null;
  };
  return (r.m ?? 0) + 1;
}

function userNamed(db: AgencyStore, username: string): UserData | null {
  const row = db.prepare('SELECT user_id AS id FROM credentials WHERE username = ?').get(username) as
    { id: number } | undefined;
  return row ? (getRecord<UserData>(db, 'user', row.id)?.data ?? null) : null;
}

function actor(c: PushContext, username: string): Actor {
  const u = userNamed(c.db, username);
  if (!u || u.disabled) throw new PushRejected(`The agency server has no active member ${username}.`);
  return { username: u.username, fullName: u.fullName, workstation: c.workstation.name };
}

function changeByKey(db: AgencyStore, key: string): { id: number; version: number; data: HotlistChangeData } | null {
  const row = db
    .prepare("SELECT id FROM records WHERE kind = 'hotlist_change' AND deleted = 0 AND json_extract(data, '$.key') = ?")
    .get(key) as { id: string } | undefined;
  if (!row) return null;
  const rec = getRecord<HotlistChangeData>(db, 'hotlist_change', row.id)!;
  return { id: Number(row.id), ...rec };
}

function today(db: AgencyStore, now: number): string {
  const policy = getRecord<PolicyData>(db, 'policy', 'agency')!.data;
  return localDate(new Date(now), policy.profile.timeZone);
}

export function applyHotlistPush(c: PushContext, kind: HotlistPushKind, key: string, raw: unknown): PushOutcome {
  const parsed = PUSH_BODIES[kind].safeParse(raw);
  if (!parsed.success)
    throw new PushRejected(`A ${kind} push is malformed: ${parsed.error.issues[0]?.message ?? 'invalid body'}.`);
  switch (kind) {
    case 'hotlist_entry':
      return newEntry(c, key, parsed.data as PushBody<'hotlist_entry'>);
    case 'hotlist_update':
      return update(c, key, parsed.data as PushBody<'hotlist_update'>);
    case 'hotlist_removal':
      return removal(c, parsed.data as PushBody<'hotlist_removal'>);
    case 'hotlist_approval':
      return approval(c, parsed.data as PushBody<'hotlist_approval'>);
    case 'hit_transition':
      return hitTransition(c, key, parsed.data as PushBody<'hit_transition'>);
  }
}

function agencyList(db: AgencyStore, listId: string): HotlistData {
  const list = getRecord<HotlistData>(db, 'hotlist', listId)?.data;
  if (!list) throw new PushRejected(`There is no hot list ${listId}.`);
  if (list.general) throw new PushRejected(`${list.name} is a general list: its entries come from ${list.source}.`);
  return list;
}

function checkFields(c: PushContext, fields: PushBody<'hotlist_entry'>['fields']): void {
  const r = checkEntryFields(fields, { today: today(c.db, c.now), defaultExpiryDays: 30 });
  if (!r.ok) throw new PushRejected(r.refusal.message);
}

/** A new entry: pending until an administrator approves it, with its change awaiting the decision. */
function newEntry(c: PushContext, key: string, b: PushBody<'hotlist_entry'>): PushOutcome {
  agencyList(c.db, b.listId);
  checkFields(c, b.fields);
  const by = actor(c, b.by);
  const id = nextId(c.db, 'hotlist_entry');
  const entry: HotlistEntryData = {
    listId: b.listId,
    ...b.fields,
    enteredBy: by.username,
    approvedBy: null,
    enteredAt: b.at,
    status: 'pending',
    approvedAt: null,
    removedBy: null,
    removedAt: null,
    removalReason: null,
    requestKey: key,
  };
  putRecord(c.db, 'hotlist_entry', 'hotlists', id, entry);
  putChange(c.db, nextId(c.db, 'hotlist_change'), {
    key,
    kind: 'create',
    entryId: id,
    listId: b.listId,
    fields: b.fields,
    requestedBy: by,
    requestedAt: b.at,
    status: 'pending',
    decidedBy: null,
    decidedAt: null,
    note: null,
    refusal: null,
  });
  return { status: 'accepted', serverId: id, message: null };
}

function putChange(db: AgencyStore, id: number, data: HotlistChangeData): void {
  putRecord(db, 'hotlist_change', 'hotlists', id, data);
}

function update(c: PushContext, key: string, b: PushBody<'hotlist_update'>): PushOutcome {
  const entry = getRecord<HotlistEntryData>(c.db, 'hotlist_entry', b.entryId);
  if (!entry || entry.data.status !== 'active') throw new PushRejected(`Entry ${b.entryId} is not an active entry.`);
  agencyList(c.db, entry.data.listId);
  checkFields(c, b.fields);
  const id = nextId(c.db, 'hotlist_change');
  putChange(c.db, id, {
    key,
    kind: 'update',
    entryId: b.entryId,
    listId: entry.data.listId,
    fields: b.fields,
    requestedBy: actor(c, b.by),
    requestedAt: b.at,
    status: 'pending',
    decidedBy: null,
    decidedAt: null,
    note: null,
    refusal: null,
  });
  return { status: 'accepted', serverId: id, message: null };
}

function removal(c: PushContext, b: PushBody<'hotlist_removal'>): PushOutcome {
  const entry = getRecord<HotlistEntryData>(c.db, 'hotlist_entry', b.entryId);
  if (!entry) throw new PushRejected(`There is no entry ${b.entryId}.`);
  const list = getRecord<HotlistData>(c.db, 'hotlist', entry.data.listId)?.data;
  const who = userNamed(c.db, b.by);
  const entering = entry.data.enteredBy;
  const why = !who
    ? `The agency server has no member ${b.by}.`
    : entry.data.status === 'removed'
      ? null
      : removalRefusal(
          { enteringMember: entering, general: list?.general ?? false },
          who,
          entering ? (userNamed(c.db, entering)?.supervisor ?? null) : null,
          b.reason,
        );
  if (why) {
    // Published again, so the workstation that removed it optimistically gets the server's copy back.
    putRecord(c.db, 'hotlist_entry', 'hotlists', b.entryId, entry.data);
    return { status: 'refused', serverId: b.entryId, message: why };
  }
  if (entry.data.status !== 'removed')
    putRecord(c.db, 'hotlist_entry', 'hotlists', b.entryId, {
      ...entry.data,
      status: 'removed',
      removedBy: who!.username,
      removedAt: b.at,
      removalReason: b.reason,
    });
  return { status: 'accepted', serverId: b.entryId, message: null };
}

function approval(c: PushContext, b: PushBody<'hotlist_approval'>): PushOutcome {
  const change = changeByKey(c.db, b.changeKey);
  if (!change) throw new PushRejected('There is no such change on the agency server.');
  const by = userNamed(c.db, b.by);
  const entry = getRecord<HotlistEntryData>(c.db, 'hotlist_entry', change.data.entryId);
  const entering = entry?.data.enteredBy ?? change.data.requestedBy.username;
  const why = !by
    ? `The agency server has no member ${b.by}.`
    : change.data.status !== 'pending'
      ? `This change was ${change.data.status} already by ${change.data.decidedBy?.fullName ?? 'someone'} at ${change.data.decidedAt}.`
      : approvalRefusal(
          { kind: change.data.kind, requestedBy: change.data.requestedBy.username, enteringMember: entering },
          by,
          userNamed(c.db, entering)?.supervisor ?? null,
        );
  if (why) {
    putChange(c.db, change.id, { ...change.data, refusal: why });
    if (entry) putRecord(c.db, 'hotlist_entry', 'hotlists', change.data.entryId, entry.data);
    return { status: 'refused', serverId: change.id, message: why };
  }
  const decidedBy = actor(c, b.by);
  const approved = b.decision === 'approve';
  putChange(c.db, change.id, {
    ...change.data,
    status: approved ? 'approved' : 'refused',
    decidedBy,
    decidedAt: b.at,
    note: b.note,
    refusal: null,
  });
  if (entry) {
    if (change.data.kind === 'create')
      putRecord(c.db, 'hotlist_entry', 'hotlists', change.data.entryId, {
        ...entry.data,
        status: approved ? 'active' : 'refused',
        approvedBy: approved ? decidedBy.username : null,
        approvedAt: approved ? b.at : null,
      });
    else if (approved)
      putRecord(c.db, 'hotlist_entry', 'hotlists', change.data.entryId, { ...entry.data, ...change.data.fields });
  }
  return { status: 'accepted', serverId: change.id, message: null };
}

/**
 * A hit transition takes effect only if it continues the hit as the server holds it: the hit is in the state the
 * member saw and nobody moved it since (its version is the one this workstation's transitions started from, or
 * its last transition is this workstation's previous one). Otherwise the server's version stands and the message
 * names who moved it.
 */
function hitTransition(c: PushContext, key: string, b: PushBody<'hit_transition'>): PushOutcome {
  const hit = getRecord<HitData>(c.db, 'hit', b.hitId);
  if (!hit) throw new PushRejected(`The agency server holds no hit ${b.hitId}.`);
  const by = actor(c, b.by);
  const id = nextId(c.db, 'hit_transition');
  const { hitId: _h, action, from, baseVersion, prevKey, by: _b, at, ...details } = b;
  const trail = (
    c.db
      .prepare(
        "SELECT data FROM records WHERE kind = 'hit_transition' AND deleted = 0 AND json_extract(data, '$.hitId') = ?",
      )
      .pluck()
      .all(b.hitId) as string[]
  ).map((d) => JSON.parse(d) as HitTransitionData);
  const record = (outcome: HitTransitionData['outcome'], to: HitData['status'], message: string | null) =>
    putRecord(
      c.db,
      'hit_transition',
      'hits',
      id,
      { ...details, hitId: b.hitId, key, action, from, to, by, at, outcome, message } satisfies HitTransitionData,
      Date.parse(at),
    );
  const continues = hit.data.status === from && (prevKey ? hit.data.lastKey === prevKey : hit.version === baseVersion);
  if (!continues) {
    const mover = hit.data.movedBy;
    const message = `${mover ? `${mover.fullName} (${mover.username})${mover.workstation ? ` on ${mover.workstation}` : ''}` : 'Another member'} had already moved this hit to ${HIT_STATE_LABELS[hit.data.status]}${hit.data.movedAt ? ` at ${hit.data.movedAt}` : ''}: the agency server’s version stands.`;
    record('superseded', hit.data.status, message);
    return { status: 'superseded', serverId: id, message };
  }
  const detection = c.db
    .prepare(`SELECT ${DETECTION_DATA_SELECT} FROM detections WHERE id = ?`)
    .get(hit.data.detectionId) as DetectionData | undefined;
  const entry = getRecord<HotlistEntryData>(c.db, 'hotlist_entry', hit.data.entryId)?.data;
  const descriptors = compareDescriptors(
    {
      make: detection?.make ?? null,
      model: detection?.model ?? null,
      color: detection?.color ?? null,
      body: detection?.body ?? null,
    },
    entry ?? {},
  ).verdict;
  const verdict = checkTransition(
    {
      status: hit.data.status,
      closedAt: hit.data.closedAt,
      at: hit.data.at,
      descriptors,
      justified: trail.some((t) => t.outcome === 'accepted' && !!t.justification),
    },
    { ...details, action, from } as Parameters<typeof checkTransition>[1],
    c.now,
  );
  if (!verdict.ok) {
    record('refused', hit.data.status, verdict.message);
    putRecord(c.db, 'hit', 'hits', b.hitId, hit.data, hit.data.at);
    return { status: 'refused', serverId: id, message: verdict.message };
  }
  record('accepted', verdict.to, null);
  putRecord(
    c.db,
    'hit',
    'hits',
    b.hitId,
    {
      ...hit.data,
      status: verdict.to,
      rejectReason: action === 'reject' ? details.reason : hit.data.rejectReason,
      disposition: verdict.closes ? details.disposition : hit.data.disposition,
      closedAt: verdict.closes ? at : hit.data.closedAt,
      movedBy: by,
      movedAt: at,
      lastKey: key,
    } satisfies HitData,
    hit.data.at,
  );
  return { status: 'accepted', serverId: id, message: null };
}
