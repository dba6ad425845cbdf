import type { Page } from '@playwright/test';
import { pickOption } from './controls';

export type NewUser = {
  fullName: string;
  username: string;
  badgeId: string;
  classificationLabel: string;
  roles: string[];
  password: string;
  /** `topics`: the course covered every topic the policy lists. */
  training?: { course: string; completedOn: string; instructor: string; topics?: readonly string[] };
};

export class UsersPage {
  constructor(readonly page: Page) {}

  get table() {
    return this.page.getByTestId('users-table');
  }

  get flash() {
    return this.page.getByTestId('users-flash');
  }

  row(username: string) {
    return this.page.locator(`tr[data-username="${username}"]`);
  }

  async addUser(u: NewUser): Promise<void> {
    await this.page.getByRole('button', { name: 'Add user' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Add user' });
    await dialog.getByLabel('Full name').fill(u.fullName);
    await dialog.getByLabel('Username').fill(u.username);
    await dialog.getByLabel('Badge or employee number').fill(u.badgeId);
    await pickOption(this.page, dialog.getByRole('combobox', { name: 'Job classification' }), u.classificationLabel);
    // The dialog starts with Investigator ticked; make the boxes match exactly.
    for (const role of ['Investigator', 'Evidence technician', 'Records custodian', 'ALPR administrator']) {
      await dialog.getByRole('checkbox', { name: role }).setChecked(u.roles.includes(role));
    }
    await dialog.getByLabel('Temporary password').fill(u.password);
    await dialog.getByLabel('Confirm password').fill(u.password);
    if (u.training) {
      await dialog.getByLabel('Course').fill(u.training.course);
      await dialog.getByLabel('Completed on').fill(u.training.completedOn);
      await dialog.getByLabel('Instructor').fill(u.training.instructor);
      if (u.training.topics?.length) await dialog.getByRole('checkbox', { name: 'All required topics' }).check();
    } else {
      await dialog.getByRole('switch', { name: /Record this person/ }).setChecked(false);
    }
  }

  async submitAddUser(): Promise<void> {
    await this.page.getByRole('dialog', { name: 'Add user' }).getByRole('button', { name: 'Add user' }).click();
  }

  async act(username: string, fullName: string, action: string): Promise<void> {
    await this.row(username)
      .getByRole('button', { name: `Actions for ${fullName}` })
      .click();
    await this.page.getByRole('menuitem', { name: action }).click();
  }
}
