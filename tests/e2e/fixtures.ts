import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { startHost, type Host } from './host/startHost';
import { CanvassApp } from './pages/CanvassApp';

export const SCREENSHOT_DIR = resolve(__dirname, '../../test-results/screenshots');

type Fixtures = {
  /** A fresh e2e host with its own empty data folder, per test. */
  host: Host;
  /** The app loaded in the page, past its ready signal. */
  app: CanvassApp;
  /** Saves test-results/screenshots/<name>.png and attaches it to the test's output. */
  shot: (name: string) => Promise<void>;
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
  app: async ({ page }, use) => {
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
  shot: async ({ page }, use, testInfo) => {
    await use((name) => saveScreenshot(page, testInfo, name));
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
