/**
 * The access log (docs/audit-log.md): reading, verifying and exporting the hash chain, and the integrity
 * alerts the workstation raises about itself (a rolled-back log, a changed enrollment record, ...).
 */
import type { AnchorVerdict, ChainPoint } from '../../main/core/audit/anchor';
import type { ChainVerdict } from '../../main/core/audit/chain';

export type { ChainVerdict };

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

export type AuditContract = {
  'audit.list': (args: { beforeSeq?: number; limit?: number }) => AuditEntry[];
  'audit.verify': () => AuditVerifyResult;
  'audit.export': (args: { format: 'ndjson' | 'csv' }) => { path: string; records: number };
  /** Integrity alerts, newest first (`open`: only those not yet acknowledged). */
  'audit.alerts': (args: { open?: boolean }) => IntegrityAlert[];
  /** An administrator acknowledges an alert, saying what was done about it. */
  'audit.acknowledge': (args: { id: number; note: string }) => null;
};

export const AUDIT_METHODS = [
  'audit.list',
  'audit.verify',
  'audit.export',
  'audit.alerts',
  'audit.acknowledge',
] as const satisfies readonly (keyof AuditContract)[];
