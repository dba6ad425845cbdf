import { describe, expect, it } from 'vitest';
import { clampShare, MAP_SHARE, mainRows, shareAfterDrag } from '../../../renderer/src/features/detections/layout';
import { binAt, binDetections, binsSpan, rowsInSpan } from '../../../renderer/src/features/detections/Timeline';

describe('the map/results split', () => {
  it('keeps the map share within its limits, and a broken stored value falls back to the default', () => {
    expect(clampShare(0.05)).toBe(MAP_SHARE.min);
    expect(clampShare(0.99)).toBe(MAP_SHARE.max);
    expect(clampShare(0.6)).toBe(0.6);
    expect(clampShare(Number.NaN)).toBe(MAP_SHARE.default);
  });

  it('turns a drag into a share of the height the map and the results divide', () => {
    // 250 px of map out of 500: dragging 100 px down gives the map 350 of 500.
    expect(shareAfterDrag(250, 500, 100)).toBeCloseTo(0.7);
    expect(shareAfterDrag(250, 500, -1000)).toBe(MAP_SHARE.min);
    expect(shareAfterDrag(250, 0, 10)).toBe(MAP_SHARE.default);
  });

  it('writes grid rows whose fractions are the share, with floors for both panes', () => {
    expect(mainRows(0.7)).toBe('minmax(160px, 700fr) auto auto minmax(140px, 300fr)');
    expect(mainRows(2)).toBe(
      `minmax(160px, ${MAP_SHARE.max * 1000}fr) auto auto minmax(140px, ${1000 - MAP_SHARE.max * 1000}fr)`,
    );
  });
});

describe('timeline brushing', () => {
  const t0 = Date.parse('2026-11-20T00:00:00Z');
  const row = (id: number, minutes: number) => ({ id, seenAt: new Date(t0 + minutes * 60_000).toISOString() });
  // A 72-minute window: one minute per bin.
  const rows = [row(1, 0), row(2, 10.5), row(3, 30), row(4, 71.9)];
  const window = { from: new Date(t0).toISOString(), to: new Date(t0 + 72 * 60_000).toISOString() };
  const bins = binDetections(rows as never, window)!;

  it('maps a position on the strip to its bar, clamped to the strip', () => {
    expect(binAt(0, 72)).toBe(0);
    expect(binAt(0.5, 72)).toBe(36);
    expect(binAt(1, 72)).toBe(71);
    expect(binAt(-0.2, 72)).toBe(0);
  });

  it('brushes whole bars, in either direction', () => {
    expect(binsSpan(bins, 10, 29)).toEqual({ from: t0 + 10 * 60_000, to: t0 + 30 * 60_000 });
    expect(binsSpan(bins, 29, 10)).toEqual(binsSpan(bins, 10, 29));
    expect(binsSpan(bins, -5, 500)).toEqual({ from: t0, to: t0 + 72 * 60_000 });
  });

  it('narrows the rows to the span (start inclusive, end exclusive) and keeps all without one', () => {
    expect(rowsInSpan(rows, binsSpan(bins, 10, 29)).map((r) => r.id)).toEqual([2]);
    expect(rowsInSpan(rows, binsSpan(bins, 10, 30)).map((r) => r.id)).toEqual([2, 3]);
    expect(rowsInSpan(rows, binsSpan(bins, 71, 71)).map((r) => r.id)).toEqual([4]);
    expect(rowsInSpan(rows, null)).toBe(rows);
  });
});
