import type { MatchTier } from '../../core/plates/plateQuery';
import type { ReadableDB, WritableDB } from '../db';

/**
 * Retro-hits: detections already in the store that match an entry approved (or a general list refreshed) after
 * they were seen, each with how well it matched, and the runs that found them (docs/hotlists.md).
 */
export type RetroHitRow = {
  entryId: number;
  detectionId: number;
  plate: string;
  tier: MatchTier;
  cost: number;
  explanation: string;
  seenAt: number;
  foundAt: string;
  runId: number;
};

const COLUMNS = `entry_id AS entryId, detection_id AS detectionId, plate, tier, cost, explanation, seen_at AS seenAt,
  found_at AS foundAt, run_id AS runId`;

/**
 * Replaces what the entries had with what this check found (an entry checked again is checked whole), each row
 * stamped with the run that found it.
 */
export function replaceRetroHits(
  db: WritableDB,
  entryIds: readonly number[],
  rows: readonly Omit<RetroHitRow, 'foundAt' | 'runId'>[],
  run: { foundAt: string; runId: number },
): void {
  db.prepare('DELETE FROM hotlist_retro_hits WHERE entry_id IN (SELECT value FROM json_each(?))').run(
    JSON.stringify(entryIds),
  );
  const insert = db.prepare(
    `INSERT INTO hotlist_retro_hits (entry_id, detection_id, plate, tier, cost, explanation, seen_at, found_at, run_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (entry_id, detection_id) DO NOTHING`,
  );
  for (const r of rows)
    insert.run(r.entryId, r.detectionId, r.plate, r.tier, r.cost, r.explanation, r.seenAt, run.foundAt, run.runId);
}

/** An entry's retro-hits, best match first, newest first within a match. */
export function retroHitsOf(db: ReadableDB, entryId: number, limit = 500): RetroHitRow[] {
  return db
    .prepare(`SELECT ${COLUMNS} FROM hotlist_retro_hits WHERE entry_id = ? ORDER BY cost, seen_at DESC LIMIT ?`)
    .all(entryId, limit) as RetroHitRow[];
}

export function retroHitCount(db: ReadableDB, entryId: number): number {
  return (db.prepare('SELECT count(*) AS n FROM hotlist_retro_hits WHERE entry_id = ?').get(entryId) as { n: number })
    .n;
}

/** The newest retro-hits across entries, for the inbox's historical tab. */
export function recentRetroHits(db: ReadableDB, limit: number): RetroHitRow[] {
  return db
    .prepare(`SELECT ${COLUMNS} FROM hotlist_retro_hits ORDER BY found_at DESC, cost, seen_at DESC LIMIT ?`)
    .all(limit) as RetroHitRow[];
}

export function retroHitsOfDetection(db: ReadableDB, detectionId: number): RetroHitRow[] {
  return db
    .prepare(`SELECT ${COLUMNS} FROM hotlist_retro_hits WHERE detection_id = ? ORDER BY cost`)
    .all(detectionId) as RetroHitRow[];
}

export type RetroRunRow = {
  id: number;
  listId: string | null;
  trigger: 'approval' | 'refresh' | 'request';
  startedAt: string;
  finishedAt: string | null;
  outcome: 'ok' | 'failed' | 'cancelled' | null;
  entries: number;
  found: number;
  error: string | null;
};

export function startRetroRun(
  db: WritableDB,
  r: { listId: string | null; trigger: RetroRunRow['trigger']; at: string; entries: number },
): number {
  return Number(
    db
      .prepare('INSERT INTO hotlist_retro_runs (list_id, trigger, started_at, entries) VALUES (?, ?, ?, ?)')
      .run(r.listId, r.trigger, r.at, r.entries).lastInsertRowid,
  );
}

export function finishRetroRun(
  db: WritableDB,
  id: number,
  r: { at: string; outcome: 'ok' | 'failed' | 'cancelled'; found: number; error: string | null },
): void {
  db.prepare('UPDATE hotlist_retro_runs SET finished_at = ?, outcome = ?, found = ?, error = ? WHERE id = ?').run(
    r.at,
    r.outcome,
    r.found,
    r.error,
    id,
  );
}

export function lastRetroRuns(db: ReadableDB, limit: number): RetroRunRow[] {
  return db
    .prepare(
      `SELECT id, list_id AS listId, trigger, started_at AS startedAt, finished_at AS finishedAt, outcome, entries, found, error
       FROM hotlist_retro_runs ORDER BY id DESC LIMIT ?`,
    )
    .all(limit) as RetroRunRow[];
}

/** Live hits (raised by the server) of these entries: a detection that is already a hit is not a retro-hit. */
export function liveHitPairs(db: ReadableDB, entryIds: readonly number[]): Set<string> {
  const rows = db
    .prepare('SELECT entry_id AS e, detection_id AS d FROM hits WHERE entry_id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(entryIds)) as { e: number; d: number }[];
  return new Set(rows.map((r) => `${r.e}:${r.d}`));
}
