import { useMemo, useState } from 'react';
import { Badge, Text } from '@mantine/core';
import type { SearchRow } from '../../../../preload/contract';
import { nextSort } from '../../shared/detectionSort';
import { DataGrid, type GridColumn } from '../../ui/DataGrid';
import { formatDateTime, vehicleText } from '../../ui/format';
import { HeldMark } from '../../ui/HeldMark';
import { MatchedPlate } from './MatchedPlate';
import { DEFAULT_SORT, sortRows, type Sort, type SortKey } from './resultsSort';
import './search.css';

export type ResultsTableProps = {
  rows: readonly SearchRow[];
  /** Changes with every answer; the table marks `canvass:table-updated` once it shows a new one. */
  resultKey: number;
  selectedId: number | null;
  onSelect: (id: number | null) => void;
  onOpen: (id: number) => void;
};

const COLUMNS: GridColumn<SearchRow, SortKey>[] = [
  {
    key: 'plate',
    label: 'Plate',
    render: (r) => (
      <>
        <MatchedPlate plate={r.plate} match={r.match} />
        <HeldMark by={r.heldBy} />
      </>
    ),
  },
  { key: 'state', label: 'State', render: (r) => r.state ?? '—' },
  { key: 'time', label: 'Time', className: 'mono', render: (r) => formatDateTime(r.seenAt) },
  {
    key: 'camera',
    label: 'Camera',
    title: (r) => r.cameraName ?? r.cameraId,
    render: (r) => (
      <>
        {r.cameraName ?? r.cameraId}
        {r.heading ? (
          <Text span size="xs" c="dimmed">
            {' '}
            · {r.heading}
          </Text>
        ) : null}
      </>
    ),
  },
  {
    key: 'vehicle',
    label: 'Vehicle',
    title: (r) => vehicleText(r),
    render: (r) => (
      <>
        {vehicleText(r)}
        {r.features.length ? (
          <Text span size="xs" c="dimmed">
            {' '}
            · {r.features.map(featureText).join(', ')}
          </Text>
        ) : null}
      </>
    ),
  },
  {
    key: 'rank',
    label: 'Match',
    sortName: 'match quality',
    title: (r) => r.match?.text ?? 'Matches the description',
    render: (r) => <MatchCell row={r} />,
  },
];

/**
 * The results as a virtualized grid (ui/DataGrid): sortable columns; arrows, Page Up/Down, Home/End move the
 * selection, Enter opens the detail; the selection follows the map and the timeline (and scrolls into view).
 */
export function ResultsTable({ rows, resultKey, selectedId, onSelect, onOpen }: ResultsTableProps) {
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const sorted = useMemo(() => sortRows(rows, sort), [rows, sort]);
  return (
    <DataGrid
      rows={sorted}
      columns={COLUMNS}
      label="Search results"
      bodyLabel="Result rows: arrow keys move, Enter opens the detection"
      className="cv-results-grid"
      sort={sort}
      onSort={(key) => setSort(nextSort(sort, key))}
      selectedId={selectedId}
      onSelect={onSelect}
      onOpen={onOpen}
      resultKey={resultKey}
      mark="canvass:table-updated"
      idPrefix="result-row-"
      rowAttributes={(r) => ({ 'data-tier': r.match?.tier ?? 'none', 'data-detection-id': r.id })}
      testId="search-results"
      bodyTestId="results-body"
    />
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
