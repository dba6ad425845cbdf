import { test, expect } from './fixtures';
import { setUpAsAgencyAdmin } from './agencyData';
import { startTestAgency, type TestAgency } from '../agency/testing';

/**
 * An administrator enrolls the workstation with a real reference agency server on loopback and syncs from the
 * Sync screen: progress while it runs, then the feeds and the outcome. Then a big sync (200,000 new detections on
 * the server) shows its progress, is cancelled and resumed; the sync window refused beyond the policy's retention;
 * the quarantine empty, then listing a record the server sent malformed.
 */
test.describe('sync with the agency server', () => {
  let agency: TestAgency;
  test.beforeAll(async () => {
    agency = await startTestAgency({ detections: 3000, seed: 5 });
  });
  test.afterAll(async () => {
    await agency.close();
  });

  test('an administrator enrolls the workstation and syncs, watching progress', async ({ host, app, page, shot }) => {
    // The workstation's first administrator is the agency's ALPR administrator (same username on the server),
    // with a password of their own here.
    const server = await setUpAsAgencyAdmin(host, agency, 'Harbor-Lantern-2291');
    // Setup leaves its administrator signed in.
    await page.reload();
    await expect(app.workspace.root).toBeVisible();
    await app.workspace.go('Sync');

    const form = page.getByRole('form', { name: 'Enroll this workstation' });
    await form.getByLabel('Agency server address').fill(agency.url);
    await form.getByLabel('Your server username').fill('admin.ramirez');
    await form.getByLabel('Your server password').fill(server.password);
    await form.getByLabel('Workstation name').fill('Detective bureau laptop 3');
    // Text that is not a certificate is refused by main, word for word, and nothing is enrolled.
    const ca = form.getByLabel('Agency certificate authority (optional)');
    await ca.fill('our agency root');
    await form.getByRole('button', { name: 'Enroll' }).click();
    await expect(form.getByRole('alert')).toContainText('as PEM text');
    await shot('sync-enroll-ca-refused');
    await ca.fill('');
    await shot('sync-enroll');
    await form.getByRole('button', { name: 'Enroll' }).click();

    await page.getByRole('button', { name: 'Sync now' }).click();
    // The first sync starts a server session: the screen asks for the password, then syncs.
    await expect(page.getByText('The agency server needs your password')).toBeVisible();
    await page.getByLabel('Your agency-server password').fill(server.password);
    await page.getByRole('button', { name: 'Sign in and sync' }).click();
    await expect(page.getByTestId('sync-finished')).toContainText('Sync finished', { timeout: 60_000 });
    await expect(page.getByRole('table', { name: 'Feeds' })).toContainText('detections');
    await expect(page.getByRole('table', { name: 'Feeds' })).toContainText('3,000');
    await shot('sync-finished');
  });

  test('a big sync shows progress, Cancel stops it and the next sync resumes; window and quarantine', async ({
    host,
    app,
    page,
    shot,
  }) => {
    test.setTimeout(180_000);
    const server = await setUpAsAgencyAdmin(host, agency, 'Harbor-Lantern-2291');
    await host.must('sync.enroll', {
      serverUrl: agency.url,
      username: 'admin.ramirez',
      password: server.password,
      name: 'Detective bureau laptop 4',
    });
    await page.reload();
    await expect(app.workspace.root).toBeVisible();
    await app.workspace.go('Sync');

    // Nothing quarantined yet: the list says so.
    const quarantine = page.getByTestId('sync-quarantine');
    await expect(quarantine.getByTestId('sync-quarantine-empty')).toContainText('No records are quarantined');

    // The window: beyond the policy's retention main refuses it, with its own words; nothing changes.
    const windowCard = page.getByTestId('sync-window');
    const before = (await host.must('sync.status')).windowDays;
    const refused = await host.call('sync.setWindow', { days: 3000 });
    expect(refused.ok).toBe(false);
    const refusal = refused.ok ? '' : refused.error.message;
    expect(refusal).toMatch(/policy keeps detections for \d+ days at most/);
    await windowCard.getByLabel('Days kept').fill('3000');
    await windowCard.getByRole('button', { name: 'Save' }).click();
    await expect(windowCard.getByTestId('sync-window-error')).toContainText(refusal);
    expect((await host.must('sync.status')).windowDays).toBe(before);
    await shot('sync-window-refused');
    await windowCard.getByLabel('Days kept').fill('120');
    await windowCard.getByRole('button', { name: 'Save' }).click();
    await expect(windowCard.getByTestId('sync-window-saved')).toContainText('keeps the last 120 days');
    await expect(page.getByText('keeps the last 120 days')).toHaveCount(2); // the header says so too
    expect((await host.must('sync.status')).windowDays).toBe(120);

    // A big sync: the server holds 200,000 more detections, and one record of the first page is malformed.
    const total = agency.server.db.prepare('SELECT count(*) AS n FROM detections').get() as { n: number };
    agency.server.appendDetections(200_000);
    const serverTotal = total.n + 200_000;
    agency.server.injectFault({ kind: 'corrupt-record', feed: 'detections' });
    // Every later page of the feed waits a little, so the Cancel below lands mid-sync however fast this machine is.
    agency.server.injectFault({ kind: 'slow', feed: 'detections', delayMs: 150, times: 100_000 });
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByLabel('Your agency-server password').fill(server.password);
    await page.getByRole('button', { name: 'Sign in and sync' }).click();

    // Progress: the feed, records and rate, and a bar that moves.
    const progress = page.getByTestId('sync-progress');
    await expect(progress).toContainText('Receiving detections', { timeout: 30_000 });
    const recordsShown = async () =>
      Number(/([\d,]+) records/.exec((await progress.textContent()) ?? '')?.[1]?.replace(/,/g, '') ?? 0);
    await expect.poll(recordsShown, { timeout: 30_000, intervals: [100] }).toBeGreaterThan(5_000);
    const bar = progress.getByRole('progressbar', { name: 'Sync progress' });
    await expect
      .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { intervals: [100] })
      .toBeGreaterThan(0);
    await shot('sync-progress');

    // Cancel: the worker stops after its page; the screen says what happened and what was kept.
    await page.getByRole('button', { name: 'Cancel sync' }).click();
    const outcome = page.getByTestId('sync-finished');
    await expect(outcome).toContainText('Sync cancelled', { timeout: 30_000 });
    await expect(outcome).toContainText('Stopped on request after');
    await expect(outcome).toContainText('the next sync continues from there');
    await expect(progress).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Sync now' })).toBeVisible();
    const cancelled = await host.must('sync.status');
    expect(cancelled.lastRun?.outcome).toBe('cancelled');
    const kept = cancelled.cursors.find((c) => c.feed === 'detections')?.records ?? 0;
    expect(kept, 'the cancelled sync kept what it had received').toBeGreaterThan(0);
    expect(kept).toBeLessThan(serverTotal);
    await shot('sync-cancelled');
    agency.server.clearFaults();

    // The malformed record is listed with its reason.
    const rows = quarantine.getByRole('table', { name: 'Quarantined records' }).locator('tbody tr');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('detections');
    await expect(rows.first()).toContainText(/version|plate/);
    await quarantine.scrollIntoViewIfNeeded();
    await shot('sync-quarantine');

    // The next sync resumes: it receives only what the cancelled one had not, and ends with every record.
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(outcome).toContainText('Sync finished', { timeout: 90_000 });
    const finished = await host.must('sync.status');
    expect(finished.lastRun?.outcome).toBe('ok');
    // It received what was left (plus the other feeds: the hits the new traffic raised), not everything again.
    expect(finished.lastRun?.records ?? Infinity).toBeLessThan(serverTotal - kept / 2);
    const feed = finished.cursors.find((c) => c.feed === 'detections')!;
    // The cursor counts every record received: each arrived once (the quarantined one may be counted too).
    expect(feed.records).toBeGreaterThanOrEqual(serverTotal - 1);
    expect(feed.records).toBeLessThanOrEqual(serverTotal);
    await expect(page.getByRole('table', { name: 'Feeds' })).toContainText(feed.records.toLocaleString('en-US'));
    await shot('sync-resumed');
  });
});
