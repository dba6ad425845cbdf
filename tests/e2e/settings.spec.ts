import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { ADMIN, INVESTIGATOR, seedAgency } from './seed';
import { investigatorSignedIn } from './agencyData';
import { startTestAgency, type TestAgency } from '../agency/testing';

/**
 * Settings, end to end: an administrator points the map at the agency's own PMTiles file (served here by a
 * tiny loopback server with Range support) and main checks it before saving; a source that is not a PMTiles
 * archive is refused with the reason and changes nothing. An investigator sees the setting but cannot change it.
 * Against data synced from the reference agency server: the search screen keeps its work across a trip to
 * Settings and a lock, switching to UTC there changes every time the search screen shows (table, map labels,
 * time slider, timeline, detail), and a sign-out leaves nothing for the next user.
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

test.describe('the search screen keeps its work; times follow the UTC setting', () => {
  let agency: TestAgency;
  test.beforeAll(async () => {
    agency = await startTestAgency({ detections: 3000, seed: 11 });
  });
  test.afterAll(async () => {
    await agency.close();
  });

  /** A time shown as UTC: date, time, marked. */
  const UTC_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/;
  const LOCAL_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

  test('Settings and a lock do not lose the search; UTC everywhere; nothing after sign-out', async ({
    host,
    app,
    page,
    shot,
  }) => {
    test.setTimeout(150_000);
    const { investigator } = await investigatorSignedIn(host, app, agency, 'Shooting at Hillsdale: suspect vehicle');
    const { search } = app;
    const map = search.map;
    await expect(map).toHaveAttribute('data-map-ready', 'true', { timeout: 30_000 });
    await search.plate.fill('8K*');
    await search.run();
    await expect(search.count).toContainText('detections');
    const count = await search.count.textContent();

    // Narrow to a span on the timeline (keyboard brush), select a row in it, zoom the map in.
    const strip = search.timeline.getByRole('group');
    await strip.focus();
    for (let i = 0; i < 30; i++) await page.keyboard.press('Shift+ArrowRight');
    await expect(page.getByTestId('timeline-brushed')).toBeVisible();
    const brushed = await page.getByTestId('search-brushed-count').textContent();
    const row = search.resultsBody.locator('[data-detection-id]').first();
    await row.click();
    await expect(row).toHaveAttribute('aria-selected', 'true');
    const id = await row.getAttribute('data-detection-id');
    const timeCell = search.results.locator(`[data-detection-id="${id}"] [role="gridcell"]`).nth(2);
    const localTime = (await timeCell.textContent())!;
    expect(localTime).toMatch(LOCAL_TIME);
    const label = page.getByTestId('map-selected-label');
    await expect(label).toHaveText(new RegExp(` at ${localTime.slice(11)}$`));
    await map.getByRole('button', { name: 'Zoom in' }).click();
    await map.getByRole('button', { name: 'Zoom in' }).click();
    await page.waitForTimeout(600);
    // The scale bar's width in px follows the zoom and the latitude at the centre: the view, to a pixel.
    const scale = async () =>
      Number.parseFloat(
        /width:\s*([\d.]+)px/.exec((await map.locator('.maplibregl-ctrl-scale').getAttribute('style')) ?? '')?.[1] ??
          'NaN',
      );
    const view = await scale();
    await shot('workspace-before-settings');

    // To Settings: UTC. Back to Search: the same work, every time in UTC and marked.
    await openSettings(page);
    await page.getByText('UTC', { exact: true }).click();
    await expect(page.getByTestId('time-example')).toContainText(/\d\d:\d\d:\d\d UTC/);
    await app.workspace.go('Search');
    await expect(search.plate).toHaveValue('8K*');
    await expect(search.count).toHaveText(count!);
    await expect(page.getByTestId('search-brushed-count')).toHaveText(brushed!);
    await expect(search.results.locator(`[data-detection-id="${id}"]`)).toHaveAttribute('aria-selected', 'true');
    await expect.poll(scale, { message: 'the map kept its view' }).toBeCloseTo(view, 0);
    const utcTime = (await timeCell.textContent())!;
    expect(utcTime).toMatch(UTC_TIME);
    expect(Date.parse(utcTime.replace(' ', 'T').replace(' UTC', 'Z'))).toBe(
      new Date(localTime.replace(' ', 'T')).getTime(),
    );
    await expect(label).toHaveText(new RegExp(` at ${utcTime.slice(11)}$`));
    // The mark is not cut off: the time column widens for it.
    expect(await timeCell.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    await expect(page.getByTestId('timeline-brushed')).toContainText(/UTC – \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    await expect(map.getByTestId('map-time-slider')).toContainText(/UTC – .* UTC/);
    await shot('workspace-utc');
    await search.results.locator(`[data-detection-id="${id}"]`).dblclick();
    const fields = page.getByTestId('detail-fields');
    await expect(fields.locator('dt').nth(2)).toHaveText('Seen (UTC)');
    await expect(fields.locator('dd').nth(2)).toHaveText(utcTime);
    await expect(fields.locator('dd').nth(3)).toHaveText(localTime);
    await page.keyboard.press('Escape');
    await expect(fields).toHaveCount(0);

    // A lock and an unlock: the work is still there.
    await page.getByRole('button', { name: 'Lock the workstation' }).click();
    await expect(app.lock.root).toBeVisible();
    await expect(page.locator('[data-detection-id]')).toHaveCount(0);
    await app.lock.unlock(investigator.password);
    await expect(search.count).toHaveText(count!);
    await expect(search.plate).toHaveValue('8K*');
    await expect(page.getByTestId('search-brushed-count')).toHaveText(brushed!);
    await expect(search.results.locator(`[data-detection-id="${id}"]`)).toHaveAttribute('aria-selected', 'true');
    await expect(timeCell).toHaveText(utcTime);
    await expect(map).toHaveAttribute('data-map-ready', 'true', { timeout: 30_000 });
    await expect.poll(scale, { message: 'the map reopened where it was' }).toBeCloseTo(view, 0);
    await shot('workspace-after-unlock');

    // Sign out: the next person starts from an empty screen.
    await app.workspace.signOut();
    await app.signIn.signIn('et.chen', agency.dataset.users.find((u) => u.data.username === 'et.chen')!.password);
    await expect(app.workspace.root).toBeVisible({ timeout: 20_000 });
    await expect(search.plate).toHaveValue('');
    await expect(search.count).toHaveCount(0);
    await expect(page.locator('[data-detection-id]')).toHaveCount(0);
    await expect(page.getByTestId('map-selected-label')).toHaveText('');
    // Nor does the same investigator signing in again: a sign-out forgets the work, it is not only kept apart.
    await app.workspace.signOut();
    await app.signIn.signIn(investigator.username, investigator.password);
    await expect(app.workspace.root).toBeVisible({ timeout: 20_000 });
    await expect(search.plate).toHaveValue('');
    await expect(page.locator('[data-detection-id]')).toHaveCount(0);
  });
});
