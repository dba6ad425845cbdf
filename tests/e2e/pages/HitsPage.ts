import { expect, type Page } from '@playwright/test';

/** The hits screen: the inbox, the opened hit, its next step; the hot lists and the approvals queue. */
export class HitsPage {
  constructor(readonly page: Page) {}

  get inbox() {
    return this.page.getByTestId('hits-body');
  }

  get counts() {
    return this.page.getByTestId('hit-counts');
  }

  get detail() {
    return this.page.getByTestId('hit-detail');
  }

  row(hitId: number) {
    return this.page.locator(`[data-hit-id="${hitId}"]`);
  }

  /** Moves through the inbox with the arrow keys until the hit is selected, then opens it with Enter. */
  async openByKeyboard(hitId: number): Promise<void> {
    await this.inbox.focus();
    await this.page.keyboard.press('Home');
    for (let i = 0; i < 400; i++) {
      if ((await this.row(hitId).getAttribute('aria-selected')) === 'true') break;
      await this.page.keyboard.press('ArrowDown');
    }
    await expect(this.row(hitId)).toHaveAttribute('aria-selected', 'true');
    await this.page.keyboard.press('Enter');
    await expect(this.detail).toHaveAttribute('data-hit-id', String(hitId));
  }

  /** The step form that has the focus, once the last step is recorded. */
  async expectState(state: string): Promise<void> {
    await expect(this.detail).toHaveAttribute('data-state', state);
  }
}
