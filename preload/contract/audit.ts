/**
 * The access log (docs/audit-log.md): reading, verifying and exporting the hash chain, and the integrity
 * alerts the workstation raises about itself (a rolled-back log, a changed enrollment record, ...).
 * Audits of use (docs/audits.md): the agency-wide log, opening an audit (a purpose of its own), screening,
 * the seeded sample, the reviewer's checklist, the memo signed by the administrator and filed by the custodian,
 * and vendors' search-audit exports imported for the same screening.
 */
import type { AnchorVerdict, ChainPoint } from '../../main/core/audit/anchor';
import type { ChainVerdict } from '../../main/core/audit/chain';
import type { Flag, FlagKind, Inquiry } from '../../main/core/audit/screening';

export type { ChainVerdict, Flag, FlagKind, Inquiry };

export type AuditEntry = {
  seq: number;
  at: string;
  action: string;
  outcome: string;
  username: string | null;
  agency: string;
  purpose: string | null;
  /** The data searched or viewed, as JSON; ALPR data elements are hidden unless the viewer may see them. */
  data: string;
  /** Whether plates, patterns or detection ids were hidden from this entry's data (`hidden` names the fields). */
  redacted: boolean;
  hash: string;
};

/** The log against the chain head the agency server holds for this workstation. */
export type AnchorCheckInfo =
  (AnchorVerdict & { server: ChainPoint }) | { status: 'unanchored' | 'unreachable' | 'not-enrolled'; message: string };

export type AuditVerifyResult = ChainVerdict & { anchor: AnchorCheckInfo | null };

export type IntegrityAlert = {
  id: number;
  at: string;
  kind: string;
  message: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
};

// ——— Audits of use ———

export type AuditStatus = 'open' | 'screened' | 'signed' | 'filed';

/** An audit as the list shows it. */
export type AuditSummary = {
  id: number;
  number: string;
  periodFrom: string;
  periodTo: string;
  /** `imported`: a vendor's export, labelled as such everywhere it is shown. */
  source: 'canvass' | 'imported';
  importLabel: string | null;
  status: AuditStatus;
  openedBy: string;
  openedAt: string;
  population: number | null;
  sampled: number;
  reviewed: number;
  findings: number;
  memoDocumentId: string | null;
  signedBy: string | null;
  signedAt: string | null;
  filedBy: string | null;
  filedAt: string | null;
};

export type ScreeningCounts = {
  /** What each flag kind is called on screens and in the memo. */
  labels: Record<FlagKind, string>;
  population: number;
  flaggedInquiries: number;
  byKind: Record<FlagKind, number>;
  byUser: { username: string; inquiries: number; flagged: number }[];
};

export type AuditDetail = AuditSummary & {
  screening: ScreeningCounts | null;
  /** The published seed (SHA-256 of the audit number and the log head) and the head it came from. */
  seed: string | null;
  headHash: string | null;
  sampleSize: number | null;
  /** The most flagged inquiries (up to 200), for the auditor to add to the review. */
  flagged: { inquiry: Inquiry; flags: Flag[] }[];
  recommendations: string | null;
};

export type ChecklistAnswer = 'yes' | 'no' | 'na';
export type DataError = {
  kind: 'misread' | 'wrong_state' | 'other';
  detail: string;
  correction: 'corrected' | 'reported' | 'open';
};
/** The reviewer's checklist for one inquiry (docs/audits.md). */
export type Checklist = {
  purposeSpecific: ChecklistAnswer;
  numberValid: ChecklistAnswer;
  scopeProportionate: ChecklistAnswer;
  userTrained: ChecklistAnswer;
  dataErrors: DataError[];
  finding: 'compliant' | 'finding';
  /** What was wrong (required when `finding`) and what is to be done about it. */
  findingText: string;
  remediation: string;
};

/** One inquiry under review: the full record as logged, the screening's flags, the checklist so far. */
export type ReviewItem = {
  key: string;
  origin: 'random' | 'flagged';
  position: number;
  inquiry: Inquiry;
  /** What was searched and seen, as logged (JSON). */
  record: string | null;
  flags: Flag[];
  answers: Checklist | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
};

export type CadenceInfo = {
  everyMonths: number;
  dueOn: string | null;
  overdue: string[];
  neverAudited: boolean;
  lastFiledOn: string | null;
  rule: string;
};

/** A workstation in the agency-wide log: the server's verdict on its chain, and when it last reported. */
export type AgencyWorkstation = {
  workstationId: string;
  name: string | null;
  verdict: string;
  headSeq: number;
  lastPushedAt: string | null;
  /** Not reported within the profile's window (the last push is older, or none). */
  silent: boolean;
};

export type AgencyLogInfo = { workstations: AgencyWorkstation[]; records: number; fetchedAt: string };

export type AuditImportInfo = {
  id: number;
  vendor: 'flock';
  fileName: string;
  sha256: string;
  rows: number;
  importedAt: string;
  importedBy: string;
};

export type MemoInfo = {
  documentId: string;
  path: string | null;
  pages: number;
  pdfSha256: string;
  contentSha256: string;
};

export type AuditContract = {
  'audit.list': (args: { beforeSeq?: number; limit?: number }) => AuditEntry[];
  'audit.verify': () => AuditVerifyResult;
  'audit.export': (args: { format: 'ndjson' | 'csv' }) => { path: string; records: number };
  /** Integrity alerts, newest first (`open`: only those not yet acknowledged). */
  'audit.alerts': (args: { open?: boolean }) => IntegrityAlert[];
  /** An administrator acknowledges an alert, saying what was done about it. */
  'audit.acknowledge': (args: { id: number; note: string }) => null;
  /** Audits, newest first, and when the next is due by the profile's cadence. */
  'audit.audits': () => { audits: AuditSummary[]; cadence: CadenceInfo };
  /** Opens an audit: a purpose of its own (the number and the period), logged like any other. `importId`: audit a vendor's export. */
  'audit.open': (args: { number: string; from: string; to: string; importId?: number }) => AuditDetail;
  /** Resumes an audit: opens its purpose again. */
  'audit.resume': (args: { auditId: number }) => AuditDetail;
  'audit.detail': (args: { auditId: number }) => AuditDetail;
  /** Screens the whole period and draws the random sample from the published seed. */
  'audit.screen': (args: { auditId: number }) => AuditDetail;
  /** Adds flagged inquiries to the review, kept apart from the random sample. */
  'audit.addFlagged': (args: { auditId: number; keys: string[] }) => AuditDetail;
  'audit.inquiries': (args: { auditId: number }) => ReviewItem[];
  'audit.answer': (args: { auditId: number; key: string; answers: Checklist }) => ReviewItem;
  /** The administrator signs: the memo PDF is issued and its hash recorded in the access log. */
  'audit.sign': (args: { auditId: number; recommendations: string }) => MemoInfo;
  /** The custodian of records files the signed memo. */
  'audit.file': (args: { auditId: number }) => AuditSummary;
  /** Pulls the agency-wide log from the agency server: every workstation's records and its chain's verdict. */
  'audit.agencyLog': () => AgencyLogInfo;
  /** Imports a Flock Safety organization-audit CSV, labelled as imported. */
  'audit.import': (args: { path: string }) => AuditImportInfo;
  'audit.imports': () => AuditImportInfo[];
};

export const AUDIT_METHODS = [
  'audit.list',
  'audit.verify',
  'audit.export',
  'audit.alerts',
  'audit.acknowledge',
  'audit.audits',
  'audit.open',
  'audit.resume',
  'audit.detail',
  'audit.screen',
  'audit.addFlagged',
  'audit.inquiries',
  'audit.answer',
  'audit.sign',
  'audit.file',
  'audit.agencyLog',
  'audit.import',
  'audit.imports',
] as const satisfies readonly (keyof AuditContract)[];
