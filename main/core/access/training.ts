/** Training currency: the newest completed course plus the policy's validity, compared with today. */
export type TrainingStatus = { current: boolean; lastCompletedOn: string | null; expiresOn: string | null };

const DAY_MS = 86_400_000;

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(isoDay: string, days: number): string {
  return isoDate(new Date(Date.parse(`${isoDay}T00:00:00Z`) + days * DAY_MS));
}

/** The calendar day at `now` where the agency is: training dates are local dates, not UTC ones. */
export function localDate(now: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * Training completed on D with validity V days is current through D+V-1 and expires on D+V, both local
 * dates in the agency's time zone.
 */
export function trainingStatus(
  completedOn: readonly string[],
  validityDays: number,
  now: Date,
  timeZone = 'America/Los_Angeles',
): TrainingStatus {
  const last = completedOn.reduce<string | null>((max, d) => (max === null || d > max ? d : max), null);
  if (last === null) return { current: false, lastCompletedOn: null, expiresOn: null };
  const expiresOn = addDays(last, validityDays);
  return { current: localDate(now, timeZone) < expiresOn, lastCompletedOn: last, expiresOn };
}

export function trainingRefusal(status: TrainingStatus): string {
  return status.lastCompletedOn === null
    ? 'No ALPR training is on record for you. Ask the ALPR administrator to record your training before you use ALPR data.'
    : `Your ALPR training expired on ${status.expiresOn} — ask the ALPR administrator to record your refresher.`;
}
