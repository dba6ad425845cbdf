/**
 * Access (docs/architecture.md): setup, sign-in and the session, accounts, roles and training, the policy
 * profile, and the purpose that must be open before any ALPR data is read.
 */
import type { PolicyProfile } from '../../main/core/access/policy';
import type { Role } from '../../main/core/access/roles';
import type { Labelled } from './shared';

export type { Role, PolicyProfile };

export type TrainingStatus = {
  current: boolean;
  /** ISO date the newest training was completed, or null if none is recorded. */
  lastCompletedOn: string | null;
  /** ISO date it stops being current. */
  expiresOn: string | null;
};

export type SessionInfo = {
  userId: number;
  username: string;
  fullName: string;
  roles: Role[];
  agencyName: string;
  /** The agency's IANA time zone: "today" for dates a person types is its local date, as main checks it. */
  timeZone: string;
  training: TrainingStatus;
  purpose: PurposeInfo | null;
  locked: boolean;
  idleLockMinutes: number;
  minPasswordLength: number;
};

export type AppState = {
  setUp: boolean;
  session: SessionInfo | null;
};

/** A shipped policy profile as the setup screen needs it. */
export type ProfileSummary = {
  id: string;
  agencyName: string;
  source: string;
  /** The agency's IANA time zone (training dates are its local dates). */
  timeZone: string;
  classifications: Labelled[];
  trainingValidityDays: number;
  minPasswordLength: number;
};

export type SetupArgs = {
  agency: { name: string; ori?: string; profileId: string };
  admin: NewUserFields & {
    password: string;
    training: TrainingArgs;
  };
};

export type NewUserFields = {
  username: string;
  fullName: string;
  badgeId: string;
  classification: string;
  roles: Role[];
};

export type UserSummary = NewUserFields & {
  id: number;
  disabled: boolean;
  lockedOut: boolean;
  training: TrainingStatus;
  createdAt: string;
  /** Who approves updates of this member's hot-list entries (from the agency server, or set here). */
  supervisorId: number | null;
  supervisorName: string | null;
};

export type TrainingArgs = { course: string; completedOn: string; instructor: string };

export type TrainingRecord = TrainingArgs & {
  id: number;
  userId: number;
  recordedBy: string | null;
  recordedAt: string;
};

export type NumberKind = 'case' | 'incident' | 'call' | 'warrant';

export type OpenPurposeArgs = {
  numberKind: NumberKind | null;
  number: string | null;
  purposeId: string;
  description: string;
};

export type PurposeInfo = OpenPurposeArgs & { id: number; purposeLabel: string; openedAt: string };

export type PolicyInfo = { agencyName: string; ori: string | null; profile: PolicyProfile };

export type AccessContract = {
  'app.state': () => AppState;
  'setup.profiles': () => ProfileSummary[];
  'setup.create': (args: SetupArgs) => SessionInfo;
  'auth.login': (args: { username: string; password: string }) => SessionInfo;
  'auth.logout': () => null;
  'auth.lock': () => null;
  'auth.unlock': (args: { password: string }) => SessionInfo;
  'auth.changePassword': (args: { current: string; next: string }) => null;
  'session.activity': () => null;
  'users.list': () => UserSummary[];
  'users.create': (args: NewUserFields & { password: string }) => UserSummary;
  'users.disable': (args: { userId: number; reason: string }) => UserSummary;
  'users.enable': (args: { userId: number; password: string }) => UserSummary;
  'users.unlock': (args: { userId: number }) => UserSummary;
  'users.resetPassword': (args: { userId: number; password: string }) => UserSummary;
  'users.setRoles': (args: { userId: number; roles: Role[] }) => UserSummary;
  'users.setSupervisor': (args: { userId: number; supervisorId: number | null }) => UserSummary;
  'training.record': (args: TrainingArgs & { userId: number }) => TrainingRecord;
  'training.list': (args: { userId: number }) => TrainingRecord[];
  'policy.get': () => PolicyInfo;
  'policy.update': (args: { profile: PolicyProfile }) => PolicyInfo;
  'purposes.options': () => Labelled[];
  'purposes.open': (args: OpenPurposeArgs) => PurposeInfo;
  'purposes.resume': (args: { id: number }) => PurposeInfo;
  'purposes.close': () => null;
  'purposes.recent': () => PurposeInfo[];
};

export const ACCESS_METHODS = [
  'app.state',
  'setup.profiles',
  'setup.create',
  'auth.login',
  'auth.logout',
  'auth.lock',
  'auth.unlock',
  'auth.changePassword',
  'session.activity',
  'users.list',
  'users.create',
  'users.disable',
  'users.enable',
  'users.unlock',
  'users.resetPassword',
  'users.setRoles',
  'users.setSupervisor',
  'training.record',
  'training.list',
  'policy.get',
  'policy.update',
  'purposes.options',
  'purposes.open',
  'purposes.resume',
  'purposes.close',
  'purposes.recent',
] as const satisfies readonly (keyof AccessContract)[];

export type AccessEvents = {
  'session.locked': { reason: 'idle' | 'manual' };
  'session.ended': { reason: 'logout' | 'disabled' };
};
