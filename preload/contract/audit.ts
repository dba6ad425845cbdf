/**
 * The access log (docs/audit-log.md): reading, verifying and exporting the hash chain.
 */
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
  /** The data searched or viewed, as JSON. */
  data: string;
  hash: string;
};

export type AuditContract = {
  'audit.list': (args: { beforeSeq?: number; limit?: number }) => AuditEntry[];
  'audit.verify': () => ChainVerdict;
  'audit.export': (args: { format: 'ndjson' | 'csv' }) => { path: string; records: number };
};

export const AUDIT_METHODS = [
  'audit.list',
  'audit.verify',
  'audit.export',
] as const satisfies readonly (keyof AuditContract)[];
