import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { test, expect as baseExpect } from './fixtures';
import { syncedWorkstation } from './agencyData';
import { ReleasesPage } from './pages/ReleasesPage';
import { startTestAgency, type TestAgency } from '../agency/testing';
import { agencyUser } from '../support/agencyWorkstation';
import { agencyDay } from '../support/agencyDay';

/**
 * A release from start to finish on a workstation synced from the reference agency server: the records custodian
 * adds the requesting sheriff's office to the directory, records its written request (a PDF) for the burglary van's
 * plate and sees it pass screening rule by rule; the ALPR administrator (the commander) approves it with a note; the
 * custodian, with a purpose open, releases it into a folder and opens the packet (the e2e host has no PDF viewer,
 * so main names the file, which is read back with pdftotext). Screens along the way.
 */
const expect = baseExpect.configure({ timeout: 60_000 });

function writtenRequestPdf(path: string): Promise<void> {
  const doc = new PDFDocument({ size: 'LETTER' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve(writeFileSync(path, Buffer.concat(chunks)))));
  doc.fontSize(14).text('Alameda County Sheriff’s Office — request for ALPR data');
  doc.fontSize(11).text('Det. Sgt. Lena Ortiz asks for the sightings of one plate for a burglary series.');
  doc.end();
  return done;
}

const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

test.describe('release requests', () => {
  test.use({ actionTimeout: 30_000 });
  let agency: TestAgency;
  test.beforeAll(async () => {
    agency = await startTestAgency({ detections: 1500, seed: 19, days: 5 });
  });
  test.afterAll(async () => {
    await agency.close();
  });

  test('a custodian records a request, a commander approves it, the custodian releases it and opens the packet', async ({
    host,
    app,
    page,
    shot,
  }, testInfo) => {
    test.setTimeout(600_000);
    await syncedWorkstation(host, agency);
    const dir = testInfo.outputPath('release');
    mkdirSync(join(dir, 'drive'), { recursive: true });
    const pdf = join(dir, 'written-request.pdf');
    await writtenRequestPdf(pdf);
    const plate = agency.dataset.truth.burglary.van.plate;
    const custodian = agencyUser(agency, 'rc.okafor');
    const commander = agencyUser(agency, 'admin.ramirez');
    const r = new ReleasesPage(page);

    // The custodian records the written request.
    await app.reload();
    await app.signIn.signIn(custodian.username, custodian.password);
    await expect(app.workspace.root).toBeVisible();
    await r.go();
    await r.panel.getByRole('button', { name: 'Record a request…' }).click();
    await r.panel.getByRole('button', { name: 'Add an agency…' }).click();
    await r.field('Agency name').fill('Alameda County Sheriff’s Office');
    await r.field('ORI').fill('CA0010000');
    await r.panel.getByRole('button', { name: 'Save the agency' }).click();
    await r.field('Requesting person').fill('Det. Sgt. Lena Ortiz');
    await r.field('Their title').fill('Detective Sergeant');
    await r.field('Their contact').fill('lortiz@acgov.org');
    await r.field('Intended purpose').fill('Residential burglary series in Castro Valley: the suspect van’s movements');
    await r.field('Their case number').fill('ACSO-26-22817');
    // An area request needs a centre a person can type: a malformed one is refused before anything is recorded.
    await r.panel.getByText('An area in a window').click();
    await r.field('Centre (latitude, longitude)').fill('Castro Valley');
    await r.panel.getByRole('button', { name: 'Record and screen' }).click();
    await expect(page.getByTestId('request-error')).toContainText('latitude, longitude');
    await r.panel.getByText('Plates in a window').click();
    await r.field('Plates asked for').fill(plate);
    await r.field('From (UTC, YYYY-MM-DD HH:MM)').fill(utc(Date.now() - 6 * 86_400_000));
    await r.field('To (UTC, YYYY-MM-DD HH:MM)').fill(utc(Date.now() + 3_600_000));
    await r.field('Written request (PDF or image, full path)').fill(pdf);
    await r.panel.getByLabel('Law enforcement use only').check();
    await r.panel.getByLabel('No immigration enforcement').check();
    await r.panel.getByLabel('No onward sharing').check();
    await r.field('Signed by').fill('Det. Sgt. Lena Ortiz');
    await r.field('Signed on (YYYY-MM-DD)').fill(agencyDay());
    await r.panel.getByRole('button', { name: 'Record and screen' }).click();
    await expect(r.status).toHaveText('Awaiting decision');
    await expect(page.getByTestId('screen-rules').locator('tr[data-rule]')).toHaveCount(7);
    await expect(page.getByTestId('screen-rules')).toContainText('Gov. Code § 7284.6');
    const number = (await r.detail.getByRole('heading').first().textContent())!.trim();
    expect(number).toMatch(/^REL-\d{4}-0001$/);
    await shot('releases-recorded');
    // The custodian cannot approve: no such control for them.
    await expect(r.detail.getByRole('button', { name: 'Approve' })).toHaveCount(0);
    await app.workspace.signOut();

    // The commander approves it with a note.
    await app.signIn.signIn(commander.username, commander.password);
    await expect(app.workspace.root).toBeVisible();
    await r.go();
    await r.request(number).click();
    await r.detail.getByLabel('Note for the record').fill('Approved: burglary series, 90-day limit, no onward sharing');
    await r.detail.getByRole('button', { name: 'Approve' }).click();
    await expect(r.status).toHaveText('Approved');
    await shot('releases-approved');
    await app.workspace.signOut();

    // The custodian releases it, with a purpose open, and opens the packet.
    await app.signIn.signIn(custodian.username, custodian.password);
    await expect(app.workspace.root).toBeVisible();
    await host.must('purposes.open', {
      numberKind: 'case',
      number: 'ACSO-26-22817',
      purposeId: 'records_production',
      description: `Producing the records approved under ${number} for the Alameda County Sheriff’s Office`,
    });
    await app.reload();
    await expect(app.workspace.root).toBeVisible();
    await r.go();
    await r.request(number).click();
    await r.detail.getByLabel('Write the release package to (full path of a drive or folder)').fill(join(dir, 'drive'));
    await r.detail.getByRole('button', { name: 'Release' }).click();
    await expect(r.status).toHaveText('Released');
    await r.detail.getByRole('button', { name: 'Open the release packet' }).click();
    const opened = page.getByTestId('packet-opened');
    await expect(opened).toContainText('.pdf');
    await shot('releases-released');
    const path = /(\/\S+\.pdf)/.exec((await opened.textContent())!)![1]!;
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain(`Release ${number}`);
    expect(text).toContain('Alameda County Sheriff');
    expect(text).toContain('Approved: burglary series, 90-day limit');
    expect(text).toContain('Gov. Code § 7284.6');
    execFileSync('sha256sum', ['-c', 'manifest-sha256.txt'], { cwd: join(dir, 'drive', `canvass-release-${number}`) });

    // The release log shows it.
    await r.panel.getByText('Release log', { exact: true }).click();
    await expect(page.getByTestId('release-log')).toContainText(number);
    await page.getByRole('button', { name: 'Export as CSV' }).click();
    await expect(page.getByTestId('release-log-exported')).toContainText('1 release written to');
    await shot('releases-log');
  });
});
