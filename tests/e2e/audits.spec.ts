import { execFileSync } from 'node:child_process';
import { test, expect } from './fixtures';
import { ADMIN, INVESTIGATOR, isoDay, seedAgency } from './seed';
import { AuditsPage } from './pages/AuditsPage';

/**
 * An administrator audits ALPR use (docs/audits.md): the investigator's searches of the last days are in the log;
 * the administrator sees when an audit is due, opens one (a purpose of its own: the purpose bar says so), screens the
 * period, reviews the ten sampled inquiries from the keyboard alone, and signs the memo to the Chief, whose PDF
 * reads back with the audit's seed.
 */
test.describe('audits of use', () => {
  test.beforeEach(async ({ host }) => {
    await seedAgency(host);
    await host.must('auth.login', { username: INVESTIGATOR.username, password: INVESTIGATOR.password });
    const { purposes } = await host.must('purposes.options');
    await host.must('purposes.open', {
      numberKind: 'case',
      number: '26-004512',
      purposeId: purposes[0]!.id,
      description: 'Shooting at Hillsdale and El Camino; gray Civic seen leaving',
    });
    for (let i = 0; i < 14; i++) await host.must('detections.search', { plate: `7KX${String(i).padStart(3, '0')}` });
    await host.must('auth.logout');
  });

  test('an administrator opens an audit, reviews ten inquiries from the keyboard and signs the memo', async ({
    app,
    page,
    shot,
  }) => {
    await app.signIn.signIn(ADMIN.username, ADMIN.password);
    const audits = new AuditsPage(page);
    await audits.open();
    await expect(audits.cadence).toContainText('No audit recorded: one is due now');

    await audits.openAudit('AUD-E2E-01', isoDay(7), isoDay(0));
    await expect(audits.view).toContainText('Audit AUD-E2E-01');
    await expect(app.workspace.purposeBar).toContainText('AUD-E2E-01');
    // An audit's number names no case: the Case link does not offer a "collection" of it.
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav).toContainText('The open purpose’s case');
    await expect(nav).not.toContainText('Collection of AUD-E2E-01');
    await audits.view.getByRole('button', { name: 'Screen the period and draw the sample' }).click();
    await expect(page.getByTestId('audit-screening')).toContainText('14 inquiries screened');
    await expect(audits.progress).toHaveText('Reviewed 0 of 10');
    await shot('audit-screened');

    // The review, from the keyboard: each inquiry is read, then "c" records it compliant and moves on.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    for (let n = 1; n <= 10; n++) {
      await expect(audits.review).toContainText('26-004512');
      await page.keyboard.press('c');
      await expect(audits.progress).toHaveText(`Reviewed ${n} of 10`);
    }
    await page.keyboard.press('k');
    await expect(page.getByRole('option', { selected: true })).toContainText('compliant');
    await shot('audit-reviewed');

    await audits.view.getByLabel('Recommendations').fill('No findings; keep requiring the case number.');
    await audits.view.getByRole('button', { name: 'Sign the memo to the Chief' }).click();
    await expect(audits.memo).toContainText('is in the access log');
    const path = (await audits.memo.textContent())!.match(/written to (\S+\.pdf)/)![1]!;
    const text = execFileSync('pdftotext', [path, '-']).toString().replace(/\s+/g, ' ');
    expect(text).toContain('AUD-E2E-01');
    expect(text).toContain('Chief of Police');
    expect(text).toContain('keep requiring the case number');
    await shot('audit-signed');
  });
});
