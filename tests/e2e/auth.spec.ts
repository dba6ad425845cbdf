import { test, expect } from './fixtures';
import { ADMIN, INVESTIGATOR, seedAgency } from './seed';
import { UsersPage } from './pages/UsersPage';

test.describe('sign-in, lockout and idle lock', () => {
  test.beforeEach(async ({ host }) => {
    await seedAgency(host);
  });

  test('a wrong password gets a clear message and no way in', async ({ app, shot }) => {
    const { signIn, workspace } = app;
    await expect(signIn.root).toBeVisible();
    await signIn.signIn(INVESTIGATOR.username, 'not-the-password-1');
    await expect(signIn.error).toContainText('The username or password is incorrect.');
    await expect(signIn.error).toContainText('4 attempts left before the account locks');
    await shot('signin-wrong-password');
    await expect(workspace.root).toBeHidden();

    // An unknown username gets the same answer: Canvass does not reveal who has an account.
    await signIn.signIn('nobody', 'not-the-password-1');
    await expect(signIn.error).toContainText('The username or password is incorrect.');
  });

  test('locks the account after 5 failed sign-ins until an administrator unlocks it', async ({ app, page, shot }) => {
    const { signIn, workspace } = app;
    for (let attempt = 1; attempt <= 4; attempt++) {
      await signIn.signIn(INVESTIGATOR.username, `wrong-password-${attempt}`);
      await expect(signIn.error).toContainText(`${5 - attempt} attempt${5 - attempt === 1 ? '' : 's'} left`);
    }
    await signIn.signIn(INVESTIGATOR.username, 'wrong-password-5');
    await expect(signIn.error).toContainText('This account is locked after too many failed sign-ins');
    await expect(signIn.error).toContainText('An ALPR administrator must unlock it.');
    // Even the right password is refused now.
    await signIn.signIn(INVESTIGATOR.username, INVESTIGATOR.password);
    await expect(signIn.error).toContainText('This account is locked');
    await shot('signin-locked-out');

    // The administrator sees it and unlocks the account.
    await signIn.signIn(ADMIN.username, ADMIN.password);
    await expect(workspace.root).toBeVisible();
    const users = new UsersPage(page);
    await workspace.go('Users & training');
    await expect(users.row(INVESTIGATOR.username)).toContainText('Locked out');
    await shot('users-locked-out');
    await users.act(INVESTIGATOR.username, INVESTIGATOR.fullName, 'Unlock account');
    await expect(users.flash).toContainText(`${INVESTIGATOR.fullName} can sign in again.`);
    await expect(users.row(INVESTIGATOR.username)).not.toContainText('Locked out');
    await workspace.signOut();

    await signIn.signIn(INVESTIGATOR.username, INVESTIGATOR.password);
    await expect(workspace.root).toBeVisible();
    await expect(workspace.header).toContainText(INVESTIGATOR.fullName);
  });

  test('a person changes their own password: the old one stops working, the new one signs in', async ({
    app,
    page,
    shot,
  }) => {
    const { signIn, workspace } = app;
    await signIn.signIn(INVESTIGATOR.username, INVESTIGATOR.password);
    await expect(workspace.root).toBeVisible();
    await page.getByRole('button', { name: 'Change your password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change your password' });
    await dialog.getByLabel('Current password').fill('not-my-password-1');
    await dialog.getByLabel('New password', { exact: true }).fill('a-fresh-passphrase-42');
    await dialog.getByLabel('Confirm new password').fill('a-fresh-passphrase-42');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await expect(dialog).toContainText('The current password is incorrect.');
    await shot('change-password-wrong-current');
    await dialog.getByLabel('Current password').fill(INVESTIGATOR.password);
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('Your password was changed.')).toBeVisible();
    await workspace.signOut();

    await signIn.signIn(INVESTIGATOR.username, INVESTIGATOR.password);
    await expect(signIn.error).toContainText('The username or password is incorrect.');
    await signIn.signIn(INVESTIGATOR.username, 'a-fresh-passphrase-42');
    await expect(workspace.root).toBeVisible();
  });

  test('locks the workstation after the policy’s idle minutes and unlocks with the password', async ({
    app,
    host,
    shot,
  }) => {
    const { signIn, lock, workspace } = app;
    await signIn.signIn(INVESTIGATOR.username, INVESTIGATOR.password);
    await expect(workspace.root).toBeVisible();

    // The Oakland profile locks after 15 idle minutes: move the host's clock 16 minutes on.
    await host.setClock({ offsetMinutes: 16 });
    await expect(lock.root).toBeVisible();
    await expect(lock.root).toContainText('Locked after 15 minutes without activity.');
    await expect(lock.user).toContainText(INVESTIGATOR.fullName);
    await expect(workspace.root).toBeHidden();
    await shot('lock');

    await lock.unlock('wrong-password-1');
    await expect(lock.error).toContainText('That password is incorrect.');
    await shot('lock-wrong-password');
    await lock.unlock(INVESTIGATOR.password);
    await expect(workspace.root).toBeVisible();

    // Sign out from the lock screen also works.
    await host.setClock({ offsetMinutes: 40 });
    await expect(lock.root).toBeVisible();
    await lock.signOut();
    await expect(signIn.root).toBeVisible();
  });

  test('five wrong passwords at the lock screen end the session and lock the account', async ({ app, host }) => {
    const { signIn, lock, workspace } = app;
    await signIn.signIn(INVESTIGATOR.username, INVESTIGATOR.password);
    await expect(workspace.root).toBeVisible();
    await host.setClock({ offsetMinutes: 16 });
    await expect(lock.root).toBeVisible();
    for (let attempt = 1; attempt <= 4; attempt++) {
      await lock.unlock(`wrong-password-${attempt}`);
      await expect(lock.error).toContainText('That password is incorrect.');
    }
    await lock.unlock('wrong-password-5');
    await expect(signIn.root).toBeVisible();
    await expect(signIn.root).toContainText('This account is locked after too many failed sign-ins');
  });
});
