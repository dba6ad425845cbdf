// @vitest-environment jsdom
// A zone with a daylight-saving shift and a date change against UTC in the evening (Node re-reads TZ when set;
// this tsconfig has no node types, hence the cast).
(globalThis as unknown as { process: { env: Record<string, string> } }).process.env.TZ = 'America/Los_Angeles';
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import type { Detection } from '../../../preload/contract';
import { formatDateTime, formatShortDateTime, formatTimeOfDay } from '../../../renderer/src/ui/format';
import { setTimeDisplay, TIME_DISPLAY_KEY, timeDisplay, useTimeDisplay } from '../../../renderer/src/ui/timeDisplay';
import { detectionFeatures, relabelled } from '../../../renderer/src/shared/map/features';

// 2026-03-01 21:05:09 in Los Angeles (PST, UTC−8) is 2026-03-02 05:05:09 UTC.
const EVENING = '2026-03-02T05:05:09.000Z';
// 2026-07-04 10:00:00 in Los Angeles (PDT, UTC−7).
const SUMMER = '2026-07-04T17:00:00.000Z';

afterEach(() => {
  cleanup();
  act(() => setTimeDisplay('local'));
});

describe('formatting times', () => {
  it('shows the workstation’s zone, unmarked, across the date line and daylight saving', () => {
    expect(formatDateTime(EVENING, 'local')).toBe('2026-03-01 21:05:09');
    expect(formatDateTime(SUMMER, 'local')).toBe('2026-07-04 10:00:00');
    expect(formatTimeOfDay(Date.parse(EVENING), 'local')).toBe('21:05:09');
    expect(formatShortDateTime(Date.parse(EVENING), 'local')).toBe('03-01 21:05:09');
  });

  it('marks every UTC time as UTC', () => {
    expect(formatDateTime(EVENING, 'utc')).toBe('2026-03-02 05:05:09 UTC');
    expect(formatDateTime(Date.parse(SUMMER), 'utc')).toBe('2026-07-04 17:00:00 UTC');
    expect(formatTimeOfDay(EVENING, 'utc')).toBe('05:05:09 UTC');
    expect(formatShortDateTime(EVENING, 'utc')).toBe('03-02 05:05:09 UTC');
  });

  it('says what is missing or unreadable instead of inventing a time', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('')).toBe('—');
    expect(formatDateTime('not a time', 'utc')).toBe('not a time');
  });

  it('follows the store when no display is given, and the store keeps the choice', () => {
    expect(formatDateTime(EVENING)).toBe('2026-03-01 21:05:09');
    setTimeDisplay('utc');
    expect(timeDisplay()).toBe('utc');
    expect(localStorage.getItem(TIME_DISPLAY_KEY)).toBe('utc');
    expect(formatDateTime(EVENING)).toBe('2026-03-02 05:05:09 UTC');
    setTimeDisplay('local');
    expect(localStorage.getItem(TIME_DISPLAY_KEY)).toBe('local');
    expect(formatDateTime(EVENING)).toBe('2026-03-01 21:05:09');
  });
});

describe('the time display store', () => {
  function Shown({ iso }: { iso: string }) {
    const mode = useTimeDisplay();
    return <span data-testid="t">{formatDateTime(iso, mode)}</span>;
  }

  it('re-renders an open screen when the Settings toggle changes it', () => {
    render(<Shown iso={EVENING} />);
    expect(screen.getByTestId('t').textContent).toBe('2026-03-01 21:05:09');
    act(() => setTimeDisplay('utc'));
    expect(screen.getByTestId('t').textContent).toBe('2026-03-02 05:05:09 UTC');
    act(() => setTimeDisplay('local'));
    expect(screen.getByTestId('t').textContent).toBe('2026-03-01 21:05:09');
  });

  it('follows a change made in another window (the storage event)', () => {
    render(<Shown iso={EVENING} />);
    localStorage.setItem(TIME_DISPLAY_KEY, 'utc');
    act(() => {
      window.dispatchEvent(new StorageEvent('storage', { key: TIME_DISPLAY_KEY, newValue: 'utc' }));
    });
    expect(screen.getByTestId('t').textContent).toBe('2026-03-02 05:05:09 UTC');
  });
});

describe('map labels', () => {
  const read = { id: 7, plate: '8KDR214', seenAt: EVENING, lat: 34.05, lon: -118.25, heading: 'NB' } as Detection;

  it('carry the time in the chosen display, marked when UTC', () => {
    expect(detectionFeatures([read], 'local').collection.features[0]!.properties.label).toBe('8KDR214\n21:05:09');
    expect(detectionFeatures([read], 'utc').collection.features[0]!.properties.label).toBe('8KDR214\n05:05:09 UTC');
  });

  it('are rewritten in place on a switch: same ids, places and times', () => {
    const local = detectionFeatures([read], 'local').collection;
    const utc = relabelled(local, 'utc');
    expect(utc.features[0]!.properties).toEqual({ ...local.features[0]!.properties, label: '8KDR214\n05:05:09 UTC' });
    expect(utc.features[0]!.id).toBe(7);
    expect(utc.features[0]!.geometry).toBe(local.features[0]!.geometry);
    expect(local.features[0]!.properties.label).toBe('8KDR214\n21:05:09');
  });
});
