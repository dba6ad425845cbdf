import { test, expect } from './fixtures';
import { startTestAgency, type TestAgency } from '../agency/testing';
import { investigatorSignedIn } from './agencyData';
import { MapPage, type Rgb } from './pages/MapPage';
import type { CanvassApp } from './pages/CanvassApp';
import type { Host } from './host/startHost';

/** The map's colours (features/map/layers.ts PALETTES): a read, a group of reads, the selected read. */
const LIGHT = {
  point: [0x1d, 0x56, 0xab] as Rgb,
  cluster: [0x2a, 0x67, 0xc1] as Rgb,
  selected: [0xf0, 0x8c, 0x00] as Rgb,
};
const DARK_POINT: Rgb = [0x74, 0xa7, 0xea];

/**
 * The map and the read detail against data synced from the reference agency server: the shooting scenario's
 * suspect car (ground truth in the generator), seen by three cameras around the scene, with rendered evidence
 * images the workstation fetches from the server on first view.
 */
test.describe('map and read detail', () => {
  let agency: TestAgency;
  test.beforeAll(async () => {
    agency = await startTestAgency({ detections: 3000, seed: 11, images: 'evidence' });
  });
  test.afterAll(async () => {
    await agency.close();
  });

  async function signInWithPurpose(host: Host, app: CanvassApp): Promise<void> {
    await investigatorSignedIn(host, app, agency);
    await app.workspace.openPurposeDialogByKeyboard();
    await app.workspace.fillPurpose({
      kind: 'Case',
      number: agency.dataset.truth.shooting.caseNumber,
      purpose: 'Canvass license plates around a crime scene, especially homicides, shootings and other major incidents',
      description: 'Shooting at Hillsdale and El Camino: suspect vehicle',
    });
    await app.workspace.submitPurposeWithEnter();
    await expect(app.workspace.purposeBar).toContainText(agency.dataset.truth.shooting.caseNumber);
  }

  test('the map shows the basemap and the reads; a radius and a polygon are drawn; a click selects', async ({
    host,
    app,
    page,
    shot,
  }) => {
    const map = new MapPage(page);
    await signInWithPurpose(host, app);
    await map.waitForIdle();

    // Before any search: the basemap alone is not blank (land, county and state lines).
    const empty = await map.pixels();
    expect(empty.distinctColours, 'the basemap drew nothing').toBeGreaterThan(3);
    await shot('map-basemap');

    // A broad search: every read of plates starting 8K (the suspect's and the decoys' prefix).
    await app.search.plate.fill('8K*');
    await app.search.plate.press('Enter');
    await map.waitForResultsDrawn();
    await map.waitForIdle();
    const drawn = await map.pixels();
    const reads = drawn.near(LIGHT.point).count + drawn.near(LIGHT.cluster).count;
    expect(reads, 'no reads or clusters on the map').toBeGreaterThan(40);
    await expect(map.root.getByTestId('map-time-slider')).toBeVisible();
    await expect(map.root.getByTestId('map-notice'), 'a basemap resource failed to load').toHaveCount(0);
    await shot('map-results-light');

    // The time slider narrows what the map shows.
    const from = map.root.getByRole('slider', { name: 'Show reads from' });
    await from.focus();
    for (let i = 0; i < 120; i++) await page.keyboard.press('ArrowRight');
    await expect(map.root.getByTestId('map-time-count')).toContainText(' of ');
    await shot('map-time-filtered');
    for (let i = 0; i < 120; i++) await page.keyboard.press('ArrowLeft');
    await expect(map.root.getByTestId('map-time-count')).toContainText('All');

    // The suspect's plate alone: three reads; click one and it is selected (drawn in the selection colour).
    await app.search.plate.fill(agency.dataset.truth.shooting.suspect.plate);
    await app.search.plate.press('Enter');
    await map.waitForResultsDrawn(2);
    await map.waitForIdle();
    const before = await map.pixels();
    const point = before.near(LIGHT.point, 20);
    expect(point.centroid, 'no read drawn for the suspect').not.toBeNull();
    expect(before.near(LIGHT.selected, 30).count).toBe(0);
    const target = await map.readSpot(LIGHT.point);
    await page.mouse.click(target.x, target.y);
    await map.waitForIdle();
    expect((await map.pixels()).near(LIGHT.selected, 30).count, 'the clicked read is not highlighted').toBeGreaterThan(
      30,
    );
    await shot('map-selected');

    // A radius: press at the middle and drag 140 px; the readout gives it in metres or km.
    await map.drawRadius(0.5, 0.5, 140);
    await expect(map.readout).toHaveText(/^Radius \d+(\.\d+)? k?m$/);
    await map.waitForIdle();
    await shot('map-radius');

    // Then a polygon of four corners, finished with Enter; it replaces the radius.
    await map.drawPolygon([
      [0.3, 0.3],
      [0.7, 0.28],
      [0.72, 0.7],
      [0.32, 0.72],
    ]);
    await expect(map.readout).toHaveText('Polygon · 4 corners');
    await map.waitForIdle();
    await expect(map.root.getByTestId('map-notice')).toHaveCount(0);
    await shot('map-polygon');

    // Editing the finished polygon: drag the top edge's midpoint handle out to insert a corner…
    await map.drag([0.5, 0.29], [0.5, 0.14]);
    await expect(map.readout).toHaveText('Polygon · 5 corners');
    await map.waitForIdle();
    await shot('map-polygon-corner-added');
    // …delete one with a right-click, another by clicking it and pressing Delete…
    await map.rightClick(0.72, 0.7);
    await expect(map.readout).toHaveText('Polygon · 4 corners');
    const corner = await map.at(0.32, 0.72);
    await page.mouse.click(corner.x, corner.y);
    await page.keyboard.press('Delete');
    await expect(map.readout).toHaveText('Polygon · 3 corners');
    // …but never below three: the map says why and keeps the triangle.
    await map.rightClick(0.3, 0.3);
    await expect(map.root.getByTestId('map-draw-hint')).toContainText('at least three corners');
    await expect(map.readout).toHaveText('Polygon · 3 corners');
    await shot('map-polygon-edited');

    // Dark theme: the basemap and the reads repaint.
    await app.workspace.themeToggle.click();
    await page.mouse.move(700, 740); // no tooltip over the picture
    await map.waitForIdle();
    const dark = await map.pixels();
    expect(dark.near(DARK_POINT, 24).count, 'reads not repainted for the dark scheme').toBeGreaterThan(20);
    expect(dark.near([0xf8, 0xf9, 0xfa], 6).count, 'the basemap stayed light').toBeLessThan(
      dark.width * dark.height * 0.2,
    );
    await shot('map-polygon-dark');

    // Clearing the area removes it.
    await map.toolbar.getByRole('button', { name: 'Clear the search area' }).click();
    await expect(map.readout).toHaveCount(0);
  });

  test('a read opens in the detail: images to examine, re-read and a recorded correction', async ({
    host,
    app,
    page,
    shot,
  }) => {
    const map = new MapPage(page);
    await signInWithPurpose(host, app);
    await app.search.plate.fill(agency.dataset.truth.shooting.suspect.plate);
    await app.search.plate.press('Enter');
    await map.waitForResultsDrawn();
    await map.waitForIdle();

    // Double-click a read on the map opens it.
    const target = await map.readSpot(LIGHT.point);
    await page.mouse.dblclick(target.x, target.y);
    await expect(map.detail).toBeVisible();
    await expect(map.detail.locator('.detail-plate > [aria-hidden="true"]')).toHaveText(
      agency.dataset.truth.shooting.suspect.plate,
    );
    await expect(map.detail.getByTestId('detail-fields')).toContainText('Seen (UTC)');

    // The evidence images come from the agency server on this first view.
    const plateImg = map.detail.getByTestId('plate-image-img');
    await expect(plateImg).toBeVisible({ timeout: 30_000 });
    await expect(map.detail.getByTestId('overview-image-img')).toBeVisible();
    await expect(map.detail.getByTestId('camera-minimap').locator('canvas')).toBeVisible();
    await expect(map.detail.getByTestId('other-sightings')).toBeVisible();
    await shot('detail-images');

    // Zoom in twice and raise the contrast: the displayed copy changes, the evidence does not.
    await map.detail.getByRole('button', { name: 'Zoom into the plate' }).click();
    await map.detail.getByRole('button', { name: 'Zoom into the plate' }).click();
    await expect(plateImg).toHaveAttribute('style', /scale\(2\.25\)/);
    const contrast = map.detail.getByRole('slider', { name: 'Contrast of the plate' });
    await contrast.focus();
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
    await expect(plateImg).toHaveAttribute('style', /contrast\(160%\)/);
    await shot('detail-zoom-contrast');
    await map.detail.getByRole('button', { name: 'Reset the plate' }).click();
    await expect(plateImg).toHaveAttribute('style', /scale\(1\).*contrast\(100%\)/);

    // Re-read the plate with Canvass's OCR, then record which read is right, with a reason.
    await map.detail.getByRole('button', { name: 'Re-read plate' }).click();
    const result = map.detail.getByTestId('reread-result');
    await expect(result).toBeVisible({ timeout: 60_000 });
    await expect(result.getByTestId('reread-comparison')).toBeVisible();
    await shot('detail-reread');
    await result.getByRole('button', { name: 'Record corrected read' }).click();
    const form = map.detail.getByRole('form', { name: 'Record corrected read' });
    await form.getByRole('radio', { name: /The camera’s read/ }).check();
    await form.getByLabel('Reason').fill('Plate crop checked by eye: the camera read every character correctly.');
    await form.getByRole('button', { name: 'Record correction' }).click();
    await expect(map.detail.getByTestId('correction-saved')).toBeVisible();
    await expect(map.detail.getByTestId('ocr-history')).toContainText('camera read kept');
    await expect(map.detail.getByTestId('current-correction')).toContainText(
      agency.dataset.truth.shooting.suspect.plate,
    );
    await shot('detail-correction');

    // Another sighting of the same plate opens in place.
    const other = map.detail.getByTestId('other-sightings').getByRole('button').first();
    const id = await map.detail.getAttribute('data-detection-id');
    await other.click();
    await expect(map.detail).not.toHaveAttribute('data-detection-id', id!);

    await page.keyboard.press('Escape');
    await expect(map.detail).toHaveCount(0);

    // The same read in the dark scheme: the recorded correction is part of its history now.
    await app.workspace.themeToggle.click();
    await page.mouse.move(700, 740);
    await map.waitForIdle();
    const again = await map.readSpot(DARK_POINT);
    await page.mouse.dblclick(again.x, again.y);
    await expect(map.detail.getByTestId('plate-image-img')).toBeVisible({ timeout: 30_000 });
    await expect(map.detail.getByTestId('camera-minimap').locator('canvas')).toBeVisible();
    await shot('detail-dark');
    await map.detail.getByTestId('ocr-history').scrollIntoViewIfNeeded();
    await shot('detail-dark-history');
  });
});
