import type { KeyboardEvent } from 'react';

export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export type HourCell = { weekday: number; hour: number };

/**
 * Sightings by hour of the week as a heat table: a row per weekday, a column per local hour, each cell its
 * count (shaded by its share of the busiest cell). A real table: screen readers read the day, the hour and the
 * count; a cell is a button (click, Enter) that chooses those sightings.
 */
export function HourOfWeekTable({
  counts,
  timeZone,
  selected,
  onSelect,
}: {
  /** `counts[weekday][hour]`, weekday 0 = Sunday. */
  counts: readonly (readonly number[])[];
  timeZone: string;
  selected: HourCell | null;
  onSelect: (cell: HourCell | null) => void;
}) {
  const max = Math.max(1, ...counts.flat());
  const choose = (cell: HourCell) =>
    onSelect(selected && selected.weekday === cell.weekday && selected.hour === cell.hour ? null : cell);
  return (
    <table className="cv-heat" aria-label={`Sightings by hour of the week (${timeZone})`} data-testid="heat-table">
      <thead>
        <tr>
          <td />
          {Array.from({ length: 24 }, (_, h) => (
            <th key={h} scope="col" title={`${String(h).padStart(2, '0')}:00–${String(h).padStart(2, '0')}:59`}>
              {h % 3 === 0 ? String(h).padStart(2, '0') : ''}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {counts.map((row, weekday) => (
          <tr key={weekday}>
            <th scope="row">{WEEKDAYS[weekday]}</th>
            {row.map((n, hour) => {
              const isSelected = selected?.weekday === weekday && selected.hour === hour;
              const label = `${WEEKDAYS[weekday]} ${String(hour).padStart(2, '0')}:00: ${n} sighting${n === 1 ? '' : 's'}`;
              return (
                <td
                  key={hour}
                  style={{ ['--heat' as string]: n ? 0.15 + 0.85 * (n / max) : 0 }}
                  data-selected={isSelected || undefined}
                  data-count={n}
                  title={label}
                  aria-label={label}
                  role="button"
                  aria-pressed={isSelected}
                  tabIndex={n ? 0 : -1}
                  onClick={() => (n ? choose({ weekday, hour }) : undefined)}
                  onKeyDown={(e: KeyboardEvent) => {
                    if ((e.key === 'Enter' || e.key === ' ') && n) {
                      e.preventDefault();
                      choose({ weekday, hour });
                    }
                  }}
                >
                  {n || ''}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
