import { test, expect } from './fixtures';
import { startTestAgency, type TestAgency } from '../agency/testing';
import type { GeneratedDetection } from '../agency/generator/dataset';
import { investigatorSignedIn } from './agencyData';

const MINUTE = 60_000;

/**
 * A time window of the generated traffic holding at most `maxRows` reads and as many of the generator's
 * injected misreads as can be had (misreads are ~3 % of reads): from a minute before one misread to a minute
 * after a later one.
 */
function windowWithMisreads(all: GeneratedDetection[], maxRows: number) {
  const sorted = [...all].sort((a, b) => a.data.seenAt - b.data.seenAt);
  const misreads = sorted.filter((d) => d.truth.misread);
  let best: { from: number; to: number; rows: GeneratedDetection[]; misreads: GeneratedDetection[] } | null = null;
  for (let i = 0; i < misreads.length; i++) {
    for (let j = i; j < misreads.length; j++) {
      const from = Math.floor(misreads[i]!.data.seenAt / MINUTE) * MINUTE - MINUTE;
      const to = Math.ceil(misreads[j]!.data.seenAt / MINUTE) * MINUTE + MINUTE;
      const rows = sorted.filter((d) => d.data.seenAt >= from && d.data.seenAt <= to);
      if (rows.length > maxRows) break;
      const inside = rows.filter((d) => d.truth.misread);
      if (!best || inside.length > best.misreads.length) best = { from, to, rows, misreads: inside };
    }
  }
  return best!;
}

/** The page runs in UTC (playwright.config.ts): a datetime-local value is the ISO time to the minute. */
const local = (ms: number) => new Date(ms).toISOString().slice(0, 16);

/**
 * Batch re-read from the search results, against data synced from the reference agency server: the images
 * are fetched from the server as the batch goes, the generator's injected misreads come first in the report,
 * one is opened and corrected; a second batch survives a reload of the window and is stopped midway.
 */
test.describe('batch re-read of search results', () => {
  let agency: TestAgency;
  let all: GeneratedDetection[];
  test.beforeAll(async () => {
    // Week-aligned: the generator then makes the same detections and images, at the same offsets, all week,
    // so the window, its misreads and the OCR's answers are the same from run to run.
    const week = 7 * 24 * 60 * MINUTE;
    agency = await startTestAgency({ detections: 3000, seed: 7, days: 7, endMs: Math.floor(Date.now() / week) * week });
    all = [...agency.dataset.detections()].flatMap((c) => c.detections);
  });
  test.afterAll(async () => {
    await agency.close();
  });

  test('re-reads a result set, reports the misreads first, opens one to correct, and takes a second batch up after a reload and stops it', async ({
    host,
    app,
    page,
    shot,
  }) => {
    test.setTimeout(180_000);
    const target = windowWithMisreads(all, 36);
    expect(target.misreads.length).toBeGreaterThanOrEqual(3);
    const misreadIds = target.misreads.map((d) => d.id).sort((a, b) => a - b);

    await investigatorSignedIn(
      host,
      app,
      agency,
      'Checking the plate reads of the canvass window before relying on them',
    );
    const { workspace, search } = app;

    await page.getByTestId('time-from').fill(local(target.from));
    await page.getByTestId('time-to').fill(local(target.to));
    await search.run();
    await expect(search.count).toBeVisible();
    const count = Number((await search.count.innerText()).replace(/[^\d]/g, ''));
    expect(count).toBe(target.rows.length);

    // Confirm with the count and an estimate.
    const header = page.getByRole('button', { name: 'Re-read plates' });
    await header.click();
    const dialog = page.getByRole('dialog', { name: 'Re-read plates' });
    await expect(dialog.getByTestId('reread-confirm-count')).toHaveText(String(count));
    await expect(dialog.getByTestId('reread-estimate')).toContainText(/This takes (a few seconds|under a minute)/);
    await shot('reread-confirm');
    await dialog.getByRole('button', { name: 'Start re-reading' }).click();

    // Progress in the dialog, then in the results header once the dialog is closed.
    await expect(dialog.getByTestId('reread-progress-text')).toContainText(new RegExp(`of ${count}`));
    await expect(dialog.getByRole('progressbar', { name: 'Re-read progress' })).toBeVisible();
    await shot('reread-progress');
    const status = page.getByTestId('reread-status');
    // A quiet machine reads these 35 plates in a few seconds: the batch may finish, and the dialog turn to its
    // report, between seeing "Keep working" and clicking it. Then there is nothing to keep working past.
    const keepWorking = dialog.getByRole('button', { name: 'Keep working' });
    const kept =
      (await keepWorking.isVisible()) &&
      (await keepWorking.click({ timeout: 3_000 }).then(
        () => true,
        () => false,
      ));
    if (kept) {
      await expect(dialog).toBeHidden();
      await expect(status).toBeVisible();
      await shot('reread-status-running');
    }
    await expect(status).toHaveAttribute('data-status', 'finished', { timeout: 90_000 });
    await expect(status).toContainText('flagged');

    // The report: the injected misreads are flagged and come first.
    if (!(await dialog.isVisible())) await status.click();
    const report = dialog.getByTestId('reread-report');
    await expect(report).toBeVisible();
    const items = report.getByTestId('reread-report-item');
    const listed = await items.evaluateAll((els) =>
      els.map((e) => ({ id: Number(e.getAttribute('data-detection-id')), flagged: e.getAttribute('data-flagged') })),
    );
    const flagged = listed.filter((i) => i.flagged === 'true');
    expect(flagged.map((i) => i.id).sort((a, b) => a - b)).toEqual(expect.arrayContaining(misreadIds));
    // Flagged first: no flagged line after an unflagged one.
    expect(listed.slice(0, flagged.length).every((i) => i.flagged === 'true')).toBe(true);
    expect(listed.length).toBeGreaterThanOrEqual(misreadIds.length);
    await expect(items.first().getByTestId('reread-comparison')).toBeVisible();
    await shot('reread-report');

    // Open the likeliest injected misread from the keyboard: the detail shows the batch's read, ready to correct.
    const at = listed.findIndex((i) => misreadIds.includes(i.id));
    const first = listed[at]!.id;
    const truth = all.find((d) => d.id === first)!.truth.plate;
    await items.nth(at).focus();
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(search.detail).toHaveAttribute('data-detection-id', String(first));
    const result = search.detail.getByTestId('reread-result');
    await expect(result.getByTestId('reread-earlier')).toBeVisible();
    await expect(result.getByTestId('reread-flagged')).toBeVisible();
    await result.getByRole('button', { name: 'Record corrected read' }).click();
    const form = search.detail.getByRole('form', { name: 'Record corrected read' });
    await form.getByRole('radio', { name: new RegExp(`The re-read, ${truth}`) }).check();
    await form.getByLabel('Reason').fill('Plate crop checked by eye: the re-read matches the characters on the plate.');
    await form.getByRole('button', { name: 'Record correction' }).click();
    await expect(search.detail.getByTestId('correction-saved')).toBeVisible();
    await expect(search.detail.getByTestId('current-correction')).toContainText(truth);
    await shot('reread-correction');
    await page.keyboard.press('Escape');
    await expect(search.detail).toHaveCount(0);

    // Brushing the timeline narrows a batch to the span: the confirmation counts only the brushed reads.
    await search.timeline.getByRole('group').focus();
    const brushedCount = page.getByTestId('search-brushed-count');
    let inSpan = 0;
    for (let i = 0; i < 60 && (inSpan === 0 || inSpan === count); i++) {
      await page.keyboard.press('Shift+ArrowRight');
      if (await brushedCount.isVisible()) inSpan = Number((await brushedCount.innerText()).replace(/[^\d]/g, ''));
    }
    expect(inSpan).toBeGreaterThan(0);
    expect(inSpan).toBeLessThan(count);
    await header.click();
    await expect(dialog.getByTestId('reread-confirm-count')).toHaveText(String(inSpan));
    await shot('reread-confirm-brushed');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();

    // A second, longer batch (a wider window, images not fetched yet), stopped midway: a day of reads takes a
    // minute or more to re-read, long enough for the reload and the stop below on any machine.
    await page.getByTestId('time-from').fill(local(target.from - 24 * 60 * MINUTE));
    await search.run();
    await expect(search.count).not.toHaveText(`${count} detections`);
    const wider = Number((await search.count.innerText()).replace(/[^\d]/g, ''));
    expect(wider).toBeGreaterThan(count + 20);
    await header.click();
    await dialog.getByRole('button', { name: 'Start re-reading' }).click();
    const progress = dialog.getByTestId('reread-progress-text');
    await expect(progress).toContainText(/Re-reading ([1-9]|\d\d+) of/, { timeout: 30_000 });

    // A reload mid-batch: main carries on, and the window takes the batch up again from main.
    await app.reload();
    await expect(status).toHaveAttribute('data-status', 'running', { timeout: 10_000 });
    await expect(status).toContainText(new RegExp(`Re-reading \\d+/${wider}`));
    await shot('reread-after-reload');
    await status.click();
    await expect(progress).toContainText(/Re-reading ([3-9]|\d\d+) of/, { timeout: 30_000 });
    await dialog.getByRole('button', { name: 'Stop the re-read' }).click();
    await expect(progress).toContainText('Re-read cancelled after', { timeout: 30_000 });
    const done = Number(/after (\d+) of/.exec(await progress.innerText())![1]);
    expect(done).toBeGreaterThanOrEqual(3);
    expect(done).toBeLessThan(wider);
    await expect(dialog.getByTestId('reread-report')).toBeVisible();
    await shot('reread-cancelled');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(status).toHaveAttribute('data-status', 'cancelled');
    await expect(status).toContainText(`Re-read cancelled ${done}/${wider}`);

    // The same report in the dark scheme.
    await workspace.themeToggle.click();
    await status.click();
    await expect(dialog.getByTestId('reread-report')).toBeVisible();
    await shot('reread-cancelled-dark');
  });
});
