import type { Page } from '@playwright/test';

/** The administrator's screen for audits of use (renderer/src/features/audit/AuditsPanel.tsx). */
export class AuditsPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByText('Audits of use', { exact: true })
      .click();
  }

  get cadence() {
    return this.page.getByTestId('audit-cadence');
  }

  get form() {
    return this.page.getByRole('form', { name: 'Open an audit' });
  }

  get view() {
    return this.page.getByTestId('audit-view');
  }

  get progress() {
    return this.page.getByTestId('review-progress');
  }

  get review() {
    return this.page.getByTestId('inquiry-review');
  }

  get memo() {
    return this.page.getByTestId('audit-memo');
  }

  async openAudit(number: string, from: string, to: string): Promise<void> {
    await this.form.getByLabel('Audit number').fill(number);
    await this.form.getByLabel('From').fill(from);
    await this.form.getByLabel('To').fill(to);
    await this.form.getByLabel('To').press('Enter');
  }
}
