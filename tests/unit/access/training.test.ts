import { describe, expect, it } from 'vitest';
import { addDays, trainingRefusal, trainingStatus, type TrainingRule } from '../../../main/core/access/training';
import { shippedProfile } from '../../support/profiles';

const at = (iso: string) => new Date(iso);
const ONE_YEAR: TrainingRule = { validity: { years: 1 }, requiredTopics: [] };
const courses = (...days: string[]) => days.map((completedOn) => ({ completedOn, topics: [] }));

describe('training currency', () => {
  it('training completed on D with a validity of one year is current through the eve of its anniversary', () => {
    expect(trainingStatus(courses('2026-06-15'), ONE_YEAR, at('2027-06-14T23:59:59.999-07:00'))).toEqual({
      current: true,
      lastCompletedOn: '2026-06-15',
      expiresOn: '2027-06-15',
      missingTopics: [],
    });
    expect(trainingStatus(courses('2026-06-15'), ONE_YEAR, at('2027-06-15T00:00:00.000-07:00')).current).toBe(false);
  });

  it('is current on the day of the course itself', () => {
    expect(trainingStatus(courses('2026-11-22'), ONE_YEAR, at('2026-11-22T08:00:00Z')).current).toBe(true);
  });

  it('counts the newest course, in whatever order the records come', () => {
    const s = trainingStatus(courses('2024-01-10', '2026-03-01', '2025-02-20'), ONE_YEAR, at('2026-11-22T09:00:00Z'));
    expect(s).toEqual({ current: true, lastCompletedOn: '2026-03-01', expiresOn: '2027-03-01', missingTopics: [] });
  });

  it('follows the policy’s validity, e.g. two years', () => {
    const two: TrainingRule = { validity: { years: 2 }, requiredTopics: [] };
    expect(trainingStatus(courses('2025-01-01'), two, at('2026-12-31T12:00:00-08:00')).current).toBe(true);
    expect(trainingStatus(courses('2025-01-01'), two, at('2027-01-01T00:00:00-08:00')).current).toBe(false);
  });

  it('counts a calendar year across a leap day, and a course of 29 February stops on 28 February', () => {
    expect(addDays('2027-03-01', 365)).toBe('2028-02-29');
    // A year from 2027-03-01 is 366 days: the course is still current on 29 February 2028.
    expect(trainingStatus(courses('2027-03-01'), ONE_YEAR, at('2028-02-29T12:00:00-08:00')).current).toBe(true);
    expect(trainingStatus(courses('2027-03-01'), ONE_YEAR, at('2028-03-01T00:00:00-08:00')).current).toBe(false);
    // "Not completed training in more than a year" (Piedmont 438.7): no extra day for a leap-day course.
    expect(trainingStatus(courses('2028-02-29'), ONE_YEAR, at('2029-02-27T12:00:00-08:00')).expiresOn).toBe(
      '2029-02-28',
    );
  });

  it('a validity in days is days', () => {
    const days: TrainingRule = { validity: { days: 365 }, requiredTopics: [] };
    expect(trainingStatus(courses('2027-03-01'), days, at('2028-02-29T12:00:00-08:00')).current).toBe(false);
  });

  it('counts the agency’s local days, not UTC ones: 11 p.m. in California is still the day before', () => {
    // 2027-06-15T06:00Z is 23:00 on June 14 in Los Altos.
    expect(trainingStatus(courses('2026-06-15'), ONE_YEAR, at('2027-06-15T06:00:00Z')).current).toBe(true);
    expect(trainingStatus(courses('2026-06-15'), ONE_YEAR, at('2027-06-15T06:00:00Z'), 'UTC').current).toBe(false);
  });

  it('with no training on record, nobody is current', () => {
    expect(trainingStatus([], ONE_YEAR, at('2026-11-22T09:00:00Z'))).toEqual({
      current: false,
      lastCompletedOn: null,
      expiresOn: null,
      missingTopics: [],
    });
  });

  it('tells the person when it expired and who can fix it', () => {
    expect(
      trainingRefusal({ current: false, lastCompletedOn: '2026-06-15', expiresOn: '2027-06-15', missingTopics: [] }),
    ).toBe('Your ALPR training expired on 2027-06-15 — ask the ALPR administrator to record your refresher.');
    expect(trainingRefusal({ current: false, lastCompletedOn: null, expiresOn: null, missingTopics: [] })).toMatch(
      /No ALPR training is on record for you\. Ask the ALPR administrator/,
    );
  });
});

describe('training topics (Hayward 429.4(c), Oakland 430.9, Piedmont 438.7)', () => {
  const hayward = shippedProfile('hayward-pd');
  const rule: TrainingRule = {
    validity: hayward.training.validity.period,
    requiredTopics: hayward.training.topics.required,
  };
  const all = hayward.training.topics.required.map((t) => t.id);
  const now = at('2026-11-22T17:00:00Z');

  it('a course that covered every required topic is current', () => {
    expect(trainingStatus([{ completedOn: '2026-06-15', topics: all }], rule, now)).toMatchObject({
      current: true,
      missingTopics: [],
    });
  });

  it('a course that missed a required topic does not count as current, and says which', () => {
    const s = trainingStatus(
      [{ completedOn: '2026-06-15', topics: all.filter((t) => t !== 'practical_exercises') }],
      rule,
      now,
    );
    expect(s).toMatchObject({ current: false, missingTopics: ['Practical exercises in the use of the ALPR system'] });
    expect(trainingRefusal(s)).toBe(
      'Your recorded ALPR training does not cover what the policy requires: Practical exercises in the use of the ALPR system. Ask the ALPR administrator to record training that covers it.',
    );
  });

  it('a later course may cover what an earlier one missed; the training lasts as long as its oldest topic', () => {
    const s = trainingStatus(
      [
        { completedOn: '2026-03-01', topics: all.filter((t) => t !== 'practical_exercises') },
        { completedOn: '2026-06-15', topics: ['practical_exercises'] },
      ],
      rule,
      now,
    );
    expect(s).toEqual({ current: true, lastCompletedOn: '2026-06-15', expiresOn: '2027-03-01', missingTopics: [] });
  });

  it('a course recorded without topics counts for none of them', () => {
    expect(trainingStatus(courses('2026-06-15'), rule, now).missingTopics).toHaveLength(5);
  });
});
