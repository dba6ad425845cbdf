import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Badge, Text, UnstyledButton } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { SearchRow } from '../../../../preload/contract';
import { formatDateTime, vehicleText } from '../../ui/format';
import { IconChevronDown } from '../../ui/icons';
import { MatchedPlate } from './MatchedPlate';
import { DEFAULT_SORT, nextSort, sortRows, type Sort, type SortKey } from './resultsSort';
import './search.css';

const ROW_HEIGHT = 38;

type Column = { key: SortKey; label: string; sortable: boolean };
const COLUMNS: Column[] = [
  { key: 'plate', label: 'Plate', sortable: true },
  { key: 'state', label: 'State', sortable: true },
  { key: 'time', label: 'Time', sortable: true },
  { key: 'camera', label: 'Camera', sortable: true },
  { key: 'vehicle', label: 'Vehicle', sortable: true },
  { key: 'rank', label: 'Match', sortable: true },
];

export type ResultsTableProps = {
  rows: readonly SearchRow[];
  /** Changes with every answer; the table marks `canvass:table-updated` once it shows a new one. */
  resultKey: number;
  selectedId: number | null;
  onSelect: (id: number | null) => void;
  onOpen: (id: number) => void;
};

/**
 * The results as a virtualized grid: only the rows in view are in the DOM, so 10,000 rows render as fast as
 * fifty. Sortable columns; arrows, Page Up/Down, Home/End move the selection, Enter opens the detail; the
 * selection follows the map and the timeline (and scrolls into view).
 */
export function ResultsTable({ rows, resultKey, selectedId, onSelect, onOpen }: ResultsTableProps) {
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const sorted = useMemo(() => sortRows(rows, sort), [rows, sort]);
  const indexById = useMemo(() => new Map(sorted.map((r, i) => [r.id, i])), [sorted]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });

  useEffect(() => {
    // After React commits and the browser paints the new rows.
    const frame = requestAnimationFrame(() => performance.mark('canvass:table-updated'));
    return () => cancelAnimationFrame(frame);
  }, [resultKey]);

  const selectedIndex = selectedId === null ? -1 : (indexById.get(selectedId) ?? -1);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const move = (to: number) => {
    if (sorted.length === 0) return;
    const i = Math.max(0, Math.min(sorted.length - 1, to));
    onSelect(sorted[i]!.id);
  };
  const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const from = selectedIndex;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(from + 1),
      ArrowUp: () => move(from < 0 ? 0 : from - 1),
      PageDown: () => move(from + pageRows),
      PageUp: () => move(from - pageRows),
      Home: () => move(0),
      End: () => move(sorted.length - 1),
      Enter: () => {
        if (selectedId !== null) onOpen(selectedId);
      },
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };

  const rowDomId = (id: number) => `result-row-${id}`;

  return (
    <div
      className="cv-grid"
      role="grid"
      aria-label="Search results"
      aria-rowcount={sorted.length + 1}
      aria-colcount={COLUMNS.length}
      data-testid="search-results"
    >
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className="cv-grid-row cv-grid-head">
          {COLUMNS.map((c) => {
            const active = sort.key === c.key;
            return (
              <div
                key={c.key}
                role="columnheader"
                aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                className="cv-cell"
              >
                <UnstyledButton
                  className="cv-sort"
                  onClick={() => setSort(nextSort(sort, c.key))}
                  data-active={active || undefined}
                  aria-label={`Sort by ${c.label.toLowerCase()}${c.key === 'rank' ? ' quality' : ''}`}
                >
                  {c.label}
                  <IconChevronDown
                    size={13}
                    className="cv-sort-icon"
                    data-dir={active ? sort.dir : undefined}
                    style={{ opacity: active ? 1 : 0.3 }}
                  />
                </UnstyledButton>
              </div>
            );
          })}
        </div>
      </div>
      <div
        ref={scrollRef}
        className="cv-grid-body"
        role="rowgroup"
        tabIndex={0}
        aria-label="Result rows: arrow keys move, Enter opens the detection"
        aria-activedescendant={selectedId !== null && selectedIndex >= 0 ? rowDomId(selectedId) : undefined}
        onKeyDown={onKeyDown}
        onFocus={() => {
          if (selectedIndex < 0 && sorted.length) onSelect(sorted[0]!.id);
        }}
        data-testid="results-body"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = sorted[item.index]!;
            const selected = row.id === selectedId;
            return (
              <div
                key={row.id}
                id={rowDomId(row.id)}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={selected}
                className="cv-grid-row cv-grid-data"
                data-selected={selected || undefined}
                data-tier={row.match?.tier ?? 'none'}
                data-detection-id={row.id}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onClick={() => onSelect(row.id)}
                onDoubleClick={() => onOpen(row.id)}
              >
                <div role="gridcell" className="cv-cell">
                  <MatchedPlate plate={row.plate} match={row.match} />
                </div>
                <div role="gridcell" className="cv-cell">
                  {row.state ?? '—'}
                </div>
                <div role="gridcell" className="cv-cell mono">
                  {formatDateTime(row.seenAt)}
                </div>
                <div role="gridcell" className="cv-cell" title={row.cameraName ?? row.cameraId}>
                  {row.cameraName ?? row.cameraId}
                  {row.heading ? (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      · {row.heading}
                    </Text>
                  ) : null}
                </div>
                <div role="gridcell" className="cv-cell" title={vehicleText(row)}>
                  {vehicleText(row)}
                  {row.features.length ? (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      · {row.features.map(featureText).join(', ')}
                    </Text>
                  ) : null}
                </div>
                <div role="gridcell" className="cv-cell" title={row.match?.text ?? 'Matches the description'}>
                  <MatchCell row={row} />
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

const TIER = {
  exact: { label: 'Exact', color: 'teal' },
  similar: { label: 'Similar', color: 'blue' },
  near: { label: 'Near', color: 'orange' },
} as const;

function MatchCell({ row }: { row: SearchRow }) {
  const m = row.match;
  if (!m) {
    return (
      <Text span size="xs" c="dimmed">
        Terms
      </Text>
    );
  }
  const tier = TIER[m.tier];
  return (
    <span className="cv-match">
      <Badge size="sm" variant="light" color={tier.color} className="cv-match-badge">
        {tier.label}
      </Badge>
      {m.tier === 'exact' ? null : (
        <Text span size="xs" c="dimmed" className="cv-match-text">
          {m.text.replace(/^(Similar characters|Near miss): /, '')}
        </Text>
      )}
    </span>
  );
}

export function featureText(f: string): string {
  return f.replace(/_/g, ' ');
}
