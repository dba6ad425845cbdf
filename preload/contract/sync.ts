/**
 * Sync with the agency server (docs/sync-protocol.md).
 */

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

export type SyncContract = {
  'sync.status': () => SyncStatusInfo;
  /** The password is needed only when the server session of the signed-in user has expired. */
  'sync.start': (args: { password?: string }) => { started: true };
  'sync.cancel': () => { cancelling: boolean };
  'sync.enroll': (args: SyncEnrollArgs) => { workstationId: string; agencyName: string };
  'sync.setWindow': (args: { days: number }) => SyncStatusInfo;
  'sync.quarantine': () => QuarantineEntry[];
};

export const SYNC_METHODS = [
  'sync.status',
  'sync.start',
  'sync.cancel',
  'sync.enroll',
  'sync.setWindow',
  'sync.quarantine',
] as const satisfies readonly (keyof SyncContract)[];

export type SyncEvents = {
  'sync.progress': SyncProgressInfo;
  'sync.finished': SyncFinishedInfo;
};
