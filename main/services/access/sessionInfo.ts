import type { PurposeInfo, SessionInfo, TrainingStatus, UserSummary } from '../../../preload/contract';
import { describePurpose } from '../../core/access/purpose';
import { CanvassError } from '../../core/shared/errors';
import { trainingStatus } from '../../core/access/training';
import type { PolicyProfile } from '../../core/access/policy';
import type { PurposeRow } from '../../store/repos/purposes';
import { getPurpose } from '../../store/repos/purposes';
import { trainingCourses } from '../../store/repos/training';
import { openAlertCount } from '../../store/repos/integrity';
import { classificationOf, getUser, type UserRow } from '../../store/repos/users';
import { findEntry, readKeyring } from '../../store/keyring';
import { profileOf, storeOf, type Context } from '../kernel/context';
import type { ReadableDB } from '../../store/db';

export function userTraining(ctx: Context, db: ReadableDB, userId: number): TrainingStatus {
  const profile = profileOf(ctx);
  return trainingStatus(
    trainingCourses(db, userId),
    { validity: profile.training.validity.period, requiredTopics: profile.training.topics.required },
    ctx.now(),
    profile.timeZone,
  );
}

export function classificationAllowed(profile: PolicyProfile, classification: string): boolean {
  return profile.classifications.some((c) => c.id === classification);
}

/**
 * Why the user may not touch ALPR data under the policy's job classifications, or null. Checked at the gate on
 * every ALPR access, so a user who arrived by sync (or whose classification the policy dropped) is held too.
 */
export function classificationRefusal(ctx: Context, db: ReadableDB, userId: number): string | null {
  const profile = profileOf(ctx);
  const classification = classificationOf(db, userId);
  if (classification === null || classificationAllowed(profile, classification)) return null;
  const allowed = profile.classifications.map((c) => c.label).join(', ');
  return `The ALPR policy of ${profile.agencyName} does not let your job classification (${classification}) use ALPR data; it allows: ${allowed}. Ask the ALPR administrator.`;
}

export function purposeInfo(ctx: Context, p: PurposeRow): PurposeInfo {
  return { ...describePurpose(profileOf(ctx), p), openedAt: p.openedAt };
}

export function sessionInfo(ctx: Context): SessionInfo {
  const s = ctx.session;
  if (!s) throw new CanvassError('NOT_SIGNED_IN', 'Sign in first.');
  if (s.locked && s.shown) return { ...s.shown, locked: true };
  const db = storeOf(ctx);
  const purpose = s.purposeId ? getPurpose(db, s.purposeId) : null;
  return {
    userId: s.userId,
    username: s.username,
    fullName: s.fullName,
    roles: s.roles,
    agencyName: ctx.agencyName,
    timeZone: profileOf(ctx).timeZone,
    training: userTraining(ctx, db, s.userId),
    purpose: purpose ? purposeInfo(ctx, purpose) : null,
    locked: s.locked,
    idleLockMinutes: profileOf(ctx).security.idleLockMinutes,
    minPasswordLength: profileOf(ctx).security.minPasswordLength,
    integrityAlerts: s.roles.some((r) => r === 'administrator' || r === 'records_custodian') ? openAlertCount(db) : 0,
  };
}

export function userSummary(
  ctx: Context,
  db: ReadableDB,
  u: UserRow,
  ring = readKeyring(ctx.keyringPath),
): UserSummary {
  const entry = findEntry(ring, u.username);
  return {
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    badgeId: u.badgeId,
    classification: u.classification,
    roles: u.roles,
    disabled: u.disabledAt !== null,
    lockedOut: entry?.lockedAt != null,
    classificationAllowed: classificationAllowed(profileOf(ctx), u.classification),
    training: userTraining(ctx, db, u.id),
    createdAt: u.createdAt,
    supervisorId: u.supervisorId,
    supervisorName: u.supervisorId === null ? null : (getUser(db, u.supervisorId)?.fullName ?? null),
  };
}
