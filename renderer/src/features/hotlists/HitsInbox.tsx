import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { Badge, Group, SegmentedControl, Text, Tooltip } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { HitSummary, HitsInbox as Inbox } from '../../../../preload/contract';
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

/**
 * The hits inbox: new alerts first (nobody here opened them yet), then newest first; counts by state; a virtualized
 * grid the keyboard moves through (arrows, Page Up/Down, Home/End), Enter opens the hit.
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
  const indexById = useMemo(() => new Map(rows.map((r, i) => [r.id, i])), [rows]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const selectedIndex = selectedId === null ? -1 : (indexById.get(selectedId) ?? -1);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);
  // The inbox's first frame with its rows (the bench measures sign-in → this mark through the e2e host).
  useEffect(() => {
    const frame = requestAnimationFrame(() => performance.mark('canvass:hits-inbox-shown'));
    return () => cancelAnimationFrame(frame);
  }, [inbox]);

  const move = (to: number) => {
    if (rows.length === 0) return;
    onSelect(rows[Math.max(0, Math.min(rows.length - 1, to))]!.id);
  };
  const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(selectedIndex + 1),
      ArrowUp: () => move(selectedIndex < 0 ? 0 : selectedIndex - 1),
      PageDown: () => move(selectedIndex + page),
      PageUp: () => move(selectedIndex - page),
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
      <div className="cv-grid hits-grid" role="grid" aria-label="Hits" aria-rowcount={rows.length}>
        <div
          ref={scrollRef}
          className="cv-grid-body"
          role="rowgroup"
          tabIndex={0}
          aria-label="Hits: arrow keys move, Enter opens the hit"
          aria-activedescendant={selectedIndex >= 0 ? `hit-row-${selectedId}` : undefined}
          onKeyDown={onKeyDown}
          onFocus={() => {
            if (selectedIndex < 0 && rows.length) onSelect(rows[0]!.id);
          }}
          data-testid="hits-body"
        >
          {rows.length === 0 ? (
            <Text size="sm" c="dimmed" p="md" data-testid="hits-empty">
              {filter === 'open' ? 'No open hits: nothing waits for verification.' : 'No hits here.'}
            </Text>
          ) : null}
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const h = rows[item.index]!;
              const selected = h.id === selectedId;
              return (
                <div
                  key={h.id}
                  id={`hit-row-${h.id}`}
                  role="row"
                  aria-rowindex={item.index + 1}
                  aria-selected={selected}
                  className="cv-grid-data hits-row"
                  data-selected={selected || undefined}
                  data-new={h.isNew || undefined}
                  data-hit-id={h.id}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => onSelect(h.id)}
                  onDoubleClick={() => onOpen(h.id)}
                >
                  <div role="gridcell" className="cv-cell">
                    <HitStateBadge hit={h} />
                  </div>
                  <div role="gridcell" className="cv-cell">
                    <span className="plate">{h.plate}</span>
                    <Text span size="xs" c="dimmed">
                      {' '}
                      {h.state ?? '—'}
                    </Text>
                  </div>
                  <div role="gridcell" className="cv-cell" title={`${h.listName ?? h.listId}: ${h.reason ?? ''}`}>
                    <Text span size="xs" fw={600}>
                      {h.listId}
                    </Text>
                    <Text span size="xs" c="dimmed">
                      {' '}
                      {h.reason ?? ''}
                    </Text>
                  </div>
                  <div role="gridcell" className="cv-cell mono">
                    {formatDateTime(h.at)}
                  </div>
                  <div role="gridcell" className="cv-cell hits-flags">
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
                  </div>
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {inbox.truncated ? (
        <Text size="xs" c="dimmed" mt={4}>
          Showing the first {rows.length.toLocaleString('en-US')} hits.
        </Text>
      ) : null}
    </div>
  );
}
