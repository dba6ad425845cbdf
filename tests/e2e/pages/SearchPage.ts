import { expect, type Locator, type Page } from '@playwright/test';

/** The search workspace: the form column, the map, the timeline, the results grid and the detail drawer. */
export class SearchPage {
  constructor(readonly page: Page) {}

  get form() {
    return this.page.getByRole('search', { name: 'Search detections' });
  }

  get plate() {
    return this.page.getByTestId('plate-input');
  }

  get plateFeedback() {
    return this.page.getByTestId('plate-feedback');
  }

  get plateError() {
    return this.page.getByTestId('plate-error');
  }

  get results() {
    return this.page.getByRole('grid', { name: 'Search results' });
  }

  get resultsBody() {
    return this.page.getByTestId('results-body');
  }

  get count() {
    return this.page.getByTestId('search-count');
  }

  get tierCounts() {
    return this.page.getByTestId('tier-counts');
  }

  get timeline() {
    return this.page.getByTestId('timeline');
  }

  get map() {
    return this.page.getByTestId('detection-map');
  }

  get detail() {
    return this.page.getByTestId('detection-detail');
  }

  get areaText() {
    return this.page.getByTestId('area-text');
  }

  /** Picks options in one of the form's multi-selects (Make, Color, …), typing to filter as a person would. */
  async choose(label: string, ...options: string[]): Promise<void> {
    const input = this.form.getByLabel(label, { exact: true });
    for (const option of options) {
      await input.click();
      await input.fill(option);
      await this.page.getByRole('option', { name: option, exact: true }).click();
    }
    await input.press('Escape');
  }

  /** The ±30 min preset around a local wall-clock time (YYYY-MM-DDTHH:mm). */
  async windowAround(localTime: string): Promise<void> {
    await this.form.getByRole('button', { name: '±30 min around…' }).click();
    const around = this.page.getByLabel('Around', { exact: true });
    await around.fill(localTime);
    await this.page.getByRole('button', { name: 'Set window' }).click();
  }

  /** Drags a radius on the map canvas from a point (fractions of the canvas) outwards by `dx` pixels. */
  async dragRadius(at: { x: number; y: number }, dx: number): Promise<void> {
    await this.form.getByText('Area on map', { exact: true }).click();
    await this.form.getByRole('button', { name: 'Draw radius' }).click();
    const canvas = this.map.locator('canvas').first();
    const box = (await canvas.boundingBox())!;
    const x = box.x + box.width * at.x;
    const y = box.y + box.height * at.y;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    for (let i = 1; i <= 8; i++) await this.page.mouse.move(x + (dx * i) / 8, y);
    await this.page.mouse.up();
  }

  async run(): Promise<void> {
    await this.plate.press('Enter');
  }

  /** Ids of the result rows in the DOM (all of them for a short list; the grid is virtualized). */
  async rowIds(): Promise<number[]> {
    const ids = await this.results
      .locator('[data-detection-id]')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-detection-id'))));
    return ids;
  }

  row(id: number): Locator {
    return this.results.locator(`[data-detection-id="${id}"]`);
  }

  async expectRows(n: number): Promise<void> {
    await expect(this.count).toHaveText(`${n.toLocaleString('en-US')} detection${n === 1 ? '' : 's'}`);
  }
}

/** One search's timing, read from the renderer's own marks (docs/workspace.md). Unrounded milliseconds. */
export type TimedSearch = { rows: number; answerMs: number; tableMs: number; mapMs: number };

/**
 * Runs the form's search and reads the marks of that answer: clicked → 'canvass:results-received' →
 * 'canvass:table-updated' and 'canvass:map-updated'. Polled from here: waitForFunction evaluates a string with
 * eval, which the app's CSP forbids. Shared by the responsiveness spec and the workspace bench.
 */
export async function timedSearch(page: Page, timeoutMs = 60_000): Promise<TimedSearch> {
  await page.evaluate(() => performance.clearMarks());
  const clicked = await page.evaluate(() => performance.now());
  await page.getByTestId('search-submit').click();
  // A string, not a function: the runner's helpers (tsx's __name) do not exist in the page. Only marks after
  // this answer arrived count (the map may still mark a late 'idle' of the previous answer).
  const read = `(() => {
    const r = performance.getEntriesByName('canvass:results-received');
    if (!r.length) return null;
    const t0 = r[r.length - 1].startTime;
    const first = (n) => { const e = performance.getEntriesByName(n).find((m) => m.startTime >= t0); return e ? e.startTime : null; };
    const table = first('canvass:table-updated');
    const map = first('canvass:map-updated');
    return table !== null && map !== null ? { received: t0, table, map } : null;
  })()`;
  type Marks = { received: number; table: number; map: number };
  let marks: Marks | null = null;
  for (const deadline = Date.now() + timeoutMs; !marks; await page.waitForTimeout(25)) {
    if (Date.now() > deadline) throw new Error(`no table and map marks within ${timeoutMs} ms of the search`);
    marks = (await page.evaluate(read)) as Marks | null;
  }
  const text = await page.getByTestId('search-count').innerText();
  return {
    rows: Number(text.replace(/[^\d]/g, '')),
    answerMs: marks.received - clicked,
    tableMs: marks.table - marks.received,
    mapMs: marks.map - marks.received,
  };
}
