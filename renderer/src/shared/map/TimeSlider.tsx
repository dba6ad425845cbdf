import { Group, RangeSlider, Text } from '@mantine/core';
import { formatDateTime, formatShortDateTime } from '../../ui/format';
import { useTimeDisplay } from '../../ui/timeDisplay';

export type TimeRange = [number, number];

/**
 * Filters what the map shows to a part of the results' time span. Values are epoch ms; labels follow the user's time display.
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
  const times = useTimeDisplay();
  const [min, max] = span;
  if (!(max > min)) return null;
  // About 600 stops across the span, never finer than a second.
  const step = Math.max(1000, Math.round((max - min) / 600));
  const whole = value[0] <= min && value[1] >= max;
  return (
    <div className="map-time" data-testid="map-time-slider">
      <Group justify="space-between" gap="xs" wrap="nowrap" mb={4}>
        <Text size="xs" fw={600} className="mono" aria-live="polite">
          {formatDateTime(value[0], times)} – {formatDateTime(value[1], times)}
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
        label={(v) => formatShortDateTime(v, times)}
        size="sm"
        thumbFromLabel="Show reads from"
        thumbToLabel="Show reads until"
        aria-label="Time shown on the map"
      />
    </div>
  );
}
