/**
 * Release requests (docs/releases.md): the agency directory, a written request recorded by the records custodian,
 * screened against the law and the policy profile (a decision record with citations), approved or denied by the
 * commander or designee (never the one who prepared it), fulfilled as a signed release package with its packet
 * PDF; the release log; and the receiving side, which verifies another agency's package and shows it read-only.
 */
import type { DocumentInfo } from '../../main/core/documents/spec';
import type { BagVerdict } from '../../main/core/evidence/verdict';
import type { ReleaseRecord } from '../../main/core/releases/packet';
import type { AgencyKind, DirectoryAgency, LegalBasis, ReleaseRequestDraft } from '../../main/core/releases/request';
import type { ScreenDecision, ScreenResult } from '../../main/core/releases/screen';

export type {
  AgencyFunction,
  AgencyKind,
  Attachment,
  Certification,
  DirectoryAgency,
  LegalBasis,
  ReleaseScope,
} from '../../main/core/releases/request';
export type { ScreenDecision, ScreenRule, ScreenResult } from '../../main/core/releases/screen';
export type { ReleaseRecord };

export type ReleaseStatus = 'screened' | 'refused' | 'public_records' | 'approved' | 'denied' | 'fulfilled';

export type AgencyArgs = Omit<DirectoryAgency, 'id'> & { id: number | null };

/** A request as recorded: the agency by its directory id, the written request by its path (main reads it). */
export type RecordRequestArgs = Omit<ReleaseRequestDraft, 'agency' | 'attachment'> & {
  agencyId: number;
  /** The written request (PDF or image), as a full path main reads; at most 20 MB. */
  attachmentPath: string;
};

export type ReleaseRequestInfo = Omit<ReleaseRequestDraft, 'attachment'> & {
  id: number;
  number: string;
  status: ReleaseStatus;
  /** The written request's name, type, size and SHA-256 (the agency is the directory's entry as it is now). */
  attachment: NonNullable<ReleaseRequestDraft['attachment']>;
  preparedBy: string;
  preparedAt: string;
  /** The latest screening decision (every one is kept: `screenings`). */
  decision: ScreenDecision;
  screenings: { at: string; by: string; step: string; result: ScreenResult }[];
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  fulfilledBy: string | null;
  fulfilledAt: string | null;
  detections: number | null;
  packet: DocumentInfo | null;
  packagePath: string | null;
  tagManifestSha256: string | null;
};

/** One line of the release log: who received what, when, under which request. */
export type ReleaseLogEntry = {
  number: string;
  agency: { name: string; ori: string | null; kind: AgencyKind; state: string };
  requester: string;
  purpose: string;
  theirCaseNumber: string;
  legalBasis: LegalBasis;
  approvedBy: string;
  approvedAt: string;
  releasedBy: string;
  releasedAt: string;
  detections: number;
  first: string | null;
  last: string | null;
  packetDocumentId: string;
  tagManifestSha256: string;
};

export type ReleasePeriod = { from?: string; to?: string };

export type ReceivedRelease = {
  verdict: BagVerdict;
  record: ReleaseRecord;
  /** The agency day the recipient must destroy the data by (received today + the certified retention limit). */
  destroyBy: string;
  columns: string[];
  /** At most 500 rows, read-only. */
  rows: string[][];
  totalRows: number;
};

export type ReleasesContract = {
  /** The agency directory. */
  'releases.agencies': () => DirectoryAgency[];
  /** Adds (id null) or updates a directory entry. Audited. */
  'releases.saveAgency': (args: AgencyArgs) => DirectoryAgency;
  /** Records a written request and screens it; refused and public-records requests are kept on file too. Audited. */
  'releases.record': (args: RecordRequestArgs) => ReleaseRequestInfo;
  'releases.list': () => ReleaseRequestInfo[];
  /** Screens a request again (an agreement may have expired). Audited. */
  'releases.screen': (args: { id: number }) => ReleaseRequestInfo;
  /** The commander or designee approves or denies, with a note; never the one who prepared it. Audited. */
  'releases.decide': (args: { id: number; decision: 'approve' | 'deny'; note: string }) => ReleaseRequestInfo;
  /** Fulfils an approved request whose screen still passes: the package into `folder`, the packet PDF. ALPR read. */
  'releases.fulfil': (args: { id: number; folder: string }) => ReleaseRequestInfo;
  /** Stops a fulfilment that is writing: nothing is released, the partial package is removed, and it is recorded. */
  'releases.fulfilCancel': (args: { id: number }) => { cancelling: boolean };
  /** Fulfilled releases in a period (ISO UTC bounds; both optional). */
  'releases.log': (args: ReleasePeriod) => ReleaseLogEntry[];
  /** The release log as CSV in the exports folder. Audited. */
  'releases.exportLog': (args: ReleasePeriod) => { path: string; rows: number };
  /** Verifies another agency's release package against its published key and shows it read-only. ALPR read. */
  'releases.receive': (args: { path: string; fingerprint: string }) => ReceivedRelease;
};

export const RELEASES_METHODS = [
  'releases.agencies',
  'releases.saveAgency',
  'releases.record',
  'releases.list',
  'releases.screen',
  'releases.decide',
  'releases.fulfil',
  'releases.fulfilCancel',
  'releases.log',
  'releases.exportLog',
  'releases.receive',
] as const satisfies readonly (keyof ReleasesContract)[];

/** A fulfilment under way: what it is doing, and how far the package has been written and read back. */
export type ReleaseProgress = {
  requestId: number;
  number: string;
  phase: 'reading' | 'rendering' | 'writing' | 'verifying' | 'recording';
  files: number;
  totalFiles: number;
  bytes: number;
  totalBytes: number;
};

export type ReleasesEvents = {
  'releases.progress': ReleaseProgress;
};
