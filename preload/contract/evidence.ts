/**
 * Evidence packages (docs/evidence-package.md): a case's collection, narrowed by the technician, written to portable
 * media as a signed BagIt bag, read back and verified, then booked with an evidence item number and held; chain
 * of custody after. Building and reading a package is ALPR data: purpose gate and access log.
 */
import type { CustodyFact } from '../../main/core/evidence/content';
import type { BagVerdict } from '../../main/core/evidence/verdict';
import type { CaseItem } from './cases';
import type { DocumentInfo } from './documents';
import type { NumberKind } from './access';

export type { BagVerdict };

export type EvidenceKeyInfo = {
  /** SHA-256 of the public key (DER SubjectPublicKeyInfo), hex. */
  fingerprint: string;
  createdAt: string;
  /** When the agency server accepted it (pushed at a sync), or null until then. */
  registeredAt: string | null;
  registrationError: string | null;
};

/** One chain-of-custody entry of a booked package. */
export type CustodyEntry = CustodyFact;

export type EvidencePackageStatus = 'writing' | 'booked' | 'failed' | 'cancelled' | 'interrupted';

export type EvidencePackageInfo = {
  id: number;
  attemptId: string;
  itemNumber: string;
  caseNumber: string;
  status: EvidencePackageStatus;
  technician: { username: string; fullName: string | null };
  /** The drive or folder chosen; the package is `<medium>/<folder>` once booked. */
  medium: string;
  folder: string;
  detections: number;
  startedAt: string;
  finishedAt: string | null;
  files: number | null;
  bytes: number | null;
  tagManifestSha256: string | null;
  keyFingerprint: string;
  /** How the read-back read the medium: straight from it, or through the system's cache (see docs). */
  readFrom: 'medium' | 'cache' | null;
  error: { code: string; message: string } | null;
  custody: CustodyEntry[];
  /** Reports issued for this package (the one inside it, and each printed since). */
  reports: DocumentInfo[];
};

export type EvidenceOverview = {
  caseNumber: string;
  numberKind: NumberKind;
  /** The case's collection (what a package is built from). */
  items: CaseItem[];
  /** Detections of the collection already held by a booked package: detection id → item number. */
  held: Record<number, string>;
  key: EvidenceKeyInfo;
  packages: EvidencePackageInfo[];
  /** A package being written now (this app run), if any. */
  running: EvidenceProgress | null;
};

export type EvidenceMedium = { path: string; freeBytes: number; totalBytes: number };

export type EvidenceBuildArgs = {
  /** The detections of the open case's collection to package (the technician's narrowing), 1–5,000. */
  detectionIds: number[];
  /** An existing folder on the medium (a drive's root or a folder on it). */
  medium: string;
};

export type EvidenceProgress = {
  attemptId: string;
  itemNumber: string;
  phase: 'preparing' | 'fetching' | 'writing' | 'verifying' | 'booking' | 'done';
  status: 'running' | 'booked' | 'failed' | 'cancelled';
  files: number;
  totalFiles: number;
  bytes: number;
  totalBytes: number;
  /** Bytes per second in this phase. */
  rate: number;
  etaSeconds: number | null;
  message: string | null;
};

export type EvidenceFinished = {
  attemptId: string;
  itemNumber: string;
  status: 'booked' | 'failed' | 'cancelled';
  verdict: BagVerdict | null;
  package: EvidencePackageInfo | null;
  error: { code: string; message: string } | null;
};

export type CustodyArgs = {
  packageId: number;
  /** What happened: "Transferred", "Received", "Checked out for court", "Returned". */
  action: string;
  fromPerson?: string;
  toPerson: string;
  /** When it happened (ISO); now when left out. */
  at?: string;
  location?: string;
  note?: string;
};

export type EvidenceContract = {
  'evidence.overview': () => EvidenceOverview;
  /** Asks for the drive or folder to write to (the system's folder dialog); null when cancelled. */
  'evidence.chooseMedium': () => EvidenceMedium | null;
  /** A drive or folder given by its path (typed, where there is no folder dialog): checked, with its free space. */
  'evidence.medium': (args: { path: string }) => EvidenceMedium;
  'evidence.build': (args: EvidenceBuildArgs) => {
    attemptId: string;
    itemNumber: string;
    totalFiles: number;
    totalBytes: number;
  };
  'evidence.cancel': (args: { attemptId: string }) => { cancelling: boolean };
  /** Checks a booked package on its medium again (or any package folder): manifests and signature. */
  'evidence.verify': (args: { packageId: number } | { path: string }) => BagVerdict;
  'evidence.custodyAdd': (args: CustodyArgs) => CustodyEntry;
  /** Prints the booked report: the tag manifest's hash, the booking and the custody entries so far. */
  'evidence.report': (args: { packageId: number }) => DocumentInfo;
};

export const EVIDENCE_METHODS = [
  'evidence.overview',
  'evidence.chooseMedium',
  'evidence.medium',
  'evidence.build',
  'evidence.cancel',
  'evidence.verify',
  'evidence.custodyAdd',
  'evidence.report',
] as const satisfies readonly (keyof EvidenceContract)[];

export type EvidenceEvents = {
  'evidence.progress': EvidenceProgress;
  'evidence.finished': EvidenceFinished;
};
