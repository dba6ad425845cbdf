import { accessSync, constants, existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, test, expect } from '@playwright/test';

/** The Electron binary's path, or null where `npm install` could not download it. */
function electronBinary(): string | null {
  try {
    const path = createRequire(__filename)('electron') as unknown;
    if (typeof path !== 'string' || !existsSync(path)) return null;
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const REPO = resolve(__dirname, '../..');

test.describe('the real Electron shell', () => {
  test.skip(binary === null, 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD)');

  test('opens the first-run screen with the contract bridge and a locked-down window', async ({}, testInfo) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'canvass-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      // A fresh profile and a fresh store.
      args: [
        join(REPO, 'out/main/index.js'),
        `--user-data-dir=${dataDir}`,
        `--canvass-data-dir=${join(dataDir, 'workstation')}`,
      ],
      cwd: REPO,
    });
    try {
      const win = await app.firstWindow();
      await expect(win.locator('html[data-canvass-ready="true"]')).toBeAttached({ timeout: 30_000 });
      await expect(win.locator('[data-screen="setup"]')).toBeVisible();

      // The renderer sees only the contract: no Node, no generic IPC.
      const exposed = await win.evaluate(() => ({
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        methods: Object.keys((globalThis as unknown as { canvass: object }).canvass).sort(),
      }));
      expect(exposed.require).toBe('undefined');
      expect(exposed.process).toBe('undefined');
      expect(exposed.methods).toContain('app.state');
      expect(exposed.methods).not.toContain('send');

      // New windows are denied; the CSP is in force.
      const opened = await win.evaluate(
        () => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com') === null,
      );
      expect(opened).toBe(true);
      expect(app.windows()).toHaveLength(1);
      const csp = await win.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      expect(csp).toContain("script-src 'self'");

      await win.screenshot({ path: testInfo.outputPath('electron-setup.png') });
    } finally {
      await app.close();
    }
  });
});
