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

/** Record kinds whose retention rules join with their domains (issues 19 and 20: releases, audit memoranda). */
export function notCoveredYet(): string[] {
  return ['Release records and audit memoranda are not purged here yet: they follow the records retention schedule.'];
}
