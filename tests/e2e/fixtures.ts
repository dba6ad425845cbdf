import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { startHost, type Host } from './host/startHost';
import { CanvassApp } from './pages/CanvassApp';
import { a11yScanner, formatViolations, type A11yScanner } from './a11y';

export const SCREENSHOT_DIR = resolve(__dirname, '../../test-results/screenshots');
const A11Y_DIR = resolve(__dirname, '../../test-results/a11y');

type Fixtures = {
  /** A fresh e2e host with its own empty data folder, per test. */
  host: Host;
  /** The app loaded in the page, past its ready signal. */
  app: CanvassApp;
  /**
   * Saves test-results/screenshots/<name>.png and attaches it to the test's output, then scans that screen
   * with axe in both colour schemes (every screenshot is a screen).
   */
  shot: (name: string) => Promise<void>;
  /**
   * The WCAG 2.1 AA check (tests/e2e/a11y.ts): scans every screen `shot` saves and the last screen of the test;
   * `a11y.scan(name)` scans a state no screenshot shows. Any violation fails the test, listed.
   */
  a11y: A11yScanner;
};

export const test = base.extend<Fixtures>({
  host: async ({}, use, testInfo) => {
    const host = await startHost({ dataDir: testInfo.outputPath('data') });
    try {
      await use(host);
    } finally {
      await host.stop();
      if (testInfo.status !== testInfo.expectedStatus && host.log()) {
        await testInfo.attach('e2e-host.log', { body: host.log(), contentType: 'text/plain' });
      }
    }
  },
  baseURL: async ({ host }, use) => use(host.url),
  extraHTTPHeaders: async ({ host }, use) => use(host.headers),
  a11y: async ({ page }, use, testInfo) => {
    const scanner = a11yScanner(page, testInfo);
    await use(scanner);
    // The screen the test ends on, unless the test already failed (its own failure is the one to read).
    if (testInfo.status === testInfo.expectedStatus && testInfo.expectedStatus === 'passed') {
      await scanner.scan(`end of "${testInfo.title}"`);
    }
    testInfo.annotations.push({ type: 'a11y', description: `${scanner.scans} screen state(s) scanned` });
    // One file per test (test-results/a11y/) for the conformance report's figures: screens scanned, violations.
    mkdirSync(A11Y_DIR, { recursive: true });
    const file = join(
      A11Y_DIR,
      `${testInfo.titlePath
        .join(' › ')
        .replace(/[^\w.-]+/g, '_')
        .slice(0, 180)}.json`,
    );
    writeFileSync(
      file,
      JSON.stringify({ test: testInfo.titlePath, scans: scanner.scans, violations: scanner.violations }),
    );
    expect(scanner.violations.length, formatViolations(scanner.violations)).toBe(0);
  },
  app: async ({ page, a11y: _a11y }, use) => {
    // Nothing may break the CSP or throw in the renderer while a walkthrough runs.
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      const text = m.text();
      // A meta-delivered CSP cannot carry frame-ancestors (Electron sends it as a header); Chromium says so.
      if (m.type() === 'error' && !/frame-ancestors.*ignored/i.test(text)) problems.push(`console error: ${text}`);
    });
    const app = new CanvassApp(page);
    await app.load();
    await use(app);
    expect(problems, 'the renderer logged errors').toEqual([]);
  },
  shot: async ({ page, a11y }, use, testInfo) => {
    await use(async (name) => {
      await saveScreenshot(page, testInfo, name);
      await a11y.scan(name);
    });
  },
});

export { expect };

export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // Let Mantine's transitions settle so the picture shows the finished screen.
  await page.waitForTimeout(250);
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
