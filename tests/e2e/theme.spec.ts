import { test, expect } from './fixtures';
import { INVESTIGATOR, seedAgency } from './seed';

test.describe('theme', () => {
  test('switches between light and dark and remembers the choice', async ({ app, host, page, shot }) => {
    await seedAgency(host);
    await app.reload();
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');

    await app.signIn.signIn(INVESTIGATOR.username, INVESTIGATOR.password);
    await expect(app.workspace.root).toBeVisible();
    await app.workspace.themeToggle.click();
    await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await shot('workspace-dark');

    // The choice survives a restart of the renderer.
    await app.reload();
    await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await app.workspace.searchPlate('7ABC123');
    await expect(app.workspace.searchRefusal).toBeVisible();
    await shot('search-refused-dark');

    await app.workspace.signOut();
    await expect(app.signIn.root).toBeVisible();
    await shot('signin-dark');

    await app.workspace.themeToggle.click();
    await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
  });
});
