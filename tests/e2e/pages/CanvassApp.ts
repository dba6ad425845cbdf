import { expect, type Page } from '@playwright/test';
import { SetupPage } from './SetupPage';
import { SignInPage } from './SignInPage';
import { LockPage } from './LockPage';
import { WorkspacePage } from './WorkspacePage';
import { SearchPage } from './SearchPage';
import { HitsPage } from './HitsPage';

/** The whole app as a user meets it: one of four screens at a time. */
export class CanvassApp {
  readonly setup: SetupPage;
  readonly signIn: SignInPage;
  readonly lock: LockPage;
  readonly workspace: WorkspacePage;
  readonly search: SearchPage;
  readonly hits: HitsPage;

  constructor(readonly page: Page) {
    this.setup = new SetupPage(page);
    this.signIn = new SignInPage(page);
    this.lock = new LockPage(page);
    this.workspace = new WorkspacePage(page);
    this.search = new SearchPage(page);
    this.hits = new HitsPage(page);
  }

  /** Opens the app and waits for its ready signal (first `app.state` answered). */
  async load(): Promise<void> {
    const errors: string[] = [];
    this.page.on('pageerror', (e) => errors.push(e.message));
    await this.page.goto('/');
    await expect(
      this.page.locator('html[data-canvass-ready="true"]'),
      `the app never became ready: ${errors.join('; ')}`,
    ).toBeAttached();
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await expect(this.page.locator('html[data-canvass-ready="true"]')).toBeAttached();
  }

  screen(name: 'setup' | 'signin' | 'lock' | 'workspace') {
    return this.page.locator(`[data-screen="${name}"]`);
  }
}
