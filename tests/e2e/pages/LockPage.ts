import type { Page } from '@playwright/test';

export class LockPage {
  constructor(readonly page: Page) {}

  get root() {
    return this.page.locator('[data-screen="lock"]');
  }

  get error() {
    return this.page.getByTestId('unlock-error');
  }

  get user() {
    return this.page.getByTestId('lock-user');
  }

  async unlock(password: string): Promise<void> {
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.page.getByRole('button', { name: 'Unlock' }).click();
  }

  async signOut(): Promise<void> {
    await this.root.getByRole('button', { name: 'Sign out' }).click();
  }
}
