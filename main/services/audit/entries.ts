import type { AuditEntry } from '../../../preload/contract';
import type { AuditRecord, ChainLink } from '../../core/audit/chain';
import { redactAlprData } from '../../core/audit/redact';

/**
 * A link of the chain as the log view shows it: the record's readable fields, and its data whole (`full`) or
 * with the ALPR data elements hidden (core/audit/redact.ts).
 */
export function auditEntry(link: ChainLink, full: boolean): AuditEntry {
  const r = JSON.parse(link.body) as AuditRecord;
  const shown = full
    ? { data: r.data, redacted: false }
    : redactAlprData(r.action, r.outcome, r.purpose !== null, r.data);
  return {
    seq: link.seq,
    at: r.at,
    action: r.action,
    outcome: r.outcome,
    username: r.username,
    agency: r.agency,
    purpose: r.purpose ? [r.purpose.number, r.purpose.purposeLabel].filter(Boolean).join(' — ') : null,
    data: JSON.stringify(shown.data),
    redacted: shown.redacted,
    hash: link.hash,
  };
}
