/**
 * What retention reads of its neighbours' domains, one small function each: the releases (issue 19) and the audits
 * (issue 20) the transparency report counts.
 */
import { NONE_RECORDED, type Counted } from '../../core/retention/transparency';
import type { ReadableDB } from '../../store/db';
import type { IsoDay } from '../../core/shared/calendar';
import { auditsDone as auditsOfUse } from '../audit';
import { releasesInPeriod } from '../releases';

/** Releases in [fromIso, toIso) by receiving agency (a public agency's name is no person's). */
export function releasesByAgency(db: ReadableDB, fromIso: string, toIso: string): Counted[] | typeof NONE_RECORDED {
  const { byAgency } = releasesInPeriod(db, fromIso, toIso);
  if (byAgency.length === 0) return NONE_RECORDED;
  return byAgency.map((a) => ({ label: `${a.name} (${a.state}) — ${a.detections} detections`, count: a.releases }));
}

/**
 * Audits of use signed in the period's overlap (agency-local days), each with its findings: an audit is done once
 * the administrator signed its memo. The audit's number and period identify no person.
 */
export function auditsDone(db: ReadableDB, from: IsoDay, to: IsoDay): Counted[] | typeof NONE_RECORDED {
  const done = auditsOfUse(db, from, to).filter((a) => a.status === 'signed' || a.status === 'filed');
  if (done.length === 0) return NONE_RECORDED;
  return done.map((a) => ({
    label: `${a.number} (${a.periodFrom} to ${a.periodTo}${a.source === 'imported' ? ', imported vendor log' : ''}, ${a.reviewed} inquiries reviewed): findings`,
    count: a.findings,
  }));
}
