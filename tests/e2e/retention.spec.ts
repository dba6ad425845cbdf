import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test, expect as baseExpect } from './fixtures';
import { ADMIN, seedAgency } from './seed';
import { openStore } from '../../main/store/db';
import { findEntry, readKeyring, unwrapKey } from '../../main/store/keyring';
import { agedDetections, seedAged } from '../integration/retention/fixture';

/**
 * The administrator's retention screen on the Oakland profile (six months): a store holding two years of reads, synced
 * as a sync would write them; the administrator previews the purge, places a court-order hold on three due reads from
 * the keyboard, runs the purge and watches it finish, sees the hold kept them, and opens the run's certificate — read
 * back with pdftotext.
 */
const expect = baseExpect.configure({ timeout: 60_000 });

test('an administrator previews a purge, places a hold, runs it and opens the certificate', async ({
  host,
  app,
  page,
  shot,
}) => {
  test.setTimeout(300_000);
  await seedAgency(host);
  const rows = agedDetections(new Date(), 400);
  const ring = readKeyring(join(host.dataDir, 'keyring.json'));
  const key = (await unwrapKey(ring, findEntry(ring, ADMIN.username)!, ADMIN.password))!;
  const db = openStore(join(host.dataDir, 'canvass.db'), key);
  seedAged(db, rows);
  db.close();
  // The oldest reads are years past Oakland's six months.
  const held = rows.slice(-3).map((r) => r.id);

  await app.signIn.signIn(ADMIN.username, ADMIN.password);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByText('Retention', { exact: true }).click();
  const panel = page.getByTestId('retention-panel');
  await expect(panel.getByTestId('retention-kinds')).toContainText('430.6');
  await expect(panel.getByTestId('retention-kinds')).toContainText('from capture');
  // The department's records: listed with their clock, never purged by a timer.
  await expect(panel.getByTestId('retention-records')).toContainText('Imported vendor audit logs');
  await expect(panel.getByTestId('retention-records')).toContainText('Gov. Code § 34090');
  const summary = panel.getByTestId('retention-due-summary');
  await expect(summary).toContainText('0 due but held');
  const due = Number((await summary.textContent())!.match(/^([\d,]+) detections/)![1]!.replace(/,/g, ''));
  expect(due).toBeGreaterThan(200);
  await shot('retention-preview');

  await panel.getByTestId('hold-place').click();
  const dialog = page.getByTestId('hold-dialog');
  await dialog.getByText('A court order').click();
  await dialog.getByLabel('Detection ids').fill(held.join(', '));
  await dialog.getByLabel('Authority').fill('Alameda County Superior Court order 26-CR-0917');
  await dialog.getByLabel('Reason').fill('Preservation order in a pending prosecution');
  await dialog.getByLabel('Review on').fill('2030-01-15');
  await dialog.getByLabel('Review on').press('Enter');
  await dialog.getByTestId('hold-submit').click();
  await expect(panel.getByTestId('hold')).toHaveCount(1);
  await expect(summary).toContainText('3 due but held');
  await expect(summary).toContainText(`${(due - 3).toLocaleString('en-US')} detections`);
  await shot('retention-hold-placed');

  await panel.getByTestId('retention-run').click();
  const run = panel.getByTestId('retention-run-row').first();
  await expect(run).toHaveAttribute('data-status', 'finished');
  await expect(run).toContainText(`${(due - 3).toLocaleString('en-US')} detections`);
  await expect(summary).toContainText('0 detections');
  await expect(summary).toContainText('3 due but held');
  await run.getByTestId('open-certificate').click();
  const notice = panel.getByTestId('retention-notice');
  await expect(notice).toContainText('.pdf');
  await shot('retention-certificate');
  const path = (await notice.textContent())!.match(/ at (\/\S+\.pdf)/)![1]!;
  const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  expect(text).toContain('Certificate of sanitization');
  expect(text).toContain('26-CR-0917');
  expect(text).toMatch(new RegExp(`Detections \\(reads\\)\\s+${due - 3}\\b`));

  // The transparency report: issued for review, then published to the public folder with its sums.
  await panel.getByRole('button', { name: 'Issue report' }).click();
  await expect(panel.getByTestId('transparency-paths')).toContainText('Issued for review');
  await panel.getByRole('button', { name: 'Publish after review' }).click();
  const publishedLine = panel.getByTestId('transparency-published');
  await expect(publishedLine).toContainText('SHA256SUMS');
  const folder = (await publishedLine.textContent())!.match(/ to (\/\S+) \(with/)![1]!;
  expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: folder, encoding: 'utf8' })).toMatch(/\.pdf: OK/);
  await shot('retention-transparency-published');
});
