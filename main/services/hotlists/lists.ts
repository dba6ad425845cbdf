import type { Args, HotlistInfo, Returns, RetroHitInfo } from '../../../preload/contract';
import { CanvassError } from '../../core/shared/errors';
import type { EntryStatus } from '../../core/hotlists/entries';
import type { ReadableDB } from '../../store/db';
import { cameraNames } from '../../store/repos/cameras';
import { changesOfEntry } from '../../store/repos/hotlistChanges';
import { hitsWithPending } from '../../store/repos/hitTransitions';
import {
  entriesByIds,
  entryCounts,
  findEntries,
  getEntry,
  getHotlist,
  hitsOfEntry,
  listHotlists,
  type EntryRow,
} from '../../store/repos/hotlists';
import { detectionsByIds } from '../../store/repos/plateIndex';
import { recentRetroHits, retroHitsOf, type RetroHitRow } from '../../store/repos/retroHits';
import { record } from '../audit';
import { storeOf, type Context } from '../kernel/context';
import { changeDecision } from './entries';
import {
  changeInfo,
  entryInfo,
  hitSummary,
  listInfo,
  listsById,
  Names,
  policyOf,
  retroHitInfo,
  type Policy,
} from './views';

/** The lists, their entries and an entry's detail. Every view is ALPR data and lands in the access log. */

export function lists(ctx: Context): HotlistInfo[] {
  const db = storeOf(ctx);
  const p = policyOf(ctx);
  const counts = new Map<string, Partial<Record<EntryStatus, number>>>();
  for (const c of entryCounts(db)) counts.set(c.listId, { ...counts.get(c.listId), [c.status]: c.n });
  const out = listHotlists(db).map((l) => listInfo(l, counts.get(l.id) ?? {}, p));
  record(ctx, db, 'hotlists.lists', 'ok', {
    lists: out.map((l) => l.id),
    stale: out.filter((l) => l.stale).map((l) => l.id),
  });
  return out;
}

export function listOf(db: ReadableDB, id: string, p: Policy): HotlistInfo | null {
  const l = getHotlist(db, id);
  if (!l) return null;
  const counts: Partial<Record<EntryStatus, number>> = {};
  for (const c of entryCounts(db)) if (c.listId === id) counts[c.status] = c.n;
  return listInfo(l, counts, p);
}

export function entries(ctx: Context, a: Args<'hotlists.entries'>): Returns<'hotlists.entries'> {
  const db = storeOf(ctx);
  const p = policyOf(ctx);
  const plate = a.plate?.toUpperCase().replace(/[\s-]/g, '');
  if (plate !== undefined && !/^[A-Z0-9]{0,8}$/.test(plate))
    throw new CanvassError('INVALID_ARGUMENT', 'Search an entry by its plate: up to 8 letters and digits.');
  if (a.listId && !getHotlist(db, a.listId)) throw new CanvassError('NOT_FOUND', `There is no hot list “${a.listId}”.`);
  const found = findEntries(db, {
    listId: a.listId,
    plate: plate || undefined,
    status: a.status,
    limit: a.limit ?? 200,
    offset: a.offset,
  });
  const lists = listsById(listHotlists(db));
  const names = new Names(
    db,
    found.rows.flatMap((e) => [e.enteredBy, e.approvedBy]),
  );
  record(ctx, db, 'hotlists.entries', 'ok', {
    query: { listId: a.listId ?? null, plate: plate ?? null, status: a.status ?? null },
    total: found.total,
    entryIds: found.rows.map((e) => e.id),
    plates: found.rows.map((e) => e.plate),
  });
  return { entries: found.rows.map((e) => entryInfo(e, lists, names, p)), total: found.total };
}

export function entry(ctx: Context, entryId: number): Returns<'hotlists.entry'> {
  const db = storeOf(ctx);
  const p = policyOf(ctx);
  const e = getEntry(db, entryId);
  if (!e) throw new CanvassError('NOT_FOUND', `There is no hot-list entry ${entryId} on this workstation.`);
  const lists = listsById(listHotlists(db));
  const changes = changesOfEntry(db, entryId);
  const names = new Names(db, [e.enteredBy, e.approvedBy, ...changes.map((c) => c.requestedBy)]);
  const info = entryInfo(e, lists, names, p);
  const retro = retroInfos(db, retroHitsOf(db, entryId), lists);
  const pending = hitsWithPending(db);
  const list = lists.get(e.listId);
  const hits = hitsOfEntry(db, entryId).map((h) =>
    hitSummary(
      h,
      {
        list: list ? { name: list.name, general: list.general === 1, refreshedAt: list.refreshedAt } : null,
        entry: e,
        reason: e.reason,
        cameraName: null,
        pending: pending.has(h.id),
      },
      p,
    ),
  );
  record(ctx, db, 'hotlists.entry', 'ok', {
    entryId,
    plate: e.plate,
    listId: e.listId,
    hitIds: hits.map((h) => h.id),
    retroDetectionIds: retro.map((r) => r.detectionId),
  });
  return {
    entry: info,
    changes: changes.map((c) => changeInfo(c, lists, info, changeDecision(ctx, db, c))),
    retroHits: retro,
    hits,
  };
}

/** Retro-hits with what a row shows of their entry and detection. */
export function retroInfos(db: ReadableDB, rows: RetroHitRow[], lists = listsById(listHotlists(db))): RetroHitInfo[] {
  const detections = new Map(detectionsByIds(db, [...new Set(rows.map((r) => r.detectionId))]).map((d) => [d.id, d]));
  const cameras = cameraNames(db, [...new Set([...detections.values()].map((d) => d.cameraId))]);
  const entriesById = new Map<number, EntryRow>(
    entriesByIds(db, [...new Set(rows.map((r) => r.entryId))]).map((e) => [e.id, e]),
  );
  return rows.map((r) => {
    const d = detections.get(r.detectionId);
    const e = entriesById.get(r.entryId) ?? null;
    return retroHitInfo(
      r,
      e,
      e ? (lists.get(e.listId)?.name ?? null) : null,
      d ? { state: d.state, cameraName: cameras.get(d.cameraId) ?? null } : null,
    );
  });
}

/** The newest retro-hits across entries (the inbox's historical tab). */
export function recentRetro(ctx: Context, limit: number): RetroHitInfo[] {
  const db = storeOf(ctx);
  const out = retroInfos(db, recentRetroHits(db, limit));
  record(ctx, db, 'hits.retro', 'ok', {
    count: out.length,
    entryIds: [...new Set(out.map((r) => r.entryId))],
    detectionIds: out.map((r) => r.detectionId),
  });
  return out;
}
