import { test, expect as baseExpect } from './fixtures';
import { syncedWorkstation } from './agencyData';
import type { Host } from './host/startHost';
import type { CanvassApp } from './pages/CanvassApp';
import { startTestAgency, type TestAgency } from '../agency/testing';
import { agencyUser } from '../support/agencyWorkstation';

/**
 * Hot lists and hits on a workstation synced from the real reference agency server: a detective walks a stolen
 * car's alert to Confirmed with the keyboard alone (the OCR re-read one keystroke away); the generator's misread hit
 * shows its vehicle differing from the entry; a vehicle is entered on the agency's list (a wildcard refused) and the
 * ALPR administrator approves it. Screens in light and dark.
 */
// The walkthroughs sign in through the agency server, sync and re-read a plate with OCR: on a shared two-core
// machine each step can take a while, so they wait longer than the suite's defaults.
const expect = baseExpect.configure({ timeout: 60_000 });

/** The synced workstation with Det. Alvarez signed in (his first sign-in goes through the server) and a purpose open. */
async function detectiveSignedIn(host: Host, app: CanvassApp, agency: TestAgency, purpose: string): Promise<void> {
  const { investigator } = await syncedWorkstation(host, agency);
  await app.reload();
  await app.signIn.signIn(investigator.username, investigator.password);
  await expect(app.workspace.root).toBeVisible();
  await host.must('purposes.open', {
    numberKind: 'case',
    number: '26-06120',
    purposeId: 'stolen_wanted_vehicle',
    description: purpose,
  });
  await app.reload();
  await expect(app.workspace.root).toBeVisible();
}

test.describe('hot lists and hits', () => {
  test.use({ actionTimeout: 60_000 });
  let agency: TestAgency;
  test.beforeAll(async () => {
    agency = await startTestAgency({ detections: 3000, seed: 16 });
  });
  test.afterAll(async () => {
    await agency.close();
  });

  test('a detective walks an alert to Confirmed from the keyboard', async ({ host, app, page, shot }) => {
    test.setTimeout(900_000);
    await detectiveSignedIn(host, app, agency, 'Stolen vehicle alerts of the shift');
    const { stolenCar, misreadHit } = agency.dataset.truth;
    const hitId = (await host.must('hits.forDetection', { detectionId: stolenCar.detectionIds[0]! })).hits[0]!.id;
    const misreadId = (await host.must('hits.forDetection', { detectionId: misreadHit.detectionIds[0]! })).hits[0]!.id;

    await app.workspace.go('Hits');
    const hits = app.hits;
    await expect(hits.counts).toContainText('new');
    await expect(hits.row(hitId)).toBeVisible();
    await shot('hits-inbox-light');
    // At 1366×768 the inbox sits beside the hit: every cell lies inside the inbox and shows all it holds (a narrow
    // pane takes two lines); only free text with its whole in a tooltip (the list's reason) may end in an ellipsis.
    const clipped = await hits.inbox.locator('[role="gridcell"]').evaluateAll((cells) =>
      cells
        .filter((c) => {
          const edge = c.closest('.cv-grid-body')!.getBoundingClientRect().right;
          const cut = !c.hasAttribute('title') && c.scrollWidth > c.clientWidth + 1;
          return c.getBoundingClientRect().right > edge + 1 || cut;
        })
        .map((c) => c.textContent),
    );
    expect(clipped).toEqual([]);

    // The generator's misread: a red Lexus read as a stolen gray GMC pickup. The comparison says so.
    await hits.openByKeyboard(misreadId);
    await expect(hits.detail.getByTestId('hit-descriptors')).toContainText('Make, model, colour and body differ');
    await shot('hit-detail-misread-light');

    // The stolen car: arrows and Enter open it; the next step takes the focus.
    await hits.openByKeyboard(hitId);
    await expect(hits.detail.getByTestId('hit-comparison')).toContainText('Agrees');
    await expect(hits.detail.getByTestId('hit-no-basis')).toContainText('An alert alone is no basis for action');
    await expect(page.getByRole('radio', { name: 'Match' }).first()).toBeFocused();
    await shot('hit-detail-light');
    // R: the plate re-read from the evidence image.
    await page.keyboard.press('r');
    await expect(hits.detail.getByTestId('reread-result')).toBeVisible();

    // Alert → Tentative: the characters and the state compared with the entry.
    await page.getByRole('radio', { name: 'Match' }).first().focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Control+Enter');
    await hits.expectState('tentative');
    // Tentative → Validated: the live query's reference, the entry still active.
    await expect(page.getByRole('textbox', { name: 'Live query reference' })).toBeFocused();
    await page.keyboard.type('CLETS 2611-0457');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Control+Enter');
    await hits.expectState('validated');
    // Validated → Confirmed: who at the entering agency confirmed, and how.
    await expect(page.getByRole('textbox', { name: 'Confirmed by (entering agency)' })).toBeFocused();
    await page.keyboard.type('CA DOJ SVS desk, Ofc. J. Lin');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Teletype 26-88214');
    await page.keyboard.press('Control+Enter');
    await hits.expectState('confirmed');
    await shot('hit-detail-confirmed-light');
    // Closed with its disposition.
    await expect(page.getByRole('combobox', { name: 'Disposition' })).toBeFocused();
    const disposition = page.getByRole('combobox', { name: 'Disposition' });
    for (let i = 0; i < 10 && (await disposition.inputValue()) !== 'vehicle_recovered'; i++)
      await page.keyboard.press('ArrowDown');
    await expect(disposition).toHaveValue('vehicle_recovered');
    await page.keyboard.press('Control+Enter');
    await expect(hits.detail.getByTestId('hit-closed')).toContainText('Vehicle recovered');
    const trail = hits.detail.getByTestId('hit-trail').locator('li');
    await expect(trail).toHaveCount(4);
    await expect(trail.first()).toContainText('Alert → Tentative hit');
    await expect(trail.nth(1)).toContainText('CLETS 2611-0457');

    await app.workspace.themeToggle.click();
    await shot('hit-detail-dark');
    await hits.openByKeyboard(misreadId);
    await shot('hit-detail-misread-dark');
    await shot('hits-inbox-dark');
  });

  test('a vehicle is entered on the agency list and the ALPR administrator approves it', async ({
    host,
    app,
    page,
    shot,
  }) => {
    test.setTimeout(900_000);
    await detectiveSignedIn(host, app, agency, 'Catalytic converter thefts, case 26-06120');
    await app.workspace.go('Hot lists');
    await expect(page.getByTestId('hotlists-table')).toContainText('Stolen Vehicle System');
    await expect(page.getByRole('heading', { name: 'SMPD local BOLO' })).toBeVisible();
    await shot('hotlists-light');

    await page.getByRole('button', { name: 'Enter a vehicle' }).click();
    const dialog = page.getByRole('dialog', { name: 'Enter a vehicle on SMPD local BOLO' });
    await dialog.getByLabel('Plate').fill('7KR*');
    await dialog.getByLabel('Make').fill('Subaru');
    await dialog.getByLabel('Reason').fill('Vehicle of interest: catalytic converter thefts');
    await dialog.getByLabel('Related case number').fill('26-06120');
    await dialog
      .getByLabel('Synopsis of the originating call')
      .fill('Green Subaru wagon seen leaving two thefts on Hillsdale.');
    await dialog.getByRole('button', { name: 'Enter for approval' }).click();
    await expect(dialog.getByTestId('entry-error')).toContainText('“*” is a search wildcard');
    await shot('hotlists-entry-refused-light');
    const plate = agency.dataset.truth.retro.vehicle.plate;
    await dialog.getByLabel('Plate').fill(plate);
    await dialog.getByRole('button', { name: 'Enter for approval' }).click();
    await expect(
      page.getByText(`${plate} is entered on SMPD local BOLO, awaiting the ALPR administrator’s approval.`),
    ).toBeVisible();
    await page.getByRole('button', { name: `Open the entry ${plate}` }).click();
    await expect(page.getByTestId('entry-status')).toHaveText('Awaiting approval');
    await shot('hotlists-entry-pending-light');
    await page.keyboard.press('Escape');

    // The ALPR administrator signs in and approves it from the queue.
    await app.workspace.signOut();
    const admin = agencyUser(agency, 'admin.ramirez');
    await app.signIn.signIn(admin.username, admin.password);
    await expect(app.workspace.root).toBeVisible();
    await host.must('purposes.open', {
      numberKind: 'case',
      number: '26-06120',
      purposeId: 'stolen_wanted_vehicle',
      description: 'Approving hot-list entries of the day',
    });
    await app.reload();
    await expect(app.workspace.root).toBeVisible();
    await app.workspace.go('Approvals');
    const approval = page.getByRole('region', { name: `New entry ${plate}` }).or(page.getByTestId('approval'));
    await expect(approval.first()).toContainText(plate);
    await shot('approvals-light');
    await app.workspace.themeToggle.click();
    await shot('approvals-dark');
    await approval.first().getByRole('button', { name: 'Approve' }).click();
    await expect(page.getByText(`${plate}: approved.`)).toBeVisible();
    await app.workspace.go('Hot lists');
    await shot('hotlists-dark');
    await page.getByRole('button', { name: `Open the entry ${plate}` }).click();
    await expect(page.getByTestId('entry-status')).toHaveText('Active');
    // Approved, it was checked against the store: the car seen last week is its first retro-hit.
    await expect(page.getByTestId('retro-hits').locator('tbody tr').first()).toContainText('Exact');
    await shot('hotlists-entry-retro-hits-dark');
  });
});
