import type { Locator, Page } from '@playwright/test';

/** Chooses an option in a Mantine Select as a user would: open it, type to filter if it is searchable, pick. */
export async function pickOption(page: Page, input: Locator, optionLabel: string): Promise<void> {
  await input.click();
  if (await input.isEditable()) await input.fill(optionLabel.slice(0, 12));
  await page.getByRole('option', { name: optionLabel, exact: true }).click();
}
