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
    await limits.getByLabel('Training validity: amount').fill('2');
    await limits.getByRole('button', { name: 'Save limits' }).click();
    await expect(limits).toContainText('The policy limits were saved.');
    await expect(page.getByTestId('policy-users').locator('[data-fact="Sign-in"]')).toContainText(
      'idle lock after 10 minutes',
    );
    // What the administrator changed is the agency's setting now, no longer § 430.9's "annually".
    const validity = page.getByTestId('policy-users').locator('[data-fact="Training counts for"]');
    await expect(validity).toContainText('2 years');
    await expect(validity).toContainText('Agency setting');
    await shot('policy-saved');

    await workspace.go('Access log');
    // The change is in the log (the newest row may be the scheduled purge, which starts a minute after sign-in).
    const change = page.getByTestId('audit-table').locator('tbody tr', { hasText: 'policy.update' }).first();
    await expect(change).toContainText('idleLockMinutes');
  });

  test('the policy screen shows every value with the section it comes from, the law, or the product’s default', async ({
    app,
    page,
    shot,
  }) => {
    const { signIn, workspace } = app;
    await signIn.signIn(ADMIN.username, ADMIN.password);
    await workspace.go('Policy');

    // Retention, cited to Oakland's 430.6, in calendar months; the access log's period is the law's.
    const limits = page.getByTestId('policy-limits');
    const detections = limits.locator('tr[data-rule="Detections"]');
    await expect(detections.getByLabel('Detections: purge after: unit')).toHaveValue('months');
    await expect(detections.getByLabel('Detections: purge after: amount')).toHaveValue('6');
    const cite = detections.locator('[data-cite-kind="policy"]');
    await expect(cite.locator('.mantine-Badge-label')).toHaveText('§ 430.6');
    await expect(limits.locator('tr[data-rule="Access log"] [data-cite-kind="law"]')).toContainText(
      'Gov. Code § 34090',
    );
    // The words behind a citation: its accessible description, shown on hover.
    await expect(cite).toHaveAccessibleDescription(
      /All ALPR data downloaded to the server shall be stored for six months\./,
    );
    await cite.hover();
    await expect(page.getByRole('tooltip')).toContainText(
      'All ALPR data downloaded to the server shall be stored for six months.',
    );

    const sharing = page.getByTestId('policy-sharing');
    await expect(sharing.locator('[data-fact="Recipients"]')).toContainText(
      'Law enforcement or prosecutorial agencies',
    );
    await expect(sharing.locator('[data-fact="Recipients"]')).toContainText('§ 430.8');
    await expect(sharing.locator('[data-fact="Under the law"]')).toContainText('2023-DLE-06');
    const users = page.getByTestId('policy-users');
    await expect(users.locator('[data-fact="Training covers"]')).toContainText('Implementing post-breach procedures');
    await expect(users.locator('[data-fact="Training covers"]')).toContainText('§ 430.9');
    await expect(users.locator('[data-fact="Sign-in"]')).toContainText('Product default');
    await expect(page.getByTestId('policy-purposes')).toContainText(
      'Department-related civil or administrative action',
    );
    await expect(page.getByTestId('policy-purposes')).toContainText('§ 430.7(b)');
    const inquiry = page.getByTestId('policy-inquiries').locator('[data-fact="Every inquiry carries"]');
    await expect(inquiry).toContainText('A case, incident, call or warrant number');
    await expect(inquiry).toContainText('Product default');

    await page.mouse.move(0, 0);
    await shot('policy-citations');
    await workspace.themeToggle.click();
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await page.mouse.move(0, 0);
    await shot('policy-citations-dark');
    await workspace.themeToggle.click();
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'light');

    // The designee: Oakland asks for the title (430.3.1(e)); the administrator records who, since when.
    const administrator = page.getByTestId('policy-administrator');
    await expect(administrator).toContainText('Bureau of Services Deputy Chief');
    await expect(administrator).toContainText('§ 430.3.1(e)');
    await expect(page.getByTestId('policy-designee')).toContainText('None recorded');
    await administrator.getByRole('button', { name: 'Record designee…' }).click();
    const dialog = page.getByRole('dialog', { name: /designee/ });
    await dialog.getByLabel('Name').fill('Lt. Dana Whitfield');
    await dialog.getByLabel('Title').fill('ALPR Coordinator');
    await dialog.getByRole('button', { name: 'Record designee' }).click();
    await expect(page.getByTestId('policy-designee')).toContainText('Lt. Dana Whitfield, ALPR Coordinator');
    await shot('policy-designee');

    await workspace.go('Access log');
    await expect(page.getByTestId('audit-table').locator('tbody tr', { hasText: 'policy.designee' })).toHaveCount(1);
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
