import type { Role } from '../../core/access/roles';
import type { ReadableDB, WritableDB } from '../db';

export type UserRow = {
  id: number;
  username: string;
  fullName: string;
  badgeId: string;
  classification: string;
  roles: Role[];
  disabledAt: string | null;
  createdAt: string;
  /** Who approves updates of this member's hot-list entries. */
  supervisorId: number | null;
};

export type NewUser = Omit<UserRow, 'id' | 'disabledAt' | 'createdAt' | 'supervisorId'> & { createdBy: number | null };

type Raw = {
  id: number;
  username: string;
  full_name: string;
  badge_id: string;
  classification: string;
  disabled_at: string | null;
  created_at: string;
  supervisor_id: number | null;
  roles: string | null;
};

const SELECT = `
  SELECT u.id, u.username, u.full_name, u.badge_id, u.classification, u.disabled_at, u.created_at, u.supervisor_id,
         (SELECT group_concat(role) FROM user_roles r WHERE r.user_id = u.id) AS roles
  FROM users u`;

function fromRaw(r: Raw): UserRow {
  return {
    id: r.id,
    username: r.username,
    fullName: r.full_name,
    badgeId: r.badge_id,
    classification: r.classification,
    roles: (r.roles ? r.roles.split(',') : []).sort() as Role[],
    disabledAt: r.disabled_at,
    createdAt: r.created_at,
    supervisorId: r.supervisor_id,
  };
}

export function countUsers(db: ReadableDB): number {
  return (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
}

export function listUsers(db: ReadableDB): UserRow[] {
  return (db.prepare(`${SELECT} ORDER BY u.full_name COLLATE NOCASE`).all() as Raw[]).map(fromRaw);
}

export function getUser(db: ReadableDB, id: number): UserRow | null {
  const r = db.prepare(`${SELECT} WHERE u.id = ?`).get(id) as Raw | undefined;
  return r ? fromRaw(r) : null;
}

/** Just the job classification: the gate asks it on every ALPR call. */
export function classificationOf(db: ReadableDB, id: number): string | null {
  return (
    (db.prepare('SELECT classification AS c FROM users WHERE id = ?').get(id) as { c: string } | undefined)?.c ?? null
  );
}

export function findUserByName(db: ReadableDB, username: string): UserRow | null {
  const r = db.prepare(`${SELECT} WHERE u.username = ?`).get(username) as Raw | undefined;
  return r ? fromRaw(r) : null;
}

export function insertUser(db: WritableDB, user: NewUser, at: string): number {
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO users (username, full_name, badge_id, classification, created_at, created_by, password_changed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(user.username, user.fullName, user.badgeId, user.classification, at, user.createdBy, at);
  const id = Number(lastInsertRowid);
  setRoles(db, id, user.roles);
  return id;
}

export function setRoles(db: WritableDB, userId: number, roles: readonly Role[]): void {
  db.prepare('DELETE FROM user_roles WHERE user_id = ?').run(userId);
  const insert = db.prepare('INSERT INTO user_roles (user_id, role) VALUES (?, ?)');
  for (const role of new Set(roles)) insert.run(userId, role);
}

export function setDisabled(db: WritableDB, userId: number, disabledAt: string | null): void {
  db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run(disabledAt, userId);
}

export function markPasswordChanged(db: WritableDB, userId: number, at: string): void {
  db.prepare('UPDATE users SET password_changed_at = ? WHERE id = ?').run(at, userId);
}

export function countActiveAdministrators(db: ReadableDB): number {
  return (
    db
      .prepare(
        `SELECT count(*) AS n FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE r.role = 'administrator' AND u.disabled_at IS NULL`,
      )
      .get() as { n: number }
  ).n;
}

/** A user as the agency server knows it: its server id, the local account it is linked to, and the version seen. */
export type RemoteUserLink = { userId: number; version: number };

export function remoteUserLink(db: ReadableDB, remoteId: string | number): RemoteUserLink | null {
  return (
    (db.prepare('SELECT user_id AS userId, version FROM remote_users WHERE remote_id = ?').get(remoteId) as
      RemoteUserLink | undefined) ?? null
  );
}

export function linkRemoteUser(db: WritableDB, remoteId: string | number, userId: number, version: number): void {
  db.prepare(
    `INSERT INTO remote_users (remote_id, user_id, version) VALUES (?, ?, ?)
     ON CONFLICT (remote_id) DO UPDATE SET user_id = excluded.user_id, version = excluded.version`,
  ).run(remoteId, userId, version);
}

/** The fields the agency server owns (roles and the disabled mark have their own setters). */
export function updateUserFields(
  db: WritableDB,
  userId: number,
  u: { username: string; fullName: string; badgeId: string; classification: string },
): void {
  db.prepare('UPDATE users SET username = ?, full_name = ?, badge_id = ?, classification = ? WHERE id = ?').run(
    u.username,
    u.fullName,
    u.badgeId,
    u.classification,
    userId,
  );
}

export function setSupervisor(db: WritableDB, userId: number, supervisorId: number | null): void {
  db.prepare('UPDATE users SET supervisor_id = ? WHERE id = ?').run(supervisorId, userId);
}

/** The username of the member's supervisor, or null when none is on record. */
export function supervisorOf(db: ReadableDB, username: string): string | null {
  return (
    (
      db
        .prepare('SELECT s.username FROM users u JOIN users s ON s.id = u.supervisor_id WHERE u.username = ?')
        .get(username) as { username: string } | undefined
    )?.username ?? null
  );
}

/** Usernames of the members this user supervises. */
export function superviseesOf(db: ReadableDB, userId: number): string[] {
  return db.prepare('SELECT username FROM users WHERE supervisor_id = ?').pluck().all(userId) as string[];
}

/** Full names by username (for who entered, approved or moved something). */
export function fullNames(db: ReadableDB, usernames: readonly string[]): Map<string, string> {
  if (usernames.length === 0) return new Map();
  const rows = db
    .prepare('SELECT username, full_name AS fullName FROM users WHERE username IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify([...new Set(usernames)])) as { username: string; fullName: string }[];
  return new Map(rows.map((r) => [r.username.toLowerCase(), r.fullName]));
}
