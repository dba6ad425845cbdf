import { addPeriod, localDate, type IsoDay, type Period } from '../shared/calendar';

export { addDays, localDate } from '../shared/calendar';

/**
 * Training currency: a course counts for the policy's validity period from the day it was completed, and
 * where the policy lists what training must cover (Hayward 429.4(c), Oakland 430.9, Piedmont 438.7), only
 * for the topics it covered. A person is current when every required topic is covered by a course that is
 * still current.
 */
export type TrainingStatus = {
  current: boolean;
  /** The newest course's date, or null if none is recorded. */
  lastCompletedOn: IsoDay | null;
  /** The agency-local day the training stops being current (the earliest of the required topics'). */
  expiresOn: IsoDay | null;
  /** Required topics (their labels) that no recorded course covered. */
  missingTopics: string[];
};

export type TrainingCourse = { completedOn: IsoDay; topics: readonly string[] };
export type TrainingRule = { validity: Period; requiredTopics: readonly { id: string; label: string }[] };

/**
 * The day a course completed on `completedOn` stops counting. "Training older than one year blocks use"
 * (Piedmont 438.7): a course of 29 February stops on 28 February, never a day later.
 */
export function courseExpiresOn(completedOn: IsoDay, validity: Period): IsoDay {
  return addPeriod(completedOn, validity, 'clamp');
}

export function trainingStatus(
  courses: readonly TrainingCourse[],
  rule: TrainingRule,
  now: Date,
  timeZone = 'America/Los_Angeles',
): TrainingStatus {
  const newest = (list: readonly TrainingCourse[]) =>
    list.reduce<IsoDay | null>((max, c) => (max === null || c.completedOn > max ? c.completedOn : max), null);
  const last = newest(courses);
  if (last === null) {
    return {
      current: false,
      lastCompletedOn: null,
      expiresOn: null,
      missingTopics: rule.requiredTopics.map((t) => t.label),
    };
  }
  const missingTopics: string[] = [];
  let expiresOn: IsoDay | null = null;
  for (const topic of rule.requiredTopics) {
    const covered = newest(courses.filter((c) => c.topics.includes(topic.id)));
    if (covered === null) {
      missingTopics.push(topic.label);
      continue;
    }
    const until = courseExpiresOn(covered, rule.validity);
    if (expiresOn === null || until < expiresOn) expiresOn = until;
  }
  expiresOn ??= courseExpiresOn(last, rule.validity);
  return {
    current: missingTopics.length === 0 && localDate(now, timeZone) < expiresOn,
    lastCompletedOn: last,
    expiresOn,
    missingTopics,
  };
}

export function trainingRefusal(status: TrainingStatus): string {
  if (status.lastCompletedOn === null) {
    return 'No ALPR training is on record for you. Ask the ALPR administrator to record your training before you use ALPR data.';
  }
  if (status.missingTopics.length > 0) {
    return `Your recorded ALPR training does not cover what the policy requires: ${status.missingTopics.join('; ')}. Ask the ALPR administrator to record training that covers ${status.missingTopics.length === 1 ? 'it' : 'them'}.`;
  }
  return `Your ALPR training expired on ${status.expiresOn} — ask the ALPR administrator to record your refresher.`;
}
