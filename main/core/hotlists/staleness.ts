/**
 * How old a list is, and what a person must be told before acting on a hit: a general list older than the
 * policy allows (refreshed at least daily) is stale wherever its entries or hits appear; a hit raised from a
 * stale list, or whose entry was removed or expired since, carries a banner that says so. Pure.
 */
import { localDate } from '../shared/calendar';
import { isExpired } from './entries';

const HOUR_MS = 3_600_000;

export function ageHours(refreshedAt: string, now: number): number {
  return Math.max(0, (now - Date.parse(refreshedAt)) / HOUR_MS);
}

/** Only general lists are refreshed from a source; the agency's own lists are current by construction. */
export function isStale(list: { general: boolean; refreshedAt: string }, now: number, maxAgeHours: number): boolean {
  return list.general && ageHours(list.refreshedAt, now) > maxAgeHours;
}

export type BannerKind = 'list_stale_at_hit' | 'list_stale_now' | 'entry_removed' | 'entry_expired' | 'entry_unknown';

export type Banner = { kind: BannerKind; message: string };

export type BannerFacts = {
  hit: { at: number; listRefreshedAt: string | null; closedAt: string | null };
  list: { name: string; general: boolean; refreshedAt: string } | null;
  entry: { status: string; expiresOn: string | null; removedAt: string | null; removalReason: string | null } | null;
  now: number;
  today: string;
  /** The agency's time zone: the alert's calendar day is its day there, as `today` is. */
  timeZone: string;
  maxAgeHours: number;
};

function hours(h: number): string {
  return h < 48 ? `${Math.round(h)} hours` : `${Math.round(h / 24)} days`;
}

/** The warnings a hit carries, most serious first. A closed hit keeps them: they explain what was decided. */
export function hitBanners(f: BannerFacts): Banner[] {
  const out: Banner[] = [];
  const { hit, list, entry } = f;
  if (!entry)
    out.push({
      kind: 'entry_unknown',
      message:
        'The entry that raised this hit is no longer on this workstation (removed from its list at a refresh, or never synced): confirm it at the source before acting.',
    });
  else if (entry.status === 'removed')
    out.push({
      kind: 'entry_removed',
      message: `The entry was removed${entry.removedAt && Date.parse(entry.removedAt) > hit.at ? ' since the alert' : ''}${entry.removalReason ? ` (${entry.removalReason})` : ''}: the vehicle may no longer be wanted.`,
    });
  else if (isExpired(entry.expiresOn, f.today))
    out.push({
      kind: 'entry_expired',
      message: `The entry expired on ${entry.expiresOn}${entry.expiresOn! < localDate(new Date(hit.at), f.timeZone) ? ', before the alert' : ' since the alert'}: it inactivated itself.`,
    });
  if (list?.general && hit.listRefreshedAt) {
    const age = (hit.at - Date.parse(hit.listRefreshedAt)) / HOUR_MS;
    if (age > f.maxAgeHours)
      out.push({
        kind: 'list_stale_at_hit',
        message: `${list.name} was stale when this alert was raised: last refreshed ${hours(age)} before it (the policy allows ${f.maxAgeHours} hours). Validate with a live query before anything else.`,
      });
  }
  if (list && isStale(list, f.now, f.maxAgeHours))
    out.push({
      kind: 'list_stale_now',
      message: `${list.name} is stale: last refreshed ${hours(ageHours(list.refreshedAt, f.now))} ago (the policy allows ${f.maxAgeHours} hours).`,
    });
  return out;
}
