import type { CameraKind, DataKind, PolicyProfile, RetentionRule } from '../access/policy';
import { CAMERA_KINDS } from '../access/policy';
import { addDays, localDate, periodDayRange, periodText, startOfLocalDay, type IsoDay } from '../shared/calendar';
import { oldestKeptDay, ruleFor } from './schedule';

/**
 * What a purge removes today: for each data kind the workstation purges, the capture instant before which a record
 * is due (epoch ms; null = the kind has no maximum and nothing is due). Built from the profile's rules and the
 * administrator's tightening, which may shorten a kind's period but never past its minimum, and never lengthen it.
 *
 * Each kind's clock (docs/retention.md): a detection and its image from capture; a hit from its alert (the
 * detection's capture). The access log is never purged automatically (policy.ts `lawBreach`).
 */
export const PURGED_KINDS = ['detection', 'image', 'hit'] as const satisfies readonly DataKind[];
export type PurgedKind = (typeof PURGED_KINDS)[number];

/** The administrator's tightening: keep a kind this many days (the capture day is day 1), shorter than the profile. */
export type Tightening = Partial<Record<PurgedKind, number>>;

export type KindCutoffs = { general: number | null; fixed: number | null; mobile: number | null };
export type PurgePlan = {
  today: IsoDay;
  timeZone: string;
  /** Records captured before these instants are due, per camera kind (the general rule where none is scoped). */
  detection: KindCutoffs;
  image: KindCutoffs;
  hit: number | null;
  tightening: Tightening;
};

/** The bound an administrator sees for a kind: what the law and the policy allow, in days. */
export type KindBound = {
  kind: PurgedKind;
  /** The shortest a tightening may set (the longest reading of the minimum); 1 when there is no minimum. */
  minDays: number;
  /** The longest (the profile's own period, shortest reading); null = no maximum. */
  maxDays: number | null;
  /** The profile keeps this kind indefinitely: it cannot be tightened. */
  indefinitely: boolean;
  /** How the profile says it, e.g. "6 months, then purged". */
  text: string;
  cite: string;
};

function ruleText(r: RetentionRule): string {
  if (!r.stored) return 'not stored';
  if (r.minimum === 'indefinitely') return 'kept indefinitely';
  const min = r.minimum ? `at least ${periodText(r.minimum)}` : null;
  const max =
    r.maximum === null
      ? null
      : 'purgeOnDay' in r.maximum
        ? `purged on day ${r.maximum.purgeOnDay}`
        : `at most ${periodText(r.maximum)}`;
  return [min, max].filter(Boolean).join(', ') || 'no period stated';
}

function citeText(r: RetentionRule): string {
  const c = r.cite as { kind: string; section?: string; law?: string; note?: string };
  return c.kind === 'policy' ? `Policy § ${c.section}` : c.kind === 'law' ? (c.law ?? 'law') : (c.note ?? c.kind);
}

export function kindBound(profile: Pick<PolicyProfile, 'retention'>, kind: PurgedKind): KindBound {
  const rules = profile.retention.filter((r) => r.data === kind);
  const general = ruleFor(profile, kind);
  const indefinitely = rules.some((r) => r.minimum === 'indefinitely');
  const minDays = Math.max(
    1,
    ...rules.map((r) => (r.minimum === null || r.minimum === 'indefinitely' ? 1 : periodDayRange(r.minimum).longest)),
  );
  const maxDays = !general.stored
    ? 0
    : general.maximum === null
      ? null
      : 'purgeOnDay' in general.maximum
        ? general.maximum.purgeOnDay - 1
        : periodDayRange(general.maximum).shortest;
  return { kind, minDays, maxDays, indefinitely, text: ruleText(general), cite: citeText(general) };
}

/** Why a tightening cannot be set (the bound in words), or null. */
export function tighteningProblem(profile: Pick<PolicyProfile, 'retention'>, t: Tightening): string | null {
  for (const kind of PURGED_KINDS) {
    const days = t[kind];
    if (days === undefined) continue;
    const b = kindBound(profile, kind);
    if (b.indefinitely) return `The policy keeps ${kind}s indefinitely (${b.cite}): their period cannot be set.`;
    if (b.maxDays !== null && b.maxDays < b.minDays)
      return `The policy fixes the period of ${kind}s (${b.text}, ${b.cite}): it cannot be shortened.`;
    if (days < b.minDays)
      return `The policy keeps ${kind}s ${b.text} (${b.cite}): they cannot be purged before day ${b.minDays + 1}; set ${b.minDays} days or more.`;
    if (b.maxDays !== null && days > b.maxDays)
      return `The policy keeps ${kind}s ${b.text} (${b.cite}): an administrator may shorten that, not lengthen it; set ${b.maxDays} days or fewer.`;
  }
  return null;
}

function cutoffOf(rule: RetentionRule, today: IsoDay, timeZone: string, keepDays: number | undefined): number | null {
  const kept = oldestKeptDay(rule, today);
  const tightened = keepDays === undefined || rule.minimum === 'indefinitely' ? null : addDays(today, -(keepDays - 1));
  const day = kept === null ? tightened : tightened === null || kept > tightened ? kept : tightened;
  return day === null ? null : startOfLocalDay(day, timeZone).getTime();
}

function kindCutoffs(profile: PolicyProfile, kind: 'detection' | 'image', today: IsoDay, t: Tightening): KindCutoffs {
  const by = (cameras: CameraKind | undefined) =>
    cutoffOf(ruleFor(profile, kind, cameras ? { cameras } : {}), today, profile.timeZone, t[kind]);
  const out: KindCutoffs = { general: by(undefined), fixed: null, mobile: null };
  for (const c of CAMERA_KINDS) out[c] = by(c);
  return out;
}

export function purgePlan(profile: PolicyProfile, tightening: Tightening, now: Date): PurgePlan {
  const today = localDate(now, profile.timeZone);
  return {
    today,
    timeZone: profile.timeZone,
    detection: kindCutoffs(profile, 'detection', today, tightening),
    image: kindCutoffs(profile, 'image', today, tightening),
    hit: cutoffOf(ruleFor(profile, 'hit'), today, profile.timeZone, tightening.hit),
    tightening,
  };
}

/** The plan as the store's purge reads it: epoch ms per scope, -1 where nothing is due. */
export type PurgeCutoffs = { fixed: number; mobile: number; hit: number; imageFixed: number; imageMobile: number };

export function purgeCutoffs(plan: PurgePlan): PurgeCutoffs {
  const or = (x: number | null) => x ?? -1;
  return {
    fixed: or(plan.detection.fixed),
    mobile: or(plan.detection.mobile),
    hit: or(plan.hit),
    imageFixed: or(plan.image.fixed),
    imageMobile: or(plan.image.mobile),
  };
}

export const IDS_CHAIN_START = '0'.repeat(64);

/**
 * The hash a run keeps of what it removed, one link per batch: SHA-256 over the previous link, the kind and the
 * batch's ids in ascending order (`<prev>\n<kind>\n<id>\n<id>…`). A run killed halfway keeps the links of the
 * batches it committed; anyone holding the removed-id list can recompute the chain with `sha256sum`.
 */
export function idsLink(sha256: (s: string) => string, prev: string, kind: string, ids: readonly number[]): string {
  return sha256(`${prev}\n${kind}\n${ids.join('\n')}`);
}
