import type { Page } from '@playwright/test';
import { pickOption } from './controls';

export type PurposeDetails = {
  kind?: 'Case' | 'Incident' | 'Call' | 'Warrant';
  number?: string;
  purpose: string;
  description: string;
};

/** The signed-in shell: header, navigation, the purpose bar and its dialog, and the panels. */
export class WorkspacePage {
  constructor(readonly page: Page) {}

  get root() {
    return this.page.locator('[data-screen="workspace"]');
  }

  get header() {
    return this.page.getByTestId('header-user');
  }

  get purposeBar() {
    return this.page.getByTestId('purpose-bar');
  }

  get purposeDialog() {
    return this.page.getByRole('dialog', { name: 'Open a purpose' });
  }

  get purposeError() {
    return this.page.getByTestId('purpose-error');
  }

  get trainingBanner() {
    return this.page.getByTestId('training-banner');
  }

  get themeToggle() {
    return this.page.getByTestId('theme-toggle');
  }

  async go(
    section: 'Search' | 'Sync' | 'Users & training' | 'Policy' | 'Access log' | 'Hits' | 'Hot lists' | 'Approvals',
  ): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main navigation' }).getByText(section, { exact: true }).click();
  }

  async signOut(): Promise<void> {
    await this.page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  }

  /** Opens the purpose dialog with the keyboard shortcut. */
  async openPurposeDialogByKeyboard(): Promise<void> {
    await this.page.keyboard.press('Control+Shift+P');
  }

  async fillPurpose(d: PurposeDetails): Promise<void> {
    const dialog = this.purposeDialog;
    if (d.kind) await dialog.getByText(d.kind, { exact: true }).click();
    await dialog.getByRole('textbox', { name: 'Number' }).fill(d.number ?? '');
    await pickOption(this.page, dialog.getByRole('combobox', { name: 'Authorized purpose' }), d.purpose);
    await dialog.getByLabel('Description').fill(d.description);
  }

  /** Submits from the keyboard: Enter in the description field. */
  async submitPurposeWithEnter(): Promise<void> {
    await this.purposeDialog.getByLabel('Description').press('Enter');
  }

  async closePurpose(): Promise<void> {
    await this.purposeBar.getByRole('button', { name: 'Close purpose' }).click();
  }

  // Search panel
  get plateInput() {
    return this.page.getByTestId('plate-input');
  }

  async searchPlate(plate: string): Promise<void> {
    await this.plateInput.fill(plate);
    await this.plateInput.press('Enter');
  }

  get searchRefusal() {
    return this.page.getByTestId('search-refused');
  }

  get searchEmpty() {
    return this.page.getByTestId('search-empty');
  }
}
