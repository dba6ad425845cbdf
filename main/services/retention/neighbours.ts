/**
 * What retention reads of its neighbours' domains, one small function each: the releases (issue 19) and the audits
 * (issue 20) the transparency report counts, and which records' retention is not covered yet.
 */
import { NONE_RECORDED, type Counted } from '../../core/retention/transparency';
import type { ReadableDB } from '../../store/db';
import { releasesInPeriod } from '../releases';

/** Releases in [fromIso, toIso) by receiving agency (a public agency's name is no person's). */
export function releasesByAgency(db: ReadableDB, fromIso: string, toIso: string): Counted[] | typeof NONE_RECORDED {
  const { byAgency } = releasesInPeriod(db, fromIso, toIso);
  if (byAgency.length === 0) return NONE_RECORDED;
  return byAgency.map((a) => ({ label: `${a.name} (${a.state}) — ${a.detections} detections`, count: a.releases }));
}

/** Audits done in [fromIso, toIso) and their findings. Wire to the audits domain (issue 20) at merge. */
export function auditsDone(_db: ReadableDB, _fromIso: string, _toIso: string): Counted[] | typeof NONE_RECORDED {
  return NONE_RECORDED;
}

/** Record kinds whose retention rules join with their domains (issues 19 and 20: releases, audit memoranda). */
export function notCoveredYet(): string[] {
  return ['Release records and audit memoranda are not purged here yet: they follow the records retention schedule.'];
}
