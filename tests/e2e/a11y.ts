import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';

/**
 * The WCAG 2.1 AA check of #23: axe-core scans a screen in the scheme it is shown in AND in the other one
 * (the `data-mantine-color-scheme` attribute is flipped for the scan and put back), so every screen a test
 * reaches is checked in light and dark without a line in the spec. Violations are collected per test and
 * fail it at the end, as one readable list.
 */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * What axe does not look at, and why. Kept short on purpose: never a rule switched off, only regions.
 * - The MapLibre canvas: a WebGL picture of tiles and markers, not text; its text alternative is the results
 *   table beside it (the map region says so with aria-describedby). The map's own controls ARE scanned.
 */
export const A11Y_EXCLUDE = ['.maplibregl-canvas'];

export type A11yViolation = {
  screen: string;
  scheme: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
  snippet: string;
};

export type A11yScanner = {
  /** Scans the page as it is now (both schemes); `screen` names it in the report. */
  scan: (screen: string) => Promise<void>;
  readonly violations: A11yViolation[];
  /** How many scans ran (a scan = one screen state in both schemes). */
  readonly scans: number;
};

/** Set CANVASS_AXE=0 to run the e2e suite without the scans (to measure what they cost). */
export const A11Y_ENABLED = process.env.CANVASS_AXE !== '0';

const STILL = `*, *::before, *::after { transition: none !important; animation: none !important; }`;

export function a11yScanner(page: Page, testInfo?: TestInfo): A11yScanner {
  const violations: A11yViolation[] = [];
  const seen = new Set<string>();
  let scans = 0;

  async function runAxe(screen: string, scheme: string): Promise<void> {
    let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
    for (const sel of A11Y_EXCLUDE) builder = builder.exclude(sel);
    const result = await builder.analyze();
    for (const v of result.violations) {
      for (const node of v.nodes) {
        const targets = node.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t)));
        const key = `${scheme}|${v.id}|${targets.join(',')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        violations.push({
          screen,
          scheme,
          rule: v.id,
          impact: v.impact ?? 'unknown',
          help: node.failureSummary?.split('\n').slice(0, 2).join(' ') ?? v.help,
          targets,
          snippet: node.html.slice(0, 160),
        });
      }
    }
  }

  async function scan(screen: string): Promise<void> {
    if (!A11Y_ENABLED || page.isClosed() || page.url() === 'about:blank') return;
    scans++;
    const started = Date.now();
    // Colours mid-transition would be measured as they pass; freeze them for the scan.
    const style = await page.addStyleTag({ content: STILL });
    const html = page.locator('html');
    const shown = await html.getAttribute('data-mantine-color-scheme');
    const current = shown ?? 'light';
    const other = current === 'dark' ? 'light' : 'dark';
    try {
      await runAxe(screen, current);
      await html.evaluate((el, s) => el.setAttribute('data-mantine-color-scheme', s), other);
      await runAxe(screen, other);
    } finally {
      await html.evaluate((el, s) => {
        if (s === null) el.removeAttribute('data-mantine-color-scheme');
        else el.setAttribute('data-mantine-color-scheme', s);
      }, shown);
      await style.evaluate((el) => el.remove());
      // The scan's own time does not come out of the test's budget (two axe runs cost seconds on a busy machine).
      if (testInfo && testInfo.timeout > 0) testInfo.setTimeout(testInfo.timeout + (Date.now() - started));
    }
  }

  return {
    scan,
    get violations() {
      return violations;
    },
    get scans() {
      return scans;
    },
  };
}

/** One line per violating element, grouped by screen: what a developer needs to find and fix it. */
export function formatViolations(violations: A11yViolation[]): string {
  const lines = violations.map(
    (v) =>
      `- [${v.impact}] ${v.rule} on "${v.screen}" (${v.scheme}): ${v.targets.join(' | ')}\n    ${v.snippet}\n    ${v.help}`,
  );
  return `${violations.length} WCAG 2.1 AA violation(s) (axe-core):\n${lines.join('\n')}`;
}
