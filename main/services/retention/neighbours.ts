/**
 * What retention reads of its neighbours' domains, one small function each, so the lead wires them where releases
 * (issue 19) and audits (issue 20) land. Until then they answer "none recorded", and the preview says which
 * records' retention is not covered yet.
 */
import { NONE_RECORDED, type Counted } from '../../core/retention/transparency';
import type { ReadableDB } from '../../store/db';

/** Releases in [fromIso, toIso) by receiving agency. Wire to the releases domain (issue 19) at merge. */
export function releasesByAgency(_db: ReadableDB, _fromIso: string, _toIso: string): Counted[] | typeof NONE_RECORDED {
  return NONE_RECORDED;
}

/** Audits done in [fromIso, toIso) and their findings. Wire to the audits domain (issue 20) at merge. */
export function auditsDone(_db: ReadableDB, _fromIso: string, _toIso: string): Counted[] | typeof NONE_RECORDED {
  return NONE_RECORDED;
}

/** Records kinds whose retention rules the lead adds with their domains (releases, audit memos, vendor logs). */
export function notCoveredYet(): string[] {
  return [
    'Release records (issue 19): kept as the records retention schedule says; no automatic purge yet.',
    'Audit records (issue 20): kept as the records retention schedule says; no automatic purge yet.',
  ];
}
