import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SessionInfo, SetupArgs } from '../../../preload/contract';
import { CanvassError } from '../../core/shared/errors';
import type { PolicyProfile } from '../../core/access/policy';
import { localDate } from '../../core/access/training';
import { openStore as openEncryptedStore, inTransaction } from '../../store/db';
import { createAgency, getAgency } from '../../store/repos/agency';
import {
  findEntry,
  keyringExists,
  newDataKey,
  newKeyring,
  putEntry,
  readKeyring,
  removeEntry,
  sameKey,
  unwrapKey,
  wrapKey,
  writeKeyring,
  type KeyringData,
  type PendingEvent,
} from '../../store/keyring';
import { countUsers, findUserByName, insertUser, markPasswordChanged } from '../../store/repos/users';
import { withEvidenceKey } from '../../store/evidenceKey';
import { insertTraining } from '../../store/repos/training';
import { record } from '../audit';
import type { Context } from '../kernel/context';
import { checkPassword } from './passwords';
import { findProfile } from './profiles';
import { firstSignInWithServer, readEnrollment, rememberServerToken } from '../sync';
import { sessionInfo } from './sessionInfo';
import { storeOf } from '../kernel/context';

const GENERIC_FAILURE = 'The username or password is incorrect.';

/** Set up means: a keyring and the store it unlocks both exist. */
export function isSetUp(ctx: Context): boolean {
  return keyringExists(ctx.keyringPath) && existsSync(ctx.storePath);
}

export function checkClassification(profile: PolicyProfile, classification: string): void {
  if (!profile.allowedClassifications.some((c) => c.id === classification)) {
    const allowed = profile.allowedClassifications.map((c) => c.label).join(', ');
    throw new CanvassError(
      'INVALID_ARGUMENT',
      `Under ${profile.agencyName}'s policy only these classifications may use ALPR: ${allowed}.`,
    );
  }
}

/**
 * First run: the agency, its policy profile and its first administrator. The keyring is written before the
 * store is created, so a crash in between leaves a keyring without a store, which setup simply redoes.
 */
export async function setUp(ctx: Context, args: SetupArgs): Promise<SessionInfo> {
  if (isSetUp(ctx)) throw new CanvassError('ALREADY_SET_UP', 'This workstation is already set up. Sign in instead.');
  const profile = findProfile(ctx.profilesDir, args.agency.profileId);
  const admin = args.admin;
  checkClassification(profile, admin.classification);
  checkPassword(admin.password, admin.username, profile.security.minPasswordLength);
  checkTrainingDate(ctx, admin.training.completedOn, profile.timeZone);
  const roles = [...new Set([...admin.roles, 'administrator' as const])];

  mkdirSync(dirname(ctx.storePath), { recursive: true });
  if (existsSync(ctx.storePath)) {
    // A store without a keyring can never be opened again; keep it aside rather than delete evidence.
    renameSync(ctx.storePath, `${ctx.storePath}.orphaned-${Date.now()}`);
  }
  const dataKey = newDataKey();
  let ring = newKeyring();
  ring = putEntry(ring, await wrapKey(ring, admin.username, admin.password, dataKey, ctx.scrypt));
  writeKeyring(ctx.keyringPath, withEvidenceKey(withLockoutPolicy(ring, profile), dataKey, ctx.nowIso()));

  const db = openEncryptedStore(ctx.storePath, dataKey);
  ctx.store = db;
  ctx.dataKey = dataKey;
  ctx.profile = profile;
  ctx.agencyName = args.agency.name;
  const at = ctx.nowIso();
  try {
    inTransaction(db, () => {
      createAgency(db, { name: args.agency.name, ori: args.agency.ori ?? null, profile }, at);
      const userId = insertUser(db, { ...admin, roles, createdBy: null }, at);
      insertTraining(db, { userId, ...admin.training, recordedBy: userId }, at);
      record(
        ctx,
        db,
        'setup.create',
        'ok',
        { agency: args.agency.name, ori: args.agency.ori ?? null, profile: profile.id },
        { username: admin.username, at },
      );
      record(
        ctx,
        db,
        'users.create',
        'ok',
        { username: admin.username, roles, classification: admin.classification },
        { username: admin.username, at },
      );
      record(
        ctx,
        db,
        'training.record',
        'ok',
        { username: admin.username, ...admin.training },
        { username: admin.username, at },
      );
      record(ctx, db, 'auth.login', 'ok', {}, { username: admin.username, at });
      ctx.session = newSession(ctx, userId, admin.username, admin.fullName, roles);
    });
  } catch (err) {
    ctx.closeStore();
    throw err;
  }
  return sessionInfo(ctx);
}

export async function login(ctx: Context, username: string, password: string): Promise<SessionInfo> {
  if (!isSetUp(ctx)) throw new CanvassError('NOT_SET_UP', 'This workstation is not set up yet.');
  let ring = readKeyring(ctx.keyringPath);
  const entry = findEntry(ring, username);
  if (!entry && readEnrollment(ctx.storePath)) return firstSignInHere(ctx, username, password);
  if (!entry) {
    // Same answer and about the same time as a wrong password: do not reveal who has an account.
    await unwrapKey(ring, decoyEntry(ctx), password);
    addPending(ctx, ring, {
      action: 'auth.login_failed',
      username,
      detail: 'unknown username or no key for this user',
    });
    throw new CanvassError('WRONG_PASSWORD', GENERIC_FAILURE);
  }
  if (entry.lockedAt) {
    addPending(ctx, ring, { action: 'auth.login_refused', username, detail: 'account locked out' });
    throw lockedOut(entry.lockedAt);
  }
  const key = await unwrapKey(ring, entry, password);
  if (!key) {
    ring = readKeyring(ctx.keyringPath);
    const e = findEntry(ring, username)!;
    e.failedAttempts += 1;
    const max = ring.lockoutAfter;
    const event: Omit<PendingEvent, 'at'> = {
      action: 'auth.login_failed',
      username,
      detail: `wrong password (${e.failedAttempts} of ${max})`,
    };
    if (e.failedAttempts >= max) {
      e.lockedAt = ctx.nowIso();
      addPending(ctx, ring, event, false);
      addPending(ctx, ring, { action: 'auth.lockout', username, detail: `locked after ${max} failed attempts` });
      throw lockedOut(e.lockedAt);
    }
    addPending(ctx, ring, event);
    const left = max - e.failedAttempts;
    throw new CanvassError(
      'WRONG_PASSWORD',
      `${GENERIC_FAILURE} ${left} attempt${left === 1 ? '' : 's'} left before the account locks.`,
    );
  }

  if (ctx.store && ctx.dataKey && !sameKey(ctx.dataKey, key)) ctx.closeStore();
  if (ctx.session) endSession(ctx, 'auth.logout', { reason: 'another user signed in' });
  if (!ctx.store) openForUse(ctx, key);
  const db = storeOf(ctx);
  const user = findUserByName(db, entry.username);
  if (!user || user.disabledAt) {
    record(ctx, db, 'auth.login_refused', 'denied', { reason: 'account disabled' }, { username });
    ctx.closeStore();
    throw new CanvassError('ACCOUNT_DISABLED', 'This account is disabled. Ask the ALPR administrator.');
  }
  if (entry.failedAttempts > 0) {
    ring = readKeyring(ctx.keyringPath);
    findEntry(ring, username)!.failedAttempts = 0;
    writeKeyring(ctx.keyringPath, ring);
  }
  ctx.session = newSession(ctx, user.id, user.username, user.fullName, user.roles);
  record(ctx, db, 'auth.login', 'ok', {});
  return sessionInfo(ctx);
}

/**
 * On an enrolled workstation a server user's first sign-in here: the agency server checks the credentials,
 * the account and the training and releases the workstation key; then the store key is wrapped under the
 * password so later sign-ins work offline.
 */
async function firstSignInHere(ctx: Context, username: string, password: string): Promise<SessionInfo> {
  let vouched: Awaited<ReturnType<typeof firstSignInWithServer>>;
  try {
    vouched = await firstSignInWithServer(ctx.storePath, username, password);
  } catch (err) {
    addPending(ctx, readKeyring(ctx.keyringPath), {
      action: 'auth.login_failed',
      username,
      detail: `first sign-in refused by the agency server: ${(err as Error).message}`,
    });
    throw err;
  }
  if (ctx.session) endSession(ctx, 'auth.logout', { reason: 'another user signed in' });
  if (ctx.store && ctx.dataKey && !sameKey(ctx.dataKey, vouched.dataKey)) ctx.closeStore();
  if (!ctx.store) openForUse(ctx, vouched.dataKey);
  const db = storeOf(ctx);
  const user = findUserByName(db, username);
  if (!user || user.disabledAt) {
    record(
      ctx,
      db,
      'auth.login_refused',
      'denied',
      { reason: user ? 'account disabled' : 'not yet synced to this workstation' },
      { username },
    );
    ctx.closeStore();
    throw new CanvassError(
      user ? 'ACCOUNT_DISABLED' : 'CONFLICT',
      user
        ? 'This account is disabled. Ask the ALPR administrator.'
        : 'The agency server knows you, but this workstation has not synced your account yet. Ask someone signed in here to sync, then try again.',
    );
  }
  const ring = readKeyring(ctx.keyringPath);
  writeKeyring(ctx.keyringPath, putEntry(ring, await wrapKey(ring, user.username, password, ctx.dataKey!, ctx.scrypt)));
  ctx.session = newSession(ctx, user.id, user.username, user.fullName, user.roles);
  record(ctx, db, 'auth.login', 'ok', { firstSignInOnWorkstation: true, vouchedBy: 'agency server' });
  rememberServerToken(ctx, vouched.session);
  return sessionInfo(ctx);
}

/**
 * Account changes that arrived from the agency server. A disabled account loses its key wrap here, and its
 * session ends if it is the one signed in.
 */
export function applyUserChanges(ctx: Context, changes: readonly { username: string; change: string }[]): void {
  let ring = readKeyring(ctx.keyringPath);
  let changed = false;
  for (const c of changes) {
    if (c.change !== 'disabled' || !findEntry(ring, c.username)) continue;
    ring = removeEntry(ring, c.username);
    changed = true;
  }
  if (changed) writeKeyring(ctx.keyringPath, ring);
  const current = ctx.session?.username.toLowerCase();
  if (current && changes.some((c) => c.change === 'disabled' && c.username.toLowerCase() === current)) {
    endSession(ctx, 'auth.logout', { reason: 'account disabled by the agency server' });
    ctx.events.emit('session.ended', { reason: 'disabled' });
  }
}

/** Idle or manual lock: the work stays, the password is needed again. */
export function lock(ctx: Context, reason: 'idle' | 'manual'): void {
  const s = ctx.session;
  if (!s || s.locked) return;
  s.locked = true;
  record(ctx, storeOf(ctx), 'auth.lock', 'ok', { reason });
  ctx.events.emit('session.locked', { reason });
}

export async function unlock(ctx: Context, password: string): Promise<SessionInfo> {
  const s = ctx.session;
  if (!s) throw new CanvassError('NOT_SIGNED_IN', 'Sign in first.');
  if (!s.locked) return sessionInfo(ctx);
  const db = storeOf(ctx);
  let ring = readKeyring(ctx.keyringPath);
  const entry = findEntry(ring, s.username);
  if (!entry) {
    endSession(ctx, 'auth.logout', { reason: 'account no longer has a key (disabled)' });
    throw new CanvassError('ACCOUNT_DISABLED', 'This account was disabled. Ask the ALPR administrator.');
  }
  const key = await unwrapKey(ring, entry, password);
  if (!key || !sameKey(key, ctx.dataKey!)) {
    ring = readKeyring(ctx.keyringPath);
    const e = findEntry(ring, s.username)!;
    e.failedAttempts += 1;
    const max = ring.lockoutAfter;
    record(ctx, db, 'auth.unlock_failed', 'failed', { attempt: e.failedAttempts });
    if (e.failedAttempts >= max) {
      e.lockedAt = ctx.nowIso();
      writeKeyring(ctx.keyringPath, ring);
      record(ctx, db, 'auth.lockout', 'denied', { reason: `locked after ${max} failed attempts` });
      endSession(ctx, 'auth.logout', { reason: 'locked out' });
      throw lockedOut(e.lockedAt);
    }
    writeKeyring(ctx.keyringPath, ring);
    throw new CanvassError('WRONG_PASSWORD', 'That password is incorrect.');
  }
  s.locked = false;
  s.lastActivity = ctx.now().getTime();
  record(ctx, db, 'auth.unlock', 'ok', {});
  return sessionInfo(ctx);
}

export function logout(ctx: Context): void {
  if (ctx.session) endSession(ctx, 'auth.logout', {});
  ctx.events.emit('session.ended', { reason: 'logout' });
}

export async function changePassword(ctx: Context, current: string, next: string): Promise<void> {
  const s = ctx.session!;
  const ring = readKeyring(ctx.keyringPath);
  const entry = findEntry(ring, s.username);
  const key = entry ? await unwrapKey(ring, entry, current) : null;
  if (!key || !sameKey(key, ctx.dataKey!))
    throw new CanvassError('WRONG_PASSWORD', 'The current password is incorrect.');
  checkPassword(next, s.username, ctx.profile!.security.minPasswordLength);
  await rewrap(ctx, s.username, next);
  const db = storeOf(ctx);
  inTransaction(db, () => {
    markPasswordChanged(db, s.userId, ctx.nowIso());
    record(ctx, db, 'auth.change_password', 'ok', {});
  });
}

/** Wraps the open store's key under a new password for `username` (new user, reset, re-enable, change). */
export async function rewrap(ctx: Context, username: string, password: string): Promise<void> {
  const ring = readKeyring(ctx.keyringPath);
  const entry = await wrapKey(ring, username, password, ctx.dataKey!, ctx.scrypt);
  writeKeyring(ctx.keyringPath, putEntry(readKeyring(ctx.keyringPath), entry));
}

/** Keeps the keyring's copy of the lockout threshold equal to the policy (it is needed before the store opens). */
export function withLockoutPolicy(ring: KeyringData, profile: PolicyProfile): KeyringData {
  return { ...ring, lockoutAfter: profile.security.maxFailedLogins };
}

export function touch(ctx: Context): void {
  if (ctx.session && !ctx.session.locked) ctx.session.lastActivity = ctx.now().getTime();
}

/** Locks the session when it has been idle longer than the policy allows. Returns whether it is locked. */
export function lockIfIdle(ctx: Context): boolean {
  const s = ctx.session;
  if (!s || !ctx.profile) return false;
  if (!s.locked && ctx.now().getTime() - s.lastActivity >= ctx.profile.security.idleLockMinutes * 60_000)
    lock(ctx, 'idle');
  return s.locked;
}

function newSession(ctx: Context, userId: number, username: string, fullName: string, roles: SessionInfo['roles']) {
  return { userId, username, fullName, roles, purposeId: null, locked: false, lastActivity: ctx.now().getTime() };
}

function openForUse(ctx: Context, key: Buffer): void {
  const db = openEncryptedStore(ctx.storePath, key);
  ctx.store = db;
  ctx.dataKey = key;
  const agency = getAgency(db);
  if (!agency || countUsers(db) === 0) {
    ctx.closeStore();
    throw new CanvassError(
      'STORE_CORRUPT',
      'The store has no agency or users: it was not set up completely. Run setup again.',
    );
  }
  ctx.profile = agency.profile;
  ctx.agencyName = agency.name;
  flushPending(ctx);
}

/** Failed logins happen while the store is closed; they wait in the keyring and join the chain here. */
function flushPending(ctx: Context): void {
  const ring = readKeyring(ctx.keyringPath);
  if (ring.pendingEvents.length === 0) return;
  const db = storeOf(ctx);
  inTransaction(db, () => {
    for (const e of ring.pendingEvents) {
      record(
        ctx,
        db,
        e.action,
        e.action === 'auth.login_failed' ? 'failed' : 'denied',
        { detail: e.detail },
        { username: e.username, at: e.at },
      );
    }
  });
  writeKeyring(ctx.keyringPath, { ...readKeyring(ctx.keyringPath), pendingEvents: [] });
}

function addPending(ctx: Context, ring: KeyringData, event: Omit<PendingEvent, 'at'>, write = true): void {
  ring.pendingEvents.push({ ...event, at: ctx.nowIso() });
  if (write) writeKeyring(ctx.keyringPath, ring);
}

function endSession(ctx: Context, action: string, data: { reason?: string }): void {
  if (ctx.store) record(ctx, ctx.store, action, 'ok', data);
  ctx.session = null;
  ctx.closeStore();
}

function lockedOut(since: string): CanvassError {
  return new CanvassError(
    'ACCOUNT_LOCKED',
    `This account is locked after too many failed sign-ins (since ${since.slice(0, 16).replace('T', ' ')} UTC). An ALPR administrator must unlock it.`,
  );
}

let decoy: ReturnType<typeof makeDecoy> | null = null;
function makeDecoy(ctx: Context) {
  return {
    username: '\u0000decoy',
    kdf: { name: 'scrypt' as const, ...ctx.scrypt, salt: 'AAAAAAAAAAAAAAAAAAAAAA==' },
    iv: 'AAAAAAAAAAAAAAAA',
    tag: 'AAAAAAAAAAAAAAAAAAAAAA==',
    wrapped: 'AAAA',
    failedAttempts: 0,
    lockedAt: null,
  };
}
function decoyEntry(ctx: Context) {
  decoy ??= makeDecoy(ctx);
  return decoy;
}

export function checkTrainingDate(
  ctx: Context,
  completedOn: string,
  timeZone = ctx.profile?.timeZone ?? 'America/Los_Angeles',
): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(completedOn) || Number.isNaN(Date.parse(`${completedOn}T00:00:00Z`))) {
    throw new CanvassError('INVALID_ARGUMENT', 'The training date must be a date (YYYY-MM-DD).');
  }
  if (completedOn > localDate(ctx.now(), timeZone)) {
    throw new CanvassError('INVALID_ARGUMENT', 'The training date cannot be in the future.');
  }
}
