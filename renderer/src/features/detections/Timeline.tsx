import { useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { CloseButton, Group, Text } from '@mantine/core';
import type { SearchRow } from '../../../../preload/contract';
import { formatDateTime } from '../../ui/format';
import './search.css';

const BINS = 72;

export type TimelineBins = { start: number; end: number; width: number; counts: number[]; newest: (number | null)[] };

/**
 * Detections per slice of the window. The window is the search's own when it has one (so an empty evening
 * shows as empty), otherwise the span of the results.
 */
export function binDetections(
  rows: readonly SearchRow[],
  window: { from: string | null; to: string | null },
  bins = BINS,
): TimelineBins | null {
  if (rows.length === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  const times = rows.map((r) => {
    const t = Date.parse(r.seenAt);
    if (t < lo) lo = t;
    if (t > hi) hi = t;
    return t;
  });
  const start = window.from ? Math.min(Date.parse(window.from), lo) : lo;
  let end = window.to ? Math.max(Date.parse(window.to), hi) : hi;
  if (end <= start) end = start + 60_000;
  const width = (end - start) / bins;
  const counts = new Array<number>(bins).fill(0);
  const newest = new Array<number | null>(bins).fill(null);
  const newestAt = new Array<number>(bins).fill(-Infinity);
  times.forEach((t, i) => {
    const b = Math.min(bins - 1, Math.floor((t - start) / width));
    counts[b]!++;
    if (t > newestAt[b]!) {
      newestAt[b] = t;
      newest[b] = rows[i]!.id;
    }
  });
  return { start, end, width, counts, newest };
}

/** A span of time the timeline was brushed to (epoch ms, end exclusive). */
export type TimeSpan = { from: number; to: number };

/** The span covered by bins `a`…`b` (either order, clamped), from the start of the first to the end of the last. */
export function binsSpan(bins: Pick<TimelineBins, 'start' | 'width' | 'counts'>, a: number, b: number): TimeSpan {
  const last = bins.counts.length - 1;
  const lo = Math.max(0, Math.min(last, Math.min(a, b)));
  const hi = Math.max(0, Math.min(last, Math.max(a, b)));
  return { from: bins.start + lo * bins.width, to: bins.start + (hi + 1) * bins.width };
}

/** The bin under a horizontal fraction (0…1) of the strip. */
export function binAt(fraction: number, count: number): number {
  return Math.max(0, Math.min(count - 1, Math.floor(fraction * count)));
}

/** The rows seen inside the span (all rows without one). The last bin's end includes the window's end. */
export function rowsInSpan<R extends { seenAt: string }>(rows: readonly R[], span: TimeSpan | null): readonly R[] {
  if (!span) return rows;
  return rows.filter((r) => {
    const t = Date.parse(r.seenAt);
    return t >= span.from && t < span.to;
  });
}

/** Pixels a press must move before it is a brush rather than a click on a bar. */
const BRUSH_THRESHOLD_PX = 4;

/**
 * A strip of bars above the table: how the results spread over the window. Clicking a bar selects the newest
 * detection in it; the selected detection is a line. Each bar is a button with its count and span for a
 * screen reader. Dragging across the strip brushes a span: the map and the table narrow to it (shaded, with a
 * clear button). Keyboard: focus the strip, ←/→ move a cursor bar, Shift+←/→ brush from where the cursor
 * was, Enter selects the cursor bar's newest read, Esc clears the brush.
 */
export function Timeline({
  rows,
  window,
  selected,
  onSelect,
  brush,
  onBrush,
}: {
  rows: readonly SearchRow[];
  window: { from: string | null; to: string | null };
  selected: SearchRow | null;
  onSelect: (id: number) => void;
  brush: TimeSpan | null;
  onBrush: (span: TimeSpan | null) => void;
}) {
  const bins = useMemo(() => binDetections(rows, window), [rows, window]);
  const strip = useRef<HTMLDivElement>(null);
  const press = useRef<{ x: number; bin: number; brushing: boolean } | null>(null);
  // While dragging, the brush is drawn from local state; the span is committed on release.
  const [dragSpan, setDragSpan] = useState<TimeSpan | null>(null);
  const [cursor, setCursor] = useState<{ bin: number; anchor: number } | null>(null);
  if (!bins) return null;
  const n = bins.counts.length;
  const max = Math.max(...bins.counts);
  const total = bins.end - bins.start;
  const selectedAt = selected ? (Date.parse(selected.seenAt) - bins.start) / total : null;
  const shown = dragSpan ?? brush;
  const fractionOf = (clientX: number) => {
    const box = strip.current!.getBoundingClientRect();
    return (clientX - box.left) / box.width;
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    press.current = { x: e.clientX, bin: binAt(fractionOf(e.clientX), n), brushing: false };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const p = press.current;
    if (!p) return;
    if (!p.brushing) {
      if (Math.abs(e.clientX - p.x) < BRUSH_THRESHOLD_PX) return;
      // Only now capture: a press that does not move stays a click on its bar.
      p.brushing = true;
      e.currentTarget.setPointerCapture(e.pointerId);
    }
    setDragSpan(binsSpan(bins, p.bin, binAt(fractionOf(e.clientX), n)));
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    const p = press.current;
    press.current = null;
    if (!p?.brushing) return;
    e.currentTarget.releasePointerCapture(e.pointerId);
    setDragSpan(null);
    onBrush(binsSpan(bins, p.bin, binAt(fractionOf(e.clientX), n)));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = cursor ?? { bin: 0, anchor: 0 };
    const step = e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowRight' ? 1 : 0;
    if (step !== 0) {
      e.preventDefault();
      const bin = Math.max(0, Math.min(n - 1, (cursor ? at.bin : step > 0 ? -1 : n) + step));
      const anchor = e.shiftKey ? (cursor ? at.anchor : bin) : bin;
      setCursor({ bin, anchor });
      if (e.shiftKey) onBrush(binsSpan(bins, anchor, bin));
    } else if (e.key === 'Enter' && cursor) {
      e.preventDefault();
      const id = bins.newest[cursor.bin];
      if (id !== null && id !== undefined) onSelect(id);
    } else if (e.key === 'Escape' && brush) {
      e.preventDefault();
      e.stopPropagation();
      onBrush(null);
    }
  };

  return (
    <div className="cv-timeline" data-testid="timeline">
      <div
        ref={strip}
        className="cv-timeline-bars"
        role="group"
        tabIndex={0}
        aria-label={`Detections over time, busiest slice ${max}. Drag across, or Shift+arrow keys, to narrow the map and the table to a span; Escape clears it.`}
        aria-keyshortcuts="ArrowLeft ArrowRight Shift+ArrowLeft Shift+ArrowRight Enter Escape"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => {
          press.current = null;
          setDragSpan(null);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setCursor(null)}
      >
        {bins.counts.map((n, i) => {
          const from = bins.start + i * bins.width;
          const label = `${n} detection${n === 1 ? '' : 's'} from ${formatDateTime(new Date(from).toISOString())}`;
          return (
            <button
              key={i}
              type="button"
              className="cv-timeline-bin"
              data-cursor={cursor?.bin === i || undefined}
              tabIndex={-1}
              disabled={n === 0}
              aria-label={label}
              title={label}
              onClick={() => {
                const id = bins.newest[i];
                if (id !== null && id !== undefined) onSelect(id);
              }}
            >
              <span style={{ height: n === 0 ? 0 : `${Math.max(8, (n / max) * 100)}%` }} />
            </button>
          );
        })}
        {shown ? (
          <span
            className="cv-timeline-brush"
            data-testid="timeline-brush"
            style={{
              left: `${Math.max(0, ((shown.from - bins.start) / total) * 100)}%`,
              width: `${Math.min(100, ((shown.to - shown.from) / total) * 100)}%`,
            }}
            aria-hidden="true"
          />
        ) : null}
        {selectedAt !== null ? (
          <span className="cv-timeline-cursor" style={{ left: `${selectedAt * 100}%` }} aria-hidden="true" />
        ) : null}
      </div>
      {brush ? (
        <Group gap={6} wrap="nowrap" className="cv-timeline-brushed" data-testid="timeline-brushed" role="status">
          <Text size="xs" fw={600}>
            Narrowed to {formatDateTime(new Date(brush.from).toISOString())} –{' '}
            {formatDateTime(new Date(brush.to).toISOString())}
          </Text>
          <CloseButton size="xs" aria-label="Clear the time span" onClick={() => onBrush(null)} />
        </Group>
      ) : null}
      <Group justify="space-between" gap="xs" mt={2}>
        <Text size="xs" c="dimmed" className="mono">
          {formatDateTime(new Date(bins.start).toISOString())}
        </Text>
        <Text size="xs" c="dimmed">
          busiest slice {max} · {formatSpan(bins.width)} per bar
        </Text>
        <Text size="xs" c="dimmed" className="mono">
          {formatDateTime(new Date(bins.end).toISOString())}
        </Text>
      </Group>
    </div>
  );
}

function formatSpan(ms: number): string {
  const min = ms / 60_000;
  if (min < 1) return `${Math.round(ms / 1000)} s`;
  if (min < 90) return `${Math.round(min)} min`;
  const h = min / 60;
  if (h < 36) return `${h.toFixed(h < 10 ? 1 : 0)} h`;
  return `${(h / 24).toFixed(1)} days`;
}
