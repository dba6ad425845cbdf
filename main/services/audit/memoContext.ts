import { citationText, type PolicyProfile } from '../../core/access/policy';
import { localDate } from '../../core/access/training';
import { oldestKeptDay, ruleFor } from '../../core/retention/schedule';
import { addDays, periodText, startOfLocalDay, type IsoDay } from '../../core/shared/calendar';
import type { ReadableDB } from '../../store/db';
import { detectionsCapturedBefore } from '../../store/repos/audits';
import { readsInDoubt } from '../../store/repos/ocr';
import type { MemoInput } from '../../core/audit/memo';
import { profileOf, type Context } from '../kernel/context';
import { releasesInPeriod } from '../releases';

/** What the audit memo says about other domains' work: retention compliance, sharing (releases), known misreads (ocr). */

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
 * Sharing in the period: the releases fulfilled between the period's first and last agency-local days, by receiving
 * agency (the release log holds each with its request, decision and approval).
 */
export function sharingInPeriod(ctx: Context, db: ReadableDB, from: IsoDay, to: IsoDay): string[] {
  const zone = profileOf(ctx).timeZone;
  const shared = releasesInPeriod(
    db,
    startOfLocalDay(from, zone).toISOString(),
    startOfLocalDay(addDays(to, 1), zone).toISOString(),
  );
  if (shared.total.releases === 0) {
    return [
      `None recorded: Canvass holds no record of ALPR data shared with another agency between ${from} and ${to}.`,
    ];
  }
  const n = (k: number, one: string) => `${k.toLocaleString('en-US')} ${one}${k === 1 ? '' : 's'}`;
  return [
    `${n(shared.total.releases, 'release')} of ${n(shared.total.detections, 'detection')} between ${from} and ${to}, each under an approved written request (the release log holds them):`,
    ...shared.byAgency.map(
      (a) =>
        `${a.name}${a.ori ? ` (ORI ${a.ori})` : ''}, ${a.state}: ${n(a.releases, 'release')}, ${n(a.detections, 'detection')}`,
    ),
  ];
}

/** Detection ids a logged record says were seen (`data.detectionIds` of detections.search and the like); none for a vendor's row. */
function seenIds(record: string | null): number[] {
  if (!record) return [];
  try {
    const ids = (JSON.parse(record) as { data?: { detectionIds?: unknown } }).data?.detectionIds;
    return Array.isArray(ids) ? ids.filter((x): x is number => Number.isSafeInteger(x)) : [];
  } catch {
    return [];
  }
}

/**
 * The data errors the store already knows of among the detections the reviewed inquiries returned: a read corrected
 * (who, when, why) or an OCR re-read that differs and awaits a correction. Each detection is listed once, under the
 * first inquiry that returned it, so the memo "lists data errors so they can be corrected" without the reviewer
 * having to find each one by hand.
 */
export function knownDataErrors(
  ctx: Context,
  db: ReadableDB,
  reviewed: readonly { key: string; record: string | null }[],
): MemoInput['knownErrors'] {
  const zone = profileOf(ctx).timeZone;
  const firstKey = new Map<number, string>();
  for (const r of reviewed) for (const id of seenIds(r.record)) if (!firstKey.has(id)) firstKey.set(id, r.key);
  return readsInDoubt(db, [...firstKey.keys()]).map((d) => {
    const at = (iso: string) => localDate(new Date(iso), zone);
    if (d.corrected) {
      return {
        key: firstKey.get(d.detectionId)!,
        kind: 'misread',
        detail: `Detection ${d.detectionId} read ${d.originalPlate}; corrected to ${d.corrected.plate} by ${d.corrected.username} on ${at(d.corrected.at)}${d.corrected.reason ? ` (${d.corrected.reason})` : ''}`,
        correction: 'corrected',
      };
    }
    const r = d.reread!;
    const confidence = r.confidence === null ? '' : `, confidence ${Math.round(r.confidence)} %`;
    return {
      key: firstKey.get(d.detectionId)!,
      kind: 'misread',
      detail: `Detection ${d.detectionId} read ${d.originalPlate}; an OCR re-read on ${at(r.at)} reads ${r.plate}${confidence}`,
      correction: 'open',
    };
  });
}
