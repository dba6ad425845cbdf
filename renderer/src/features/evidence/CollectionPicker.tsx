import { useMemo, useState, type KeyboardEvent } from 'react';
import { Badge, Button, Checkbox, Group, Text, Tooltip } from '@mantine/core';
import type { CaseItem } from '../../../../preload/contract';
import { DataGrid, type GridColumn } from '../../ui/DataGrid';
import { collectedColumns, type CollectedColumnKey } from '../../shared/collectedColumns';
import { formatDateTime } from '../../ui/format';

/** A collected detection as a row: keyed by its detection, with whether it goes into the package. */
type Row = CaseItem & { id: number; included: boolean; heldBy: string | null };

type Key = 'include' | CollectedColumnKey | 'note' | 'held';

/**
 * The case's collection, each detection in or out of the package: click its box, or move with the arrows and press
 * Space. Purged detections cannot go in (their data is gone); those already in a booked package say which.
 */
export function CollectionPicker({
  items,
  held,
  excluded,
  onExclude,
  onOpen,
  disabled,
}: {
  items: readonly CaseItem[];
  held: Readonly<Record<number, string>>;
  excluded: ReadonlySet<number>;
  onExclude: (next: ReadonlySet<number>) => void;
  onOpen: (detectionId: number) => void;
  disabled: boolean;
}) {
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const rows: Row[] = useMemo(
    () =>
      [...items]
        .sort((a, b) => (a.detection?.seenAt ?? '~').localeCompare(b.detection?.seenAt ?? '~'))
        .map((i) => ({
          ...i,
          id: i.detectionId,
          included: i.detection !== null && !excluded.has(i.detectionId),
          heldBy: held[i.detectionId] ?? null,
        })),
    [items, held, excluded],
  );
  const packable = rows.filter((r) => r.detection);
  const included = packable.filter((r) => r.included).length;

  const toggle = (id: number) => {
    const row = rows.find((r) => r.id === id);
    if (disabled || !row?.detection) return;
    const next = new Set(excluded);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onExclude(next);
  };

  const columns: GridColumn<Row, Key>[] = [
    {
      key: 'include',
      label: 'In',
      render: (r) => (
        <Checkbox
          size="xs"
          tabIndex={-1}
          checked={r.included}
          disabled={disabled || !r.detection}
          onChange={() => toggle(r.id)}
          onClick={(e) => e.stopPropagation()}
          aria-label={
            r.detection
              ? `Package ${r.detection.plate} seen ${formatDateTime(r.detection.seenAt)}`
              : 'Purged: cannot be packaged'
          }
        />
      ),
    },
    ...collectedColumns<Row>(),
    { key: 'note', label: 'Why collected', title: (r) => r.note, render: (r) => r.note },
    {
      key: 'held',
      label: 'Booked in',
      className: 'mono',
      render: (r) =>
        r.heldBy ? (
          <Tooltip label="Already in this booked package (and held); it may go in another.">
            <Badge size="xs" variant="light" color="teal" tt="none">
              {r.heldBy}
            </Badge>
          </Tooltip>
        ) : (
          ''
        ),
    },
  ];

  // Space toggles the selected row; the grid keeps the arrows, Page Up/Down, Home/End and Enter.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== ' ' || selectedId === null) return;
    e.preventDefault();
    toggle(selectedId);
  };

  return (
    <div className="cv-ev-collection">
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" data-testid="evidence-included" aria-live="polite">
          <b>{included.toLocaleString('en-US')}</b> of {packable.length.toLocaleString('en-US')} detections go into the
          package
          {rows.length > packable.length ? ` · ${rows.length - packable.length} purged` : ''}
        </Text>
        <Group gap={4} wrap="nowrap">
          <Button size="compact-xs" variant="default" disabled={disabled} onClick={() => onExclude(new Set())}>
            All
          </Button>
          <Button
            size="compact-xs"
            variant="default"
            disabled={disabled}
            onClick={() => onExclude(new Set(packable.map((r) => r.id)))}
          >
            None
          </Button>
        </Group>
      </Group>
      <div onKeyDown={onKeyDown} className="cv-ev-grid-wrap">
        <DataGrid
          rows={rows}
          columns={columns}
          label="The case’s collection"
          bodyLabel="Collected detections: arrow keys move, Space puts one in or out of the package, Enter opens it"
          className="cv-ev-grid"
          selectedId={selectedId}
          onSelect={setSelectedId}
          onOpen={(id) => {
            if (rows.find((r) => r.id === id)?.detection) onOpen(id);
          }}
          idPrefix="evidence-row-"
          rowAttributes={(r) => ({
            'data-detection-id': r.detectionId,
            'data-included': r.included ? 'true' : 'false',
            'data-purged': r.detection ? undefined : '',
          })}
          testId="evidence-collection"
          bodyTestId="evidence-collection-body"
        />
      </div>
    </div>
  );
}
