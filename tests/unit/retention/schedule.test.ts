import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../../main/core/shared/calendar';
import { keptSince, retentionDates, retentionDatesOn, ruleFor } from '../../../main/core/retention/schedule';
import { shippedProfile } from '../../support/profiles';

const detections = (id: string, scope = {}) => ruleFor(shippedProfile(id), 'detection', scope);

describe('retention in calendar time, in the agency’s zone', () => {
  it('LA Port Police keeps five calendar years (462.4): 1,827 days from 1 January 2024, not 1,825', () => {
    const d = retentionDatesOn('2024-01-01', detections('la-port-police'));
    expect(d).toMatchObject({ earliestPurge: '2029-01-01', purgeOn: '2029-01-01', heldByMinimum: false });
    expect(daysBetween('2024-01-01', d.purgeOn!)).toBe(1827);
    expect(daysBetween('2025-06-01', retentionDatesOn('2025-06-01', detections('la-port-police')).purgeOn!)).toBe(1826);
  });

  it('a one-year minimum holds across 29 February: a read of 10 March 2023 stays until 10 March 2024 (366 days)', () => {
    for (const id of ['modesto-pd', 'daly-city-pd', 'emeryville-pd', 'piedmont-pd', 'hayward-pd']) {
      const d = retentionDatesOn('2023-03-10', detections(id));
      expect(d.earliestPurge, id).toBe('2024-03-10');
      expect(daysBetween('2023-03-10', d.earliestPurge!), id).toBe(366);
    }
  });

  it('a read of 29 February is kept at least until 1 March a year on; a year’s maximum waits for it', () => {
    const d = retentionDatesOn('2024-02-29', detections('modesto-pd'));
    expect(d).toMatchObject({ earliestPurge: '2025-03-01', purgeOn: '2025-03-01', heldByMinimum: true });
  });

  it('Los Altos’ one-year maximum (462.5) never runs over: a read of 29 February is due on 28 February', () => {
    expect(retentionDatesOn('2024-02-29', detections('los-altos-pd'))).toMatchObject({
      earliestPurge: '2024-02-29',
      purgeOn: '2025-02-28',
    });
  });

  it('San Leandro purges on the 366th day, as 418.5 says, and the year of storage holds across 29 February', () => {
    const rule = detections('san-leandro-pd');
    // Day 1 is the capture day: the 366th day of a common year is the anniversary.
    expect(retentionDatesOn('2025-03-10', rule)).toMatchObject({ purgeOn: '2026-03-10', heldByMinimum: false });
    expect(addDays('2025-03-10', 365)).toBe('2026-03-10');
    // Across 29 February the 366th day (9 March) falls before the year is out: the purge waits for the year.
    expect(addDays('2023-03-10', 365)).toBe('2024-03-09');
    expect(retentionDatesOn('2023-03-10', rule)).toMatchObject({ purgeOn: '2024-03-10', heldByMinimum: true });
  });

  it('six months is six calendar months (Oakland 430.6, Alameda 462.3(d)), 181 to 184 days', () => {
    const rule = detections('oakland-pd');
    expect(retentionDatesOn('2025-01-15', rule).purgeOn).toBe('2025-07-15');
    expect(daysBetween('2025-01-15', '2025-07-15')).toBe(181);
    expect(retentionDatesOn('2025-07-15', rule).purgeOn).toBe('2026-01-15');
    expect(daysBetween('2025-07-15', '2026-01-15')).toBe(184);
    // 31 August + 6 months has no 31st: the minimum rolls to 1 March and the purge waits for it.
    expect(retentionDatesOn('2024-08-31', detections('alameda-pd'))).toMatchObject({
      earliestPurge: '2025-03-01',
      purgeOn: '2025-03-01',
    });
  });

  it('counts from the capture day where the agency is, not in UTC', () => {
    // 06:30 UTC on 10 March 2025 is 23:30 on 9 March in California (daylight time).
    const d = retentionDates(new Date('2025-03-10T06:30:00Z'), detections('la-port-police'), 'America/Los_Angeles');
    expect(d).toMatchObject({ capturedOn: '2025-03-09', purgeOn: '2030-03-09' });
  });

  it('Hayward keeps hits indefinitely and detections at least a year with no maximum (429.5(c))', () => {
    const hayward = shippedProfile('hayward-pd');
    expect(retentionDatesOn('2025-03-10', ruleFor(hayward, 'hit'))).toMatchObject({
      earliestPurge: null,
      purgeOn: null,
    });
    expect(retentionDatesOn('2025-03-10', ruleFor(hayward, 'detection'))).toMatchObject({
      earliestPurge: '2026-03-10',
      purgeOn: null,
    });
  });
});

describe('rules scoped by camera kind and program', () => {
  it('Los Altos and Vallejo keep fixed-camera (vendor) reads 30 days and the rest a year', () => {
    for (const id of ['los-altos-pd', 'vallejo-pd']) {
      expect(retentionDatesOn('2026-01-10', detections(id, { cameras: 'fixed' })).purgeOn, id).toBe('2026-02-09');
      expect(retentionDatesOn('2026-01-10', detections(id, { cameras: 'mobile' })).purgeOn, id).toBe('2027-01-10');
      expect(retentionDatesOn('2026-01-10', ruleFor(shippedProfile(id), 'image', { cameras: 'fixed' })).purgeOn).toBe(
        '2026-02-09',
      );
    }
    // Elsewhere the camera kind changes nothing.
    expect(detections('modesto-pd', { cameras: 'fixed' })).toEqual(detections('modesto-pd'));
  });

  it('Berkeley’s parking reads: 30 days, hits 365 days, and no images stored', () => {
    const berkeley = shippedProfile('berkeley-pd-proposed');
    const parking = { program: 'parking_enforcement' as const };
    expect(retentionDatesOn('2026-01-10', ruleFor(berkeley, 'detection', parking)).purgeOn).toBe('2026-02-09');
    expect(retentionDatesOn('2026-01-10', ruleFor(berkeley, 'hit', parking)).purgeOn).toBe('2027-01-10');
    expect(ruleFor(berkeley, 'image', parking).stored).toBe(false);
    expect(retentionDatesOn('2026-01-10', ruleFor(berkeley, 'image', parking)).stored).toBe(false);
    // Other reads: the referral's range, sixty days to a year.
    expect(retentionDatesOn('2026-01-10', ruleFor(berkeley, 'detection'))).toMatchObject({
      earliestPurge: '2026-03-11',
      purgeOn: '2027-01-10',
    });
  });
});

describe('what a sync may still pull', () => {
  it('reaches back to the oldest capture day any rule of the kind still keeps', () => {
    const now = new Date('2026-11-22T17:00:00Z');
    // Los Altos: the one-year rule reaches furthest (its fixed-camera 30 days reach less far).
    expect(keptSince(shippedProfile('los-altos-pd'), 'detection', now)!.toISOString()).toBe('2025-11-23T08:00:00.000Z');
    // A read of 22 November 2025 is due today; one of the 23rd is not.
    expect(retentionDatesOn('2025-11-22', detections('los-altos-pd')).purgeOn).toBe('2026-11-22');
    expect(retentionDatesOn('2025-11-23', detections('los-altos-pd')).purgeOn).toBe('2026-11-23');
    // No maximum: no limit.
    expect(keptSince(shippedProfile('hayward-pd'), 'detection', now)).toBeNull();
  });
});
