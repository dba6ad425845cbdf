import type { SetupArgs } from '../../preload/contract';
import type { TestAgency } from '../agency/testing';
import { agencyDay } from './agencyDay';
import type { Workstation } from './workstation';

/** A user of the generated dataset, with the password the agency server knows. */
export type AgencyUser = { username: string; password: string; fullName: string };

export function agencyUser(ag: TestAgency, username: string): AgencyUser {
  const u = ag.dataset.users.find((x) => x.data.username === username);
  if (!u) throw new Error(`The test agency has no user ${username}`);
  return { username, password: u.password, fullName: u.data.fullName };
}

/**
 * `setup.create` arguments that make the agency's ALPR administrator the workstation's first administrator:
 * the same username as on the server (which links the two at enrollment), with `password` here or their
 * server password.
 */
export function agencyAdminSetup(
  ag: TestAgency,
  setup: { agency: SetupArgs['agency']; training: NonNullable<SetupArgs['admin']['training']>; password?: string },
): { admin: AgencyUser; args: SetupArgs } {
  const admin = agencyUser(ag, 'admin.ramirez');
  return {
    admin,
    args: {
      agency: setup.agency,
      admin: {
        username: admin.username,
        fullName: admin.fullName,
        badgeId: 'A-7',
        classification: 'sworn_officer',
        roles: ['administrator'],
        password: setup.password ?? admin.password,
        training: setup.training,
      },
    },
  };
}

/**
 * Sets the workstation up as the agency's ALPR administrator (same username and password as on the server),
 * enrolls it, syncs to completion through the contract and signs out: a workstation holding the agency's data.
 */
export async function syncFromAgency(ws: Workstation, ag: TestAgency, name = 'Detective bureau 3'): Promise<void> {
  const { admin, args } = agencyAdminSetup(ag, {
    agency: { name: 'San Mateo Police Department (synthetic)', profileId: 'los-altos-pd' },
    training: { course: 'ALPR Operator', completedOn: agencyDay(0, ws.clock.now), instructor: 'Lt. Osei' },
  });
  await ws.call('setup.create', args);
  await ws.call('sync.enroll', { serverUrl: ag.url, username: admin.username, password: admin.password, name });
  await ws.call('sync.start', { password: admin.password });
  await waitForSync(ws);
  await ws.call('auth.logout');
}

/** Waits for the running sync to end, and fails unless it ended well. */
export async function waitForSync(ws: Workstation, timeoutMs = 120_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; ;) {
    const s = await ws.call('sync.status');
    if (!s.running && s.lastRun?.finishedAt) {
      if (s.lastRun.outcome !== 'ok') throw new Error(`The sync ended ${s.lastRun.outcome}: ${s.lastRun.error}`);
      return;
    }
    if (Date.now() > deadline) throw new Error(`The sync did not finish within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
