/**
 * THE API between the renderer and main. Main implements it as one object typed by `Contract` (a missing
 * handler is a compile error); the preload exposes exactly these methods on `window.canvass`, each over
 * its own channel `canvass:<method>`; nothing generic crosses the bridge.
 *
 * Every method resolves to a `Result`: errors cross as `{ code, message }` a person can act on.
 */
import type { ErrorInfo, Result } from '../main/core/errors';
import type { Role } from '../main/core/roles';
import type { PolicyProfile } from '../main/core/policy';
import type { ChainVerdict } from '../main/core/auditChain';

export type { ErrorInfo, Result, Role, PolicyProfile, ChainVerdict };

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

export type Labelled = { id: string; label: string };

/** A shipped policy profile as the setup screen needs it. */
export type ProfileSummary = {
  id: string;
  agencyName: string;
  source: string;
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

export type Detection = {
  id: number;
  plate: string;
  state: string | null;
  seenAt: string;
  lat: number;
  lon: number;
  cameraId: string;
  cameraName: string | null;
  heading: string | null;
  make: string | null;
  model: string | null;
  color: string | null;
  body: string | null;
  features: string[];
  confidence: number;
  plateImage: string | null;
  overviewImage: string | null;
};

export type DetectionQuery = {
  /** An exact plate, or a prefix ending in `*`. The partial-plate language arrives with search. */
  plate?: string;
  from?: string;
  to?: string;
  limit?: number;
};

export type AuditEntry = {
  seq: number;
  at: string;
  action: string;
  outcome: string;
  username: string | null;
  agency: string;
  purpose: string | null;
  /** The data searched or viewed, as JSON. */
  data: string;
  hash: string;
};

export type PolicyInfo = { agencyName: string; ori: string | null; profile: PolicyProfile };

/** Sync with the agency server (docs/sync-protocol.md). */
export type SyncProgressInfo = {
  phase: 'pull' | 'push' | 'done';
  feed: string | null;
  status: 'running' | 'retrying' | 'finished' | 'failed' | 'cancelled';
  records: number;
  bytes: number;
  /** Records per second since the sync started. */
  rate: number;
  /** Records the server still holds for the current feed (an estimate). */
  remaining: number;
  etaSeconds: number | null;
  /** Why it is retrying or why it stopped. */
  message: string | null;
};
export type SyncStatusInfo = {
  enrolled: boolean;
  /** How far back detections and hits are kept on this workstation (the policy's retention caps it). */
  windowDays: number;
  serverUrl: string | null;
  workstationId: string | null;
  running: boolean;
  progress: SyncProgressInfo | null;
  lastRun: {
    startedAt: string;
    finishedAt: string | null;
    outcome: string | null;
    username: string | null;
    error: string | null;
    records: number | null;
  } | null;
  cursors: { feed: string; records: number; updatedAt: string }[];
  quarantined: number;
  /** General hot lists older than the policy's refresh interval. */
  staleHotlists: string[];
};
export type SyncFinishedInfo = {
  outcome: 'ok' | 'failed' | 'cancelled';
  error: { code: string; message: string } | null;
  records: number;
  durationMs: number;
};
export type SyncEnrollArgs = {
  serverUrl: string;
  username: string;
  password: string;
  name: string;
  /** SHA-256 fingerprint of the server certificate to pin (colon-separated hex). */
  pinnedCert?: string;
};
export type QuarantineEntry = {
  id: number;
  feed: string;
  kind: string | null;
  recordId: string | null;
  reason: string;
  at: string;
};

export type Contract = {
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
  'training.record': (args: TrainingArgs & { userId: number }) => TrainingRecord;
  'training.list': (args: { userId: number }) => TrainingRecord[];

  'policy.get': () => PolicyInfo;
  'policy.update': (args: { profile: PolicyProfile }) => PolicyInfo;

  'purposes.options': () => Labelled[];
  'purposes.open': (args: OpenPurposeArgs) => PurposeInfo;
  'purposes.resume': (args: { id: number }) => PurposeInfo;
  'purposes.close': () => null;
  'purposes.recent': () => PurposeInfo[];

  'detections.search': (args: DetectionQuery) => { rows: Detection[]; truncated: boolean };
  'detections.get': (args: { id: number }) => Detection;

  'audit.list': (args: { beforeSeq?: number; limit?: number }) => AuditEntry[];
  'audit.verify': () => ChainVerdict;
  'audit.export': (args: { format: 'ndjson' | 'csv' }) => { path: string; records: number };

  'sync.status': () => SyncStatusInfo;
  /** The password is needed only when the server session of the signed-in user has expired. */
  'sync.start': (args: { password?: string }) => { started: true };
  'sync.cancel': () => { cancelling: boolean };
  'sync.enroll': (args: SyncEnrollArgs) => { workstationId: string; agencyName: string };
  'sync.setWindow': (args: { days: number }) => SyncStatusInfo;
  'sync.quarantine': () => QuarantineEntry[];
};

export type Method = keyof Contract;
export type Args<M extends Method> = Parameters<Contract[M]> extends [infer A] ? A : undefined;
export type Returns<M extends Method> = ReturnType<Contract[M]>;

/** Events main pushes to the renderer. */
export type Events = {
  'session.locked': { reason: 'idle' | 'manual' };
  'session.ended': { reason: 'logout' | 'disabled' };
  'sync.progress': SyncProgressInfo;
  'sync.finished': SyncFinishedInfo;
};
export type EventName = keyof Events;

/** The runtime list the preload exposes; `satisfies` keeps it equal to the type above. */
export const METHODS = [
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
  'training.record',
  'training.list',
  'policy.get',
  'policy.update',
  'purposes.options',
  'purposes.open',
  'purposes.resume',
  'purposes.close',
  'purposes.recent',
  'detections.search',
  'detections.get',
  'audit.list',
  'audit.verify',
  'audit.export',
  'sync.status',
  'sync.start',
  'sync.cancel',
  'sync.enroll',
  'sync.setWindow',
  'sync.quarantine',
] as const satisfies readonly Method[];

export const EVENTS = [
  'session.locked',
  'session.ended',
  'sync.progress',
  'sync.finished',
] as const satisfies readonly EventName[];

export const CHANNEL_PREFIX = 'canvass:';

/** What the renderer sees on `window.canvass`. */
export type Bridge = {
  [M in Method]: (...args: Parameters<Contract[M]>) => Promise<Result<Returns<M>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
};

// A method added to `Contract` but not to `METHODS` would never reach the renderer: make that a compile error.
type MissingFromMethods = Exclude<Method, (typeof METHODS)[number]>;
export const contractIsComplete: [MissingFromMethods] extends [never] ? true : MissingFromMethods = true;
