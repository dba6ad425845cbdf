/**
 * Display formats. Times show in the workstation's local zone, 24-hour, sortable: 2026-03-01 14:05:09 — or in
 * UTC, marked as such (2026-03-01 21:05:09 UTC), when the user chose that in Settings (ui/timeDisplay.ts, the
 * one source of truth; components that show times subscribe with `useTimeDisplay()`).
 */
import { timeDisplay, type TimeDisplay } from './timeDisplay';

export { TIME_DISPLAY_KEY, timeDisplay, type TimeDisplay } from './timeDisplay';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** An instant (ISO string or epoch ms) as date and time to the second, in the chosen display. */
export function formatDateTime(at: string | number | null | undefined, mode: TimeDisplay = timeDisplay()): string {
  if (at === null || at === undefined || at === '') return '—';
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return String(at);
  if (mode === 'utc') return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)} UTC`;
  return `${formatLocalDate(d)} ${clock(d)}`;
}

/** The time of day alone (a map label beside its read): "14:05:09", or "21:05:09 UTC". */
export function formatTimeOfDay(at: string | number, mode: TimeDisplay = timeDisplay()): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return String(at);
  return mode === 'utc' ? `${d.toISOString().slice(11, 19)} UTC` : clock(d);
}

/** Month, day and time (the time slider's thumb): "03-01 14:05:09", or "03-01 21:05:09 UTC". */
export function formatShortDateTime(at: string | number, mode: TimeDisplay = timeDisplay()): string {
  return formatDateTime(at, mode).slice(5);
}

function clock(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** An ISO calendar date (YYYY-MM-DD) stays as it is: it names a day, not an instant. */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) return isoDate;
  const d = new Date(isoDate);
  return Number.isNaN(d.getTime()) ? isoDate : formatLocalDate(d);
}

export function formatLocalDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * Today where the agency is: training dates are the agency's local dates, and main refuses one after its
 * today, so the form must agree with main rather than with this computer's own time zone.
 */
export function agencyToday(timeZone: string, now = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A calendar period as the policies say it: "1 year", "6 months", "30 days", "1 year 6 months". */
export function formatPeriod(p: { years?: number; months?: number; days?: number }): string {
  const parts = (
    [
      [p.years, 'year'],
      [p.months, 'month'],
      [p.days, 'day'],
    ] as const
  ).flatMap(([n, unit]) => (n ? [`${n} ${unit}${n === 1 ? '' : 's'}`] : []));
  return parts.join(' ') || '—';
}

export function vehicleText(d: {
  color: string | null;
  make: string | null;
  model: string | null;
  body: string | null;
}): string {
  const text = [d.color, d.make, d.model].filter(Boolean).join(' ');
  const withBody = d.body ? (text ? `${text} · ${d.body}` : d.body) : text;
  return withBody || '—';
}

const NUMBER_KIND_LABELS: Record<string, string> = {
  case: 'Case',
  incident: 'Incident',
  call: 'Call',
  warrant: 'Warrant',
};

export function numberKindLabel(kind: string | null): string {
  return kind ? (NUMBER_KIND_LABELS[kind] ?? kind) : '';
}

/** Up to two initials for an avatar: "Det. Mei Chen" → "DM". */
export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]?.toUpperCase() ?? '')
    .join('');
}

/** A time as a `datetime-local` input value (this computer's local time, to the minute). */
export function localInputOf(d: Date): string {
  return `${formatLocalDate(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
