import { useMemo } from 'react';
import { Group, Text } from '@mantine/core';
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

/**
 * A strip of bars above the table: how the results spread over the window. Clicking a bar selects the newest
 * detection in it; the selected detection is a line. Each bar is a button with its count and span for a
 * screen reader.
 */
export function Timeline({
  rows,
  window,
  selected,
  onSelect,
}: {
  rows: readonly SearchRow[];
  window: { from: string | null; to: string | null };
  selected: SearchRow | null;
  onSelect: (id: number) => void;
}) {
  const bins = useMemo(() => binDetections(rows, window), [rows, window]);
  if (!bins) return null;
  const max = Math.max(...bins.counts);
  const selectedAt = selected ? (Date.parse(selected.seenAt) - bins.start) / (bins.end - bins.start) : null;
  return (
    <div className="cv-timeline" data-testid="timeline">
      <div className="cv-timeline-bars" role="group" aria-label={`Detections over time, busiest slice ${max}`}>
        {bins.counts.map((n, i) => {
          const from = bins.start + i * bins.width;
          const label = `${n} detection${n === 1 ? '' : 's'} from ${formatDateTime(new Date(from).toISOString())}`;
          return (
            <button
              key={i}
              type="button"
              className="cv-timeline-bin"
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
        {selectedAt !== null ? (
          <span className="cv-timeline-cursor" style={{ left: `${selectedAt * 100}%` }} aria-hidden="true" />
        ) : null}
      </div>
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
