import type { HitAction, HitState } from '../../core/hotlists/hitStates';
import type { HitTransitionData, TransitionDetails } from '../../core/sync/protocol';
import type { ReadableDB, WritableDB } from '../db';

/**
 * The state trail of hits: every transition with who, when and what they saw. Ours are `pending` until the
 * server answers (`accepted`, or `superseded` when another workstation had moved the hit first, with the
 * server's message naming who); those of other workstations arrive through the hits feed as `remote`.
 */
export type TransitionSync = 'pending' | 'accepted' | 'superseded' | 'refused' | 'remote';

export type TransitionRow = {
  key: string;
  serverId: number | null;
  hitId: number;
  action: HitAction;
  from: HitState;
  to: HitState;
  details: TransitionDetails;
  username: string;
  fullName: string;
  workstation: string | null;
  at: string;
  baseVersion: number;
  prevKey: string | null;
  sync: TransitionSync;
  message: string | null;
};

type Raw = Omit<TransitionRow, 'details'> & { details: string };

const COLUMNS = `key, server_id AS serverId, hit_id AS hitId, action, from_status AS "from", to_status AS "to", details,
  username, full_name AS fullName, workstation, at, base_version AS baseVersion, prev_key AS prevKey, sync, message`;

const fromRaw = (r: Raw): TransitionRow => ({ ...r, details: JSON.parse(r.details) as TransitionDetails });

export function insertTransition(db: WritableDB, t: Omit<TransitionRow, 'serverId' | 'message'>): void {
  db.prepare(
    `INSERT INTO hit_transitions (key, hit_id, action, from_status, to_status, details, username, full_name, workstation, at,
                                  base_version, prev_key, sync)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    t.key,
    t.hitId,
    t.action,
    t.from,
    t.to,
    JSON.stringify(t.details),
    t.username,
    t.fullName,
    t.workstation,
    t.at,
    t.baseVersion,
    t.prevKey,
    t.sync,
  );
}

/** The trail of a hit, oldest first. */
export function transitionsOf(db: ReadableDB, hitId: number): TransitionRow[] {
  return (
    db.prepare(`SELECT ${COLUMNS} FROM hit_transitions WHERE hit_id = ? ORDER BY at, rowid`).all(hitId) as Raw[]
  ).map(fromRaw);
}

/** This workstation's transitions of a hit the server has not answered yet, oldest first. */
export function pendingTransitionsOf(db: ReadableDB, hitId: number): TransitionRow[] {
  return (
    db
      .prepare(`SELECT ${COLUMNS} FROM hit_transitions WHERE hit_id = ? AND sync = 'pending' ORDER BY at, rowid`)
      .all(hitId) as Raw[]
  ).map(fromRaw);
}

export function getTransition(db: ReadableDB, key: string): TransitionRow | null {
  const r = db.prepare(`SELECT ${COLUMNS} FROM hit_transitions WHERE key = ?`).get(key) as Raw | undefined;
  return r ? fromRaw(r) : null;
}

/**
 * A transition the server published: ours gets the server's answer; another workstation's is added to the trail.
 * Replays change nothing.
 */
export function applyServerTransition(db: WritableDB, serverId: number, t: HitTransitionData): void {
  const ours = db
    .prepare('UPDATE hit_transitions SET server_id = ?, sync = ?, message = ? WHERE key = ?')
    .run(serverId, t.outcome, t.message, t.key);
  if (ours.changes) return;
  const { hitId, key, action, from, to, by, at, outcome: _o, message, ...details } = t;
  db.prepare(
    `INSERT INTO hit_transitions (key, server_id, hit_id, action, from_status, to_status, details, username, full_name, workstation,
                                  at, sync, message)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'remote', ?)
     ON CONFLICT (key) DO NOTHING`,
  ).run(
    key,
    serverId,
    hitId,
    action,
    from,
    to,
    JSON.stringify(details),
    by.username,
    by.fullName,
    by.workstation,
    at,
    message,
  );
}

/** Our pending transitions of a hit that another workstation moved first: not applied, and why. */
export function supersedePending(db: WritableDB, hitId: number, message: string): number {
  return db
    .prepare("UPDATE hit_transitions SET sync = 'superseded', message = ? WHERE hit_id = ? AND sync = 'pending'")
    .run(message, hitId).changes;
}

/** The server accepted our transitions up to and including `key`. */
export function acceptThrough(db: WritableDB, hitId: number, key: string): void {
  const upTo = db.prepare('SELECT at, rowid AS r FROM hit_transitions WHERE key = ?').get(key) as
    { at: string; r: number } | undefined;
  if (!upTo) return;
  db.prepare(
    "UPDATE hit_transitions SET sync = 'accepted' WHERE hit_id = ? AND sync = 'pending' AND (at < ? OR (at = ? AND rowid <= ?))",
  ).run(hitId, upTo.at, upTo.at, upTo.r);
}

/** Hits with a transition made here that the server has not answered yet. */
export function hitsWithPending(db: ReadableDB): Set<number> {
  return new Set(
    db.prepare("SELECT DISTINCT hit_id FROM hit_transitions WHERE sync = 'pending'").pluck().all() as number[],
  );
}
