/**
 * Retention (docs/retention.md): the purge the policy profile asks for (previewed, then run off the UI thread with
 * progress and cancel), legal holds, the deletion certificate of each run, and the public transparency report.
 * An administrator's work: the purge shows counts, never a plate.
 */
import type { DocumentInfo } from './documents';

export type RetentionKind = 'detection' | 'image' | 'hit';

/** A kind's period as the profile states it and the bound an administrator's tightening must stay inside. */
export type RetentionKindInfo = {
  kind: RetentionKind;
  /** "at least 6 months, at most 6 months". */
  profileText: string;
  cite: string;
  /** A tightening may keep this kind no fewer days than this… */
  minDays: number;
  /** …and no more than this (null = the profile sets no maximum). */
  maxDays: number | null;
  /** false: the profile fixes the period or keeps the kind indefinitely. */
  tightenable: boolean;
  /** When the kind's clock starts ("from capture"). */
  clock: string;
  /** The administrator's tightening in force (days), or null. */
  keepDays: number | null;
  /** Records captured before this instant are due today (ISO; null = nothing of this kind is due by age). */
  dueBefore: string | null;
};

export type RecordKind = 'release_record' | 'audit_record' | 'vendor_log' | 'evidence_record';

/**
 * A kind of department record Canvass keeps beside the ALPR data (Gov. Code § 34090): never purged by a timer; those
 * past the two-year minimum are listed for the custodian's destruction review under the records retention schedule.
 */
export type RecordKindInfo = {
  kind: RecordKind;
  label: string;
  /** "from closing (fulfilled, refused or denied)". */
  clock: string;
  /** "at least 2 years, then destroyed only under the records retention schedule". */
  rule: string;
  cite: string;
  /** Records of this kind on the workstation (open ones included: their clock has not started). */
  count: number;
  /** The agency-local day the oldest clock started, or null. */
  oldestOn: string | null;
  /** Records whose two-year minimum has passed: eligible for destruction review (not destroyed by Canvass). */
  eligible: number;
};

export type HoldKind = 'case' | 'court_order' | 'records';

export type LegalHold = {
  id: number;
  kind: HoldKind;
  caseNumber: string | null;
  authority: string;
  reason: string;
  reviewOn: string;
  placedBy: string;
  placedAt: string;
  released: { at: string; by: string; reason: string } | null;
  /** Detections it keeps now. */
  records: number;
  /** Its review date has come (a live hold). */
  reviewDue: boolean;
};

export type PurgePreview = {
  today: string;
  kinds: RetentionKindInfo[];
  /** Due detections by capture month (UTC "YYYY-MM"). */
  byMonth: { month: string; count: number }[];
  detections: number;
  hits: number;
  images: number;
  ocrReads: number;
  /** Due by age and kept: by a legal hold or a booked evidence package. */
  held: number;
  /** Due by age and kept because their hit is kept longer. */
  keptByHit: number;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
  holds: LegalHold[];
  /** Live holds whose review date has come. */
  reviewDue: LegalHold[];
  /** The access log is never purged by a timer (Gov. Code § 34090). */
  accessLog: string;
  /** The department's records kept beside the data, by kind: none is purged by a timer. */
  records: RecordKindInfo[];
};

export type PurgeRunStatus = 'running' | 'finished' | 'cancelled' | 'failed' | 'interrupted';

export type PurgeRun = {
  id: number;
  trigger: 'schedule' | 'request';
  startedBy: string | null;
  startedAt: string;
  finishedAt: string | null;
  status: PurgeRunStatus;
  detections: number;
  hits: number;
  images: number;
  ocrReads: number;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
  idsSha256: string;
  held: number;
  bytesBefore: number | null;
  bytesAfter: number | null;
  error: string | null;
  certificate: DocumentInfo | null;
};

export type PurgeProgress = {
  runId: number;
  phase: 'detections' | 'hits' | 'shrinking' | 'done';
  done: number;
  total: number;
  status: PurgeRunStatus;
  message: string | null;
};

export type PlaceHoldArgs = {
  kind: HoldKind;
  /** For a case hold: the case whose collected detections are held. */
  caseNumber?: string;
  /** For a court order or records hold: the detections held. */
  detectionIds?: number[];
  /** The court order, subpoena or preservation letter (number and court), or the person who asked. */
  authority: string;
  reason: string;
  /** When the hold is looked at again (YYYY-MM-DD, the agency's day). */
  reviewOn: string;
};

export type TransparencyReport = {
  from: string;
  to: string;
  pdf: DocumentInfo;
  csvPath: string;
  jsonPath: string;
};

/** A transparency report published after review: its files copied to a public folder with their SHA-256 sums. */
export type TransparencyPublication = {
  documentId: string;
  at: string;
  by: string;
  /** `exports/public/<document id>/`: the PDF, the CSV, the JSON and SHA256SUMS. */
  folder: string;
  /** The SHA256SUMS file's text (`sha256sum -c` checks it in the folder). */
  sha256sums: string;
};

export type RetentionContract = {
  'retention.preview': () => PurgePreview;
  'retention.tighten': (args: { keepDays: Partial<Record<RetentionKind, number | null>> }) => PurgePreview;
  'retention.purge': () => { runId: number };
  'retention.purgeCancel': (args: { runId: number }) => { cancelling: boolean };
  'retention.purgeStatus': () => PurgeProgress | null;
  'retention.runs': () => PurgeRun[];
  'retention.holds': (args: { includeReleased: boolean }) => LegalHold[];
  'retention.placeHold': (args: PlaceHoldArgs) => LegalHold;
  'retention.releaseHold': (args: { holdId: number; reason: string }) => LegalHold;
  'retention.transparencyReport': (args: { from: string; to: string }) => TransparencyReport;
  'retention.publishTransparency': (args: { documentId: string }) => TransparencyPublication;
  /** Opens a run's certificate in the system's PDF viewer (where there is one); always answers where it is. */
  'retention.openCertificate': (args: { runId: number }) => { opened: boolean; path: string };
};

export const RETENTION_METHODS = [
  'retention.preview',
  'retention.tighten',
  'retention.purge',
  'retention.purgeCancel',
  'retention.purgeStatus',
  'retention.runs',
  'retention.holds',
  'retention.placeHold',
  'retention.releaseHold',
  'retention.transparencyReport',
  'retention.publishTransparency',
  'retention.openCertificate',
] as const satisfies readonly (keyof RetentionContract)[];

export type RetentionEvents = {
  'retention.progress': PurgeProgress;
  'retention.finished': PurgeRun;
};
