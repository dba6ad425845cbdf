import { addDays, localDate } from '../../main/core/access/training';

/** Every shipped profile is Californian; a test of another zone passes its own. */
export const AGENCY_TIME_ZONE = 'America/Los_Angeles';

/**
 * The agency's calendar day `daysAgo` before `now`, taken the way the product takes "today" (the agency's
 * local date, not the UTC one): between 00:00 and 08:00 UTC the two differ, and main refuses a training date
 * after the agency's today.
 */
export function agencyDay(daysAgo = 0, now: Date = new Date(), timeZone = AGENCY_TIME_ZONE): string {
  return addDays(localDate(now, timeZone), -daysAgo);
}
