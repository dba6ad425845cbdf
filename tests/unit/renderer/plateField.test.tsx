// @vitest-environment jsdom
import { useState } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MantineProvider } from '@mantine/core';
import type { PatternFeedback } from '../../../preload/contract';
import { describePlatePattern } from '../../../main/core/plates/patternDescribe';
import { PlateField, type DescribePattern } from '../../../renderer/src/features/detections/PlateField';
import { installMantineShims } from './jsdomShims';

/** The real pattern describer main runs for `search.describePattern`, called as the bridge would (async). */
const coreDescribe: DescribePattern = async (plate, similar) => describePlatePattern(plate, { similar });

beforeAll(installMantineShims);
afterEach(cleanup);

function Harness({
  describe: d = coreDescribe,
  onFeedback,
}: {
  describe?: DescribePattern;
  onFeedback?: (f: PatternFeedback | null) => void;
}) {
  const [value, setValue] = useState('');
  const [similar, setSimilar] = useState(true);
  const [near, setNear] = useState(true);
  return (
    <MantineProvider>
      <PlateField
        value={value}
        onChange={setValue}
        similar={similar}
        onSimilarChange={setSimilar}
        nearMisses={near}
        onNearMissesChange={setNear}
        describe={d}
        onFeedback={onFeedback}
        debounceMs={0}
      />
    </MantineProvider>
  );
}

const input = () => screen.getByTestId('plate-input');
const parts = () =>
  within(screen.getByRole('list', { name: 'What the pattern means' }))
    .getAllByRole('listitem')
    .map((li) => li.textContent);

describe('the plate field’s pattern feedback', () => {
  it('explains a witness’s fragment part by part, with the look-alike of 8', async () => {
    render(<Harness />);
    await userEvent.type(input(), '8k?a*');
    expect(input()).toHaveProperty('value', '8K?A*');
    await waitFor(() =>
      expect(parts()).toEqual([
        '8or B',
        'Kexactly',
        '?one unknown character',
        'Aexactly',
        '*any run of characters, or none',
      ]),
    );
    expect(screen.getByTestId('plate-summary').textContent).toContain('also matching look-alikes (8→B)');
    expect(screen.getByTestId('plate-summary').textContent).toContain('Near misses');
    expect(input().getAttribute('aria-invalid')).toBeNull();
  });

  it('says what a class means and drops look-alikes when similar characters are off', async () => {
    render(<Harness />);
    // user-event writes a literal “[” as “[[”.
    await userEvent.type(input(), '7[[8B]C');
    await waitFor(() => expect(parts()).toContain('[8B]one of 8 or B'));
    await userEvent.click(screen.getByRole('switch', { name: /^Similar-looking characters/ }));
    await waitFor(() => expect(screen.getByTestId('plate-summary').textContent).toContain('exact characters only'));
    expect(parts()[0]).toBe('7exactly');
    await userEvent.click(screen.getByRole('switch', { name: /^Near misses/ }));
    expect(screen.getByTestId('plate-summary').textContent).not.toContain('Near misses');
  });

  it('refuses an unclosed class inline, with the column and the reason, and marks the field invalid', async () => {
    const seen: (PatternFeedback | null)[] = [];
    render(<Harness onFeedback={(f) => seen.push(f)} />);
    await userEvent.type(input(), '8K[[B'); // types 8K[B
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/column 3/);
    expect(alert.textContent).toMatch(/\[/);
    expect(input().getAttribute('aria-invalid')).toBe('true');
    expect(seen.at(-1)).toMatchObject({ ok: false });
    expect(screen.queryByRole('list', { name: 'What the pattern means' })).toBeNull();
  });

  it('refuses a pattern with no known character', async () => {
    render(<Harness />);
    await userEvent.type(input(), '??');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/column/);
    await userEvent.clear(input());
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(screen.getByTestId('plate-feedback').textContent).toBe('');
  });

  it('never lets a slow answer to an older pattern replace the newer one', async () => {
    const pending: { plate: string; resolve: () => void }[] = [];
    const slow: DescribePattern = (plate, similar) =>
      new Promise((resolve) =>
        pending.push({ plate, resolve: () => resolve(describePlatePattern(plate, { similar })) }),
      );
    render(<Harness describe={slow} />);
    await userEvent.type(input(), '7[[');
    await waitFor(() => expect(pending.map((p) => p.plate)).toContain('7['));
    await userEvent.type(input(), '8]');
    await waitFor(() => expect(pending.map((p) => p.plate)).toContain('7[8]'));
    // The newest answers first, then the stale refusal of "7[" arrives.
    await act(async () => pending.find((p) => p.plate === '7[8]')!.resolve());
    await act(async () => pending.find((p) => p.plate === '7[')!.resolve());
    expect(screen.queryByRole('alert')).toBeNull();
    expect(parts()).toEqual(['7exactly', '[8]8 (a class of one) (or B)']);
  });
});
