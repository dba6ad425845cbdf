import type { NewUserFields, TrainingArgs, TrainingRecord, UserSummary } from '../../../preload/contract';
import { CanvassError } from '../../core/shared/errors';
import type { Role } from '../../core/access/roles';
import { inTransaction } from '../../store/db';
import { findEntry, putEntry, readKeyring, removeEntry, writeKeyring } from '../../store/keyring';
import { insertTraining, listTraining } from '../../store/repos/training';
import {
  countActiveAdministrators,
  findUserByName,
  getUser,
  insertUser,
  listUsers,
  markPasswordChanged,
  setDisabled,
  setRoles,
  setSupervisor,
  type UserRow,
} from '../../store/repos/users';
import { record } from '../audit';
import { checkClassification, checkTrainingDate, checkTrainingTopics, rewrap } from './auth';
import type { Context } from '../kernel/context';
import { checkPassword } from './passwords';
import { userSummary } from './sessionInfo';
import { isEnrolled } from '../sync';
import { storeOf, profileOf } from '../kernel/context';

/** Administrators manage people. Every change is one transaction with its audit record. */

/**
 * On a workstation enrolled with the agency server, people, roles and training come from the server: a local
 * change would be overwritten by the next sync, or worse, disagree with it.
 */
function assertLocalAccounts(ctx: Context): void {
  const enrollment = isEnrolled(ctx);
  if (enrollment) {
    throw new CanvassError(
      'CONFLICT',
      `Accounts and training on this workstation are managed by the agency server (${enrollment.serverUrl}). Make the change there; it arrives here with the next sync.`,
    );
  }
}

function mustGet(ctx: Context, userId: number): UserRow {
  const u = getUser(storeOf(ctx), userId);
  if (!u) throw new CanvassError('NOT_FOUND', `There is no user with id ${userId}.`);
  return u;
}

function summary(ctx: Context, userId: number): UserSummary {
  return userSummary(ctx, storeOf(ctx), mustGet(ctx, userId));
}

export function list(ctx: Context): UserSummary[] {
  const db = storeOf(ctx);
  const ring = readKeyring(ctx.keyringPath);
  return listUsers(db).map((u) => userSummary(ctx, db, u, ring));
}

export async function create(ctx: Context, fields: NewUserFields & { password: string }): Promise<UserSummary> {
  assertLocalAccounts(ctx);
  const db = storeOf(ctx);
  const profile = profileOf(ctx);
  checkClassification(profile, fields.classification);
  if (findUserByName(db, fields.username)) {
    throw new CanvassError('CONFLICT', `The username “${fields.username}” is taken. Choose another.`);
  }
  checkPassword(fields.password, fields.username, profile.security.minPasswordLength);
  // The key wrap is written first: a user row without a key could never sign in, a key without a row is refused.
  await rewrap(ctx, fields.username, fields.password);
  const id = inTransaction(db, () => {
    const userId = insertUser(db, { ...fields, createdBy: ctx.session!.userId }, ctx.nowIso());
    record(ctx, db, 'users.create', 'ok', {
      userId,
      username: fields.username,
      fullName: fields.fullName,
      badgeId: fields.badgeId,
      classification: fields.classification,
      roles: fields.roles,
    });
    return userId;
  });
  return summary(ctx, id);
}

export function disable(ctx: Context, userId: number, reason: string): UserSummary {
  assertLocalAccounts(ctx);
  const db = storeOf(ctx);
  const u = mustGet(ctx, userId);
  if (u.disabledAt) return summary(ctx, userId);
  if (u.roles.includes('administrator') && countActiveAdministrators(db) <= 1) {
    throw new CanvassError('CONFLICT', 'This is the last active administrator; add another administrator first.');
  }
  inTransaction(db, () => {
    setDisabled(db, userId, ctx.nowIso());
    record(ctx, db, 'users.disable', 'ok', { userId, username: u.username, reason });
  });
  // Without its wrap the account cannot unlock the store at all, whatever the password.
  writeKeyring(ctx.keyringPath, removeEntry(readKeyring(ctx.keyringPath), u.username));
  return summary(ctx, userId);
}

export async function enable(ctx: Context, userId: number, password: string): Promise<UserSummary> {
  assertLocalAccounts(ctx);
  const db = storeOf(ctx);
  const u = mustGet(ctx, userId);
  checkPassword(password, u.username, profileOf(ctx).security.minPasswordLength);
  await rewrap(ctx, u.username, password);
  inTransaction(db, () => {
    setDisabled(db, userId, null);
    markPasswordChanged(db, userId, ctx.nowIso());
    record(ctx, db, 'users.enable', 'ok', { userId, username: u.username });
  });
  return summary(ctx, userId);
}

export function unlockAccount(ctx: Context, userId: number): UserSummary {
  const db = storeOf(ctx);
  const u = mustGet(ctx, userId);
  const ring = readKeyring(ctx.keyringPath);
  const entry = findEntry(ring, u.username);
  if (!entry) throw new CanvassError('CONFLICT', `${u.fullName}'s account is disabled; re-enable it instead.`);
  writeKeyring(ctx.keyringPath, putEntry(ring, { ...entry, failedAttempts: 0, lockedAt: null }));
  record(ctx, db, 'users.unlock', 'ok', { userId, username: u.username });
  return summary(ctx, userId);
}

export async function resetPassword(ctx: Context, userId: number, password: string): Promise<UserSummary> {
  assertLocalAccounts(ctx);
  const db = storeOf(ctx);
  const u = mustGet(ctx, userId);
  if (u.disabledAt) throw new CanvassError('CONFLICT', `${u.fullName}'s account is disabled; re-enable it instead.`);
  checkPassword(password, u.username, profileOf(ctx).security.minPasswordLength);
  await rewrap(ctx, u.username, password);
  inTransaction(db, () => {
    markPasswordChanged(db, userId, ctx.nowIso());
    record(ctx, db, 'users.reset_password', 'ok', { userId, username: u.username });
  });
  return summary(ctx, userId);
}

export function changeRoles(ctx: Context, userId: number, roles: Role[]): UserSummary {
  assertLocalAccounts(ctx);
  const db = storeOf(ctx);
  const u = mustGet(ctx, userId);
  const losingAdmin = u.roles.includes('administrator') && !roles.includes('administrator');
  if (losingAdmin && !u.disabledAt && countActiveAdministrators(db) <= 1) {
    throw new CanvassError('CONFLICT', 'This is the last active administrator; add another administrator first.');
  }
  inTransaction(db, () => {
    setRoles(db, userId, roles);
    record(ctx, db, 'users.set_roles', 'ok', { userId, username: u.username, from: u.roles, to: roles });
  });
  if (userId === ctx.session!.userId) ctx.session!.roles = [...new Set(roles)].sort();
  return summary(ctx, userId);
}

/**
 * The member's supervisor, who approves updates of the member's hot-list entries. On an enrolled workstation it
 * comes from the agency server's users feed.
 */
export function changeSupervisor(ctx: Context, userId: number, supervisorId: number | null): UserSummary {
  assertLocalAccounts(ctx);
  const db = storeOf(ctx);
  const u = mustGet(ctx, userId);
  const s = supervisorId === null ? null : mustGet(ctx, supervisorId);
  if (s && s.id === u.id)
    throw new CanvassError('INVALID_ARGUMENT', 'Nobody supervises themselves: choose someone else.');
  if (s?.disabledAt)
    throw new CanvassError('INVALID_ARGUMENT', `${s.fullName}'s account is disabled: choose an active supervisor.`);
  inTransaction(db, () => {
    setSupervisor(db, userId, s?.id ?? null);
    record(ctx, db, 'users.setSupervisor', 'ok', {
      userId,
      username: u.username,
      supervisor: s?.username ?? null,
    });
  });
  return summary(ctx, userId);
}

export function recordTraining(ctx: Context, userId: number, t: TrainingArgs): TrainingRecord {
  assertLocalAccounts(ctx);
  const db = storeOf(ctx);
  const u = mustGet(ctx, userId);
  checkTrainingDate(ctx, t.completedOn);
  const topics = checkTrainingTopics(profileOf(ctx), t.topics);
  const id = inTransaction(db, () => {
    const tid = insertTraining(db, { userId, ...t, topics, recordedBy: ctx.session!.userId }, ctx.nowIso());
    record(ctx, db, 'training.record', 'ok', { userId, username: u.username, ...t, topics });
    return tid;
  });
  return listTraining(db, userId).find((r) => r.id === id)!;
}

export function trainingHistory(ctx: Context, userId: number): TrainingRecord[] {
  mustGet(ctx, userId);
  return listTraining(storeOf(ctx), userId);
}
