import { test, expect } from './fixtures';
import { startTestAgency, type TestAgency } from '../agency/testing';
import { syncedWorkstation } from './agencyData';
import { focusedIn, tabTo } from './pages/keyboard';

/**
 * #23: the whole investigator path without a mouse — sign in, open a purpose, search, open a read's detail and
 * come back — with Tab, Shift+Tab, Enter and Escape (typing into fields, and the arrow keys inside the results
 * grid and the purpose list, are the keyboard too). Focus goes back where it came from after every dialog.
 */
test.describe('keyboard only', () => {
  let agency: TestAgency;
  test.beforeAll(async () => {
    agency = await startTestAgency({ detections: 1500, seed: 7 });
  });
  test.afterAll(async () => {
    await agency.close();
  });

  test('sign in, open a purpose, search, open a result’s detail and back, without a mouse', async ({
    host,
    app,
    page,
    shot,
  }) => {
    test.setTimeout(240_000);
    const { investigator } = await syncedWorkstation(host, agency);
    await app.reload();
    const { workspace, search } = app;

    // Sign in.
    await tabTo(page, page.getByLabel('Username'));
    await page.keyboard.type(investigator.username);
    await tabTo(page, page.getByLabel('Password', { exact: true }));
    await page.keyboard.type(investigator.password);
    await page.keyboard.press('Enter');
    await expect(workspace.root).toBeVisible({ timeout: 20_000 });

    // Open a purpose from the purpose bar; the dialog takes the focus and keeps it.
    const openPurpose = workspace.purposeBar.getByRole('button', { name: /Open purpose/ });
    await tabTo(page, openPurpose);
    await shot('keyboard-open-purpose-focused');
    await page.keyboard.press('Enter');
    const dialog = workspace.purposeDialog;
    await expect(dialog).toBeVisible();
    await expect.poll(() => focusedIn(dialog)).toBe(true);
    await tabTo(page, dialog.getByRole('textbox', { name: 'Number' }));
    await page.keyboard.type(agency.dataset.truth.shooting.caseNumber);
    await tabTo(page, dialog.getByRole('combobox', { name: 'Authorized purpose' }));
    await page.keyboard.type('Canvass license');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await tabTo(page, dialog.getByLabel('Description'));
    await page.keyboard.type('Keyboard-only walk of the shooting case');
    await shot('keyboard-purpose-dialog');
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(workspace.purposeBar).toHaveAttribute('data-purpose-state', 'open');

    // Search a plate seen in the data; the count is announced (a polite live region).
    const plate = agency.dataset.truth.shooting.suspect.plate;
    await tabTo(page, search.plate);
    await page.keyboard.type(plate);
    await page.keyboard.press('Enter');
    await expect(search.count).toContainText('detection');
    await expect(page.locator('[aria-live="polite"]').filter({ has: search.count })).toHaveCount(1);

    // Into the results: one tab stop, arrows move, Enter opens the detail, Escape closes it and focus comes back.
    await tabTo(page, search.resultsBody);
    await page.keyboard.press('ArrowDown');
    await shot('keyboard-results-focused');
    await page.keyboard.press('Enter');
    await expect(search.detail).toBeVisible();
    await expect.poll(() => focusedIn(page.getByRole('dialog', { name: 'Read detail' }))).toBe(true);
    await shot('keyboard-detail');
    await page.keyboard.press('Escape');
    await expect(search.detail).toBeHidden();
    await expect(search.resultsBody).toBeFocused();

    // A header dialog: Escape returns the focus to the button that opened it.
    const password = page.getByRole('button', { name: 'Change your password' });
    await tabTo(page, password);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();
    await expect(password).toBeFocused();

    // The keyboard-shortcuts dialog of the search: Escape returns the focus to the grid.
    await search.resultsBody.focus();
    await page.keyboard.press('Shift+Slash');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();
    await expect(search.resultsBody).toBeFocused();
  });
});
