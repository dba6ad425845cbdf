import { test, expect } from './fixtures';
import { isoDay, PROFILE, TRAINING } from './seed';
import { startTestAgency, type TestAgency } from '../agency/testing';

/**
 * An administrator enrolls the workstation with a real reference agency server on loopback and syncs from the
 * Sync screen: progress while it runs, then the feeds and the outcome.
 */
test.describe('sync with the agency server', () => {
  let agency: TestAgency;
  test.beforeAll(async () => {
    agency = await startTestAgency({ detections: 3000, seed: 5 });
  });
  test.afterAll(async () => {
    await agency.close();
  });

  test('an administrator enrolls the workstation and syncs, watching progress', async ({ host, app, page, shot }) => {
    const server = agency.dataset.users.find((u) => u.data.username === 'admin.ramirez')!;
    // The workstation's first administrator is the agency's ALPR administrator (same username on the server).
    await host.must('setup.create', {
      agency: { name: PROFILE.agencyName, profileId: PROFILE.id },
      admin: {
        username: 'admin.ramirez',
        fullName: 'Lt. Elena Ramirez',
        badgeId: 'A-7',
        classification: 'sworn_officer',
        roles: ['administrator'],
        password: 'Harbor-Lantern-2291',
        training: { ...TRAINING, completedOn: isoDay(30) },
      },
    });
    // Setup leaves its administrator signed in.
    await page.reload();
    await expect(app.workspace.root).toBeVisible();
    await app.workspace.go('Sync');

    const form = page.getByRole('form', { name: 'Enroll this workstation' });
    await form.getByLabel('Agency server address').fill(agency.url);
    await form.getByLabel('Your server username').fill('admin.ramirez');
    await form.getByLabel('Your server password').fill(server.password);
    await form.getByLabel('Workstation name').fill('Detective bureau laptop 3');
    await shot('sync-enroll');
    await form.getByRole('button', { name: 'Enroll' }).click();

    await page.getByRole('button', { name: 'Sync now' }).click();
    // The first sync starts a server session: the screen asks for the password, then syncs.
    await expect(page.getByText('The agency server needs your password')).toBeVisible();
    await page.getByLabel('Your agency-server password').fill(server.password);
    await page.getByRole('button', { name: 'Sign in and sync' }).click();
    await expect(page.getByTestId('sync-finished')).toContainText('Sync finished', { timeout: 60_000 });
    await expect(page.getByRole('table', { name: 'Feeds' })).toContainText('detections');
    await expect(page.getByRole('table', { name: 'Feeds' })).toContainText('3,000');
    await shot('sync-finished');
  });
});
