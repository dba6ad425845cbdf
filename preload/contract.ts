/**
 * THE API between the renderer and main. Main implements it as one object typed by `Contract` (a missing
 * handler is a compile error); the preload exposes exactly these methods on `window.canvass`, each over
 * its own channel `canvass:<method>`; nothing generic crosses the bridge.
 *
 * Every method resolves to a `Result`: errors cross as `{ code, message }` a person can act on.
 */
import type { ErrorInfo, Result } from '../main/core/shared/errors';
import type { Role } from '../main/core/access/roles';
import type { PolicyProfile } from '../main/core/access/policy';
import type { ChainVerdict } from '../main/core/audit/chain';
import type { GeoArea } from '../main/core/shared/geo';
import type { MatchExplanation } from '../main/core/plates/plateQuery';
import type { VehicleFilter } from '../main/core/detections/query';

export type { ErrorInfo, Result, Role, PolicyProfile, ChainVerdict, GeoArea, MatchExplanation, VehicleFilter };

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

export type Labelled = { id: string; label: string };

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
  /**
   * A plate pattern (docs/search.md): letters and digits, `?` one unknown character, `*` any run, `[8B]` one of
   * a class; spaces and dashes ignored. An exact plate, or a prefix ending in `*`, is a pattern too.
   */
  plate?: string;
  /** Two-letter state; reads whose state the camera could not make out are kept. */
  state?: string;
  /** Similar-looking characters (0/O/D/Q, 1/I/L/T, 2/Z, 5/S, 8/B, 6/G). Default on. */
  similar?: boolean;
  /** One missing, extra or swapped character, ranked below the rest. Default on. */
  nearMisses?: boolean;
  vehicle?: VehicleFilter;
  from?: string;
  to?: string;
  area?: GeoArea;
  /** Only these cameras. */
  cameras?: string[];
  /** Direction of travel, where the camera records it (N, NB, SE, …). */
  headings?: string[];
  /** Rows wanted, 1–10,000 (default 200); `truncated` says whether more matched. */
  limit?: number;
};

/** A result row of `detections.search`: the detection and, for a plate search, why it matched. */
export type SearchRow = Detection & { match: MatchExplanation | null };
export type SearchResult = {
  rows: SearchRow[];
  truncated: boolean;
  /**
   * Distinct plates matched per tier (null without a plate). A tier after the one that filled the page is not
   * scanned and counts 0.
   */
  plates: { exact: number; similar: number; near: number } | null;
};

/** A scene of an incident: a place, a radius and a time window. */
export type SceneArgs = { label?: string; lat: number; lon: number; radiusM: number; from: string; to: string };
export type CommonVehiclesArgs = {
  /** 2–10 scenes. */
  scenes: SceneArgs[];
  /** Seen near at least this many of them (default: every scene when there are 2 or 3, otherwise 3). */
  minScenes?: number;
  /** Count a plate read with similar-looking characters as the same plate (default on). */
  similar?: boolean;
  vehicle?: VehicleFilter;
};
export type CommonVehicle = {
  /** The reading seen most often. */
  plate: string;
  /** Every reading grouped under it (similar-looking characters). */
  readings: string[];
  state: string | null;
  make: string | null;
  model: string | null;
  color: string | null;
  body: string | null;
  /** Indexes of the scenes it was seen near. */
  scenes: number[];
  detections: Detection[];
};
export type CommonVehiclesResult = { vehicles: CommonVehicle[]; detectionsPerScene: number[] };

export type TravellingTogetherArgs = {
  plate: string;
  state?: string;
  from?: string;
  to?: string;
  /** At the same camera within this many seconds of the target (default 120). */
  withinSeconds?: number;
  /** On at least this many separate sightings of the target (default 2). */
  minOccasions?: number;
};
export type Companion = {
  plate: string;
  state: string | null;
  make: string | null;
  color: string | null;
  body: string | null;
  /** Sightings of the target it accompanied. */
  occasions: number;
  cameras: string[];
  detectionIds: number[];
};
export type TravellingTogetherResult = { targetSightings: number; companions: Companion[] };

export type PlateHabitsArgs = { plate: string; state?: string; from?: string; to?: string; timeZone?: string };
export type PlateHabitsResult = {
  plate: string;
  sightings: number;
  first: string | null;
  last: string | null;
  timeZone: string;
  cameras: { cameraId: string; cameraName: string | null; lat: number; lon: number; count: number }[];
  /** Sightings by local hour 0–23 and by weekday (0 = Sunday). */
  hours: number[];
  weekdays: number[];
};

export type ClonedPlatesArgs = {
  /** Rescan the whole store, only detections synced since the last scan, or just list the findings. */
  scan?: 'full' | 'incremental' | 'none';
  /** Faster than this between two sightings is impossible for one vehicle (default 180 km/h). */
  maxKmh?: number;
};
export type CloneEvidence = {
  a: Detection;
  b: Detection;
  distanceM: number;
  minutes: number;
  kmh: number | null;
  /** Descriptors that differ between the two (make, color, body). */
  differs: string[];
};
export type CloneFlag = {
  plate: string;
  state: string | null;
  /**
   * `flagged`: two descriptions that cannot be one car, or an impossible speed between sightings that differ.
   * `review`: impossible speed alone on two or more days (camera clock drift looks the same).
   */
  level: 'flagged' | 'review';
  reasons: ('speed' | 'description')[];
  score: number;
  evidence: CloneEvidence[];
};
export type ClonedPlatesResult = { flags: CloneFlag[]; scanned: number; durationMs: number };

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
  /** The agency's own certificate authority (PEM), when its server certificate is not from a public CA. */
  ca?: string;
};
export type QuarantineEntry = {
  id: number;
  feed: string;
  kind: string | null;
  recordId: string | null;
  reason: string;
  at: string;
};

/** OCR re-reads and corrected reads (docs/ocr.md). The original read of a detection is never overwritten. */
export type OcrCharDiff = { index: number; original: string; reread: string; kind: 'changed' | 'missing' | 'extra' };
export type OcrRereadInfo = {
  readId: number;
  detectionId: number;
  at: string;
  username: string | null;
  originalPlate: string;
  /** The re-read's best candidate, or null when the image could not be read (see `error`). */
  plate: string | null;
  /** 0–100. */
  confidence: number | null;
  charConfidence: number[];
  /** The preprocessing variant that won. */
  variant: string | null;
  candidates: { plate: string; score: number }[];
  /** Where the re-read differs from the original, character by character. */
  diff: OcrCharDiff[];
  /** 0..1: how likely the original read is wrong. */
  doubt: number;
  /** A likely misread: the reads differ and `doubt` is high. */
  flagged: boolean;
  /** A missing, truncated or unsupported image: this item failed, a batch goes on. */
  error: { code: string; message: string } | null;
  /** Something crossing the plate in the image (null when nothing was seen): check these characters by eye. */
  occlusion: OcrOcclusion | null;
  /**
   * Where the plate finder found the plate on the overview photo the re-read used (shares 0..1 of the photo
   * as shown); null when it read a plate crop.
   */
  region: { x: number; y: number; width: number; height: number } | null;
};
/**
 * What covered the plate: positions (0-based, in the re-read) crossed by a bar, strap or tow ball, and whether
 * a character may be hidden before the first or after the last one read.
 */
export type OcrOcclusion = { damaged: number[]; hiddenStart: boolean; hiddenEnd: boolean };
export type OcrCorrectArgs = {
  detectionId: number;
  /** Which read is right: the original, the re-read (or one of its candidates), or one typed by the person. */
  chosen: 'original' | 'reread' | 'manual';
  plate?: string;
  readId?: number;
  reason: string;
};
export type PlateCorrectionInfo = {
  id: number;
  detectionId: number;
  originalPlate: string;
  correctedPlate: string;
  chosen: 'original' | 'reread' | 'manual';
  readId: number | null;
  reason: string;
  username: string;
  at: string;
};
export type OcrBatchProgress = {
  batchId: string;
  done: number;
  total: number;
  failed: number;
  flagged: number;
  status: 'running' | 'finished' | 'cancelled' | 'failed';
  message: string | null;
};

/** A batch re-read of this app run, as its owner's window recovers it after a reload. */
export type OcrBatchInfo = {
  progress: OcrBatchProgress;
  /** What was re-read, in the words of the window that started it ("40 detections of the search results"). */
  scope: string | null;
  startedAt: string;
};

/** A camera as the map and the camera picker show it. Mobile cameras have no fixed place. */
export type CameraInfo = {
  id: string;
  name: string;
  kind: 'fixed' | 'mobile';
  lat: number | null;
  lon: number | null;
  heading: string | null;
};

/** The values the vehicle pickers offer: what the store holds, most frequent first. */
export type SearchVocabulary = {
  makes: { value: string; count: number; models: { value: string; count: number }[] }[];
  colors: { value: string; count: number }[];
  bodies: { value: string; count: number }[];
  features: { id: string; label: string }[];
  states: string[];
  headings: string[];
};

/** What a plate pattern means, for the plate field's feedback as the user types (docs/search.md). */
export type PatternPart = {
  /** The characters of the input this part covers, as typed (normalized to upper case). */
  text: string;
  /** 0-based column in the normalized input. */
  column: number;
  kind: 'char' | 'unknown' | 'run' | 'class';
  /** One phrase: "7", "one unknown character", "any run of characters", "one of 8 or B". */
  meaning: string;
  /** With similar-looking characters on, the characters this one also matches (e.g. "8" → ["B"]). */
  similar: string[];
};
export type PatternFeedback =
  | { ok: true; normalized: string; parts: PatternPart[]; length: { min: number; max: number | null }; summary: string }
  | { ok: false; normalized: string; column: number; reason: string };

/** An evidence image of a detection, fetched from the agency server on first view and cached in the store. */
export type EvidenceImage = { sha256: string; mime: string; width: number; height: number; dataUrl: string };
export type DetectionImages = {
  plate: EvidenceImage | null;
  overview: EvidenceImage | null;
  /** Why an image is missing (not recorded, server unreachable, purged), for the detail view. */
  note: string | null;
};

/**
 * The map's basemap. `offline` is the admin-boundary PMTiles file shipped in resources/ (state and county
 * lines); an agency may point at its own PMTiles file or MapLibre style (streets). Nothing leaves the machine
 * unless an administrator configured such a source, and every byte the map loads goes through `map.read`.
 */
export type BasemapSetting = { kind: 'offline' } | { kind: 'pmtiles'; url: string } | { kind: 'style'; url: string };
export type BasemapInfo = {
  setting: BasemapSetting;
  /** A MapLibre style (JSON) whose URLs use `canvass://` (read through `map.read`) or `pmtiles://<key>`. */
  style: Record<string, unknown>;
  /** PMTiles archives the style refers to as `pmtiles://<key>`, read through `map.read` by byte range. */
  pmtiles: { key: string; resource: string }[];
  /** One line for the map's attribution and the settings screen. */
  label: string;
  updatedAt: string | null;
  updatedBy: string | null;
};
export type MapReadArgs = {
  /** `offline/<path>` under resources/basemap, or `remote/<encoded URL>` inside the configured source. */
  resource: string;
  offset?: number;
  length?: number;
};
export type MapReadResult = { base64: string; contentType: string | null };

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

  'detections.search': (args: DetectionQuery) => SearchResult;
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

  /** Search's analyses (docs/search.md); each reads ALPR data behind the purpose gate and is audited. */
  'search.canvassPreset': (args: {
    lat: number;
    lon: number;
    at: string;
    radiusM?: number;
    beforeMin?: number;
    afterMin?: number;
  }) => { from: string; to: string; area: GeoArea };
  'search.commonVehicles': (args: CommonVehiclesArgs) => CommonVehiclesResult;
  'search.travellingTogether': (args: TravellingTogetherArgs) => TravellingTogetherResult;
  'search.plateHabits': (args: PlateHabitsArgs) => PlateHabitsResult;
  'search.clonedPlates': (args: ClonedPlatesArgs) => ClonedPlatesResult;

  /** OCR re-reads (docs/ocr.md): ALPR data behind the purpose gate, every call audited. */
  'ocr.reread': (args: { detectionId: number }) => OcrRereadInfo;
  'ocr.history': (args: { detectionId: number }) => { reads: OcrRereadInfo[]; corrections: PlateCorrectionInfo[] };
  'ocr.correct': (args: OcrCorrectArgs) => PlateCorrectionInfo;
  'ocr.batchStart': (args: { detectionIds: number[]; scope?: string }) => { batchId: string; total: number };
  /** The signed-in person's batches of this app run, newest first (a reloaded window finds its running one). */
  'ocr.batches': () => { batches: OcrBatchInfo[] };
  'ocr.batchCancel': (args: { batchId: string }) => { cancelling: boolean };
  'ocr.report': (args: { batchId: string }) => { progress: OcrBatchProgress | null; items: OcrRereadInfo[] };
  /** The workspace's reference data and map (docs/workspace.md). */
  'cameras.list': () => CameraInfo[];
  'search.vocabulary': () => SearchVocabulary;
  'search.describePattern': (args: { plate: string; similar?: boolean }) => PatternFeedback;
  'detections.images': (args: { id: number }) => DetectionImages;
  'map.basemap': () => BasemapInfo;
  /** Administrators only; the source is fetched and checked before it is saved. */
  'map.setBasemap': (args: BasemapSetting) => BasemapInfo;
  'map.read': (args: MapReadArgs) => MapReadResult;
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
  'ocr.progress': OcrBatchProgress;
  'ocr.finished': OcrBatchProgress;
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
  'search.canvassPreset',
  'search.commonVehicles',
  'search.travellingTogether',
  'search.plateHabits',
  'search.clonedPlates',
  'ocr.reread',
  'ocr.history',
  'ocr.correct',
  'ocr.batchStart',
  'ocr.batchCancel',
  'ocr.batches',
  'ocr.report',
  'cameras.list',
  'search.vocabulary',
  'search.describePattern',
  'detections.images',
  'map.basemap',
  'map.setBasemap',
  'map.read',
] as const satisfies readonly Method[];

export const EVENTS = [
  'session.locked',
  'session.ended',
  'sync.progress',
  'sync.finished',
  'ocr.progress',
  'ocr.finished',
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
