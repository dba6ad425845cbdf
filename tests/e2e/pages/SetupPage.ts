import { expect, type Page } from '@playwright/test';
import { pickOption } from './controls';

export type SetupDetails = {
  profile: string;
  agencyName?: string;
  ori?: string;
  admin: {
    fullName: string;
    username: string;
    badgeId: string;
    classificationLabel: string;
    password: string;
    confirm?: string;
  };
  /** `topics`: the course covered every topic the policy lists. */
  training: { course: string; completedOn: string; instructor: string; topics?: readonly string[] };
};

export class SetupPage {
  constructor(readonly page: Page) {}

  get root() {
    return this.page.locator('[data-screen="setup"]');
  }

  get error() {
    return this.page.getByTestId('setup-error');
  }

  async fillAgency(d: SetupDetails): Promise<void> {
    await pickOption(this.page, this.page.getByRole('combobox', { name: 'Policy profile' }), d.profile);
    if (d.agencyName) await this.page.getByLabel('Agency name').fill(d.agencyName);
    if (d.ori) await this.page.getByLabel('ORI (optional)').fill(d.ori);
  }

  async next(): Promise<void> {
    await this.page.getByRole('button', { name: 'Next' }).click();
  }

  async fillAdministrator(d: SetupDetails): Promise<void> {
    await this.page.getByLabel('Full name').fill(d.admin.fullName);
    await this.page.getByLabel('Username').fill(d.admin.username);
    await this.page.getByLabel('Badge or employee number').fill(d.admin.badgeId);
    await pickOption(
      this.page,
      this.page.getByRole('combobox', { name: 'Job classification' }),
      d.admin.classificationLabel,
    );
    await this.page.getByLabel('Password', { exact: true }).fill(d.admin.password);
    await this.page.getByLabel('Confirm password').fill(d.admin.confirm ?? d.admin.password);
  }

  async fillTraining(d: SetupDetails): Promise<void> {
    await this.page.getByLabel('Course').fill(d.training.course);
    await this.page.getByLabel('Completed on').fill(d.training.completedOn);
    await this.page.getByLabel('Instructor').fill(d.training.instructor);
    if (d.training.topics?.length) await this.page.getByRole('checkbox', { name: 'All required topics' }).check();
  }

  async create(): Promise<void> {
    await this.page.getByRole('button', { name: 'Create workstation' }).click();
  }

  async expectStep(title: string): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Set up this workstation' })).toBeVisible();
    await expect(this.page.getByText(title, { exact: true }).first()).toBeVisible();
  }
}
