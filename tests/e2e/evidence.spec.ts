import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect as baseExpect, saveScreenshot } from './fixtures';
import { syncedWorkstation } from './agencyData';
import { EvidencePage } from './pages/EvidencePage';
import { startTestAgency, type TestAgency } from '../agency/testing';
import { agencyUser } from '../support/agencyWorkstation';
import { opensslVerifyBag } from '../support/evidenceBag';

/**
 * The evidence technician books a case's collection to portable media on a workstation synced from the reference
 * agency server: the investigator collected the burglary van's sightings; the technician leaves one out from the
 * keyboard, types the drive's path, builds, watches the progress and reads the verdict; the package on disk is then
 * checked the way a defence expert would, with `sha256sum -c` and OpenSSL alone. A drive that is not there is
 * refused in words and leaves nothing behind; a build cancelled over a slow link leaves nothing either. Custody
 * entry, report printed. Screens light and dark.
 */
// Sign-in through the agency server, a sync, image fetches and the report's layout on the evidence worker: on a
// shared two-core machine each step can take a while.
const expect = baseExpect.configure({ timeout: 90_000 });

test.describe('evidence packages', () => {
  test.use({ actionTimeout: 60_000 });
  let agency: TestAgency;
  test.beforeAll(async () => {
    agency = await startTestAgency({ detections: 3000, seed: 18, days: 14, images: 'evidence' });
  });
  test.afterAll(async () => {
    await agency.close();
  });

  test('a technician books the case’s collection to a drive, and the drive checks with sha256sum', async ({
    host,
    app,
    page,
    shot,
  }, testInfo) => {
    test.setTimeout(900_000);
    const b = agency.dataset.truth.burglary;
    const purpose = (description: string) => ({
      numberKind: 'case' as const,
      number: b.caseNumber,
      purposeId: 'criminal_investigation',
      description,
    });
    // The investigator's collection, through the contract: the van's sightings near the burglaries.
    const { investigator } = await syncedWorkstation(host, agency);
    await host.must('auth.login', { username: investigator.username, password: investigator.password });
    await host.must('purposes.open', purpose('Residential burglary series: the suspect van'));
    const van = await host.must('detections.search', {
      plate: b.van.plate,
      similar: false,
      nearMisses: false,
      limit: 100,
    });
    const collected = van.rows.map((r) => r.id);
    expect(collected.length).toBeGreaterThanOrEqual(3);
    await host.must('cases.add', {
      detectionIds: collected,
      note: 'Suspect van (BOLO), sightings near the burglary sites',
      source: 'search',
    });
    await host.must('auth.logout');

    // The evidence technician signs in (through the agency server) and opens the case's purpose.
    const technician = agencyUser(agency, 'et.chen');
    await app.reload();
    await app.signIn.signIn(technician.username, technician.password);
    await expect(app.workspace.root).toBeVisible();
    await host.must('purposes.open', purpose('Residential burglary series: booking the ALPR evidence to media'));
    await app.reload();
    await expect(app.workspace.root).toBeVisible();

    const ev = new EvidencePage(page);
    await ev.go();
    await expect(ev.count).toHaveText(`${collected.length} detections collected`);
    await expect(ev.rows).toHaveCount(collected.length);
    await expect(ev.included).toContainText(`${collected.length} of ${collected.length} detections`);

    // The technician leaves the last sighting out, from the keyboard.
    const left = collected[collected.length - 1]!;
    await ev.toggleByKeyboard(left);
    await expect(ev.row(left)).toHaveAttribute('data-included', 'false');
    const packaged = collected.length - 1;
    await expect(ev.included).toContainText(`${packaged} of ${collected.length} detections`);

    // A drive that is not there: refused in words, nothing written anywhere.
    const medium = testInfo.outputPath('medium');
    mkdirSync(medium, { recursive: true });
    const unplugged = join(medium, 'unplugged-drive');
    await ev.buildPanel.scrollIntoViewIfNeeded();
    await ev.typeMedium(unplugged);
    await expect(ev.mediumError).toContainText(`${unplugged} is not there (is the drive connected?)`);
    await ev.buildButton.click();
    await expect(ev.buildError).toContainText('Nothing was written');
    await expect(ev.buildError).toContainText(`${unplugged} is not there`);
    await expect(ev.mediumError).toHaveCount(0);
    await expect(ev.verdict).toHaveCount(0);
    expect(existsSync(unplugged)).toBe(false);
    expect(readdirSync(medium)).toEqual([]);
    await expect(page.getByTestId('evidence-no-packages')).toBeVisible();
    await shot('evidence-medium-missing-light');

    // The drive (a folder standing for one): its free space, then Build. Over a slow link to the agency the images
    // take a while; the technician cancels: nothing on the drive, the attempt says Cancelled.
    const item = `${b.caseNumber}-E01`;
    agency.server.injectFault({ kind: 'slow', feed: 'images', delayMs: 3_000, times: 1_000 });
    await ev.typeMedium(medium);
    await expect(ev.freeSpace).toContainText('free of');
    await expect(ev.mediumError).toHaveCount(0);
    await ev.buildButton.click();
    await expect(ev.progress).toHaveAttribute('data-phase', 'fetching');
    await expect(page.getByTestId('evidence-progress-detail')).toContainText('detections’ images');
    await ev.progress.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    // A picture only: the fetching phase is too short to outlast two axe scans (the screens around it are scanned).
    await saveScreenshot(page, test.info(), 'evidence-progress-light');
    await ev.cancelButton.click();
    await expect(ev.verdict).toHaveAttribute('data-status', 'cancelled');
    await expect(ev.verdict).toContainText(`Cancelled: ${item} was not booked`);
    await expect(ev.progress).toHaveCount(0);
    expect(readdirSync(medium)).toEqual([]);
    await expect(ev.attempt(item, 'cancelled').getByTestId('evidence-package-status')).toHaveText('Cancelled');
    await ev.verdict.scrollIntoViewIfNeeded();
    await shot('evidence-cancelled-light');
    agency.server.clearFaults();

    // Built again, to the end.
    await ev.buildButton.click();
    await expect(ev.progress.or(ev.verdict)).toBeVisible();

    // The verdict: read back from the medium, verified against both manifests and the signature, booked.
    const folder = join(medium, `canvass-evidence-${item}`);
    await expect(ev.verdict).toHaveAttribute('data-status', 'booked', { timeout: 600_000 });
    await expect(ev.verdict).toContainText(`Verified and booked as item ${item}`);
    await expect(ev.verdict).toContainText('match both manifests');
    await expect(ev.verdict).toContainText('signature valid');
    await expect(page.getByTestId('evidence-verdict-folder')).toHaveText(folder);
    await expect(ev.progress).toHaveCount(0);
    await ev.verdict.scrollIntoViewIfNeeded();
    await shot('evidence-verdict-light');

    // On the drive: the package under its final name and nothing else; checked with coreutils and OpenSSL alone.
    expect(readdirSync(medium)).toEqual([`canvass-evidence-${item}`]);
    expect(existsSync(join(folder, 'INCOMPLETE-DO-NOT-USE.txt'))).toBe(false);
    const checked = execFileSync('sha256sum', ['-c', '--strict', 'manifest-sha256.txt'], {
      cwd: folder,
      encoding: 'utf8',
    });
    const lines = checked.trim().split('\n');
    expect(lines.length).toBeGreaterThan(packaged);
    for (const line of lines) expect(line).toMatch(/: OK$/);
    expect(lines).toContain('data/detections.csv: OK');
    expect(lines).toContain('data/evidence-report.pdf: OK');
    const signature = opensslVerifyBag(folder);
    expect(signature.stdout.trim(), signature.stderr).toBe('Signature Verified Successfully');
    // The narrowing held: the sighting left out is not in the package.
    const csv = readFileSync(join(folder, 'data/detections.csv'), 'utf8').trim().split('\r\n');
    expect(csv).toHaveLength(packaged + 1);
    const ids = csv.slice(1).map((l) => Number(l.split(',')[2]));
    expect(ids).not.toContain(left);
    expect(ids.sort((x, y) => x - y)).toEqual(collected.filter((id) => id !== left).sort((x, y) => x - y));

    // The register: booked, held, the first custody entry; a transfer added from the keyboard.
    const pkg = ev.attempt(item, 'booked');
    await expect(pkg.getByTestId('evidence-package-status')).toHaveText('Booked');
    await expect(ev.row(collected[0]!)).toContainText(item);
    const custody = pkg.getByTestId('evidence-custody').locator('tbody tr');
    await expect(custody).toHaveCount(1);
    await pkg.getByRole('button', { name: 'Add a custody entry…' }).click();
    const dialog = page.getByRole('dialog', { name: `Chain of custody of ${item}` });
    await expect(dialog.getByRole('textbox', { name: 'Received by' })).toBeFocused();
    await page.keyboard.type('Property Officer L. Nguyen');
    await dialog.getByRole('textbox', { name: 'Where' }).fill('Property room, locker 14');
    await shot('evidence-custody-light');
    await dialog.getByRole('textbox', { name: 'Where' }).press('Enter');
    await expect(dialog).toHaveCount(0);
    await expect(custody).toHaveCount(2);
    await expect(custody.nth(1)).toContainText('Property Officer L. Nguyen');

    // The report printed again with the custody entries; this host has no PDF viewer and says where the file is.
    await pkg.getByRole('button', { name: 'Print the report' }).click();
    const printed = pkg.getByTestId('evidence-printed');
    await expect(printed).toContainText('pages');
    const reportPath = (await printed.locator('.mono').textContent())!.trim();
    expect(existsSync(reportPath)).toBe(true);
    const pdfText = execFileSync('pdftotext', [reportPath, '-'], { encoding: 'utf8' });
    // pdftotext may break the name across a table cell's lines.
    expect(pdfText).toMatch(/Property Officer L\.\s+Nguyen/);
    await printed.getByRole('button', { name: 'Open' }).click();
    await expect(pkg.getByTestId('evidence-package-action-error')).toContainText(reportPath);
    await pkg.getByTestId('evidence-custody').scrollIntoViewIfNeeded();
    await shot('evidence-register-light');

    await app.workspace.themeToggle.click();
    // The toggle's tooltip would cover the pictures.
    await page.mouse.move(700, 400);
    await shot('evidence-register-dark');
    await ev.verdict.scrollIntoViewIfNeeded();
    await shot('evidence-verdict-dark');
    await page.evaluate('window.scrollTo(0, 0)');
    await shot('evidence-collection-dark');
  });
});
