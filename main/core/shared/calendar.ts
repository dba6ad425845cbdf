/**
 * Calendar days where the agency is. Policies count time in calendar years, months and days ("stored for a
 * minimum of one year", "six months", "purged on the 366th day"), so durations are calendar periods added to
 * the agency's local date — never a count of 86,400-second days taken in UTC.
 */

/** A calendar date, YYYY-MM-DD. */
export type IsoDay = string;

/** A calendar period: years and months are calendar units (a year is 365 or 366 days), days are days. */
export type Period = { years?: number; months?: number; days?: number };

/**
 * What a date that does not exist becomes (29 February in a common year, 31 August + 6 months):
 * - `clamp`: the last day of the month (a maximum: never longer than the period);
 * - `roll`: the first day of the next month (a minimum: never shorter than the period).
 */
export type Overflow = 'clamp' | 'roll';

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(day: IsoDay): [number, number, number] {
  const m = ISO_DAY.exec(day);
  if (!m) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${day}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function format(y: number, m: number, d: number): IsoDay {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function isIsoDay(s: string): boolean {
  const m = ISO_DAY.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Building an Intl formatter costs far more than using one: one per zone, kept. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day at `now` where the agency is. */
export function localDate(now: Date, timeZone: string): IsoDay {
  let f = dayFormats.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, f);
  }
  return f.format(now);
}

export function addDays(day: IsoDay, days: number): IsoDay {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDay, to: IsoDay): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * `day` plus a calendar period: years and months first (same day of the month, resolved by `overflow` where
 * that day does not exist), then days.
 */
export function addPeriod(day: IsoDay, period: Period, overflow: Overflow): IsoDay {
  const [y, m, d] = parts(day);
  const monthIndex = y * 12 + (m - 1) + (period.years ?? 0) * 12 + (period.months ?? 0);
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const last = daysInMonth(year, month);
  const landed =
    d <= last
      ? format(year, month, d)
      : overflow === 'clamp'
        ? format(year, month, last)
        : addDays(format(year, month, last), 1);
  return addDays(landed, period.days ?? 0);
}

/** The shortest and longest a period can be in days (a year is 365 or 366 days, a month 28 to 31). */
export function periodDayRange(period: Period): { shortest: number; longest: number } {
  const years = period.years ?? 0;
  const months = period.months ?? 0;
  const days = period.days ?? 0;
  // Over any span of months, the count of days is at least 28 for the first and 30 on average after that;
  // the bounds only need to be safe, not tight.
  return {
    shortest: years * 365 + months * 28 + days,
    longest: years * 366 + months * 31 + days,
  };
}

/** "1 year", "6 months", "30 days", "1 year 6 months". */
export function periodText(period: Period): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const out: string[] = [];
  if (period.years) out.push(unit(period.years, 'year'));
  if (period.months) out.push(unit(period.months, 'month'));
  if (period.days) out.push(unit(period.days, 'day'));
  return out.join(' ') || '0 days';
}

/** The offset of `timeZone` from UTC at `instant`, in milliseconds (local = UTC + offset). */
function zoneOffsetMs(instant: number, timeZone: string): number {
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    clockFormats.set(timeZone, format);
  }
  const f = format.formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(f.find((p) => p.type === type)!.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - (instant - (((instant % 1000) + 1000) % 1000));
}

/** The instant local day `day` begins in `timeZone` (midnight, or the first moment after a skipped midnight). */
export function startOfLocalDay(day: IsoDay, timeZone: string): Date {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  let t = midnightUtc - zoneOffsetMs(midnightUtc, timeZone);
  t = midnightUtc - zoneOffsetMs(t, timeZone);
  return new Date(t);
}
