import type { PurposeDraft } from '../../core/access/purpose';
import type { ReadableDB, WritableDB } from '../db';

export type PurposeRow = PurposeDraft & { id: number; userId: number; openedAt: string; closedAt: string | null };

const SELECT = `SELECT id, user_id AS userId, number_kind AS numberKind, number, purpose_id AS purposeId, description,
                       opened_at AS openedAt, closed_at AS closedAt FROM purposes`;

export function insertPurpose(db: WritableDB, userId: number, p: PurposeDraft, at: string): number {
  const { lastInsertRowid } = db
    .prepare(
      'INSERT INTO purposes (user_id, number_kind, number, purpose_id, description, opened_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(userId, p.numberKind, p.number, p.purposeId, p.description, at);
  return Number(lastInsertRowid);
}

export function getPurpose(db: ReadableDB, id: number): PurposeRow | null {
  return (db.prepare(`${SELECT} WHERE id = ?`).get(id) as PurposeRow | undefined) ?? null;
}

export function recentPurposes(db: ReadableDB, userId: number, limit = 10): PurposeRow[] {
  return db
    .prepare(`${SELECT} WHERE user_id = ? ORDER BY opened_at DESC, id DESC LIMIT ?`)
    .all(userId, limit) as PurposeRow[];
}

export function closePurpose(db: WritableDB, id: number, at: string): void {
  db.prepare('UPDATE purposes SET closed_at = ? WHERE id = ? AND closed_at IS NULL').run(at, id);
}
