import type { Page } from '@playwright/test';

export class SignInPage {
  constructor(readonly page: Page) {}

  get root() {
    return this.page.locator('[data-screen="signin"]');
  }

  get error() {
    return this.page.getByTestId('signin-error');
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }
}
