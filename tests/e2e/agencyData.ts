import { isoDay, PROFILE, TRAINING } from './seed';
import type { Host } from './host/startHost';
import type { TestAgency } from '../agency/testing';
import { expect } from '@playwright/test';
import type { CanvassApp } from './pages/CanvassApp';
import { agencyAdminSetup, agencyUser, type AgencyUser } from '../support/agencyWorkstation';

const SYNC_TIMEOUT_MS = 120_000;

/**
 * A workstation holding the test agency's data, set up through the contract (no UI): the agency's ALPR
 * administrator creates the workstation, enrolls it with the agency server, syncs to completion and signs out.
 * Returns an investigator of the dataset with current training; on an enrolled workstation their first sign-in
 * goes through the agency server, so the spec signs them in through the UI as a detective would.
 */
export async function syncedWorkstation(host: Host, agency: TestAgency): Promise<{ investigator: AgencyUser }> {
  const admin = await setUpAsAgencyAdmin(host, agency);
  // Setup leaves its administrator signed in.
  await host.must('sync.enroll', {
    serverUrl: agency.url,
    username: admin.username,
    password: admin.password,
    name: 'Detective bureau laptop 3',
  });
  // The first sync opens a server session with the administrator's password.
  await host.must('sync.start', { password: admin.password });
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  for (;;) {
    const status = await host.must('sync.status');
    if (!status.running && status.lastRun?.finishedAt) {
      if (status.lastRun.outcome !== 'ok') {
        throw new Error(
          `The test sync ended ${status.lastRun.outcome ?? 'without an outcome'}: ${status.lastRun.error}`,
        );
      }
      break;
    }
    if (Date.now() > deadline) throw new Error(`The test sync did not finish within ${SYNC_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await host.must('auth.logout');
  return { investigator: agencyUser(agency, 'det.alvarez') };
}

/**
 * Sets the workstation up with the agency's ALPR administrator as its first administrator (the same username
 * as on the server, which links the two at enrollment), with `localPassword` or their server password here.
 * Setup leaves them signed in.
 */
export async function setUpAsAgencyAdmin(host: Host, agency: TestAgency, localPassword?: string): Promise<AgencyUser> {
  const { admin, args } = agencyAdminSetup(agency, {
    agency: { name: PROFILE.agencyName, profileId: PROFILE.id },
    training: { ...TRAINING, completedOn: isoDay(30) },
    ...(localPassword ? { password: localPassword } : {}),
  });
  await host.must('setup.create', args);
  return admin;
}

/**
 * The synced workstation with its investigator signed in through the UI; with `purpose`, a purpose for the
 * shooting's case is opened through the contract (the specs that test the purpose dialog open theirs by hand)
 * and the app reloaded to show it.
 */
export async function investigatorSignedIn(
  host: Host,
  app: CanvassApp,
  agency: TestAgency,
  purpose?: string,
): Promise<{ investigator: AgencyUser }> {
  const { investigator } = await syncedWorkstation(host, agency);
  await app.reload();
  await app.signIn.signIn(investigator.username, investigator.password);
  await expect(app.workspace.root).toBeVisible({ timeout: 20_000 });
  if (purpose) {
    await host.must('purposes.open', {
      numberKind: 'case',
      number: agency.dataset.truth.shooting.caseNumber,
      purposeId: 'canvass_major_crime',
      description: purpose,
    });
    await app.reload();
  }
  return { investigator };
}
