import type { PurposeInfo, SessionInfo, TrainingStatus, UserSummary } from '../../../preload/contract';
import { describePurpose } from '../../core/access/purpose';
import { CanvassError } from '../../core/shared/errors';
import { trainingStatus } from '../../core/access/training';
import type { PurposeRow } from '../../store/repos/purposes';
import { getPurpose } from '../../store/repos/purposes';
import { trainingDates } from '../../store/repos/training';
import { getUser, type UserRow } from '../../store/repos/users';
import { findEntry, readKeyring } from '../../store/keyring';
import { profileOf, storeOf, type Context } from '../kernel/context';
import type { WritableDB } from '../../store/db';

export function userTraining(ctx: Context, db: WritableDB, userId: number): TrainingStatus {
  const profile = profileOf(ctx);
  return trainingStatus(trainingDates(db, userId), profile.training.validityDays, ctx.now(), profile.timeZone);
}

export function purposeInfo(ctx: Context, p: PurposeRow): PurposeInfo {
  return { ...describePurpose(profileOf(ctx), p), openedAt: p.openedAt };
}

export function sessionInfo(ctx: Context): SessionInfo {
  const s = ctx.session;
  if (!s) throw new CanvassError('NOT_SIGNED_IN', 'Sign in first.');
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
  };
}

export function userSummary(
  ctx: Context,
  db: WritableDB,
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
    training: userTraining(ctx, db, u.id),
    createdAt: u.createdAt,
    supervisorId: u.supervisorId,
    supervisorName: u.supervisorId === null ? null : (getUser(db, u.supervisorId)?.fullName ?? null),
  };
}
