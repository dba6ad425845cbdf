import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { ADMIN, INVESTIGATOR, seedAgency } from './seed';

/**
 * Settings, end to end: an administrator points the map at the agency's own PMTiles file (served here by a
 * tiny loopback server with Range support) and main checks it before saving; a source that is not a PMTiles
 * archive is refused with the reason and changes nothing. An investigator sees the setting but cannot change it.
 */
const ARCHIVE = readFileSync(resolve(__dirname, '../../resources/basemap/admin.pmtiles'));
let server: Server;
let base: string;

test.beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/tiles/county.pmtiles') {
      const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
      if (!m) return void res.writeHead(200, { 'content-length': ARCHIVE.length }).end(ARCHIVE);
      const [from, to] = [Number(m[1]), Math.min(Number(m[2]), ARCHIVE.length - 1)];
      res.writeHead(206, {
        'content-type': 'application/octet-stream',
        'content-range': `bytes ${from}-${to}/${ARCHIVE.length}`,
        'content-length': to - from + 1,
      });
      return void res.end(ARCHIVE.subarray(from, to + 1));
    }
    const page = `<!doctype html><html><body>${'County GIS portal: please sign in. '.repeat(10)}</body></html>`;
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(page) }).end(page);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((ok) => server.close(ok));
});

const openSettings = (page: Page) =>
  page.getByRole('navigation', { name: 'Main navigation' }).getByText('Settings', { exact: true }).click();

test.describe('settings', () => {
  test.beforeEach(async ({ host }) => {
    await seedAgency(host);
  });

  test('an administrator switches the map to the agency’s PMTiles file; a bad address changes nothing', async ({
    app,
    page,
    host,
    shot,
  }) => {
    await app.signIn.signIn(ADMIN.username, ADMIN.password);
    await openSettings(page);
    const card = page.getByTestId('basemap-settings');
    await expect(page.getByTestId('basemap-current')).toContainText('Offline');
    await expect(card).toContainText('The default: no administrator has changed it.');
    await shot('settings-offline');

    await card.getByRole('radio', { name: 'Agency PMTiles file' }).check();
    const address = card.getByLabel('Address of the PMTiles file');
    await address.fill(`${base}/portal/login`);
    await card.getByRole('button', { name: 'Check and save' }).click();
    await expect(page.getByTestId('basemap-error')).toContainText('not a PMTiles archive');
    await expect(page.getByTestId('basemap-current')).toContainText('Offline');
    expect((await host.must('map.basemap')).setting).toEqual({ kind: 'offline' });
    await shot('settings-basemap-refused');

    await address.fill(`${base}/tiles/county.pmtiles`);
    await address.press('Enter');
    await expect(page.getByTestId('basemap-saved')).toContainText('checked');
    await expect(page.getByTestId('basemap-current')).toContainText('county.pmtiles');
    await expect(card).toContainText(`Set by ${ADMIN.username}`);
    await expect(page.getByTestId('basemap-error')).toHaveCount(0);
    const saved = await host.must('map.basemap');
    expect(saved.setting).toEqual({ kind: 'pmtiles', url: `${base}/tiles/county.pmtiles` });
    await shot('settings-basemap-saved');

    await app.workspace.go('Access log');
    const newest = page.getByTestId('audit-table').locator('tbody tr').first();
    await expect(newest).toContainText('map.setBasemap');
  });

  test('times can be shown in UTC; an investigator cannot change the basemap', async ({ app, page, shot }) => {
    await app.signIn.signIn(INVESTIGATOR.username, INVESTIGATOR.password);
    await openSettings(page);
    await expect(page.getByTestId('basemap-settings')).toContainText('Only an ALPR administrator changes the basemap.');
    await expect(page.getByRole('radio', { name: 'Agency PMTiles file' })).toHaveCount(0);
    await page.getByText('UTC', { exact: true }).click();
    await expect(page.getByTestId('time-example')).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    await page.getByTestId('theme-toggle').click();
    await shot('settings-investigator-dark');
  });
});
