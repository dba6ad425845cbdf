import { expect, type Page } from '@playwright/test';

/** The evidence technician's screen: the collection to narrow, the medium, the build and its verdict, the packages. */
export class EvidencePage {
  constructor(readonly page: Page) {}

  async go(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main navigation' }).getByText('Evidence', { exact: true }).click();
    await expect(this.panel).toBeVisible();
  }

  get panel() {
    return this.page.getByTestId('evidence-panel');
  }

  get count() {
    return this.page.getByTestId('evidence-count');
  }

  get included() {
    return this.page.getByTestId('evidence-included');
  }

  get rows() {
    return this.page.getByTestId('evidence-collection-body').locator('[role="row"]');
  }

  row(detectionId: number) {
    return this.page.locator(`#evidence-row-${detectionId}`);
  }

  /** Leaves a detection out of the package from the keyboard: arrows to it, then Space. */
  async toggleByKeyboard(detectionId: number): Promise<void> {
    await this.page.getByTestId('evidence-collection-body').focus();
    await this.page.keyboard.press('Home');
    for (let i = 0; i < 200; i++) {
      if ((await this.row(detectionId).getAttribute('aria-selected')) === 'true') break;
      await this.page.keyboard.press('ArrowDown');
    }
    await expect(this.row(detectionId)).toHaveAttribute('aria-selected', 'true');
    await this.page.keyboard.press('Space');
  }

  get buildPanel() {
    return this.page.getByRole('region', { name: 'Write to media' });
  }

  get mediumInput() {
    return this.page.getByRole('textbox', { name: 'Drive or folder' });
  }

  /** Types the medium's path and checks it with Enter (its free space shows). */
  async typeMedium(path: string): Promise<void> {
    await this.mediumInput.fill(path);
    await this.mediumInput.press('Enter');
  }

  get freeSpace() {
    return this.page.getByTestId('evidence-free-space');
  }

  get mediumError() {
    return this.page.getByTestId('evidence-medium-error');
  }

  get buildButton() {
    return this.page.getByRole('button', { name: 'Build the package' });
  }

  get buildError() {
    return this.page.getByTestId('evidence-build-error');
  }

  get progress() {
    return this.page.getByTestId('evidence-progress');
  }

  get verdict() {
    return this.page.getByTestId('evidence-verdict');
  }

  get cancelButton() {
    return this.progress.getByRole('button', { name: 'Cancel' });
  }

  /** A package of the register: an attempt at an item number (a cancelled one and the booked one share it). */
  attempt(itemNumber: string, status: 'booked' | 'failed' | 'cancelled' | 'interrupted') {
    return this.page.locator(`[data-testid="evidence-package"][data-item="${itemNumber}"][data-status="${status}"]`);
  }
}
