import { describe, expect, it } from 'vitest';
import { addDays, trainingRefusal, trainingStatus } from '../../../main/core/access/training';

const at = (iso: string) => new Date(iso);

describe('training currency', () => {
  it('training completed on D with a validity of 365 days is current through D+364 and expired on D+365', () => {
    const completed = ['2026-06-15'];
    expect(trainingStatus(completed, 365, at('2027-06-14T23:59:59.999-07:00'))).toEqual({
      current: true,
      lastCompletedOn: '2026-06-15',
      expiresOn: '2027-06-15',
    });
    expect(trainingStatus(completed, 365, at('2027-06-15T00:00:00.000-07:00'))).toEqual({
      current: false,
      lastCompletedOn: '2026-06-15',
      expiresOn: '2027-06-15',
    });
  });

  it('is current on the day of the course itself', () => {
    expect(trainingStatus(['2026-11-22'], 365, at('2026-11-22T08:00:00Z')).current).toBe(true);
  });

  it('counts the newest course, in whatever order the records come', () => {
    const s = trainingStatus(['2024-01-10', '2026-03-01', '2025-02-20'], 365, at('2026-11-22T09:00:00Z'));
    expect(s).toEqual({ current: true, lastCompletedOn: '2026-03-01', expiresOn: '2027-03-01' });
  });

  it('follows the policy’s validity, e.g. two years', () => {
    expect(trainingStatus(['2025-01-01'], 730, at('2026-12-31T12:00:00-08:00')).current).toBe(true);
    expect(trainingStatus(['2025-01-01'], 730, at('2027-01-01T00:00:00-08:00')).current).toBe(false);
  });

  it('counts calendar days across a leap day', () => {
    expect(addDays('2027-03-01', 365)).toBe('2028-02-29');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(trainingStatus(['2027-03-01'], 365, at('2028-02-28T23:59:59-08:00')).current).toBe(true);
    expect(trainingStatus(['2027-03-01'], 365, at('2028-02-29T00:00:00-08:00')).current).toBe(false);
  });

  it('counts the agency’s local days, not UTC ones: 11 p.m. in California is still the day before', () => {
    // 2027-06-15T06:00Z is 23:00 on June 14 in Los Altos.
    expect(trainingStatus(['2026-06-15'], 365, at('2027-06-15T06:00:00Z')).current).toBe(true);
    expect(trainingStatus(['2026-06-15'], 365, at('2027-06-15T06:00:00Z'), 'UTC').current).toBe(false);
  });

  it('with no training on record, nobody is current', () => {
    expect(trainingStatus([], 365, at('2026-11-22T09:00:00Z'))).toEqual({
      current: false,
      lastCompletedOn: null,
      expiresOn: null,
    });
  });

  it('tells the person when it expired and who can fix it', () => {
    expect(trainingRefusal({ current: false, lastCompletedOn: '2026-06-15', expiresOn: '2027-06-15' })).toBe(
      'Your ALPR training expired on 2027-06-15 — ask the ALPR administrator to record your refresher.',
    );
    expect(trainingRefusal({ current: false, lastCompletedOn: null, expiresOn: null })).toMatch(
      /No ALPR training is on record for you\. Ask the ALPR administrator/,
    );
  });
});
