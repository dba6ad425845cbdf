import { test, expect } from './fixtures';
import { startTestAgency, type TestAgency } from '../agency/testing';
import { AgencyDataset, type GeneratedDetection } from '../agency/generator/dataset';
import { investigatorSignedIn } from './agencyData';

/**
 * A camera that keeps only an overview photo: the detail shows the overview and says there is no plate crop;
 * the re-read finds the plate in the overview and the detail outlines where it found it.
 */
test.describe('re-reading a detection that has only an overview photo', () => {
  let agency: TestAgency;
  let target: GeneratedDetection;
  test.beforeAll(async () => {
    // The same generator the agency is seeded from, run alone: it names a camera to make overview-only before
    // the server starts (same seed and end, same detections).
    const endMs = Math.floor(Date.now() / 86_400_000) * 86_400_000;
    const all = [...new AgencyDataset({ seed: 5, detections: 1500, days: 2, endMs }).detections()].flatMap(
      (c) => c.detections,
    );
    // A plate seen once, so a plate search finds this detection alone.
    const seen = new Map<string, number>();
    for (const d of all) seen.set(d.data.plate, (seen.get(d.data.plate) ?? 0) + 1);
    target = all.find(
      (d) => seen.get(d.data.plate) === 1 && !d.truth.misread && /^\d[A-Z]{3}\d{3}$/.test(d.data.plate),
    )!;
    agency = await startTestAgency({
      detections: 1500,
      seed: 5,
      days: 2,
      endMs,
      server: { overviewOnlyCameras: [target.data.cameraId] },
    });
  });
  test.afterAll(async () => {
    await agency.close();
  });

  test('finds the plate in the overview and outlines it', async ({ host, app, shot }) => {
    test.setTimeout(120_000);
    await investigatorSignedIn(host, app, agency, 'Checking a plate read from an overview-only camera');
    const { search } = app;
    await search.plate.fill(target.data.plate);
    await search.run();
    const row = search.resultsBody.locator(`[data-detection-id="${target.id}"]`);
    await expect(row).toBeVisible();
    await row.dblclick();
    await expect(search.detail).toHaveAttribute('data-detection-id', String(target.id));
    await expect(search.detail.getByTestId('overview-image-img')).toBeVisible({ timeout: 30_000 });
    await expect(search.detail.getByTestId('plate-image-missing')).toContainText('This camera keeps no plate crop');
    await expect(search.detail.getByTestId('overview-image-mark')).toHaveCount(0);

    await search.detail.getByRole('button', { name: 'Re-read plate' }).click();
    const result = search.detail.getByTestId('reread-result');
    await expect(result).toBeVisible({ timeout: 60_000 });
    await expect(result.getByTestId('reread-comparison')).toHaveAttribute(
      'aria-label',
      // The comparison spells each read for screen readers: "re-read 4 G K Y 5 9 4" (zero and O told apart).
      new RegExp(
        `re-read ${[...target.truth.plate].map((c) => (c === '0' ? 'zero' : c === 'O' ? 'letter O' : c)).join(' ')}`,
      ),
    );
    const mark = search.detail.getByTestId('overview-image-mark');
    await expect(mark).toBeVisible();
    await expect(search.detail.getByRole('img', { name: /the plate the re-read found outlined/ })).toBeVisible();
    await search.detail.getByTestId('overview-image').scrollIntoViewIfNeeded();
    await shot('overview-reread-outline');
  });
});
