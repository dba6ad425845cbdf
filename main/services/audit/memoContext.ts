import { citationText, type PolicyProfile } from '../../core/access/policy';
import { localDate } from '../../core/access/training';
import { oldestKeptDay, ruleFor } from '../../core/retention/schedule';
import { periodText, startOfLocalDay } from '../../core/shared/calendar';
import type { ReadableDB } from '../../store/db';
import { detectionsCapturedBefore } from '../../store/repos/audits';
import { profileOf, type Context } from '../kernel/context';

/**
 * What the audit memo says about other domains' work. Each is one small function so the lead can wire it to the
 * domain that owns the data at merge.
 */

/**
 * Retention compliance: detections kept past the profile's maximum (from the retention schedule), with the
 * explanation Alameda 462.6 asks for when data is kept longer than six months.
 */
export function retentionCompliance(ctx: Context, db: ReadableDB): string[] {
  const profile: PolicyProfile = profileOf(ctx);
  const rule = ruleFor(profile, 'detection');
  const today = localDate(ctx.now(), profile.timeZone);
  const oldestKept = oldestKeptDay(rule, today);
  if (oldestKept === null || rule.maximum === null) {
    return [`The policy sets no maximum for detections (${citationText(rule.cite)}); none are past one.`];
  }
  const max =
    'purgeOnDay' in rule.maximum ? `purged on day ${rule.maximum.purgeOnDay}` : `at most ${periodText(rule.maximum)}`;
  const over = detectionsCapturedBefore(db, startOfLocalDay(oldestKept, profile.timeZone).getTime());
  if (over.count === 0) {
    return [`No detection on this workstation is older than the policy allows (${max}, ${citationText(rule.cite)}).`];
  }
  return [
    `${over.count} detections on this workstation are older than the policy allows (${max}, ${citationText(rule.cite)}); the oldest was captured on ${localDate(new Date(over.oldestMs!), profile.timeZone)}.`,
    'Explanation for data kept past the limit (legal hold, evidence, or purge not yet run): ______________________________',
  ];
}

/**
 * Sharing in the period. Releases (#19) record sharing; until they are wired here this says none is recorded.
 * At merge: read the releases domain's fulfilled releases between `from` and `to` through its index.ts.
 */
export function sharingInPeriod(_ctx: Context, _db: ReadableDB, from: string, to: string): string[] {
  return [`None recorded: Canvass holds no record of ALPR data shared with another agency between ${from} and ${to}.`];
}
