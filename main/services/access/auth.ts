import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SessionInfo, SetupArgs } from '../../../preload/contract';
import { CanvassError } from '../../core/shared/errors';
import type { PolicyProfile } from '../../core/access/policy';
import { localDate } from '../../core/access/training';
import { openStore as openEncryptedStore, inTransaction, type WritableDB } from '../../store/db';
import { createAgency, getAgency } from '../../store/repos/agency';
import {
  eventKeyFor,
  findEntry,
  keyCheck,
  keyringExists,
  newDataKey,
  newKeyring,
  openEvents,
  putEntry,
  readKeyring,
  removeEntry,
  sameKey,
  sealEvent,
  typedNameTag,
  unwrapKey,
  wrapKey,
  writeKeyring,
  type KeyringData,
  type PendingEvent,
} from '../../store/keyring';
import { countUsers, findUserByName, insertUser, markPasswordChanged } from '../../store/repos/users';
import { withEvidenceKey } from '../../store/evidenceKey';
import { insertTraining } from '../../store/repos/training';
import { guardAuditLog, raiseAlert, record } from '../audit';
import type { Context, Session } from '../kernel/context';
import { upgradeStore } from './storeUpgrade';
import { checkPassword } from './passwords';
import { findProfile } from './profiles';
import {
  confirmEnrollment,
  enrollmentFileExists,
  readEnrollment,
  firstSignInWithServer,
  forgetServerToken,
  rememberServerToken,
  verifiedEnrollment,
} from '../sync';
import { sessionInfo } from './sessionInfo';
import { upgradeStoredProfile } from './policy';
import { storeOf } from '../kernel/context';

const GENERIC_FAILURE = 'The username or password is incorrect.';

/**
 * Set up means: the store exists, with the keyring that unlocks it, or (its keyring lost) an enrollment through
 * which an administrator can recover one (`recoverKeyring`). A store with neither can never be opened again.
 */
export function isSetUp(ctx: Context): boolean {
  return existsSync(ctx.storePath) && (keyringExists(ctx.keyringPath) || enrollmentFileExists(ctx.storePath));
}

/**
 * An administrator rebuilds a missing or damaged keyring through the agency server. The address they type is
 * the root of trust: it must be the server enrollment.json names, or nothing is sent. The server vouches for
 * them and releases the workstation key; the store must know them as an enabled administrator. The damaged
 * keyring is kept aside, a new one holds their wrap, and the recovery is an alert and a record.
 */
export async function recoverKeyring(
  ctx: Context,
  args: { serverUrl: string; username: string; password: string },
): Promise<SessionInfo> {
  if (!existsSync(ctx.storePath)) throw new CanvassError('NOT_SET_UP', 'This workstation is not set up yet.');
  let damaged: string | null = null;
  try {
    readKeyring(ctx.keyringPath);
  } catch (err) {
    damaged = (err as Error).message;
  }
  if (damaged === null)
    throw new CanvassError('CONFLICT', 'The keyring is readable: sign in as usual. Nothing was changed.');
  const enrollment = readEnrollment(ctx.storePath);
  if (!enrollment)
    throw new CanvassError(
      'CONFLICT',
      'This workstation is not enrolled with an agency server, so its keyring cannot be rebuilt through one: restore keyring.json from the backup of this data folder.',
    );
  let typed: string;
  try {
    typed = new URL(args.serverUrl.trim()).origin;
  } catch {
    throw new CanvassError(
      'INVALID_ARGUMENT',
      `“${args.serverUrl}” is not a server address. Enter it as https://host[:port].`,
    );
  }
  if (typed !== new URL(enrollment.serverUrl).origin)
    throw new CanvassError(
      'CONFLICT',
      `The enrollment record names another server (${new URL(enrollment.serverUrl).origin}), not ${typed}: Canvass did not send your password. Check the address with the agency; if the record was tampered with, restore keyring.json from backup instead.`,
    );
  const vouched = await firstSignInWithServer(enrollment, args.username, args.password);
  const key = vouched.dataKey;
  try {
    if (ctx.session) ctx.session = null;
    ctx.closeStore();
    await upgradeStore(ctx, key);
    const db = openEncryptedStore(ctx.storePath, key);
    const user = findUserByName(db, args.username);
    const ok = user && !user.disabledAt && user.roles.includes('administrator');
    const agency = getAgency(db);
    db.close();
    if (!ok || !agency)
      throw new CanvassError(
        'FORBIDDEN',
        'Only an enabled ALPR administrator of this workstation can rebuild its keyring. Nothing was changed.',
      );
    const aside = `${ctx.keyringPath}.damaged-${ctx.nowIso().replace(/[:.]/g, '-')}`;
    if (existsSync(ctx.keyringPath)) renameSync(ctx.keyringPath, aside);
    let ring: KeyringData = { ...newKeyring(), eventKey: eventKeyFor(key) };
    ring = putEntry(ring, await wrapKey(ring, user.username, args.password, key, ctx.scrypt));
    writeKeyring(ctx.keyringPath, withLockoutPolicy(ring, agency.profile));
    openForUse(ctx, key);
    ctx.session = newSession(ctx, user.id, user.username, user.fullName, user.roles);
    raiseAlert(
      ctx,
      storeOf(ctx),
      'keyring.recovered',
      `${user.username} rebuilt the keyring through the agency server (${typed}). Other accounts sign in through the server again; local-only accounts need a password reset.`,
      { damaged, setAside: existsSync(aside) ? aside : null },
    );
    record(ctx, storeOf(ctx), 'auth.login', 'ok', { keyringRecovered: true, vouchedBy: 'agency server' });
    rememberServerToken(ctx, vouched.session);
    return sessionInfo(ctx);
  } finally {
    if (ctx.dataKey !== key) key.fill(0);
  }
}

export function checkClassification(profile: PolicyProfile, classification: string): void {
  if (!profile.classifications.some((c) => c.id === classification)) {
    const allowed = profile.classifications.map((c) => c.label).join(', ');
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
  const topics = checkTrainingTopics(profile, admin.training.topics);
  const roles = [...new Set([...admin.roles, 'administrator' as const])];

  mkdirSync(dirname(ctx.storePath), { recursive: true });
  if (existsSync(ctx.storePath)) {
    // A store without a keyring can never be opened again; keep it aside rather than delete evidence.
    renameSync(ctx.storePath, `${ctx.storePath}.orphaned-${Date.now()}`);
  }
  const dataKey = newDataKey();
  let ring: KeyringData = { ...newKeyring(), eventKey: eventKeyFor(dataKey) };
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
      const id = insertUser(db, { ...admin, roles, createdBy: null }, at);
      insertTraining(db, { userId: id, ...admin.training, topics, recordedBy: id }, at);
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
        { username: admin.username, ...admin.training, topics },
        { username: admin.username, at },
      );
      record(ctx, db, 'auth.login', 'ok', {}, { username: admin.username, at });
    });
    ctx.session = newSession(ctx, userId(db, admin.username), admin.username, admin.fullName, roles);
    guardAuditLog(ctx, db, dataKey);
  } catch (err) {
    ctx.closeStore();
    throw err;
  }
  return sessionInfo(ctx);
}

function userId(db: WritableDB, username: string): number {
  const u = findUserByName(db, username);
  if (!u) throw new CanvassError('INTERNAL', `The user ${username} was not created.`);
  return u.id;
}

export async function login(ctx: Context, username: string, password: string): Promise<SessionInfo> {
  if (!isSetUp(ctx)) throw new CanvassError('NOT_SET_UP', 'This workstation is not set up yet.');
  let ring = readKeyring(ctx.keyringPath);
  const entry = findEntry(ring, username);
  if (!entry && enrollmentFileExists(ctx.storePath)) return firstSignInHere(ctx, username, password);
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
  await takeKey(ctx, key);
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
 * password so later sign-ins work offline. The password goes only to the server the store confirmed since
 * Canvass started, never to whatever enrollment.json names on its own (it could have been pointed elsewhere).
 */
async function firstSignInHere(ctx: Context, username: string, password: string): Promise<SessionInfo> {
  const enrollment = verifiedEnrollment(ctx);
  if (!enrollment) {
    addPending(ctx, readKeyring(ctx.keyringPath), {
      action: 'auth.login_failed',
      username,
      detail: 'no key here, and the enrollment was not yet confirmed by the store: nothing sent to a server',
    });
    throw new CanvassError(
      'CONFLICT',
      'Canvass has no key here for that username. A first sign-in on this workstation goes through the agency server, and Canvass sends a password only to the server this workstation’s store was enrolled with, which it confirms when someone who already signs in here signs in. Ask them to sign in once (they may sign out again), then try again. If you have signed in here before, check the username.',
    );
  }
  let vouched: Awaited<ReturnType<typeof firstSignInWithServer>>;
  try {
    vouched = await firstSignInWithServer(enrollment, username, password);
  } catch (err) {
    addPending(ctx, readKeyring(ctx.keyringPath), {
      action: 'auth.login_failed',
      username,
      detail: `first sign-in refused by the agency server: ${(err as Error).message}`,
    });
    throw err;
  }
  await takeKey(ctx, vouched.dataKey);
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

/**
 * Idle or manual lock: the session and its purpose stay, the password is needed again. The store closes and
 * the data key is dropped from memory until the password unlocks it again; only a check value derived from the
 * key is kept, to tell the right password from another account's.
 */
export function lock(ctx: Context, reason: 'idle' | 'manual'): void {
  const s = ctx.session;
  if (!s || s.locked) return;
  const db = storeOf(ctx);
  record(ctx, db, 'auth.lock', 'ok', { reason });
  s.shown = sessionInfo(ctx);
  s.keyCheck = keyCheck(ctx.dataKey!);
  s.locked = true;
  ctx.closeStore({ keepProfile: true });
  ctx.events.emit('session.locked', { reason });
}

export async function unlock(ctx: Context, password: string): Promise<SessionInfo> {
  const s = ctx.session;
  if (!s) throw new CanvassError('NOT_SIGNED_IN', 'Sign in first.');
  if (!s.locked) return sessionInfo(ctx);
  let ring = readKeyring(ctx.keyringPath);
  const entry = findEntry(ring, s.username);
  if (!entry) {
    endSession(ctx, 'auth.logout', { reason: 'account no longer has a key (disabled)' });
    throw new CanvassError('ACCOUNT_DISABLED', 'This account was disabled. Ask the ALPR administrator.');
  }
  const key = await unwrapKey(ring, entry, password);
  const right = key !== null && s.keyCheck !== null && sameKey(keyCheck(key), s.keyCheck);
  if (!right) {
    key?.fill(0);
    ring = readKeyring(ctx.keyringPath);
    const e = findEntry(ring, s.username)!;
    e.failedAttempts += 1;
    const max = ring.lockoutAfter;
    // The store is closed while locked: the failure waits, sealed, in the keyring like a failed sign-in.
    addPending(
      ctx,
      ring,
      { action: 'auth.unlock_failed', username: s.username, detail: `attempt ${e.failedAttempts}` },
      false,
    );
    if (e.failedAttempts >= max) {
      e.lockedAt = ctx.nowIso();
      addPending(ctx, ring, {
        action: 'auth.lockout',
        username: s.username,
        detail: `locked after ${max} failed attempts`,
      });
      endSession(ctx, 'auth.logout', { reason: 'locked out' });
      throw lockedOut(e.lockedAt);
    }
    writeKeyring(ctx.keyringPath, ring);
    throw new CanvassError('WRONG_PASSWORD', 'That password is incorrect.');
  }
  try {
    openForUse(ctx, key);
  } finally {
    if (ctx.dataKey !== key) key.fill(0);
  }
  s.locked = false;
  s.shown = null;
  s.keyCheck = null;
  s.lastActivity = ctx.now().getTime();
  if (entry.failedAttempts > 0) {
    ring = readKeyring(ctx.keyringPath);
    findEntry(ring, s.username)!.failedAttempts = 0;
    writeKeyring(ctx.keyringPath, ring);
  }
  record(ctx, storeOf(ctx), 'auth.unlock', 'ok', {});
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
  const right = key !== null && sameKey(key, ctx.dataKey!);
  key?.fill(0);
  if (!right) throw new CanvassError('WRONG_PASSWORD', 'The current password is incorrect.');
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

function newSession(
  ctx: Context,
  userId: number,
  username: string,
  fullName: string,
  roles: SessionInfo['roles'],
): Session {
  return {
    userId,
    username,
    fullName,
    roles,
    purposeId: null,
    locked: false,
    lastActivity: ctx.now().getTime(),
    shown: null,
    keyCheck: null,
  };
}

/**
 * A sign-in's unwrapped key: ends the session of whoever was signed in, opens the store with it unless it is
 * open with that key already, and wipes the copy unless the store kept it.
 */
async function takeKey(ctx: Context, key: Buffer): Promise<void> {
  try {
    if (ctx.session) endSession(ctx, 'auth.logout', { reason: 'another user signed in' });
    if (ctx.store && ctx.dataKey && !sameKey(ctx.dataKey, key)) ctx.closeStore();
    if (!ctx.store) {
      // Calls run one at a time (kernel/api.ts), so nothing opens the store while the upgrade is awaited.
      await upgradeStore(ctx, key);
      openForUse(ctx, key);
    }
  } finally {
    if (ctx.dataKey !== key) key.fill(0);
  }
}

/**
 * Opens the store with an unwrapped key (sign-in, unlock) and runs the checks of every opening: the access
 * log against its sealed head, the keyring's event key, the enrollment record against the store; then the
 * events that waited in the keyring join the log.
 */
function openForUse(ctx: Context, key: Buffer): void {
  const db = openEncryptedStore(ctx.storePath, key);
  ctx.store = db;
  ctx.dataKey = key;
  upgradeStoredProfile(ctx, db);
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
  guardAuditLog(ctx, db, key);
  const repair = confirmEnrollment(ctx, db, key);
  if (repair) raiseAlert(ctx, db, 'enrollment.repaired', repair.problem, repair.details);
  flushPending(ctx);
}

/**
 * Failed sign-ins (and unlocks) happen while the store is closed; they wait in the keyring, sealed, and join the
 * chain here. Someone who typed what is not an account (often their password, in the username field) is
 * recorded without it: only a short keyed tag tells repeats apart. A keyring whose event key was replaced is an
 * alert, and is given the right key again.
 */
function flushPending(ctx: Context): void {
  const db = storeOf(ctx);
  const key = ctx.dataKey!;
  const ring = readKeyring(ctx.keyringPath);
  const expected = eventKeyFor(key);
  const { events, unreadable } = openEvents(ring, key);
  if (ring.eventKey && ring.eventKey !== expected) {
    raiseAlert(
      ctx,
      db,
      'keyring.event_key',
      `The keyring's event key was replaced outside Canvass${unreadable ? `; ${unreadable} failed sign-in${unreadable === 1 ? '' : 's'} recorded under it cannot be read` : ''}. Canvass set the right key again.`,
      { unreadable },
    );
  }
  if (events.length || unreadable || ring.eventKey !== expected) {
    inTransaction(db, () => {
      for (const e of events) {
        const known = findUserByName(db, e.username);
        const outcome =
          e.action === 'auth.login_failed' || e.action === 'auth.unlock_failed'
            ? 'failed'
            : e.action === 'auth.logout'
              ? 'ok'
              : 'denied';
        record(
          ctx,
          db,
          e.action,
          outcome,
          known
            ? { detail: e.detail }
            : { detail: e.detail, typedUsername: 'not an account here', typedTag: typedNameTag(key, e.username) },
          { username: known ? known.username : null, at: e.at },
        );
      }
    });
    writeKeyring(ctx.keyringPath, { ...readKeyring(ctx.keyringPath), eventKey: expected, pendingEvents: [] });
  }
}

function addPending(ctx: Context, ring: KeyringData, event: Omit<PendingEvent, 'at'>, write = true): void {
  ring.pendingEvents.push(sealEvent(ring, { ...event, at: ctx.nowIso() }));
  if (write) writeKeyring(ctx.keyringPath, ring);
}

/** Ends the session: recorded in the log (or, while locked and the store closed, in the keyring till the next opening). */
function endSession(ctx: Context, action: 'auth.logout', data: { reason?: string }): void {
  const s = ctx.session;
  if (ctx.store) record(ctx, ctx.store, action, 'ok', data);
  else if (s)
    addPending(ctx, readKeyring(ctx.keyringPath), {
      action,
      username: s.username,
      detail: data.reason ?? 'signed out while locked',
    });
  forgetServerToken(ctx);
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

/**
 * The topics a course covered, checked against the policy's required topics: an id the policy does not list is
 * refused (a typo would otherwise count for nothing, silently).
 */
export function checkTrainingTopics(profile: PolicyProfile, topics: readonly string[] | undefined): string[] {
  const listed = profile.training.topics.required;
  const unknown = (topics ?? []).filter((t) => !listed.some((l) => l.id === t));
  if (unknown.length > 0) {
    throw new CanvassError(
      'INVALID_ARGUMENT',
      listed.length === 0
        ? `${profile.agencyName}'s policy lists no training topics; record the course without topics.`
        : `${profile.agencyName}'s policy lists no training topic “${unknown[0]}”. Its topics are: ${listed.map((l) => l.label).join('; ')}.`,
    );
  }
  return [...new Set(topics ?? [])];
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
