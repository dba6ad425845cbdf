import { useCallback, useEffect, useRef, useState } from 'react';
import { Stack, Tabs, Text } from '@mantine/core';
import type { HitDetail as Detail, HitsInbox as Inbox } from '../../../../preload/contract';
import { call, errorMessage, on } from '../../bridge';
import type { HitSlots } from '../../shared/hitSlots';
import { PanelHeader } from '../../ui/PanelHeader';
import { ErrorAlert, LoadingView, StateView } from '../../ui/StateView';
import { IconAlert } from '../../ui/icons';
import { useLoad } from '../../ui/useLoad';
import { HitDetail } from './HitDetail';
import { HitsInbox, type InboxFilter } from './HitsInbox';
import { RetroHitsTable } from './RetroHitsTable';
import './hotlists.css';

/**
 * The hits screen: the inbox on the left, the opened hit on the right. Opening a hit (click, Enter) reads it —
 * ALPR data, in the access log — and Enter hands the keyboard to its next step. The inbox follows syncs.
 */
export function HitsScreen({
  slots,
  active,
  openRequest,
}: {
  slots: HitSlots;
  active: boolean;
  /** A hit to open (from a detection's detail), with a counter so the same hit can be asked for twice. */
  openRequest: { hitId: number; n: number } | null;
}) {
  const [filter, setFilter] = useState<InboxFilter>('open');
  const inbox = useLoad<Inbox>(() => call('hits.inbox', { filter }), [filter]);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [detail, setDetail] = useState<Detail | null>(null);
  const [detailError, setDetailError] = useState<string | null>(null);
  const [focusAction, setFocusAction] = useState(0);
  const opening = useRef(0);

  const reloadInbox = inbox.reload;
  useEffect(() => {
    const offArrived = on('hits.arrived', () => void reloadInbox());
    const offSync = on('sync.finished', () => void reloadInbox());
    return () => {
      offArrived();
      offSync();
    };
  }, [reloadInbox]);

  const open = useCallback(async (hitId: number, withKeyboard: boolean) => {
    const n = ++opening.current;
    setSelectedId(hitId);
    setDetailError(null);
    try {
      const d = await call('hits.get', { hitId });
      if (n !== opening.current) return;
      setDetail(d);
      if (withKeyboard) setFocusAction((k) => k + 1);
    } catch (e) {
      if (n === opening.current) setDetailError(errorMessage(e));
    }
  }, []);

  useEffect(() => {
    if (openRequest) void open(openRequest.hitId, false);
  }, [openRequest?.n]);

  const changed = (d: Detail) => {
    setDetail(d);
    void reloadInbox();
  };

  return (
    <Stack gap="sm" data-testid="hits-screen">
      <PanelHeader
        title="Hits"
        description="An alert alone is no basis for action: each hit is verified against its image, validated by a live query and confirmed by the entering agency, one step at a time."
      />
      <Tabs defaultValue="live" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="live">Alerts and hits</Tabs.Tab>
          <Tabs.Tab value="historical">Historical hits (retro-hits)</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="live" pt="sm">
          {inbox.error && !inbox.data ? (
            <ErrorAlert title="The hits could not be listed" message={inbox.error} />
          ) : !inbox.data ? (
            <LoadingView label="Listing the hits…" />
          ) : (
            <div className="hits-layout">
              <HitsInbox
                inbox={inbox.data}
                filter={filter}
                onFilter={setFilter}
                selectedId={selectedId}
                onSelect={setSelectedId}
                onOpen={(id) => void open(id, true)}
              />
              <div className="hits-detail-pane">
                {detailError ? (
                  <ErrorAlert title="This hit could not be opened" message={detailError} />
                ) : detail ? (
                  <HitDetail
                    detail={detail}
                    slots={slots}
                    onChanged={changed}
                    focusAction={focusAction}
                    active={active}
                  />
                ) : (
                  <StateView
                    icon={<IconAlert />}
                    title="Open a hit"
                    description="Choose a hit in the list (arrow keys, then Enter) to compare its image with the entry and take its next step."
                  />
                )}
              </div>
            </div>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="historical" pt="sm">
          <Text size="sm" c="dimmed" mb="xs">
            Detections already in this workstation’s store that match an entry approved or refreshed after they were
            seen, best match first. They are leads for the investigation, not alerts to stop a vehicle on.
          </Text>
          <RetroHitsTable load={() => call('hits.retro', { limit: 500 })} onOpenDetection={slots.openDetection} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
