import './dataGrid.css';
import { useEffect, useMemo, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { IconChevronDown } from './icons';

export type GridSort<K extends string> = { key: K; dir: 'asc' | 'desc' };

export type GridColumn<R, K extends string> = {
  key: K;
  label: string;
  /** How the sort button names it ("Sort by …"); the label in lower case by default. */
  sortName?: string;
  sortable?: boolean;
  render: (row: R) => ReactNode;
  /** The cell's tooltip (its full text where it may be cut). */
  title?: (row: R) => string | undefined;
  /** Added to the cell's `cv-cell` (e.g. `mono`). */
  className?: string;
};

export type DataGridProps<R extends { id: number }, K extends string> = {
  /** In the order shown (the caller sorts). */
  rows: readonly R[];
  columns: readonly GridColumn<R, K>[];
  /** Names the grid for screen readers ("Search results"). */
  label: string;
  /** Names the rows' scroll area ("Result rows: arrow keys move, Enter opens the detection"). */
  bodyLabel: string;
  /** Sets the columns' widths: `.className .cv-grid-row { grid-template-columns }`. */
  className: string;
  sort?: GridSort<K>;
  onSort?: (key: K) => void;
  selectedId: number | null;
  onSelect: (id: number | null) => void;
  onOpen: (id: number) => void;
  /** Changes with every new answer: the grid marks `mark` on the frame after it shows it. */
  resultKey?: unknown;
  mark?: string;
  /** `id` of a row's element: `${idPrefix}${row.id}` (aria-activedescendant points at it). */
  idPrefix: string;
  /** Extra attributes of a row (data-*), for styles and tests. */
  rowAttributes?: (row: R) => Record<string, string | number | undefined>;
  rowHeight?: number;
  /** The row of column heads; off where the cells say what they are (the hits inbox). */
  head?: boolean;
  /** Said in the rows' area when there are none. */
  empty?: ReactNode;
  testId?: string;
  bodyTestId?: string;
};

/**
 * A grid of rows where only those in view are in the DOM, so 10,000 rows render as fast as fifty. Sortable
 * columns; arrows, Page Up/Down and Home/End move the selection, Enter opens; the selection, when chosen
 * elsewhere (a map), scrolls into view. One tab stop: `aria-activedescendant` names the selected row.
 */
export function DataGrid<R extends { id: number }, K extends string>({
  rows,
  columns,
  label,
  bodyLabel,
  className,
  sort,
  onSort,
  selectedId,
  onSelect,
  onOpen,
  resultKey,
  mark,
  idPrefix,
  rowAttributes,
  rowHeight = 38,
  head = true,
  empty,
  testId,
  bodyTestId,
}: DataGridProps<R, K>) {
  const indexById = useMemo(() => new Map(rows.map((r, i) => [r.id, i])), [rows]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 10,
  });

  useEffect(() => {
    if (!mark) return;
    // After React commits and the browser paints the new rows.
    const frame = requestAnimationFrame(() => performance.mark(mark));
    return () => cancelAnimationFrame(frame);
  }, [resultKey, mark]);

  const selectedIndex = selectedId === null ? -1 : (indexById.get(selectedId) ?? -1);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const move = (to: number) => {
    if (rows.length === 0) return;
    onSelect(rows[Math.max(0, Math.min(rows.length - 1, to))]!.id);
  };
  const headRows = head ? 1 : 0;
  const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / rowHeight) - 1);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const from = selectedIndex;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(from + 1),
      ArrowUp: () => move(from < 0 ? 0 : from - 1),
      PageDown: () => move(from + pageRows),
      PageUp: () => move(from - pageRows),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      Enter: () => {
        if (selectedId !== null) onOpen(selectedId);
      },
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };

  return (
    // The focusable, scrolling body is the grid (only a grid may carry aria-activedescendant, not a rowgroup);
    // it owns the header row drawn above it, outside the scroll.
    <div className={`cv-grid ${className}`} data-testid={testId}>
      <VisuallyHidden id={`${idPrefix}hint`}>{bodyLabel}</VisuallyHidden>
      {head ? (
        <div role="rowgroup" id={`${idPrefix}head`}>
          <div role="row" aria-rowindex={1} className="cv-grid-row cv-grid-head">
            {columns.map((c) => {
              const active = sort?.key === c.key;
              return (
                <div
                  key={c.key}
                  role="columnheader"
                  aria-sort={active ? (sort!.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                  className="cv-cell"
                >
                  {onSort && c.sortable !== false ? (
                    <UnstyledButton
                      className="cv-sort"
                      onClick={() => onSort(c.key)}
                      data-active={active || undefined}
                      aria-label={`Sort by ${c.sortName ?? c.label.toLowerCase()}`}
                    >
                      {c.label}
                      <IconChevronDown
                        size={13}
                        className="cv-sort-icon"
                        data-dir={active ? sort!.dir : undefined}
                        style={{ opacity: active ? 1 : 0.3 }}
                      />
                    </UnstyledButton>
                  ) : (
                    <span className="cv-sort">{c.label}</span>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      ) : null}
      <div
        ref={scrollRef}
        className="cv-grid-body"
        role="grid"
        aria-label={label}
        aria-describedby={`${idPrefix}hint`}
        aria-owns={head ? `${idPrefix}head` : undefined}
        aria-rowcount={rows.length + headRows}
        aria-colcount={columns.length}
        tabIndex={0}
        aria-activedescendant={selectedId !== null && selectedIndex >= 0 ? `${idPrefix}${selectedId}` : undefined}
        onKeyDown={onKeyDown}
        onFocus={() => {
          if (selectedIndex < 0 && rows.length) onSelect(rows[0]!.id);
        }}
        data-testid={bodyTestId}
      >
        {rows.length === 0 ? empty : null}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            const selected = row.id === selectedId;
            return (
              <div
                key={row.id}
                id={`${idPrefix}${row.id}`}
                role="row"
                aria-rowindex={item.index + 1 + headRows}
                aria-selected={selected}
                className="cv-grid-row cv-grid-data"
                data-selected={selected || undefined}
                {...rowAttributes?.(row)}
                style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}
                onClick={() => onSelect(row.id)}
                onDoubleClick={() => onOpen(row.id)}
              >
                {columns.map((c) => (
                  <div
                    key={c.key}
                    role="gridcell"
                    className={c.className ? `cv-cell ${c.className}` : 'cv-cell'}
                    title={c.title?.(row)}
                  >
                    {c.render(row)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
