/**
 * Access (docs/architecture.md): setup, sign-in and the session, accounts, roles and training, the policy
 * profile, and the purpose that must be open before any ALPR data is read.
 */
import type { Designee } from '../../main/core/access/designee';
import type { Citation, NumberKind, PolicyProfile } from '../../main/core/access/policy';
import type { Role } from '../../main/core/access/roles';
import type { Labelled } from './shared';

export type { Citation, Designee, NumberKind, Role, PolicyProfile };

export type TrainingStatus = {
  current: boolean;
  /** ISO date the newest training was completed, or null if none is recorded. */
  lastCompletedOn: string | null;
  /** ISO date it stops being current (the earliest of the required topics'). */
  expiresOn: string | null;
  /** Labels of the topics the policy requires that no recorded course covered. */
  missingTopics: string[];
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
  /** Open integrity alerts (a rolled-back access log, a changed enrollment record): for those who review the log. */
  integrityAlerts: number;
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
  /** The topics a course must cover to count (empty when the policy lists none). */
  trainingTopics: Labelled[];
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
  /** Whether the policy allows the user's job classification (a user arriving by sync may hold another). */
  classificationAllowed: boolean;
  training: TrainingStatus;
  createdAt: string;
  /** Who approves updates of this member's hot-list entries (from the agency server, or set here). */
  supervisorId: number | null;
  supervisorName: string | null;
};

/** A course completed: `topics` are the ids of the policy's required topics it covered. */
export type TrainingArgs = { course: string; completedOn: string; instructor: string; topics?: string[] };

export type TrainingRecord = Omit<TrainingArgs, 'topics'> & {
  id: number;
  userId: number;
  topics: string[];
  recordedBy: string | null;
  recordedAt: string;
};

/** What opening a purpose asks for under the agency's policy. */
export type PurposeOptions = {
  purposes: Labelled[];
  /** The number kinds the policy names, in its order. */
  numberKinds: NumberKind[];
  /** A number is required (no description-only purposes). */
  numberRequired: boolean;
  /** Where that rule comes from: "§ 462.6(e)", "the product's default". */
  rule: string;
};

export type OpenPurposeArgs = {
  numberKind: NumberKind | null;
  number: string | null;
  purposeId: string;
  description: string;
};

export type PurposeInfo = OpenPurposeArgs & { id: number; purposeLabel: string; openedAt: string };

export type DesigneeArgs = { title: string; name: string; since: string };

export type PolicyInfo = {
  agencyName: string;
  ori: string | null;
  profile: PolicyProfile;
  /** The current designee, or null when none is recorded. */
  designee: Designee | null;
  /** Every designee recorded, newest first. */
  designees: Designee[];
};

export type AccessContract = {
  'app.state': () => AppState;
  'setup.profiles': () => ProfileSummary[];
  'setup.create': (args: SetupArgs) => SessionInfo;
  'auth.login': (args: { username: string; password: string }) => SessionInfo;
  'auth.logout': () => null;
  'auth.lock': () => null;
  'auth.unlock': (args: { password: string }) => SessionInfo;
  'auth.changePassword': (args: { current: string; next: string }) => null;
  /**
   * An ALPR administrator rebuilds a keyring that is missing or damaged, on a workstation enrolled with the agency
   * server: they type the server's address (Canvass sends the password only if it is the enrolled one), the
   * server vouches for them, and the keyring is written anew with their key wrap. Others sign in through the
   * server again.
   */
  'auth.recoverKeyring': (args: { serverUrl: string; username: string; password: string }) => SessionInfo;
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
  'policy.setDesignee': (args: DesigneeArgs) => PolicyInfo;
  'purposes.options': () => PurposeOptions;
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
  'auth.recoverKeyring',
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
  'policy.setDesignee',
  'purposes.options',
  'purposes.open',
  'purposes.resume',
  'purposes.close',
  'purposes.recent',
] as const satisfies readonly (keyof AccessContract)[];

/** A store written by an earlier Canvass being brought to this version at sign-in, step by step. */
export type StoreUpgradeProgress = { done: number; total: number; version: number };

export type AccessEvents = {
  'session.storeUpgrade': StoreUpgradeProgress;
  'session.locked': { reason: 'idle' | 'manual' };
  'session.ended': { reason: 'logout' | 'disabled' };
};
