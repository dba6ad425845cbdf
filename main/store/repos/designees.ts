import type { Designee } from '../../core/access/designee';
import type { ReadableDB, WritableDB } from '../db';

const SELECT = `SELECT d.id, d.title, d.name, d.since, u.username AS recordedBy, d.recorded_at AS recordedAt
                FROM designees d LEFT JOIN users u ON u.id = d.recorded_by`;

export function insertDesignee(
  db: WritableDB,
  d: { title: string; name: string; since: string; recordedBy: number | null },
  at: string,
): number {
  const { lastInsertRowid } = db
    .prepare('INSERT INTO designees (title, name, since, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)')
    .run(d.title, d.name, d.since, d.recordedBy, at);
  return Number(lastInsertRowid);
}

/** Every designee recorded, the current one first. */
export function listDesignees(db: ReadableDB): Designee[] {
  return db.prepare(`${SELECT} ORDER BY d.since DESC, d.id DESC`).all() as Designee[];
}

/** The designee on `day`: the one recorded latest among those who started on or before it. */
export function designeeOn(db: ReadableDB, day: string): Designee | null {
  return (
    (db.prepare(`${SELECT} WHERE d.since <= ? ORDER BY d.since DESC, d.id DESC LIMIT 1`).get(day) as
      Designee | undefined) ?? null
  );
}
