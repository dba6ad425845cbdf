import { expect, type Page } from '@playwright/test';

/** The releases screen: the requests on file, the request form and the directory, a request's detail. */
export class ReleasesPage {
  constructor(readonly page: Page) {}

  async go(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main navigation' }).getByText('Releases', { exact: true }).click();
    await expect(this.panel).toBeVisible();
  }

  get panel() {
    return this.page.getByTestId('releases-panel');
  }

  get detail() {
    return this.page.getByTestId('release-detail');
  }

  get status() {
    return this.page.getByTestId('release-status');
  }

  request(number: string) {
    return this.page.getByTestId('release-requests').locator(`tr[data-number="${number}"]`);
  }

  field(label: string) {
    return this.panel.getByLabel(label, { exact: true });
  }

  async choose(label: string, option: string): Promise<void> {
    await this.field(label).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }
}
