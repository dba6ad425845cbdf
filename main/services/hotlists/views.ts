import type {
  ChangeInfo,
  EntryInfo,
  HitSummary,
  HotlistInfo,
  RetroHitInfo,
  TransitionInfo,
} from '../../../preload/contract';
import { localDate } from '../../core/access/training';
import { keptSince } from '../../core/retention/schedule';
import { ENTRY_STATUSES, isExpired, isLive, type EntryStatus } from '../../core/hotlists/entries';
import { ageHours, hitBanners, isStale } from '../../core/hotlists/staleness';
import type { ReadableDB } from '../../store/db';
import type { ChangeRow } from '../../store/repos/hotlistChanges';
import type { TransitionRow } from '../../store/repos/hitTransitions';
import type { EntryRow, HitRow, HotlistRow, InboxRow } from '../../store/repos/hotlists';
import type { RetroHitRow } from '../../store/repos/retroHits';
import { fullNames } from '../../store/repos/users';
import { profileOf, type Context } from '../kernel/context';

/** What the contract shows of lists, entries, changes, hits and retro-hits, from the store's rows. */

/** The agency's today, its refresh interval and its detection retention: what every view is judged by. */
export type Policy = {
  now: number;
  today: string;
  timeZone: string;
  maxAgeHours: number;
  expiryDays: number;
  /** The oldest detection the policy still keeps (epoch ms), or null when it keeps them without a maximum. */
  keptSince: number | null;
};

export function policyOf(ctx: Context): Policy {
  const p = profileOf(ctx);
  const now = ctx.now();
  return {
    now: now.getTime(),
    today: localDate(now, p.timeZone),
    timeZone: p.timeZone,
    maxAgeHours: p.hotLists.generalRefresh.everyHours,
    expiryDays: p.hotLists.entryExpiry.days,
    keptSince: keptSince(p, 'detection', now)?.getTime() ?? null,
  };
}

export function listInfo(l: HotlistRow, counts: Partial<Record<EntryStatus, number>>, p: Policy): HotlistInfo {
  return {
    id: l.id,
    name: l.name,
    category: l.category,
    general: l.general === 1,
    source: l.source,
    refreshedAt: l.refreshedAt,
    ageHours: Math.round(ageHours(l.refreshedAt, p.now) * 10) / 10,
    stale: isStale({ general: l.general === 1, refreshedAt: l.refreshedAt }, p.now, p.maxAgeHours),
    maxAgeHours: p.maxAgeHours,
    entryExpiryDays: p.expiryDays,
    entries: Object.fromEntries(ENTRY_STATUSES.map((s) => [s, counts[s] ?? 0])) as Record<EntryStatus, number>,
  };
}

/** Names of the people rows mention, looked up once per view. */
export class Names {
  private readonly map: Map<string, string>;
  constructor(db: ReadableDB, usernames: (string | null | undefined)[]) {
    this.map = fullNames(
      db,
      usernames.filter((u): u is string => !!u),
    );
  }
  of(username: string | null | undefined): string | null {
    return username ? (this.map.get(username.toLowerCase()) ?? username) : null;
  }
}

export function entryInfo(e: EntryRow, lists: Map<string, HotlistRow>, names: Names, p: Policy): EntryInfo {
  const list = lists.get(e.listId) ?? null;
  return {
    id: e.id,
    listId: e.listId,
    listName: list?.name ?? null,
    plate: e.plate,
    state: e.state,
    make: e.make,
    model: e.model,
    color: e.color,
    body: e.body,
    reason: e.reason,
    caseNumber: e.caseNumber,
    synopsis: e.synopsis,
    enteredBy: e.enteredBy,
    enteredByName: names.of(e.enteredBy),
    approvedBy: e.approvedBy,
    approvedByName: names.of(e.approvedBy),
    enteredAt: e.enteredAt,
    approvedAt: e.approvedAt,
    expiresOn: e.expiresOn,
    status: e.status,
    expired: isExpired(e.expiresOn, p.today),
    live: isLive(e.status, e.expiresOn, p.today),
    removedBy: e.removedBy,
    removedAt: e.removedAt,
    removalReason: e.removalReason,
    local: e.id < 0,
    listStale: list
      ? isStale({ general: list.general === 1, refreshedAt: list.refreshedAt }, p.now, p.maxAgeHours)
      : false,
  };
}

export function changeInfo(
  c: ChangeRow,
  lists: Map<string, HotlistRow>,
  current: EntryInfo | null,
  decision: { canDecide: boolean; whyNot: string | null },
): ChangeInfo {
  return {
    key: c.key,
    kind: c.kind,
    entryId: c.entryId,
    listId: c.listId,
    listName: lists.get(c.listId)?.name ?? null,
    fields: c.fields,
    requestedBy: c.requestedBy,
    requestedByName: c.requestedByName,
    requestedAt: c.requestedAt,
    status: c.status,
    decidedBy: c.decidedBy,
    decidedByName: c.decidedByName,
    decidedAt: c.decidedAt,
    note: c.note,
    refusal: c.refusal,
    current,
    canDecide: decision.canDecide,
    whyNot: decision.whyNot,
    synced: c.serverId !== null,
  };
}

/** A hit as a list row shows it; `extra` carries what the inbox query joined in. */
export function hitSummary(
  h: HitRow,
  extra: {
    list: { name: string; general: boolean; refreshedAt: string } | null;
    entry: {
      status: EntryStatus;
      expiresOn: string | null;
      removedAt: string | null;
      removalReason: string | null;
    } | null;
    reason: string | null;
    cameraName: string | null;
    pending: boolean;
  },
  p: Policy,
): HitSummary {
  const banners = hitBanners({
    hit: { at: h.at, listRefreshedAt: h.listRefreshedAt, closedAt: h.closedAt },
    list: extra.list,
    entry: extra.entry,
    now: p.now,
    today: p.today,
    timeZone: p.timeZone,
    maxAgeHours: p.maxAgeHours,
  });
  return {
    id: h.id,
    detectionId: h.detectionId,
    entryId: h.entryId,
    plate: h.plate,
    state: h.state,
    at: new Date(h.at).toISOString(),
    status: h.status,
    closedAt: h.closedAt,
    disposition: h.disposition,
    rejectReason: h.rejectReason,
    listId: h.listId,
    listName: extra.list?.name ?? null,
    reason: extra.reason,
    cameraName: extra.cameraName,
    isNew: h.status === 'alert' && h.openedAt === null && h.closedAt === null,
    banners: banners.map((b) => b.kind),
    movedByName: h.movedByName,
    movedAt: h.movedAt,
    pending: extra.pending,
  };
}

export function inboxSummary(r: InboxRow, pending: Set<number>, p: Policy): HitSummary {
  return hitSummary(
    r,
    {
      list:
        r.listName !== null && r.listRefreshedNow !== null
          ? { name: r.listName, general: r.listGeneral === 1, refreshedAt: r.listRefreshedNow }
          : null,
      entry:
        r.entryStatus !== null
          ? { status: r.entryStatus, expiresOn: r.entryExpiresOn, removedAt: null, removalReason: null }
          : null,
      reason: r.reason,
      cameraName: r.cameraName,
      pending: pending.has(r.id),
    },
    p,
  );
}

export function transitionInfo(t: TransitionRow): TransitionInfo {
  return {
    key: t.key,
    action: t.action,
    from: t.from,
    to: t.to,
    at: t.at,
    username: t.username,
    fullName: t.fullName,
    workstation: t.workstation,
    details: t.details,
    sync: t.sync,
    message: t.message,
  };
}

export function retroHitInfo(
  r: RetroHitRow,
  entry: EntryRow | null,
  listName: string | null,
  detection: { state: string | null; cameraName: string | null } | null,
): RetroHitInfo {
  return {
    entryId: r.entryId,
    entryPlate: entry?.plate ?? null,
    listName,
    detectionId: r.detectionId,
    plate: r.plate,
    state: detection?.state ?? null,
    seenAt: new Date(r.seenAt).toISOString(),
    cameraName: detection?.cameraName ?? null,
    tier: r.tier,
    cost: r.cost,
    explanation: r.explanation,
    foundAt: r.foundAt,
  };
}

export function listsById(rows: HotlistRow[]): Map<string, HotlistRow> {
  return new Map(rows.map((l) => [l.id, l]));
}
