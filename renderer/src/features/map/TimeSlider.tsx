import { Group, RangeSlider, Text } from '@mantine/core';
import { formatDateTime } from '../../ui/format';

export type TimeRange = [number, number];

/**
 * Filters what the map shows to a part of the results' time span. Values are epoch ms; labels are local time.
 * Hidden when the results span no time (nothing to filter).
 */
export function TimeSlider({
  span,
  value,
  onChange,
  shown,
  total,
}: {
  span: TimeRange;
  value: TimeRange;
  onChange: (range: TimeRange) => void;
  shown: number;
  total: number;
}) {
  const [min, max] = span;
  if (!(max > min)) return null;
  // About 600 stops across the span, never finer than a second.
  const step = Math.max(1000, Math.round((max - min) / 600));
  const whole = value[0] <= min && value[1] >= max;
  return (
    <div className="map-time" data-testid="map-time-slider">
      <Group justify="space-between" gap="xs" wrap="nowrap" mb={4}>
        <Text size="xs" fw={600} className="mono" aria-live="polite">
          {formatDateTime(new Date(value[0]).toISOString())} – {formatDateTime(new Date(value[1]).toISOString())}
        </Text>
        <Text size="xs" c="dimmed" data-testid="map-time-count">
          {whole
            ? `All ${total.toLocaleString()} reads`
            : `${shown.toLocaleString()} of ${total.toLocaleString()} reads`}
        </Text>
      </Group>
      <RangeSlider
        min={min}
        max={max}
        step={step}
        minRange={step}
        value={value}
        onChange={(v) => onChange([v[0], v[1]])}
        label={(v) => formatDateTime(new Date(v).toISOString()).slice(5)}
        size="sm"
        thumbFromLabel="Show reads from"
        thumbToLabel="Show reads until"
        aria-label="Time shown on the map"
      />
    </div>
  );
}
