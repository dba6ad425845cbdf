import { test, expect } from './fixtures';
import { ADMIN, INVESTIGATOR, PROFILE, TRAINING, isoDay } from './seed';
import { UsersPage } from './pages/UsersPage';

test.describe('first run to an investigator’s workspace', () => {
  test('sets up the agency, adds a trained investigator, and holds ALPR data behind a specific purpose', async ({
    app,
    page,
    shot,
  }) => {
    const { setup, signIn, workspace } = app;

    // First run: the setup screen, not a sign-in form.
    await expect(setup.root).toBeVisible();
    await shot('setup-1-agency-empty');
    const details = {
      profile: PROFILE.agencyName,
      ori: 'CA0010900',
      admin: { ...ADMIN },
      training: { ...TRAINING, completedOn: isoDay(30) },
    };
    await setup.fillAgency(details);
    await expect(page.getByTestId('profile-source')).toContainText('Policy 430');
    await shot('setup-1-agency');
    await setup.next();

    // The administrator: a mismatched confirmation is caught before anything is sent.
    await setup.fillAdministrator({ ...details, admin: { ...ADMIN, confirm: 'Something-else-0000' } });
    await setup.next();
    await expect(page.getByText('The two passwords do not match')).toBeVisible();
    await shot('setup-2-administrator-invalid');
    await page.getByLabel('Confirm password').fill(ADMIN.password);
    await setup.next();

    await setup.fillTraining(details);
    await shot('setup-3-training');
    await setup.create();

    // The administrator lands in the workspace, signed in.
    await expect(workspace.root).toBeVisible();
    await expect(workspace.header).toContainText(ADMIN.fullName);
    await expect(page.getByRole('banner')).toContainText(PROFILE.agencyName);
    await expect(workspace.purposeBar).toContainText('No purpose open — ALPR data stays hidden until you open one');

    // Users & training: add the investigator with a temporary password and a training record.
    const users = new UsersPage(page);
    await workspace.go('Users & training');
    await expect(users.row(ADMIN.username)).toContainText('Current');
    await users.addUser({
      fullName: INVESTIGATOR.fullName,
      username: INVESTIGATOR.username,
      badgeId: INVESTIGATOR.badgeId,
      classificationLabel: INVESTIGATOR.classificationLabel,
      roles: ['Investigator'],
      password: INVESTIGATOR.password,
      training: { ...TRAINING, completedOn: isoDay(30) },
    });
    await shot('users-add-user');
    await users.submitAddUser();
    await expect(users.flash).toContainText(
      `${INVESTIGATOR.fullName} (${INVESTIGATOR.username}) was added with training`,
    );
    await expect(users.row(INVESTIGATOR.username)).toContainText('Investigator');
    await expect(users.row(INVESTIGATOR.username)).toContainText('Current');
    await shot('users');

    await users.act(INVESTIGATOR.username, INVESTIGATOR.fullName, 'Training history');
    await expect(page.getByRole('dialog', { name: /Training history/ })).toContainText(TRAINING.course);
    await shot('users-training-history');
    await page.keyboard.press('Escape');

    // Policy and access log, as the administrator sees them.
    await workspace.go('Policy');
    await expect(page.getByTestId('policy-limits')).toBeVisible();
    await shot('policy');
    await workspace.go('Access log');
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect(page.getByTestId('audit-verdict')).toContainText('Chain verified');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await expect(page.getByTestId('audit-export')).toContainText('.csv');
    await shot('access-log');

    // Sign out; the investigator signs in.
    await workspace.signOut();
    await expect(signIn.root).toBeVisible();
    await shot('signin');
    await signIn.signIn(INVESTIGATOR.username, INVESTIGATOR.password);
    await expect(workspace.root).toBeVisible();
    await expect(workspace.header).toContainText(INVESTIGATOR.fullName);
    // An investigator sees no administration.
    await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByText('Users & training')).toHaveCount(
      0,
    );
    await expect(page.getByTestId('search-no-purpose')).toContainText('Open a purpose to search');
    await shot('workspace-no-purpose');

    // A search without a purpose is refused by main, and shown as a designed state.
    await workspace.searchPlate('7abc123');
    await expect(workspace.searchRefusal).toContainText('Purpose required');
    await expect(workspace.searchRefusal).toContainText('Open a purpose first');
    await shot('search-refused-no-purpose');

    // Too generic: no number and "investigation". Main refuses; the dialog says why.
    await workspace.openPurposeDialogByKeyboard();
    await expect(workspace.purposeDialog).toBeVisible();
    await workspace.fillPurpose({
      purpose: 'Routine patrol operation or criminal investigation',
      description: 'investigation',
    });
    await workspace.submitPurposeWithEnter();
    await expect(workspace.purposeError).toBeVisible();
    await expect(workspace.purposeError).toContainText('Purpose refused');
    await shot('purpose-refused');

    // A real one, from the keyboard.
    await workspace.fillPurpose({
      kind: 'Case',
      number: '26-004512',
      purpose: 'Canvass license plates around a crime scene, especially homicides, shootings and other major incidents',
      description: 'Shooting at 14th St and Broadway, 02:10; silver sedan seen leaving northbound',
    });
    await shot('purpose-dialog');
    await workspace.submitPurposeWithEnter();
    await expect(workspace.purposeDialog).toBeHidden();
    await expect(workspace.purposeBar).toHaveAttribute('data-purpose-state', 'open');
    await expect(workspace.purposeBar).toContainText('Case 26-004512');
    await expect(workspace.purposeBar).toContainText('Shooting at 14th St and Broadway');

    // The empty workspace: the store has no detections yet.
    await workspace.searchPlate('7ABC123');
    await expect(workspace.searchEmpty).toContainText('No detections match');
    await shot('workspace-purpose-open-empty');

    // The purpose can be closed, and resumed from the recent list.
    await workspace.closePurpose();
    await expect(workspace.purposeBar).toHaveAttribute('data-purpose-state', 'none');
    await workspace.purposeBar.getByRole('button', { name: 'Recent' }).click();
    await page.getByRole('menuitem', { name: /26-004512/ }).click();
    await expect(workspace.purposeBar).toContainText('Case 26-004512');
  });
});
