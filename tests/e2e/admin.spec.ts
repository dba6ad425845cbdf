import { test, expect } from './fixtures';
import { ADMIN, INVESTIGATOR, seedAgency } from './seed';
import { UsersPage } from './pages/UsersPage';

test.describe('administration', () => {
  test.beforeEach(async ({ host }) => {
    await seedAgency(host);
  });

  test('an administrator tightens the policy limits and the change is in the access log', async ({
    app,
    page,
    shot,
  }) => {
    const { signIn, workspace } = app;
    await signIn.signIn(ADMIN.username, ADMIN.password);
    await workspace.go('Policy');
    const limits = page.getByTestId('policy-limits');
    await limits.getByLabel('Idle lock').fill('10');
    await limits.getByLabel('Training validity').fill('730');
    await limits.getByRole('button', { name: 'Save limits' }).click();
    await expect(limits).toContainText('The policy limits were saved.');
    await expect(page.getByText('After 10 minutes', { exact: true })).toBeVisible();
    await shot('policy-saved');

    await workspace.go('Access log');
    const newest = page.getByTestId('audit-table').locator('tbody tr').first();
    await expect(newest).toContainText('policy.update');
    await expect(newest).toContainText('idleLockMinutes');
  });

  test('an administrator disables, re-enables, resets and re-roles an account', async ({ app, page }) => {
    const { signIn, workspace } = app;
    await signIn.signIn(ADMIN.username, ADMIN.password);
    const users = new UsersPage(page);
    await workspace.go('Users & training');

    await users.act(INVESTIGATOR.username, INVESTIGATOR.fullName, 'Disable…');
    const disable = page.getByRole('dialog', { name: /Disable/ });
    await disable.getByLabel('Reason').fill('Transferred to patrol; no longer assigned to investigations');
    await disable.getByRole('button', { name: 'Disable account' }).click();
    await expect(users.row(INVESTIGATOR.username)).toContainText('Disabled');

    await users.act(INVESTIGATOR.username, INVESTIGATOR.fullName, 'Re-enable…');
    const enable = page.getByRole('dialog', { name: /Re-enable/ });
    await enable.getByLabel('New temporary password').fill('Granite-Willow-7421');
    await enable.getByLabel('Confirm password').fill('Granite-Willow-7421');
    await enable.getByRole('button', { name: 'Re-enable' }).click();
    await expect(users.flash).toContainText('was re-enabled');
    await expect(users.row(INVESTIGATOR.username)).toContainText('Active');

    await users.act(INVESTIGATOR.username, INVESTIGATOR.fullName, 'Set roles');
    const roles = page.getByRole('dialog', { name: /Set roles/ });
    await roles.getByRole('checkbox', { name: 'Records custodian' }).check();
    await roles.getByRole('button', { name: 'Save roles' }).click();
    await expect(users.row(INVESTIGATOR.username)).toContainText('Records custodian');

    await users.act(INVESTIGATOR.username, INVESTIGATOR.fullName, 'Reset password');
    const reset = page.getByRole('dialog', { name: /Reset password/ });
    await reset.getByLabel('New temporary password').fill('Meadow-Beacon-3184');
    await reset.getByLabel('Confirm password').fill('Meadow-Beacon-3184');
    await reset.getByRole('button', { name: 'Reset password' }).click();
    await expect(users.flash).toContainText('password was reset');
    await workspace.signOut();

    // The new password works; a records custodian sees the access log.
    await signIn.signIn(INVESTIGATOR.username, 'Meadow-Beacon-3184');
    await expect(workspace.root).toBeVisible();
    await workspace.go('Access log');
    await expect(page.getByTestId('audit-table')).toContainText('users.reset_password');
  });
});
