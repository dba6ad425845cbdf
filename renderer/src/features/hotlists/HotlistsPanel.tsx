import { useEffect, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Drawer,
  Group,
  Paper,
  Progress,
  ScrollArea,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
  UnstyledButton,
} from '@mantine/core';
import type { ChangeInfo, EntryInfo, HotlistInfo, RetroProgress } from '../../../../preload/contract';
import { call, errorMessage, on } from '../../bridge';
import { hasRole, useSession } from '../../shared/session';
import { FormDialog, useFormDialog } from '../../shared/formDialog';
import { PanelHeader } from '../../ui/PanelHeader';
import { ErrorAlert, LoadingView, StateView } from '../../ui/StateView';
import { formatDate, formatDateTime, vehicleText } from '../../ui/format';
import { IconAlert, IconCheck, IconList, IconPlus, IconSearch } from '../../ui/icons';
import { useLoad } from '../../ui/useLoad';
import { EntryDialog } from './EntryDialog';
import { HitStateBadge } from './HitsInbox';
import { RetroHitsTable } from './RetroHitsTable';
import { ENTRY_STATUS } from './words';
import './hotlists.css';

function age(hours: number): string {
  return hours < 48 ? `${Math.round(hours)} h ago` : `${Math.round(hours / 24)} days ago`;
}

function StaleBadge({ list }: { list: HotlistInfo }) {
  if (!list.general) return null;
  return list.stale ? (
    <Badge size="xs" color="orange" variant="filled" data-testid="list-stale">
      Stale
    </Badge>
  ) : (
    <Badge size="xs" color="teal" variant="light">
      Current
    </Badge>
  );
}

/** A general list's retro-hit check on its worker: progress and cancel. */
function RetroCheck({ list, isAdmin }: { list: HotlistInfo; isAdmin: boolean }) {
  const [progress, setProgress] = useState<RetroProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void call('hotlists.retroStatus').then(setProgress, () => undefined);
    return on('hotlists.retroProgress', setProgress);
  }, []);
  const mine = progress && progress.listId === list.id ? progress : null;
  const running = mine?.status === 'running';
  const start = async () => {
    setError(null);
    try {
      await call('hotlists.retroCheck', { listId: list.id });
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  if (!list.general) return null;
  return (
    <Stack gap={4} data-testid="retro-check">
      {mine ? (
        <>
          <Text size="xs" c="dimmed">
            {running
              ? `Checking the store for ${mine.entries.toLocaleString('en-US')} entries (${mine.phase})…`
              : mine.status === 'finished'
                ? `Checked: ${mine.found.toLocaleString('en-US')} retro-hits.`
                : `Check ${mine.status}${mine.message ? `: ${mine.message}` : ''}.`}
          </Text>
          {running ? <Progress value={mine.total ? (100 * mine.done) / mine.total : 0} size="sm" animated /> : null}
        </>
      ) : null}
      {isAdmin ? (
        <Group gap="xs">
          {running ? (
            <Button
              size="xs"
              variant="default"
              onClick={() => void call('hotlists.retroCancel', { runId: mine!.runId })}
            >
              Cancel the check
            </Button>
          ) : (
            <Button size="xs" variant="light" onClick={() => void start()}>
              Check the store against this list
            </Button>
          )}
        </Group>
      ) : null}
      <ErrorAlert message={error} />
    </Stack>
  );
}

function RemoveDialog({
  entry,
  opened,
  onClose,
  onDone,
}: {
  entry: EntryInfo;
  opened: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const [reason, setReason] = useState('');
  const control = useFormDialog<undefined>(null, () => {
    setReason('');
    onClose();
  });
  return (
    <FormDialog
      control={control}
      opened={opened}
      title={`Remove ${entry.plate} from ${entry.listName ?? entry.listId}`}
      onSubmit={control.onSubmit(async () => {
        await call('hotlists.remove', { entryId: entry.id, reason });
        setReason('');
        onDone();
      })}
      submitLabel="Remove the entry"
      submitColor="red"
      errorTitle="Not removed"
    >
      <Textarea
        label="Why it is removed"
        description="Recorded with your name; the agency server and every workstation receive it."
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        autosize
        minRows={2}
        data-autofocus
      />
    </FormDialog>
  );
}

function ChangeLine({ c }: { c: ChangeInfo }) {
  return (
    <Table.Tr>
      <Table.Td>{c.kind === 'create' ? 'Entered' : 'Update proposed'}</Table.Td>
      <Table.Td>
        {c.requestedByName} · {formatDateTime(c.requestedAt)}
      </Table.Td>
      <Table.Td>
        {c.status === 'pending'
          ? 'Awaiting approval'
          : `${c.status === 'approved' ? 'Approved' : 'Refused'} by ${c.decidedByName ?? c.decidedBy} · ${formatDateTime(c.decidedAt)}`}
        {c.note ? ` — ${c.note}` : ''}
        {c.refusal ? (
          <Text size="xs" c="red">
            The agency server: {c.refusal}
          </Text>
        ) : null}
      </Table.Td>
    </Table.Tr>
  );
}

function EntryDrawer({
  entryId,
  list,
  onClose,
  onChanged,
  onOpenDetection,
}: {
  entryId: number | null;
  list: HotlistInfo | null;
  onClose: () => void;
  onChanged: () => void;
  onOpenDetection: (id: number) => void;
}) {
  const detail = useLoad(
    () => (entryId === null ? Promise.resolve(null) : call('hotlists.entry', { entryId })),
    [entryId],
  );
  const [updating, setUpdating] = useState(false);
  const [removing, setRemoving] = useState(false);
  const d = detail.data;
  const e = d?.entry;
  const agency = list ? !list.general : false;
  return (
    <Drawer
      opened={entryId !== null}
      onClose={onClose}
      position="right"
      size={720}
      title="Hot-list entry"
      scrollAreaComponent={ScrollArea.Autosize}
      closeButtonProps={{ 'aria-label': 'Close the entry' }}
    >
      {detail.error ? <ErrorAlert message={detail.error} /> : null}
      {!e ? (
        <LoadingView label="Opening the entry…" />
      ) : (
        <Stack gap="md" data-testid="entry-detail">
          <Group gap="xs">
            <Title order={3} className="plate hit-plate">
              {e.plate}
            </Title>
            <Badge variant="outline" color="gray">
              {e.state ?? '—'}
            </Badge>
            <Badge color={ENTRY_STATUS[e.status].color} data-testid="entry-status">
              {ENTRY_STATUS[e.status].label}
            </Badge>
            {e.expired ? <Badge color="gray">Expired</Badge> : null}
            {e.local ? (
              <Badge color="gray" variant="outline">
                Not yet on the agency server
              </Badge>
            ) : null}
          </Group>
          {e.listStale ? (
            <Alert color="orange" variant="light" icon={<IconAlert />}>
              {e.listName} is stale: its entries may no longer be current at the source.
            </Alert>
          ) : null}
          <dl className="hit-fields">
            {(
              [
                ['List', e.listName ?? e.listId],
                ['Vehicle', vehicleText(e)],
                ['Reason', e.reason],
                ['Case', e.caseNumber ?? '—'],
                ['Synopsis', e.synopsis ?? '—'],
                ['Entered by', `${e.enteredByName ?? 'the source'} · ${formatDateTime(e.enteredAt)}`],
                ['Approved by', e.approvedByName ? `${e.approvedByName} · ${formatDateTime(e.approvedAt)}` : '—'],
                ['Expires', e.expiresOn ? formatDate(e.expiresOn) : 'No expiry'],
                ...(e.removedAt
                  ? [['Removed', `${e.removedBy ?? ''} · ${formatDateTime(e.removedAt)} — ${e.removalReason ?? ''}`]]
                  : []),
              ] as [string, string][]
            ).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
          {agency && e.status === 'active' ? (
            <Group gap="xs">
              <Button size="xs" variant="light" onClick={() => setUpdating(true)}>
                Propose an update…
              </Button>
              <Button size="xs" variant="subtle" color="red" onClick={() => setRemoving(true)}>
                Remove…
              </Button>
            </Group>
          ) : null}
          {d.changes.length ? (
            <Stack gap={4}>
              <Text size="xs" fw={700} tt="uppercase" c="dimmed">
                Approvals
              </Text>
              <Table fz="xs" aria-label="Approvals of this entry">
                <Table.Tbody>
                  {d.changes.map((c) => (
                    <ChangeLine key={c.key} c={c} />
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
          ) : null}
          <Stack gap={4}>
            <Text size="xs" fw={700} tt="uppercase" c="dimmed">
              Historical hits (retro-hits), best match first
            </Text>
            <RetroHitsTable rows={d.retroHits} showEntry={false} onOpenDetection={onOpenDetection} />
          </Stack>
          <Stack gap={4}>
            <Text size="xs" fw={700} tt="uppercase" c="dimmed">
              Hits raised
            </Text>
            {d.hits.length === 0 ? (
              <Text size="sm" c="dimmed">
                None on this workstation.
              </Text>
            ) : (
              d.hits.map((h) => (
                <Group key={h.id} gap="xs">
                  <HitStateBadge hit={h} />
                  <Text size="xs" className="mono">
                    {formatDateTime(h.at)}
                  </Text>
                </Group>
              ))
            )}
          </Stack>
          {list ? (
            <EntryDialog
              opened={updating}
              onClose={() => setUpdating(false)}
              listId={e.listId}
              listName={list.name}
              entry={e}
              expiryDays={String(list.entryExpiryDays)}
              onDone={() => {
                setUpdating(false);
                void detail.reload();
                onChanged();
              }}
            />
          ) : null}
          <RemoveDialog
            entry={e}
            opened={removing}
            onClose={() => setRemoving(false)}
            onDone={() => {
              setRemoving(false);
              void detail.reload();
              onChanged();
            }}
          />
        </Stack>
      )}
    </Drawer>
  );
}

/**
 * Hot-list management: the lists (general ones with their age, stale past the policy's refresh interval), their
 * entries with a search within, an entry's detail (approvals, retro-hits, hits), and entering a vehicle on one of
 * the agency's own lists. Every view is ALPR data and lands in the access log.
 */
export function HotlistsPanel({ onOpenDetection }: { onOpenDetection: (id: number) => void }) {
  const { session } = useSession();
  const isAdmin = hasRole(session, 'administrator');
  const canEnter = hasRole(session, 'investigator', 'administrator');
  const lists = useLoad(() => call('hotlists.lists'));
  const [listId, setListId] = useState<string | null>(null);
  const [plate, setPlate] = useState('');
  const [entryId, setEntryId] = useState<number | null>(null);
  const [entering, setEntering] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const list = lists.data?.find((l) => l.id === listId) ?? null;
  const entries = useLoad(
    () =>
      listId === null
        ? Promise.resolve(null)
        : call('hotlists.entries', { listId, ...(plate.trim() ? { plate: plate.trim() } : {}), limit: 200 }),
    [listId, plate],
  );
  const reloadLists = lists.reload;
  useEffect(() => on('sync.finished', () => void reloadLists()), [reloadLists]);
  useEffect(() => {
    if (listId === null && lists.data?.length) setListId(lists.data.find((l) => !l.general)?.id ?? lists.data[0]!.id);
  }, [lists.data, listId]);

  if (lists.error && !lists.data) return <ErrorAlert title="The hot lists could not be shown" message={lists.error} />;
  if (!lists.data) return <LoadingView label="Listing the hot lists…" />;
  return (
    <Stack gap="md" data-testid="hotlists-panel">
      <PanelHeader
        title="Hot lists"
        description="General lists are refreshed from their source at least daily; the agency’s own lists hold entries approved by the ALPR administrator."
      />
      {notice ? (
        <Alert color="teal" variant="light" icon={<IconCheck />} withCloseButton onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      ) : null}
      {lists.data.length === 0 ? (
        <StateView
          icon={<IconList />}
          title="No hot lists yet"
          description="They arrive with the next sync from the agency server."
        />
      ) : (
        <div className="hotlists-grid">
          <Paper withBorder radius="md">
            <Table highlightOnHover fz="sm" aria-label="Hot lists" data-testid="hotlists-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>List</Table.Th>
                  <Table.Th>Refreshed</Table.Th>
                  <Table.Th>Entries</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lists.data.map((l) => (
                  <Table.Tr
                    key={l.id}
                    data-selected={l.id === listId || undefined}
                    aria-selected={l.id === listId}
                    style={{
                      cursor: 'pointer',
                      background: l.id === listId ? 'var(--mantine-primary-color-light)' : undefined,
                    }}
                    onClick={() => setListId(l.id)}
                  >
                    <Table.Td>
                      <UnstyledButton onClick={() => setListId(l.id)} aria-label={`Show ${l.name}`}>
                        <Text size="sm" fw={600}>
                          {l.name}
                        </Text>
                      </UnstyledButton>
                      <Text size="xs" c="dimmed">
                        {l.general ? l.source : 'Agency list'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <Text size="xs">{age(l.ageHours)}</Text>
                        <StaleBadge list={l} />
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">
                        {l.entries.active.toLocaleString('en-US')} active
                        {l.entries.pending ? ` · ${l.entries.pending} pending` : ''}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
          {list ? (
            <Stack gap="sm">
              <Group justify="space-between" align="flex-end">
                <div>
                  <Title order={3}>{list.name}</Title>
                  <Text size="xs" c="dimmed">
                    {list.general
                      ? `From ${list.source}, refreshed ${formatDateTime(list.refreshedAt)} (the policy allows ${list.maxAgeHours} hours).`
                      : 'The agency’s own list: new entries wait for the ALPR administrator’s approval.'}
                  </Text>
                </div>
                {!list.general && canEnter ? (
                  <Button leftSection={<IconPlus size={16} />} onClick={() => setEntering(true)}>
                    Enter a vehicle
                  </Button>
                ) : null}
              </Group>
              {list.stale ? (
                <Alert color="orange" variant="light" icon={<IconAlert />} data-testid="list-stale-banner">
                  {list.name} is stale: refreshed {age(list.ageHours)}, longer ago than the policy’s {list.maxAgeHours}{' '}
                  hours. Hits from it must be validated by a live query before anything else.
                </Alert>
              ) : null}
              <RetroCheck list={list} isAdmin={isAdmin} />
              <TextInput
                leftSection={<IconSearch size={16} />}
                placeholder="Search a plate within the list"
                aria-label="Search a plate within the list"
                value={plate}
                onChange={(e) => setPlate(e.currentTarget.value)}
              />
              {entries.error ? <ErrorAlert message={entries.error} /> : null}
              <div className="table-scroll" style={{ maxHeight: 520 }}>
                <Table highlightOnHover fz="sm" aria-label="Entries" data-testid="entries-table">
                  <Table.Thead className="sticky-head">
                    <Table.Tr>
                      <Table.Th>Plate</Table.Th>
                      <Table.Th>Vehicle</Table.Th>
                      <Table.Th>Reason</Table.Th>
                      <Table.Th>Status</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {(entries.data?.entries ?? []).map((e) => (
                      <Table.Tr key={e.id} style={{ cursor: 'pointer' }} onClick={() => setEntryId(e.id)}>
                        <Table.Td>
                          <UnstyledButton onClick={() => setEntryId(e.id)} aria-label={`Open the entry ${e.plate}`}>
                            <span className="plate">{e.plate}</span> {e.state ?? ''}
                          </UnstyledButton>
                        </Table.Td>
                        <Table.Td>{vehicleText(e)}</Table.Td>
                        <Table.Td>{e.reason}</Table.Td>
                        <Table.Td>
                          <Badge size="xs" color={ENTRY_STATUS[e.status].color} variant="light">
                            {e.expired ? 'Expired' : ENTRY_STATUS[e.status].label}
                          </Badge>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </div>
              {entries.data ? (
                <Text size="xs" c="dimmed">
                  {entries.data.total.toLocaleString('en-US')} entries
                  {entries.data.total > entries.data.entries.length
                    ? `, the first ${entries.data.entries.length} shown`
                    : ''}
                  .
                </Text>
              ) : null}
              <EntryDialog
                opened={entering}
                onClose={() => setEntering(false)}
                listId={list.id}
                listName={list.name}
                expiryDays={String(list.entryExpiryDays)}
                onDone={(c) => {
                  setEntering(false);
                  setNotice(
                    `${c.fields.plate} is entered on ${c.listName ?? c.listId}, awaiting the ALPR administrator’s approval.`,
                  );
                  void entries.reload();
                  void lists.reload();
                }}
              />
            </Stack>
          ) : null}
        </div>
      )}
      <EntryDrawer
        entryId={entryId}
        list={list}
        onClose={() => setEntryId(null)}
        onChanged={() => {
          void entries.reload();
          void lists.reload();
        }}
        onOpenDetection={onOpenDetection}
      />
    </Stack>
  );
}
