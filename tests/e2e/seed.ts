import type { Host } from './host/startHost';
import { agencyDay } from '../support/agencyDay';

/** The people of the walkthroughs. Passwords follow the policy: 12+ characters, not the username. */
export const ADMIN = {
  username: 'mreyes',
  fullName: 'Maria Reyes',
  badgeId: 'A-1042',
  password: 'Harbor-Lantern-2291',
  classification: 'sworn_officer',
  classificationLabel: 'Designated sergeant or officer',
};

export const INVESTIGATOR = {
  username: 'jchen',
  fullName: 'James Chen',
  badgeId: '7781',
  password: 'Copper-Orchard-5530',
  classification: 'sworn_officer',
  classificationLabel: 'Designated sergeant or officer',
};

export const PROFILE = { id: 'oakland-pd', agencyName: 'Oakland Police Department' };

/** The agency's calendar day `daysAgo` before now: training dates are the agency's local dates. */
export function isoDay(daysAgo: number): string {
  return agencyDay(daysAgo);
}

/** What Oakland's training must cover (Policy 430.9); a course counts only for the topics it covered. */
export const OAKLAND_TOPICS = [
  'federal_state_law',
  'applicable_policy',
  'memoranda_of_understanding',
  'equipment_functionality',
  'accessing_data',
  'safeguarding_passwords_data',
  'sharing_data',
  'reporting_breaches',
  'post_breach_procedures',
];

export const TRAINING = {
  course: 'ALPR system user training (POST-certified)',
  instructor: 'Sgt. Dana Whitfield',
  topics: OAKLAND_TOPICS,
};

/**
 * The state after the first-run walkthrough, built through the contract instead of the UI: an agency on
 * the Oakland profile, its administrator, and an investigator with current training; nobody signed in.
 */
export async function seedAgency(host: Host): Promise<void> {
  await host.must('setup.create', {
    agency: { name: PROFILE.agencyName, ori: 'CA0010900', profileId: PROFILE.id },
    admin: {
      username: ADMIN.username,
      fullName: ADMIN.fullName,
      badgeId: ADMIN.badgeId,
      classification: ADMIN.classification,
      roles: ['administrator'],
      password: ADMIN.password,
      training: { ...TRAINING, completedOn: isoDay(30) },
    },
  });
  const investigator = await host.must('users.create', {
    username: INVESTIGATOR.username,
    fullName: INVESTIGATOR.fullName,
    badgeId: INVESTIGATOR.badgeId,
    classification: INVESTIGATOR.classification,
    roles: ['investigator'],
    password: INVESTIGATOR.password,
  });
  await host.must('training.record', { userId: investigator.id, ...TRAINING, completedOn: isoDay(30) });
  await host.must('auth.logout');
}
