import { test, expect } from './fixtures';
import { ADMIN, INVESTIGATOR, seedAgency } from './seed';
import { tabTo } from './pages/keyboard';

/**
 * #23's walk of every screen: each one is a `shot`, so the axe fixture scans it in light and dark (tests/e2e/a11y.ts).
 * The other specs reach the screens with data in them (search results, the map, the detail, the re-read…);
 * these make sure no screen of the navigation is left out, in both themes as shown, and at 200 % zoom.
 */
test.describe('accessibility', () => {
  test('every screen of the navigation, shown in the dark theme, passes WCAG 2.1 AA', async ({
    app,
    host,
    page,
    shot,
  }) => {
    test.setTimeout(600_000); // 17 screens, each scanned twice: minutes on a loaded two-core machine
    await seedAgency(host);
    await app.reload();
    await shot('a11y-signin');
    await app.signIn.signIn(ADMIN.username, ADMIN.password);
    await expect(app.workspace.root).toBeVisible();
    await app.workspace.themeToggle.click();
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');

    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    const names = await nav.getByRole('button').allInnerTexts();
    expect(names.length).toBeGreaterThan(8);
    for (const raw of names) {
      const name = raw.split('\n')[0]!.trim();
      await nav.getByRole('button', { name, exact: false }).first().click();
      await expect(nav.getByRole('button', { name, exact: false }).first()).toHaveAttribute('aria-current', 'page');
      await page.waitForTimeout(300); // the panel's first load
      await shot(`a11y-dark-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`);
    }

    // The dialogs of the header and the purpose bar.
    await page.getByRole('button', { name: 'Change your password' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await shot('a11y-dark-password-dialog');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();

    await app.workspace.purposeBar.getByRole('button', { name: /Open purpose/ }).click();
    await expect(app.workspace.purposeDialog).toBeVisible();
    await shot('a11y-dark-purpose-dialog');
    await page.keyboard.press('Escape');
    await expect(app.workspace.purposeDialog).toBeHidden();
  });

  test('at 200 % zoom (1366×768 shown as 683×384 CSS px) the workspace still works', async ({
    app,
    host,
    page,
    shot,
  }) => {
    await seedAgency(host);
    await page.setViewportSize({ width: 683, height: 384 });
    await app.reload();
    await shot('a11y-zoom-signin');
    await app.signIn.signIn(ADMIN.username, ADMIN.password);
    await expect(app.workspace.root).toBeVisible();
    // No sideways scrolling of the page (WCAG 1.4.10 asks it at 320 px; 683 px is the 200 % case here).
    const overflow = await page.locator('html').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow, 'the page scrolls sideways').toBeLessThanOrEqual(0);
    // The navigation is behind the burger at this width and every section is reachable from it.
    const burger = page.getByRole('button', { name: /navigation/i });
    await expect(burger).toBeVisible();
    await burger.click();
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav.getByRole('button', { name: 'Audits of use' })).toBeVisible();
    await shot('a11y-zoom-navigation');
    await nav.getByRole('button', { name: 'Audits of use' }).click();
    await expect(nav.getByRole('button', { name: 'Audits of use' })).toHaveAttribute('aria-current', 'page');
    await shot('a11y-zoom-audits');
  });

  test('keyboard focus is visible in both themes', async ({ app, host, page, shot }) => {
    await seedAgency(host);
    await app.reload();
    await tabTo(page, page.getByLabel('Username'));
    await shot('focus-signin-username-light');
    await app.signIn.signIn(INVESTIGATOR.username, INVESTIGATOR.password);
    await expect(app.workspace.root).toBeVisible();
    const toggle = app.workspace.themeToggle;
    await toggle.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab'); // focus by keyboard, so :focus-visible applies
    await expect(toggle).toBeFocused();
    const ring = async () =>
      toggle.evaluate((el) => {
        const s = el.ownerDocument.defaultView!.getComputedStyle(el);
        return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor };
      });
    const light = await ring();
    expect(light.style).toBe('solid');
    expect(light.width).toBeGreaterThanOrEqual(2);
    await shot('focus-theme-toggle-light');
    await page.keyboard.press('Enter');
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await expect(toggle).toBeFocused();
    const dark = await ring();
    expect(dark.style).toBe('solid');
    expect(dark.color, 'the ring is recoloured for the dark theme').not.toBe(light.color);
    await shot('focus-theme-toggle-dark');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('button', { name: 'Settings' }).focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    await shot('focus-nav-dark');
  });
});
