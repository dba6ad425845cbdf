import { test, expect } from './fixtures';
import { startTestAgency, type TestAgency } from '../agency/testing';
import type { GeneratedDetection } from '../agency/generator/dataset';
import { distanceM } from '../../main/core/shared/geo';
import { investigatorSignedIn } from './agencyData';

/**
 * The investigator's workspace against data synced from the reference agency server. The generator's ground
 * truth is the shooting at Hillsdale Blvd and El Camino Real: a gray Honda Accord, plate starting 8K, seen at
 * three cameras within ten minutes, with decoys (a gray Civic and a black Camry with 8K plates, a gray Accord
 * with another plate) around it.
 */
test.describe('search workspace', () => {
  let agency: TestAgency;
  let all: GeneratedDetection[];
  test.beforeAll(async () => {
    agency = await startTestAgency({ detections: 6000, seed: 7 });
    all = [...agency.dataset.detections()].flatMap((c) => c.detections);
  });
  test.afterAll(async () => {
    await agency.close();
  });

  test('a detective finds the shooting’s suspect car from the witness’s fragment', async ({
    host,
    app,
    page,
    shot,
  }) => {
    test.setTimeout(180_000);
    const truth = agency.dataset.truth.shooting;
    await investigatorSignedIn(host, app, agency);
    const { workspace, search } = app;

    // Without a purpose the form says why and offers to open one; a search is refused by main, word for word.
    await expect(page.getByTestId('search-no-purpose')).toContainText('Open a purpose to search');
    await shot('search-no-purpose');
    await search.plate.fill(truth.partialPlate);
    await search.run();
    await expect(workspace.searchRefusal).toContainText('Purpose required');

    await page
      .getByTestId('search-no-purpose')
      .getByRole('button', { name: /Open purpose/ })
      .click();
    await workspace.fillPurpose({
      kind: 'Case',
      number: truth.caseNumber,
      purpose: 'Canvass license plates around a crime scene, especially homicides, shootings and other major incidents',
      description: `Shooting at ${truth.place}; ${truth.witnessDescription}`,
    });
    await workspace.submitPurposeWithEnter();
    await expect(workspace.purposeBar).toHaveAttribute('data-purpose-state', 'open');
    await expect(page.getByTestId('search-no-purpose')).toBeHidden();

    // The witness's fragment, explained as it is typed; a malformed one is refused inline.
    await search.plate.fill('8K[');
    await expect(search.plateError).toContainText('column 3');
    await shot('search-plate-refused');
    await search.plate.fill(truth.partialPlate);
    await expect(search.plateFeedback).toContainText('also matching look-alikes');
    await search.choose('Make', 'Honda');
    await search.choose('Color', 'Gray');
    const shotLocal = await page.evaluate((ms) => {
      const d = new Date(ms);
      const p = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
    }, truth.at);
    await search.windowAround(shotLocal);
    await expect(page.getByTestId('time-from')).not.toHaveValue('');
    await shot('search-form-filled');
    await search.run();

    // Everything the generator put in that window matching the terms is found, and nothing else is shown.
    const from = truth.at - 30 * 60_000;
    const to = truth.at + 30 * 60_000;
    const byId = new Map(all.map((d) => [d.id, d]));
    const inTerms = (d: GeneratedDetection) =>
      d.data.seenAt >= from && d.data.seenAt <= to && d.data.make === 'Honda' && d.data.color === 'gray';
    const expected = all.filter((d) => inTerms(d) && /^[8B]K/.test(d.data.plate));
    // (Generating the detections again in beforeAll noted the suspect's reads twice.)
    const suspectIds = [...new Set(truth.suspectDetectionIds)];
    expect(suspectIds).toHaveLength(3);
    await expect(search.count).toBeVisible();
    const ids = await search.rowIds();
    for (const id of suspectIds) expect(ids).toContain(id);
    for (const d of expected) expect(ids).toContain(d.id);
    for (const id of ids) expect(inTerms(byId.get(id)!), `read ${id} is outside the terms`).toBe(true);
    // The decoys: a gray Civic with an 8K plate matches the witness's words; a black 8K Camry does not.
    const decoys = all.filter((d) => d.truth.scenario === 'shooting:decoy');
    const camry = decoys.find((d) => d.data.make === 'Toyota')!;
    const civic = decoys.find((d) => d.data.model === 'Civic')!;
    expect(ids).not.toContain(camry.id);
    expect(ids).toContain(civic.id);
    await search.expectRows(ids.length);
    await expect(search.tierCounts).toBeVisible();
    await expect(search.map).toHaveAttribute('data-map-ready', 'true');
    await shot('search-results');

    // Draw a radius on the map around the results and search again: only reads inside it remain.
    await search.dragRadius({ x: 0.5, y: 0.5 }, 120);
    await expect(search.areaText).toContainText('around');
    await shot('search-radius-drawn');
    const area = parseArea(await search.areaText.innerText());
    await search.run();
    await expect(search.count).not.toHaveText(`${ids.length} detections`);
    const inside = await search.rowIds();
    expect(inside.length).toBeGreaterThan(0);
    for (const id of inside) {
      const d = byId.get(id)!;
      expect(inTerms(d)).toBe(true);
      // The form shows the centre to 5 decimals (about a metre) and the radius to the metre.
      expect(distanceM(area.lat, area.lon, d.data.lat, d.data.lon)).toBeLessThanOrEqual(area.radiusM + 5);
    }
    for (const d of expected) {
      if (distanceM(area.lat, area.lon, d.data.lat, d.data.lon) < area.radiusM - 5) expect(inside).toContain(d.id);
    }
    await shot('search-results-radius');

    // Open the suspect's read: keyboard from the grid, Enter opens the detail.
    const suspectId = suspectIds[0]!;
    await search.row(suspectId).click();
    await expect(search.row(suspectId)).toHaveAttribute('aria-selected', 'true');
    await search.resultsBody.press('Enter');
    await expect(search.detail).toBeVisible();
    await shot('search-detail');
    await page.keyboard.press('Escape');
    await expect(search.detail).toBeHidden();

    await workspace.themeToggle.click();
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await shot('search-results-dark');

    // Keyboard: "/" focuses the plate, "?" lists the shortcuts.
    await search.resultsBody.focus();
    await page.keyboard.press('/');
    await expect(search.plate).toBeFocused();
    await search.resultsBody.focus();
    await page.keyboard.press('Shift+Slash');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help).toContainText('Focus the plate field');
    await shot('search-shortcuts-dark');
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();

    // Canvass: the incident's place and time fill the window and an 800 m radius; the suspect's read there is found.
    const camera = agency.dataset.cameras.find((c) => c.id === truth.cameraId)!;
    const f13 = { lat: camera.lat!, lon: camera.lon! };
    await page.getByTestId('canvass-open').click();
    const canvass = page.getByRole('dialog', { name: 'Canvass an incident' });
    await canvass.getByLabel('Incident time').fill(shotLocal);
    await canvass.getByLabel('Latitude').fill(String(f13.lat));
    await canvass.getByLabel('Longitude').fill(String(f13.lon));
    await shot('search-canvass-dialog-dark');
    await canvass.getByRole('button', { name: 'Fill the form' }).click();
    await expect(canvass).toBeHidden();
    await expect(search.areaText).toContainText(`800 m around ${f13.lat.toFixed(5)}`);
    await search.run();
    const canvassed = await search.rowIds();
    const atF13 = suspectIds.filter((id) => byId.get(id)!.data.cameraId === truth.cameraId);
    expect(atF13.length).toBeGreaterThan(0);
    for (const id of atF13) expect(canvassed).toContain(id);

    // A 4K screen at 150 % scaling is 2560×1440 CSS pixels: the layout grows, nothing is lost.
    await page.setViewportSize({ width: 2560, height: 1440 });
    await expect(search.results).toBeVisible();
    await shot('search-results-2560-dark');
  });
});

test.describe('search workspace layout', () => {
  let agency: TestAgency;
  test.beforeAll(async () => {
    agency = await startTestAgency({ detections: 3000, seed: 7, days: 7 });
  });
  test.afterAll(async () => {
    await agency.close();
  });

  test('the map gets more room at 1366×768, and brushing the timeline narrows the map and the table', async ({
    host,
    app,
    page,
    shot,
  }) => {
    test.setTimeout(180_000);
    await investigatorSignedIn(host, app, agency, 'Layout check: a week of reads');
    const { search } = app;
    await search.form.getByRole('button', { name: 'Last 7 days' }).click();
    await search.run();
    await expect(search.count).toBeVisible();
    await expect(search.map).toHaveAttribute('data-map-ready', 'true');
    const mapHeight = async () => (await search.map.boundingBox())!.height;
    const mapWidth = async () => (await search.map.boundingBox())!.width;
    const before = { h: await mapHeight(), w: await mapWidth() };

    // Fold the form away (Ctrl+B): the map takes the width; the choice survives a reload.
    await page.keyboard.press('Control+b');
    await expect(search.form).toBeHidden();
    await expect.poll(mapWidth).toBeGreaterThan(before.w + 200);
    // Drag the split down: the map gets the height, the table keeps a usable floor.
    const split = page.getByTestId('map-split');
    const box = (await split.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 6; i++) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + i * 30);
    await page.mouse.up();
    await expect.poll(mapHeight).toBeGreaterThan(before.h + 100);
    await expect(search.resultsBody).toBeVisible();
    await shot('search-layout-map-room-1366');
    // The keyboard moves the split too.
    await split.focus();
    const share = Number(await split.getAttribute('aria-valuenow'));
    await page.keyboard.press('ArrowUp');
    await expect(split).toHaveAttribute('aria-valuenow', String(share - 5));
    await app.reload();
    await expect(search.form).toBeHidden();
    await expect(page.getByTestId('map-split')).toHaveAttribute('aria-valuenow', String(share - 5));
    // "/" unfolds the form to reach the plate field.
    await page.locator('body').press('/');
    await expect(search.plate).toBeFocused();
    await expect(search.form).toBeVisible();

    // Brush the timeline: drag across the middle third of the strip.
    await search.form.getByRole('button', { name: 'Last 7 days' }).click();
    await search.run();
    await expect(search.count).toBeVisible();
    const total = Number((await search.count.innerText()).replace(/[^\d]/g, ''));
    const strip = (await search.timeline.locator('.cv-timeline-bars').boundingBox())!;
    const y = strip.y + strip.height / 2;
    await page.mouse.move(strip.x + strip.width / 3, y);
    await page.mouse.down();
    for (let i = 1; i <= 8; i++) await page.mouse.move(strip.x + strip.width / 3 + (strip.width / 3) * (i / 8), y);
    await page.mouse.up();
    await expect(page.getByTestId('timeline-brush')).toBeVisible();
    await expect(page.getByTestId('timeline-brushed')).toContainText('Narrowed to');
    const brushed = page.getByTestId('search-brushed-count');
    await expect(brushed).toBeVisible();
    const inSpan = Number((await brushed.innerText()).replace(/[^\d]/g, ''));
    expect(inSpan).toBeGreaterThan(0);
    expect(inSpan).toBeLessThan(total);
    // The map shows the same reads as the table (its slider's count is of what it was given).
    await expect(search.map.getByTestId('map-time-count')).toContainText(inSpan.toLocaleString('en-US'));
    await shot('search-timeline-brushed');
    await page.getByRole('button', { name: 'Clear the time span' }).click();
    await expect(brushed).toBeHidden();
    await expect(search.map.getByTestId('map-time-count')).toContainText(total.toLocaleString('en-US'));

    // Keyboard: Shift+→ from the strip brushes bar by bar; Esc clears.
    await search.timeline.locator('.cv-timeline-bars').focus();
    for (let i = 0; i < 24; i++) await page.keyboard.press('Shift+ArrowRight');
    await expect(brushed).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(brushed).toBeHidden();

    // 4K at 150 %: the folded form and the split still lay out well.
    await page.setViewportSize({ width: 2560, height: 1440 });
    await page.keyboard.press('Control+b');
    await expect(search.form).toBeHidden();
    await shot('search-layout-map-room-2560');
    await page.keyboard.press('Control+b');
    await expect(search.form).toBeVisible();
    await shot('search-layout-2560');
  });
});

/** The form's area line: "850 m around 37.53790, -122.30100" or "1.25 km around …". */
function parseArea(text: string): { lat: number; lon: number; radiusM: number } {
  const m = /([\d.]+) (m|km) around (-?[\d.]+), (-?[\d.]+)/.exec(text);
  if (!m) throw new Error(`No radius in “${text}”`);
  return { radiusM: Number(m[1]) * (m[2] === 'km' ? 1000 : 1), lat: Number(m[3]), lon: Number(m[4]) };
}
