import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { startTestAgency, type TestAgency } from '../agency/testing';
import type { GeneratedDetection } from '../agency/generator/dataset';
import { investigatorSignedIn } from './agencyData';
import { AnalysesPage } from './pages/AnalysesPage';

/**
 * The investigative analyses and the case's collection against data synced from the reference agency server:
 * the burglary series' white van found as the vehicle common to its three scenes and collected with a canvass of
 * a scene's camera from Search, both on the case's map and in its CSV; the Charger's companion found from
 * its plate; where a plate is usually seen, as history; the cloned plate with its impossible-travel pair, side by
 * side. Screens light and dark at 1366×768 (test-results/screenshots/analyses-*.png, case-*.png).
 */
test.describe('investigative analyses and the case', () => {
  let agency: TestAgency;
  let all: GeneratedDetection[];
  test.beforeAll(async () => {
    // Four weeks, so the burglaries a week apart stay a week apart.
    agency = await startTestAgency({ detections: 6000, seed: 7, days: 28 });
    all = [...agency.dataset.detections()].flatMap((c) => c.detections);
  });
  test.afterAll(async () => {
    await agency.close();
  });

  test('the burglary series: the van common to three scenes, collected with a canvass from Search, on the case’s map', async ({
    host,
    app,
    page,
    shot,
  }) => {
    test.setTimeout(240_000);
    const b = agency.dataset.truth.burglary;
    const camera = (id: string) => agency.dataset.cameras.find((c) => c.id === id)!;
    await investigatorSignedIn(host, app, agency);
    await host.must('purposes.open', {
      numberKind: 'case',
      number: b.caseNumber,
      purposeId: 'criminal_investigation',
      description: `Residential burglary series: ${b.sites.map((s) => s.address).join('; ')}`,
    });
    await app.reload();
    const a = new AnalysesPage(page);

    // Three scenes, each the burglary's address point (its camera) with 600 m and ±1 h around the burglary.
    await a.go('Common vehicles');
    const screen = a.screen('common-vehicles');
    await expect(screen).toBeVisible();
    await screen.getByRole('button', { name: /Add a scene/ }).click();
    for (const [i, s] of b.sites.entries()) {
      const c = camera(s.cameraId);
      await a.fillScene(i + 1, { name: s.address, lat: c.lat!, lon: c.lon!, radiusM: 600, at: s.at, margin: 60 });
    }
    await screen.getByRole('combobox', { name: 'Seen near at least' }).click();
    await page.getByRole('option', { name: '3 of the 3 scenes' }).click();
    await shot('analyses-common-terms');
    await screen.getByTestId('common-vehicles-run').click();

    // The van first, at all three scenes, with why and its sightings in order.
    const list = screen.getByTestId('common-vehicles-list');
    await expect(list).toBeVisible();
    expect((await a.plates(list))[0]).toBe(b.van.plate);
    const why = screen.getByTestId('common-why');
    await expect(why).toContainText('(3 of 3 scenes)');
    await expect(why).toContainText('white Ford Transit');
    const sightings = why.getByTestId('common-sightings').locator('tbody tr');
    await expect(sightings).toHaveCount(3);
    const sightingIds = await sightings.evaluateAll((rows) =>
      rows.map((r) => Number(r.getAttribute('data-detection-id'))),
    );
    for (const id of sightingIds) expect(b.vanDetectionIds).toContain(id);
    await expect(a.map(screen)).toHaveAttribute('data-map-ready', 'true');
    await shot('analyses-common-vehicles');

    // Into the case, with the reason it was listed as the note.
    await why.getByTestId('add-to-case').click();
    const note = page.getByLabel('Why it belongs to the case');
    await expect(note).toHaveValue(/Seen near .* \(3 of 3 scenes\)/);
    await shot('analyses-add-to-case');
    await page.getByRole('button', { name: 'Add to the case' }).click();
    await expect(why.getByTestId('in-case')).toContainText(`In case ${b.caseNumber}`);

    // A sighting opens the read's detail, which knows it is in the case.
    await sightings.first().getByRole('button').click();
    const detail = page.getByTestId('detection-detail');
    await expect(detail).toHaveAttribute('data-detection-id', String(sightingIds[0]));
    await expect(detail.getByTestId('in-case')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(detail).toBeHidden();

    // From Search: everything a scene's camera read in the half hour either side of the burglary — at a scene
    // where that brings a read the case does not hold yet (at a quiet scene the van is all its camera read then).
    const canvassAt = (site: (typeof b.sites)[number]) =>
      all.filter((d) => d.data.cameraId === site.cameraId && Math.abs(d.data.seenAt - site.at) <= 30 * 60_000);
    const scene = b.sites.find((site) => canvassAt(site).some((d) => !sightingIds.includes(d.id)));
    expect(scene, 'a scene whose camera read another car besides the van').toBeDefined();
    const cam = camera(scene!.cameraId);
    await a.go('Search');
    await app.search.windowAround(await a.localInput(scene!.at));
    await app.search.form.getByText('Cameras', { exact: true }).click();
    // The picker, not the area-or-cameras switch that is labelled "Cameras" too.
    const picker = app.search.form.getByTestId('camera-picker');
    await picker.click();
    await picker.fill(`${cam.name} (${cam.id})`);
    await page.getByRole('option', { name: `${cam.name} (${cam.id})`, exact: true }).click();
    await page.getByTestId('search-submit').click();
    const canvass = canvassAt(scene!);
    await app.search.expectRows(canvass.length);
    const searchAdd = page.getByRole('button', { name: new RegExp(`^Add ${canvass.length} to case`) });
    await searchAdd.click();
    await page.getByLabel('Why it belongs to the case').fill('Canvass: every read at the scene, ±30 min');
    await page.getByRole('button', { name: 'Add to the case' }).click();
    await expect(page.getByTestId('search-panel').getByTestId('in-case')).toBeVisible();

    // The case: both sets, who added them and why, on one map; sorted; exported as CSV through main.
    await a.go('Case');
    const casePanel = a.screen('case-panel');
    const expected = new Set([...sightingIds, ...canvass.map((d) => d.id)]);
    await expect(casePanel.getByTestId('case-count')).toHaveText(`${expected.size} detections collected`);
    const grid = casePanel.getByTestId('case-items');
    const ids = await grid
      .locator('[data-detection-id]')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-detection-id'))));
    expect(new Set(ids)).toEqual(expected);
    await expect(grid).toContainText('Det. Marco Alvarez');
    await expect(grid).toContainText('Canvass: every read at the scene');
    await expect(grid).toContainText('(3 of 3 scenes)');
    await expect(a.map(casePanel)).toHaveAttribute('data-map-ready', 'true');
    // Its map was made ahead while the other screens were looked at (spareMap.ts); no map is left inert on the page
    // but at most the next spare, off screen and out of the tab order.
    await expect(a.map(casePanel).locator('.detection-map-host[data-made-ahead]')).toHaveCount(1);
    expect(await page.locator('[inert] .maplibregl-canvas').count()).toBeLessThanOrEqual(1);
    // The map's own region (MapLibre's canvas is a region named "Map" too).
    await expect(
      a.map(casePanel).getByRole('region', { name: new RegExp(`^Map of the ${expected.size} collected reads`) }),
    ).toBeVisible();
    await casePanel.getByRole('button', { name: 'Sort by plate' }).click();
    const plates = await grid.locator('.plate').allInnerTexts();
    expect(plates).toEqual([...plates].sort((x, y) => x.localeCompare(y)));
    await expect(casePanel.getByRole('status', { name: 'Reading the collection' })).toHaveCount(0);
    await shot('case-view');

    await casePanel.getByRole('button', { name: 'Export CSV' }).click();
    const exported = casePanel.getByTestId('case-exported');
    await expect(exported).toContainText(`${expected.size} rows written to`);
    const path = (await exported.locator('.mono').first().innerText()).trim();
    const csv = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(csv).toHaveLength(expected.size + 1);
    expect(csv.slice(1).every((l) => l.startsWith(`${b.caseNumber},`))).toBe(true);
    const sha = execFileSync('sha256sum', [path], { encoding: 'utf8' }).slice(0, 16);
    await expect(exported).toContainText(sha);

    // Take one out, with a reason.
    await grid.locator(`[data-detection-id="${canvass.find((d) => !sightingIds.includes(d.id))!.id}"]`).click();
    await casePanel.getByRole('button', { name: 'Take out…' }).click();
    const takeOut = page.getByTestId('take-out-dialog');
    await takeOut.getByLabel('Why it does not belong').fill('A neighbour’s car, not related');
    await shot('case-take-out');
    await takeOut.getByRole('button', { name: 'Take it out' }).click();
    await expect(casePanel.getByTestId('case-count')).toHaveText(`${expected.size - 1} detections collected`);

    await app.workspace.themeToggle.click();
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await shot('case-view-dark');
    await a.go('Common vehicles');
    await expect(a.map(screen)).toHaveAttribute('data-map-ready', 'true');
    await shot('analyses-common-vehicles-dark');
  });

  test('a pair travelling together, where a plate is usually seen, and the cloned plate side by side', async ({
    host,
    app,
    page,
    shot,
  }) => {
    test.setTimeout(240_000);
    const { convoy, clonedPlate, shooting } = agency.dataset.truth;
    await investigatorSignedIn(host, app, agency);
    const a = new AnalysesPage(page);

    // Without a purpose an analysis says what is missing.
    await a.go('Travelling together');
    const together = a.screen('travelling-together');
    await expect(together.getByTestId('analysis-no-purpose')).toBeVisible();
    await host.must('purposes.open', {
      numberKind: 'case',
      number: shooting.caseNumber,
      purposeId: 'canvass_major_crime',
      description: 'Vehicle theft crew working at night; follow the silver Charger and who drives with it',
    });
    await app.reload();

    // From the Charger's plate, the Tahoe: on every one of its passes, seconds behind.
    await a.go('Travelling together');
    await together.getByTestId('together-plate').fill(convoy.lead.plate);
    await together.getByTestId('together-run').click();
    const companions = together.getByTestId('together-list');
    await expect(companions).toBeVisible();
    expect((await a.plates(companions))[0]).toBe(convoy.follower.plate);
    const why = together.getByTestId('together-why');
    await expect(why).toContainText(
      `on ${convoy.leadDetectionIds.length} of its ${convoy.leadDetectionIds.length} sightings`,
    );
    const occasions = why.getByTestId('together-occasions').locator('tr');
    await expect(occasions).toHaveCount(convoy.leadDetectionIds.length);
    await expect(a.map(together)).toHaveAttribute('data-map-ready', 'true');
    await shot('analyses-travelling-together');
    await a.addToCase(why);
    await expect(why.getByTestId('in-case')).toBeVisible();

    // A read's detail leads to where its plate is usually seen.
    await occasions.first().getByRole('button').first().click();
    const detail = page.getByTestId('detection-detail');
    await expect(detail).toBeVisible();
    await detail.getByRole('button', { name: 'Where it is usually seen' }).click();
    const habits = a.screen('plate-habits');
    await expect(habits.getByTestId('habits-count')).toContainText(
      `${convoy.lead.plate} seen ${convoy.leadDetectionIds.length} times`,
    );
    await expect(habits.getByTestId('history-badge')).toHaveText('History, not a prediction');

    // A commuter's usual places: the heat table holds every sighting, the busiest hour opens its own.
    const counts = new Map<string, number>();
    for (const d of all)
      if (!d.truth.misread && d.truth.scenario === null) counts.set(d.data.plate, (counts.get(d.data.plate) ?? 0) + 1);
    const [plate] = [...counts.entries()].sort((x, y) => y[1] - x[1])[0]!;
    const reads = all.filter((d) => d.data.plate === plate);
    await habits.getByTestId('habits-plate').fill(plate);
    await habits.getByTestId('habits-run').click();
    await expect(habits.getByTestId('habits-count')).toContainText(`${plate} seen ${reads.length} times`);
    const cells = habits.getByTestId('heat-table').locator('td[data-count]');
    const values = await cells.evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-count'))));
    expect(values.reduce((x, y) => x + y, 0)).toBe(reads.length);
    const byCamera = new Map<string, number>();
    for (const d of reads) byCamera.set(d.data.cameraId, (byCamera.get(d.data.cameraId) ?? 0) + 1);
    const busiestCamera = Math.max(...byCamera.values());
    const firstCamera = await habits
      .getByTestId('habits-cameras')
      .locator('[data-camera-id]')
      .first()
      .getAttribute('data-camera-id');
    expect(byCamera.get(firstCamera!)).toBe(busiestCamera);
    const max = Math.max(...values);
    await cells.nth(values.indexOf(max)).click();
    await expect(habits.getByTestId('habits-sightings').locator('tbody tr')).toHaveCount(max);
    await expect(habits.getByTestId('history-notice')).toContainText('not where the vehicle is now or will be');
    await expect(a.map(habits)).toHaveAttribute('data-map-ready', 'true');
    await shot('analyses-usual-places');

    // The cloned plate: flagged, its impossible-travel pair first, opened side by side with its images.
    await a.go('Cloned plates');
    const clones = a.screen('cloned-plates');
    const flagged = clones.getByTestId('clones-list');
    await expect(flagged).toBeVisible();
    expect(await a.plates(flagged)).toContain(clonedPlate.plate);
    await flagged.locator(`[data-plate="${clonedPlate.plate}"]`).click();
    const evidence = clones.getByTestId('clone-evidence').first();
    await expect(evidence).toContainText('km/h needed');
    const kmh = Number((await evidence.innerText()).match(/([\d,]+) km\/h needed/)![1]!.replace(/,/g, ''));
    expect(kmh).toBeGreaterThan(180);
    await expect(evidence).toContainText('make Toyota ≠ Nissan');
    await expect(a.map(clones)).toHaveAttribute('data-map-ready', 'true');
    await shot('analyses-cloned-plates');
    await evidence.getByRole('button', { name: 'Side by side' }).click();
    const sides = page.getByTestId('clone-side');
    await expect(sides).toHaveCount(2);
    const sideIds = await sides.evaluateAll((s) => s.map((x) => Number(x.getAttribute('data-detection-id'))));
    expect(sideIds.sort()).toEqual([...clonedPlate.pairs[1]!].sort());
    await expect(page.getByTestId('clone-pair').locator('.cv-differs').first()).toBeVisible();
    await shot('analyses-clone-side-by-side');
    await page.keyboard.press('Escape');

    // A rescan of the whole store runs on main's worker and lists the same plate again.
    await clones.getByTestId('clones-full-scan').click();
    await expect(clones.getByTestId('clones-count')).toContainText('flagged');
    await expect(clones.getByTestId('clones-count').locator('..')).toContainText(
      `${all.length.toLocaleString('en-US')} detections scanned`,
    );
    expect(await a.plates(flagged)).toContain(clonedPlate.plate);

    await app.workspace.themeToggle.click();
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await shot('analyses-cloned-plates-dark');
    await a.go('Usual places');
    await shot('analyses-usual-places-dark');
    await a.go('Travelling together');
    await shot('analyses-travelling-together-dark');
  });
});
