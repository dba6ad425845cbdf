/**
 * The reference server's side of legal holds (docs/retention.md): a workstation pushes each hold it places, with the
 * detections it keeps, and each release; the server's own retention purge (`purgeBefore`) leaves held detections.
 */
import { legalHoldPushSchema, legalHoldReleasePushSchema } from '../../../main/core/sync/protocol';
import type { AgencyStore } from './store';

export function holdsSchema(db: AgencyStore): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS legal_holds (
      hold_key TEXT PRIMARY KEY, workstation_id TEXT NOT NULL, body TEXT NOT NULL, received_at TEXT NOT NULL,
      released_at TEXT, release_body TEXT
    ) STRICT;
    CREATE TABLE IF NOT EXISTS legal_hold_detections (
      hold_key TEXT NOT NULL, detection_id INTEGER NOT NULL, PRIMARY KEY (hold_key, detection_id)
    ) STRICT, WITHOUT ROWID;
  `);
}

/** Checks and stores a hold push; returns an error message, or null when it is not a hold push or was stored. */
export function acceptHoldPush(
  db: AgencyStore,
  workstationId: string,
  kind: string,
  body: unknown,
  now: string,
): string | null {
  if (kind === 'legal_hold') {
    const h = legalHoldPushSchema.safeParse(body);
    if (!h.success) return `A legal hold is malformed (${h.error.issues[0]?.path.join('.')}).`;
    db.prepare(
      'INSERT OR IGNORE INTO legal_holds (hold_key, workstation_id, body, received_at) VALUES (?, ?, ?, ?)',
    ).run(h.data.holdKey, workstationId, JSON.stringify(h.data), now);
    const add = db.prepare('INSERT OR IGNORE INTO legal_hold_detections (hold_key, detection_id) VALUES (?, ?)');
    for (const d of h.data.detectionIds) add.run(h.data.holdKey, d);
  }
  if (kind === 'legal_hold_release') {
    const r = legalHoldReleasePushSchema.safeParse(body);
    if (!r.success) return `A hold release is malformed (${r.error.issues[0]?.path.join('.')}).`;
    const changed = db
      .prepare('UPDATE legal_holds SET released_at = ?, release_body = ? WHERE hold_key = ? AND released_at IS NULL')
      .run(now, JSON.stringify(r.data), r.data.holdKey).changes;
    if (changed === 0 && !db.prepare('SELECT 1 FROM legal_holds WHERE hold_key = ?').get(r.data.holdKey))
      return `No legal hold ${r.data.holdKey} was pushed to this server.`;
  }
  return null;
}

/** The holds the server holds: live ones keep their detections from its purge. */
export function legalHolds(db: AgencyStore): { holdKey: string; detectionIds: number[]; released: boolean }[] {
  return (
    db.prepare('SELECT hold_key AS holdKey, released_at AS releasedAt FROM legal_holds ORDER BY rowid').all() as {
      holdKey: string;
      releasedAt: string | null;
    }[]
  ).map((h) => ({
    holdKey: h.holdKey,
    released: h.releasedAt !== null,
    detectionIds: db
      .prepare('SELECT detection_id FROM legal_hold_detections WHERE hold_key = ? ORDER BY 1')
      .pluck()
      .all(h.holdKey) as number[],
  }));
}

/** SQL: a detection a live hold keeps (for the server's purge). */
export const HELD_ON_SERVER = `id IN (SELECT d.detection_id FROM legal_hold_detections d JOIN legal_holds h ON h.hold_key = d.hold_key WHERE h.released_at IS NULL)`;
