import { Badge, Group, SegmentedControl, Text, Tooltip } from '@mantine/core';
import type { HitSummary, HitsInbox as Inbox } from '../../../../preload/contract';
import { DataGrid, type GridColumn } from '../../ui/DataGrid';
import { formatDateTime } from '../../ui/format';
import { IconAlert, IconClock } from '../../ui/icons';
import { BANNER_SHORT, DISPOSITION, LADDER, STATE } from './words';
import './hotlists.css';

const ROW_HEIGHT = 44;

export type InboxFilter = 'open' | 'closed' | 'all';

/** The counts by state over the list: what waits where. */
function Counts({ counts }: { counts: Inbox['counts'] }) {
  return (
    <Group gap={6} data-testid="hit-counts" aria-label="Open hits by state">
      {counts.new ? (
        <Badge color="red" variant="filled" data-testid="hit-count-new">
          {counts.new} new
        </Badge>
      ) : null}
      {[...LADDER, 'rejected' as const].map((s) => (
        <Badge key={s} color={STATE[s].color} variant="light" data-testid={`hit-count-${s}`}>
          {STATE[s].label} {counts[s]}
        </Badge>
      ))}
      <Badge color="gray" variant="outline">
        Closed {counts.closed}
      </Badge>
    </Group>
  );
}

export function HitStateBadge({ hit }: { hit: Pick<HitSummary, 'status' | 'closedAt' | 'disposition'> }) {
  const s = STATE[hit.status];
  return (
    <Badge color={s.color} variant={hit.closedAt ? 'outline' : 'light'} size="sm" data-state={hit.status}>
      {s.label}
      {hit.closedAt ? ` · ${hit.disposition ? DISPOSITION[hit.disposition] : 'closed'}` : ''}
    </Badge>
  );
}

/** The inbox's cells: the state, the plate, the list and why, when, and what to heed (new, warnings, pending). */
const COLUMNS: readonly GridColumn<HitSummary, string>[] = [
  { key: 'state', label: 'State', render: (h) => <HitStateBadge hit={h} /> },
  {
    key: 'plate',
    label: 'Plate',
    render: (h) => (
      <>
        <span className="plate">{h.plate}</span>
        <Text span size="xs" c="dimmed">
          {' '}
          {h.state ?? '—'}
        </Text>
      </>
    ),
  },
  {
    key: 'list',
    label: 'List',
    render: (h) => (
      <>
        <Text span size="xs" fw={600}>
          {h.listId}
        </Text>
        <Text span size="xs" c="dimmed">
          {' '}
          {h.reason ?? ''}
        </Text>
      </>
    ),
    title: (h) => `${h.listName ?? h.listId}: ${h.reason ?? ''}`,
  },
  { key: 'at', label: 'When', render: (h) => formatDateTime(h.at), className: 'mono' },
  {
    key: 'flags',
    label: 'Flags',
    className: 'hits-flags',
    render: (h) => (
      <>
        {h.isNew ? (
          <Badge size="xs" color="red" variant="filled">
            New
          </Badge>
        ) : null}
        {h.banners.length ? (
          <Tooltip label={h.banners.map((b) => BANNER_SHORT[b]).join(' · ')}>
            <Badge
              size="xs"
              color="orange"
              variant="light"
              leftSection={<IconAlert size={11} />}
              data-testid="hit-row-warning"
            >
              {BANNER_SHORT[h.banners[0]!]}
            </Badge>
          </Tooltip>
        ) : null}
        {h.pending ? (
          <Tooltip label="Recorded here; the agency server has not answered yet">
            <IconClock size={14} aria-label="Waiting for the agency server" />
          </Tooltip>
        ) : null}
      </>
    ),
  },
];

/**
 * The hits inbox: new alerts first (nobody here opened them yet), then newest first; counts by state; the
 * virtualized grid the keyboard moves through (arrows, Page Up/Down, Home/End), Enter opens the hit. The cells say
 * what they are, so the grid has no row of column heads.
 */
export function HitsInbox({
  inbox,
  filter,
  onFilter,
  selectedId,
  onSelect,
  onOpen,
}: {
  inbox: Inbox;
  filter: InboxFilter;
  onFilter: (f: InboxFilter) => void;
  selectedId: number | null;
  onSelect: (id: number) => void;
  onOpen: (id: number) => void;
}) {
  const rows = inbox.hits;
  return (
    <div className="hits-inbox" data-testid="hits-inbox">
      <Group justify="space-between" gap="xs" mb="xs" wrap="wrap">
        <SegmentedControl
          size="xs"
          value={filter}
          onChange={(v) => onFilter(v as InboxFilter)}
          data={[
            { value: 'open', label: 'Open' },
            { value: 'closed', label: 'Closed' },
            { value: 'all', label: 'All' },
          ]}
          aria-label="Which hits"
        />
        <Counts counts={inbox.counts} />
      </Group>
      <DataGrid
        rows={rows}
        columns={COLUMNS}
        head={false}
        label="Hits"
        bodyLabel="Hits: arrow keys move, Enter opens the hit"
        className="hits-grid"
        selectedId={selectedId}
        onSelect={(id) => {
          if (id !== null) onSelect(id);
        }}
        onOpen={onOpen}
        // The inbox's first frame with its rows (the bench measures sign-in → this mark through the e2e host).
        resultKey={inbox}
        mark="canvass:hits-inbox-shown"
        idPrefix="hit-row-"
        rowAttributes={(h) => ({ 'data-new': h.isNew ? 'true' : undefined, 'data-hit-id': h.id })}
        rowHeight={ROW_HEIGHT}
        bodyTestId="hits-body"
        empty={
          <Text size="sm" c="dimmed" p="md" data-testid="hits-empty">
            {filter === 'open' ? 'No open hits: nothing waits for verification.' : 'No hits here.'}
          </Text>
        }
      />
      {inbox.truncated ? (
        <Text size="xs" c="dimmed" mt={4}>
          Showing the first {rows.length.toLocaleString('en-US')} hits.
        </Text>
      ) : null}
    </div>
  );
}
