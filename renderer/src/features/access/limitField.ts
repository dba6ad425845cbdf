import type { PolicyProfile } from '../../../../preload/contract';

/**
 * A retention or validity limit as the policy form edits it: an amount and a unit. Calendar units stay
 * calendar units ("1 year" is not 365 days); the special forms are a unit of their own.
 */
type Rule = PolicyProfile['retention'][number];
export type Period = { years?: number; months?: number; days?: number };
export type LimitUnit = 'years' | 'months' | 'days' | 'none' | 'indefinitely' | 'purgeOnDay';
export type LimitField = { amount: number | string; unit: LimitUnit };

export const MINIMUM_UNITS: { value: LimitUnit; label: string }[] = [
  { value: 'years', label: 'years' },
  { value: 'months', label: 'months' },
  { value: 'days', label: 'days' },
  { value: 'none', label: 'no minimum' },
  { value: 'indefinitely', label: 'indefinitely' },
];
export const MAXIMUM_UNITS: { value: LimitUnit; label: string }[] = [
  { value: 'years', label: 'years' },
  { value: 'months', label: 'months' },
  { value: 'days', label: 'days' },
  { value: 'purgeOnDay', label: 'th day (purged on)' },
  { value: 'none', label: 'no maximum' },
];
export const PERIOD_UNITS = MINIMUM_UNITS.slice(0, 3);

/** A period of one unit as a field; a period of several units (none ship) becomes months where it can. */
export function periodField(p: Period): LimitField {
  const { years = 0, months = 0, days = 0 } = p;
  if (days === 0 && months === 0) return { amount: years, unit: 'years' };
  if (days === 0) return { amount: years * 12 + months, unit: 'months' };
  if (years === 0 && months === 0) return { amount: days, unit: 'days' };
  return { amount: '', unit: 'days' };
}

export function minimumField(m: Rule['minimum']): LimitField {
  if (m === null) return { amount: '', unit: 'none' };
  if (m === 'indefinitely') return { amount: '', unit: 'indefinitely' };
  return periodField(m);
}

export function maximumField(m: Rule['maximum']): LimitField {
  if (m === null) return { amount: '', unit: 'none' };
  if ('purgeOnDay' in m) return { amount: m.purgeOnDay, unit: 'purgeOnDay' };
  return periodField(m);
}

export function needsAmount(unit: LimitUnit): boolean {
  return unit === 'years' || unit === 'months' || unit === 'days' || unit === 'purgeOnDay';
}

/** Why the field cannot be saved, or null. */
export function limitProblem(f: LimitField): string | null {
  if (!needsAmount(f.unit)) return null;
  const n = typeof f.amount === 'number' ? f.amount : Number(f.amount);
  if (f.amount === '' || !Number.isInteger(n) || n < 1) return 'A whole number, at least 1';
  const max = f.unit === 'years' ? 100 : f.unit === 'months' ? 1200 : 36_500;
  return n > max ? `At most ${max}` : null;
}

export function periodOf(f: LimitField): Period {
  const n = Number(f.amount);
  return f.unit === 'years' ? { years: n } : f.unit === 'months' ? { months: n } : { days: n };
}

export function minimumOf(f: LimitField): Rule['minimum'] {
  if (f.unit === 'none') return null;
  if (f.unit === 'indefinitely') return 'indefinitely';
  return periodOf(f);
}

export function maximumOf(f: LimitField): Rule['maximum'] {
  if (f.unit === 'none') return null;
  if (f.unit === 'purgeOnDay') return { purgeOnDay: Number(f.amount) };
  return periodOf(f);
}
