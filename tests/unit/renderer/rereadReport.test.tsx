// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MantineProvider } from '@mantine/core';
import type { OcrRereadInfo } from '../../../preload/contract';
import { diffPlates } from '../../../main/core/ocr/compare';
import { RereadReport } from '../../../renderer/src/features/ocr/RereadReport';
import { formatDuration, remainingSeconds } from '../../../renderer/src/features/ocr/estimate';
import { installMantineShims } from './jsdomShims';

beforeAll(installMantineShims);
afterEach(cleanup);

/** A report item as main builds it (toRereadInfo), with the real diff of main/core. */
function item(
  detectionId: number,
  original: string,
  reread: string | null,
  doubt: number,
  error?: string,
): OcrRereadInfo {
  return {
    readId: detectionId * 10,
    detectionId,
    at: '2026-11-22T09:00:00Z',
    username: 'det.chen',
    occlusion: null,
    region: null,
    originalPlate: original,
    plate: reread,
    confidence: reread ? 95 : null,
    charConfidence: [],
    variant: reread ? 'otsu' : null,
    candidates: reread ? [{ plate: reread, score: 0.9 }] : [],
    diff: reread ? diffPlates(original, reread) : [],
    doubt,
    flagged: reread !== null && reread !== original && doubt >= 0.5,
    error: error ? { code: 'IMAGE_MISSING', message: error } : null,
  };
}

const ITEMS = [
  item(4, '6MN8224', '6MNB224', 0.96),
  item(9, '7ABC123', '7ABC12', 0.2),
  item(12, '5TRK881', null, 0, 'The evidence image has not been fetched from the agency server.'),
];

function show(onOpen: (id: number) => void = () => {}) {
  render(
    <MantineProvider>
      <RereadReport items={ITEMS} done={10} rows={new Map()} onOpen={onOpen} />
    </MantineProvider>,
  );
  return screen.getAllByTestId('reread-report-item');
}

describe('the batch re-read report', () => {
  it('keeps main’s order, likeliest misread first, and counts what agreed', () => {
    const lines = show();
    expect(lines.map((l) => l.getAttribute('data-detection-id'))).toEqual(['4', '9', '12']);
    expect(lines[0]).toHaveProperty('dataset.flagged', 'true');
    expect(lines[2]).toHaveProperty('dataset.failed', 'true');
    expect(screen.getByTestId('reread-report-flagged').textContent).toBe('1 likely misread');
    expect(screen.getByText('7 agreed')).toBeTruthy();
  });

  it('marks the differing character in place and says it in words', () => {
    const [misread] = show();
    const cells = misread!.querySelectorAll('.plate-cell.changed');
    expect([...cells].map((c) => c.textContent)).toEqual(['8', 'B']);
    expect(within(misread!).getByRole('img').getAttribute('aria-label')).toContain('8 read as B');
  });

  it('hatches the characters something covered on the image and says so in words', () => {
    const covered = {
      ...item(3, '6MNB224', '6MNB220', 0.3),
      occlusion: { damaged: [6], hiddenStart: false, hiddenEnd: true },
    };
    render(
      <MantineProvider>
        <RereadReport items={[covered]} done={1} rows={new Map()} onOpen={() => {}} />
      </MantineProvider>,
    );
    const line = screen.getByTestId('reread-report-item');
    const hatched = line.querySelectorAll('.plate-cell.covered');
    expect([...hatched].map((c) => c.textContent)).toEqual(['0']);
    const label = within(line).getByRole('img').getAttribute('aria-label');
    expect(label).toContain('Something crosses character 7 of the re-read');
    expect(label).toContain('A character may be hidden after the last one read');
  });

  it('shows a failed item’s error word for word', () => {
    const lines = show();
    expect(within(lines[2]!).getByTestId('reread-item-error').textContent).toMatch(/not been fetched/);
  });

  it('opens a detection by click or from the keyboard', async () => {
    const opened: number[] = [];
    const lines = show((id) => opened.push(id));
    const user = userEvent.setup();
    await user.click(lines[1]!);
    lines[0]!.focus();
    await user.keyboard('{Enter}');
    expect(opened).toEqual([9, 4]);
  });
});

describe('the batch re-read estimate', () => {
  it('speaks in a person’s terms, not a countdown', () => {
    expect(formatDuration(5)).toBe('a few seconds');
    expect(formatDuration(45)).toBe('under a minute');
    expect(formatDuration(4 * 60 + 10)).toBe('about 4 minutes');
    expect(formatDuration(80 * 60)).toBe('about 1 h 20 min');
  });

  it('states the time left only once a few items give a pace', () => {
    expect(remainingSeconds(2, 100, 1000)).toBeNull();
    expect(remainingSeconds(10, 100, 5000)).toBe(45);
  });
});
