import { randomUUID } from 'node:crypto';
import type { Args, HitCounts, HitDetail, HitsInbox, Returns } from '../../../preload/contract';
import { CanvassError } from '../../core/shared/errors';
import { compareDescriptors, describeComparison } from '../../core/hotlists/descriptors';
import {
  checkTransition,
  HIT_STATE_LABELS,
  HIT_STATES,
  nextAction,
  openActions,
  type TransitionRequest,
} from '../../core/hotlists/hitStates';
import { hitBanners } from '../../core/hotlists/staleness';
import type { TransitionDetails } from '../../core/sync/protocol';
import { inTransaction, type WritableDB } from '../../store/db';
import {
  hitsWithPending,
  insertTransition,
  pendingTransitionsOf,
  transitionsOf,
} from '../../store/repos/hitTransitions';
import {
  getEntry,
  getHit,
  getHotlist,
  hitCounts,
  hitsOfDetection,
  inboxHits,
  listHotlists,
  markHitOpened,
  moveHit,
  type HitRow,
} from '../../store/repos/hotlists';
import { retroHitsOfDetection } from '../../store/repos/retroHits';
import { enqueueOutbox, nextOutboxTime } from '../../store/repos/sync';
import { record } from '../audit';
import { readDetection } from '../detections';
import { profileOf, storeOf, type Context } from '../kernel/context';
import { listOf, retroInfos } from './lists';
import { entryInfo, hitSummary, inboxSummary, listsById, Names, policyOf, transitionInfo, type Policy } from './views';

/**
 * Hits and their verification states (core/hotlists/hitStates.ts). A transition is one transaction: the trail
 * row (who, when, what they saw), the hit's new state, the access-log record and the outbox item that pushes it
 * to the agency server. The hit's version stays the server's until the feed brings the server's answer.
 */

export const MAX_INBOX = 10_000;

export function inbox(ctx: Context, a: Args<'hits.inbox'>): HitsInbox {
  const db = storeOf(ctx);
  const p = policyOf(ctx);
  const limit = a.limit ?? 5_000;
  const rows = inboxHits(db, a.filter ?? 'open', limit + 1);
  const pending = hitsWithPending(db);
  const hits = rows.slice(0, limit).map((r) => inboxSummary(r, pending, p));
  const counts: HitCounts = { ...zeroCounts(), closed: 0, new: 0, all: 0 };
  for (const c of hitCounts(db)) {
    counts[c.status] += c.open;
    counts.closed += c.closed;
    counts.new += c.unopened;
    counts.all += c.open + c.closed;
  }
  record(ctx, db, 'hits.inbox', 'ok', {
    filter: a.filter ?? 'open',
    count: hits.length,
    hitIds: hits.map((h) => h.id),
  });
  return { hits, counts, truncated: rows.length > limit };
}

function zeroCounts(): Record<(typeof HIT_STATES)[number], number> {
  return Object.fromEntries(HIT_STATES.map((s) => [s, 0])) as Record<(typeof HIT_STATES)[number], number>;
}

/** Everything the detail shows, without recording it (the caller records what was seen). */
function detailOf(ctx: Context, db: WritableDB, hit: HitRow, p: Policy): HitDetail {
  const detection = readDetection(db, hit.detectionId);
  const e = getEntry(db, hit.entryId);
  const l = getHotlist(db, hit.listId);
  const list = listOf(db, hit.listId, p);
  const lists = listsById(listHotlists(db));
  const entry = e ? entryInfo(e, lists, new Names(db, [e.enteredBy, e.approvedBy]), p) : null;
  const descriptors = compareDescriptors(
    {
      make: detection?.make ?? null,
      model: detection?.model ?? null,
      color: detection?.color ?? null,
      body: detection?.body ?? null,
    },
    e ?? {},
  );
  const listFacts = l ? { name: l.name, general: l.general === 1, refreshedAt: l.refreshedAt } : null;
  const banners = hitBanners({
    hit: { at: hit.at, listRefreshedAt: hit.listRefreshedAt, closedAt: hit.closedAt },
    list: listFacts,
    entry: e,
    now: p.now,
    today: p.today,
    timeZone: p.timeZone,
    maxAgeHours: p.maxAgeHours,
  });
  const trail = transitionsOf(db, hit.id);
  const summary = hitSummary(
    hit,
    {
      list: listFacts,
      entry: e,
      reason: e?.reason ?? null,
      cameraName: detection?.cameraName ?? null,
      pending: trail.some((t) => t.sync === 'pending'),
    },
    p,
  );
  return {
    hit: summary,
    detection,
    entry,
    list,
    descriptors,
    descriptorsText: describeComparison(descriptors),
    banners,
    trail: trail.map(transitionInfo),
    next: nextAction(hit.status, hit.closedAt),
    actions: openActions(hit.status, hit.closedAt),
    justified: trail.some((t) => t.sync !== 'superseded' && t.sync !== 'refused' && !!t.details.justification),
    canAct: ctx.session!.roles.includes('investigator'),
    validationRequiredBeforeStop: profileOf(ctx).hits.validationBeforeStop.required,
  };
}

function hitOrFail(db: WritableDB, hitId: number): HitRow {
  const hit = getHit(db, hitId);
  if (!hit)
    throw new CanvassError(
      'NOT_FOUND',
      `Hit ${hitId} is not on this workstation (it may be older than the sync window, or purged).`,
    );
  return hit;
}

export function get(ctx: Context, hitId: number): HitDetail {
  const db = storeOf(ctx);
  const hit = hitOrFail(db, hitId);
  const detail = detailOf(ctx, db, hit, policyOf(ctx));
  inTransaction(db, () => {
    markHitOpened(db, hit.id, ctx.nowIso());
    record(ctx, db, 'hits.get', 'ok', {
      hitId: hit.id,
      detectionIds: [hit.detectionId],
      entryId: hit.entryId,
      plate: hit.plate,
      status: hit.status,
      banners: detail.banners.map((b) => b.kind),
    });
  });
  return detail;
}

/** Who moved a hit last, for a refusal that says the hit is no longer where the person saw it. */
function lastMove(db: WritableDB, hit: HitRow): string {
  const last = transitionsOf(db, hit.id)
    .filter((t) => t.sync !== 'superseded' && t.sync !== 'refused')
    .at(-1);
  const name = last ? `${last.fullName} (${last.username})` : hit.movedByName;
  const at = last?.at ?? hit.movedAt;
  const where = last?.workstation ? ` on ${last.workstation}` : '';
  return name ? ` ${name} moved it to ${HIT_STATE_LABELS[hit.status]}${at ? ` at ${at}` : ''}${where}.` : '';
}

export function transition(ctx: Context, a: Args<'hits.transition'>): HitDetail {
  const db = storeOf(ctx);
  const p = policyOf(ctx);
  const hit = hitOrFail(db, a.hitId);
  const before = detailOf(ctx, db, hit, p);
  const req: TransitionRequest = { ...a };
  const verdict = checkTransition(
    {
      status: hit.status,
      closedAt: hit.closedAt,
      at: hit.at,
      descriptors: before.descriptors.verdict,
      justified: before.justified,
    },
    req,
    p.now,
  );
  if (!verdict.ok) {
    const message =
      verdict.code === 'CONFLICT' && hit.status !== a.from ? `${verdict.message}${lastMove(db, hit)}` : verdict.message;
    inTransaction(db, () =>
      record(ctx, db, 'hits.transition', 'denied', {
        hitId: hit.id,
        action: a.action,
        from: a.from,
        status: hit.status,
        reason: message,
      }),
    );
    throw new CanvassError(verdict.code, message);
  }
  const s = ctx.session!;
  const details: TransitionDetails = {
    compared: a.compared ?? null,
    reason: a.action === 'reject' ? (a.reason ?? null) : null,
    disposition: a.action === 'close' ? (a.disposition ?? null) : null,
    justification: a.justification?.trim() || null,
    reference: a.reference?.trim() || null,
    referenceAt: a.referenceAt ? new Date(a.referenceAt).toISOString() : null,
    entryActive: a.entryActive ?? null,
    confirmedBy: a.confirmedBy?.trim() || null,
    confirmedHow: a.confirmedHow?.trim() || null,
    note: a.note?.trim() || null,
    // What the person was shown when they acted.
    observed: {
      plateRead: before.detection?.plate ?? null,
      stateRead: before.detection?.state ?? null,
      entryPlate: before.entry?.plate ?? null,
      entryState: before.entry?.state ?? null,
      descriptors: before.descriptors.verdict,
      fields: before.descriptors.fields.map((f) => `${f.field}:${f.verdict}`),
      banners: before.banners.map((b) => b.kind),
    },
  };
  const pending = pendingTransitionsOf(db, hit.id);
  const key = `hit-${randomUUID()}`;
  const at = ctx.nowIso();
  inTransaction(db, () => {
    insertTransition(db, {
      key,
      hitId: hit.id,
      action: a.action,
      from: hit.status,
      to: verdict.to,
      details,
      username: s.username,
      fullName: s.fullName,
      workstation: ctx.workstation,
      at,
      baseVersion: pending[0]?.baseVersion ?? hit.version,
      prevKey: pending.at(-1)?.key ?? null,
      sync: 'pending',
    });
    moveHit(db, hit.id, {
      status: verdict.to,
      rejectReason: details.reason,
      disposition: verdict.closes ? details.disposition : null,
      dispositionNote: verdict.closes ? details.note : null,
      closedAt: verdict.closes ? at : null,
      movedBy: s.username,
      movedByName: s.fullName,
      movedAt: at,
    });
    enqueueOutbox(
      db,
      key,
      'hit_transition',
      {
        hitId: hit.id,
        action: a.action,
        from: hit.status,
        ...details,
        baseVersion: pending[0]?.baseVersion ?? hit.version,
        prevKey: pending.at(-1)?.key ?? null,
        by: s.username,
        at,
      },
      nextOutboxTime(db, ctx.now()),
    );
    record(ctx, db, 'hits.transition', 'ok', {
      hitId: hit.id,
      detectionIds: [hit.detectionId],
      entryId: hit.entryId,
      plate: hit.plate,
      action: a.action,
      from: hit.status,
      to: verdict.to,
      closed: verdict.closes,
      ...details,
      observed: details.observed as Record<string, string | string[] | null>,
    });
  });
  return detailOf(ctx, db, getHit(db, hit.id)!, p);
}

/** The hits (and retro-hits) of one detection, for the detection detail's actions. */
export function forDetection(ctx: Context, detectionId: number): Returns<'hits.forDetection'> {
  const db = storeOf(ctx);
  const p = policyOf(ctx);
  const lists = listsById(listHotlists(db));
  const pending = hitsWithPending(db);
  const hits = hitsOfDetection(db, detectionId).map((h) => {
    const l = lists.get(h.listId);
    const e = getEntry(db, h.entryId);
    return hitSummary(
      h,
      {
        list: l ? { name: l.name, general: l.general === 1, refreshedAt: l.refreshedAt } : null,
        entry: e,
        reason: e?.reason ?? null,
        cameraName: null,
        pending: pending.has(h.id),
      },
      p,
    );
  });
  const retro = retroInfos(db, retroHitsOfDetection(db, detectionId), lists);
  record(ctx, db, 'hits.forDetection', 'ok', {
    detectionIds: [detectionId],
    hitIds: hits.map((h) => h.id),
    retroEntryIds: retro.map((r) => r.entryId),
  });
  return { hits, retro };
}
