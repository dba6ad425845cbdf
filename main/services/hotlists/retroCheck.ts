import type { WritableDB } from '../../store/db';
import type { EntryRow } from '../../store/repos/hotlists';
import { markEntriesChecked } from '../../store/repos/hotlists';
import { liveHitPairs, replaceRetroHits, type RetroHitRow } from '../../store/repos/retroHits';
import { searchPlateList, type PlateListOptions } from '../detections';

/**
 * The retro-hit check itself, on whatever thread owns `db` (main for an approved entry, the retroHits worker for a
 * refreshed list): the detections every entry would find in a search (exact, similar characters, near misses,
 * corrected reads; the entry's state or an unread one), less those the server already raised a live hit for.
 */
export type RetroWindow = { from: number | undefined; today: string };

export type RetroFound = Omit<RetroHitRow, 'foundAt' | 'runId'>;

export function findRetroHits(
  db: WritableDB,
  entries: readonly EntryRow[],
  window: RetroWindow,
  options: Pick<PlateListOptions, 'onProgress' | 'cancelled'> = {},
): RetroFound[] {
  const matches = searchPlateList(
    db,
    entries.map((e) => ({ plate: e.plate, state: e.state })),
    { from: window.from, ...options },
  );
  const live = liveHitPairs(
    db,
    entries.map((e) => e.id),
  );
  const out: RetroFound[] = [];
  for (const m of matches) {
    const entryId = entries[m.item]!.id;
    if (live.size > 0 && live.has(`${entryId}:${m.row.id}`)) continue;
    out.push({
      entryId,
      detectionId: m.row.id,
      plate: m.row.plate,
      tier: m.match.tier,
      cost: m.match.cost,
      explanation: m.match.text,
      seenAt: m.row.seenAt,
    });
  }
  return out;
}

/** Replaces the entries' retro-hits with what was found and marks them checked; the caller owns the transaction. */
export function saveRetroHits(
  db: WritableDB,
  entries: readonly EntryRow[],
  found: readonly RetroFound[],
  runId: number,
  at: string,
): void {
  const ids = entries.map((e) => e.id);
  replaceRetroHits(db, ids, found, { foundAt: at, runId });
  markEntriesChecked(db, ids, at);
}
