import { describe, expect, it } from 'vitest';
import {
  addPeriod,
  daysBetween,
  isIsoDay,
  localDate,
  periodText,
  startOfLocalDay,
} from '../../../main/core/shared/calendar';

describe('calendar periods', () => {
  it('adds years and months on the calendar, not as day counts', () => {
    expect(addPeriod('2024-01-01', { years: 5 }, 'roll')).toBe('2029-01-01');
    expect(daysBetween('2024-01-01', '2029-01-01')).toBe(1827); // 2024 and 2028 are leap years
    expect(daysBetween('2025-06-01', addPeriod('2025-06-01', { years: 5 }, 'roll'))).toBe(1826);
    expect(addPeriod('2025-01-15', { months: 6 }, 'clamp')).toBe('2025-07-15');
  });

  it('a day the target month lacks: a maximum clamps back, a minimum rolls forward', () => {
    expect(addPeriod('2024-02-29', { years: 1 }, 'clamp')).toBe('2025-02-28');
    expect(addPeriod('2024-02-29', { years: 1 }, 'roll')).toBe('2025-03-01');
    expect(addPeriod('2024-02-29', { years: 4 }, 'roll')).toBe('2028-02-29');
    expect(addPeriod('2024-08-31', { months: 6 }, 'clamp')).toBe('2025-02-28');
    expect(addPeriod('2024-08-31', { months: 6 }, 'roll')).toBe('2025-03-01');
    expect(addPeriod('2023-08-31', { months: 6 }, 'clamp')).toBe('2024-02-29');
    expect(addPeriod('2024-01-31', { months: 1 }, 'clamp')).toBe('2024-02-29');
    expect(addPeriod('2024-12-31', { months: 2, days: 1 }, 'clamp')).toBe('2025-03-01');
  });

  it('takes dates where the agency is', () => {
    expect(localDate(new Date('2025-03-10T06:30:00Z'), 'America/Los_Angeles')).toBe('2025-03-09');
    // The start of a local day, across the spring-forward change (2025-03-09 in California).
    expect(startOfLocalDay('2025-03-09', 'America/Los_Angeles').toISOString()).toBe('2025-03-09T08:00:00.000Z');
    expect(startOfLocalDay('2025-03-10', 'America/Los_Angeles').toISOString()).toBe('2025-03-10T07:00:00.000Z');
    expect(startOfLocalDay('2025-11-02', 'America/Los_Angeles').toISOString()).toBe('2025-11-02T07:00:00.000Z');
    expect(startOfLocalDay('2025-11-03', 'America/Los_Angeles').toISOString()).toBe('2025-11-03T08:00:00.000Z');
  });

  it('knows real dates and says periods in words', () => {
    expect(isIsoDay('2024-02-29')).toBe(true);
    expect(isIsoDay('2025-02-29')).toBe(false);
    expect(periodText({ years: 1 })).toBe('1 year');
    expect(periodText({ months: 6 })).toBe('6 months');
    expect(periodText({ years: 1, months: 6 })).toBe('1 year 6 months');
  });
});
