import type { CameraKind, DataKind, PolicyProfile, RetentionRule } from '../access/policy';
import {
  addDays,
  addPeriod,
  daysBetween,
  localDate,
  periodDayRange,
  startOfLocalDay,
  type IsoDay,
} from '../shared/calendar';

/**
 * When a record may and must be purged under a retention rule — the pure calendar half of retention (the purge
 * itself runs elsewhere). Days are the agency's local days and the capture day is day 1, as the policies count
 * them ("stored for one year … purged on the 366th day", San Leandro 418.5):
 * - a minimum of P ends at the start of capturedOn + P; where that date does not exist (29 February + 1 year,
 *   31 August + 6 months) it rolls to the 1st of the next month, so a minimum is never cut short;
 * - a maximum of P is due at the start of capturedOn + P, clamped to the month's last day, so a maximum is
 *   never exceeded;
 * - "purged on the Nth day" is due on capturedOn + N − 1 days;
 * - where a rule's purge day comes before its minimum ends (San Leandro's 366th day across a 29 February, a
 *   one-year minimum and maximum from 29 February), the minimum holds and the purge waits for it.
 */
export type RetentionDates = {
  /** The agency-local day of capture: day 1. */
  capturedOn: IsoDay;
  /** false: the rule stores nothing of this kind. */
  stored: boolean;
  /** The first day the record may be purged; null = never (kept indefinitely). */
  earliestPurge: IsoDay | null;
  /** The day it is due to be purged (gone at the start of that day); null = no maximum. */
  purgeOn: IsoDay | null;
  /** The purge day was moved to the end of the minimum. */
  heldByMinimum: boolean;
};

export function retentionDatesOn(capturedOn: IsoDay, rule: RetentionRule): RetentionDates {
  if (!rule.stored)
    return { capturedOn, stored: false, earliestPurge: capturedOn, purgeOn: capturedOn, heldByMinimum: false };
  const earliestPurge =
    rule.minimum === 'indefinitely'
      ? null
      : rule.minimum === null
        ? capturedOn
        : addPeriod(capturedOn, rule.minimum, 'roll');
  let purgeOn =
    rule.maximum === null
      ? null
      : 'purgeOnDay' in rule.maximum
        ? addDays(capturedOn, rule.maximum.purgeOnDay - 1)
        : addPeriod(capturedOn, rule.maximum, 'clamp');
  let heldByMinimum = false;
  if (purgeOn !== null && earliestPurge !== null && purgeOn < earliestPurge) {
    purgeOn = earliestPurge;
    heldByMinimum = true;
  }
  return { capturedOn, stored: true, earliestPurge, purgeOn, heldByMinimum };
}

/** The dates for a record captured at `capturedAt`, in the agency's time zone. */
export function retentionDates(capturedAt: Date, rule: RetentionRule, timeZone: string): RetentionDates {
  return retentionDatesOn(localDate(capturedAt, timeZone), rule);
}

export type RetentionScope = { cameras?: CameraKind; program?: RetentionRule['program'] };

/** The rule for a record: the most specific one whose scope matches (camera kind and program), else the general one. */
export function ruleFor(
  profile: Pick<PolicyProfile, 'retention'>,
  data: DataKind,
  scope: RetentionScope = {},
): RetentionRule {
  let best: RetentionRule | null = null;
  let bestScore = -1;
  for (const r of profile.retention) {
    if (r.data !== data) continue;
    if (r.cameras !== undefined && r.cameras !== scope.cameras) continue;
    if (r.program !== undefined && r.program !== scope.program) continue;
    const score = Number(r.cameras !== undefined) + Number(r.program !== undefined);
    if (score > bestScore) {
      best = r;
      bestScore = score;
    }
  }
  if (!best) throw new RangeError(`The profile has no retention rule for ${data}.`);
  return best;
}

/**
 * The oldest capture day a rule still keeps on `today` (its purge is not yet due), or null when it has no
 * maximum. Purge days rise with capture days, so a binary search over the rule's longest span finds it.
 */
export function oldestKeptDay(rule: RetentionRule, today: IsoDay): IsoDay | null {
  if (!rule.stored) return addDays(today, 1);
  if (rule.maximum === null) return null;
  const span = 'purgeOnDay' in rule.maximum ? rule.maximum.purgeOnDay : periodDayRange(rule.maximum).longest;
  const minimumSpan =
    rule.minimum === null || rule.minimum === 'indefinitely' ? 0 : periodDayRange(rule.minimum).longest;
  let lo = -(Math.max(span, minimumSpan) + 2); // due by today: too old
  let hi = 0; // captured today: kept
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const due = retentionDatesOn(addDays(today, mid), rule).purgeOn!;
    if (due > today) hi = mid;
    else lo = mid;
  }
  return addDays(today, hi);
}

/**
 * The earliest capture instant any rule of `data` still keeps at `now` (what a sync may pull), or null when
 * some rule of that kind keeps data without a maximum.
 */
export function keptSince(
  profile: Pick<PolicyProfile, 'retention' | 'timeZone'>,
  data: DataKind,
  now: Date,
): Date | null {
  const today = localDate(now, profile.timeZone);
  let oldest: IsoDay | null = null;
  for (const r of profile.retention.filter((x) => x.data === data && x.stored)) {
    const day = oldestKeptDay(r, today);
    if (day === null) return null;
    if (oldest === null || day < oldest) oldest = day;
  }
  return oldest === null ? now : startOfLocalDay(oldest, profile.timeZone);
}

/** How many days back the oldest record `data` may be kept reaches at `now` (null: no maximum). */
export function keptDays(
  profile: Pick<PolicyProfile, 'retention' | 'timeZone'>,
  data: DataKind,
  now: Date,
): number | null {
  const since = keptSince(profile, data, now);
  return since === null ? null : daysBetween(localDate(since, profile.timeZone), localDate(now, profile.timeZone));
}
