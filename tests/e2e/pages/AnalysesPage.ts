import { expect, type Locator, type Page } from '@playwright/test';

/** The analyses' screens and the case view (docs/analyses.md, docs/cases.md). */
export class AnalysesPage {
  constructor(readonly page: Page) {}

  async go(
    screen: 'Common vehicles' | 'Travelling together' | 'Usual places' | 'Cloned plates' | 'Case' | 'Search',
  ): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main navigation' }).getByText(screen, { exact: true }).click();
  }

  screen(testId: 'common-vehicles' | 'travelling-together' | 'plate-habits' | 'cloned-plates' | 'case-panel'): Locator {
    return this.page.getByTestId(testId);
  }

  /** The map of the screen shown, ready (MapLibre loaded). */
  map(screen: Locator): Locator {
    return screen.getByTestId('detection-map');
  }

  /** A `datetime-local` value for an instant, in the browser's zone (the one the form reads). */
  async localInput(ms: number): Promise<string> {
    // A string, not a function: under tsx (the bench) the inner helper would be wrapped in esbuild's `__name`,
    // which the page does not have.
    return (await this.page.evaluate(`(() => {
      const d = new Date(${ms});
      const p = (n) => String(n).padStart(2, '0');
      return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':' + p(d.getMinutes());
    })()`)) as string;
  }

  /** Fills scene `n` (1-based) of the common-vehicles form with a typed point, a radius and a time ± minutes. */
  async fillScene(
    n: number,
    s: { name: string; lat: number; lon: number; radiusM: number; at: number; margin: number },
  ): Promise<void> {
    const card = this.page.getByTestId(`scene-${n}`);
    await card.getByRole('textbox', { name: `Scene ${n} name` }).fill(s.name);
    await card.getByRole('button', { name: 'Type a point' }).click();
    await card.getByLabel('Latitude').fill(String(s.lat));
    await card.getByLabel('Longitude').fill(String(s.lon));
    await card.getByLabel('Radius (m)').fill(String(s.radiusM));
    await card.getByTestId(`scene-${n}-at`).fill(await this.localInput(s.at));
    await card.getByLabel('± min').fill(String(s.margin));
    await expect(card.getByTestId(`scene-${n}-place`)).toContainText('around');
  }

  /** Rows of a results grid by their `data-plate`. */
  async plates(grid: Locator): Promise<string[]> {
    return grid.locator('[data-plate]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-plate') ?? ''));
  }

  /** "Add to case" in `within`: opens its note, keeps or replaces it, submits, waits for "In case …". */
  async addToCase(within: Locator, note?: string): Promise<void> {
    await within.getByTestId('add-to-case').first().click();
    const form = this.page.getByRole('form', { name: /^Add to / });
    if (note !== undefined) await form.getByLabel('Why it belongs to the case').fill(note);
    await form.getByRole('button', { name: 'Add to the case' }).click();
    await expect(form).toBeHidden();
  }
}
