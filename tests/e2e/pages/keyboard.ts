import type { Locator, Page } from '@playwright/test';

/** Presses Tab (up to `max` times) until `target` has the focus; fails naming where the focus got stuck. */
export async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press('Tab');
  }
  const at = await page.evaluate(() => {
    const el = (globalThis as unknown as { document: { activeElement: { outerHTML: string } | null } }).document
      .activeElement;
    return el ? el.outerHTML.slice(0, 160) : 'nothing';
  });
  throw new Error(`Tab never reached ${target.toString()} in ${max} presses; the focus is on ${at}`);
}

export async function isFocused(target: Locator): Promise<boolean> {
  if ((await target.count()) !== 1) return false;
  return target.evaluate((el) => el.ownerDocument.activeElement === el);
}

export async function focusedIn(container: Locator): Promise<boolean> {
  return container.evaluate((el) => el.contains(el.ownerDocument.activeElement));
}
