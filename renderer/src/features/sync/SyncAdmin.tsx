import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Group, NumberInput, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { QuarantineEntry, SyncStatusInfo } from '../../../../preload/contract';
import { call, errorMessage, on } from '../../bridge';
import { ErrorAlert, LoadingView } from '../../ui/StateView';
import { IconCheck } from '../../ui/icons';
import { formatDateTime } from '../../ui/format';
import { useLoad } from '../../ui/useLoad';

/**
 * How far back this workstation keeps detections and hits (`sync.setWindow`). Main refuses a window longer than
 * the policy's retention and says so; the refusal is shown word for word and nothing changes.
 */
export function SyncWindowCard({
  windowDays,
  onSaved,
}: {
  windowDays: number;
  onSaved: (status: SyncStatusInfo) => void;
}) {
  const [days, setDays] = useState<number | string>(windowDays);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setError(null);
    setSaved(null);
    const n = typeof days === 'number' ? days : Number(days);
    if (!Number.isInteger(n) || n < 1) {
      setError('Enter a whole number of days, at least 1.');
      return;
    }
    setBusy(true);
    try {
      const status = await call('sync.setWindow', { days: n });
      onSaved(status);
      setDays(status.windowDays);
      setSaved(`This workstation keeps the last ${status.windowDays} days from the next sync on.`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" radius="md" data-testid="sync-window">
      <Stack gap="sm" component="form" onSubmit={(e) => (e.preventDefault(), void save())} aria-label="Sync window">
        <Title order={3} size="h5">
          How far back this workstation keeps data
        </Title>
        <Text size="sm" c="dimmed">
          Detections and hits older than this are not synced here and are purged from this workstation. The agency’s
          policy caps it at its retention period.
        </Text>
        <Group align="flex-end" gap="sm">
          <NumberInput
            label="Days kept"
            value={days}
            onChange={(v) => {
              setDays(v);
              setSaved(null);
            }}
            min={1}
            max={3650}
            step={1}
            allowDecimal={false}
            w={160}
          />
          <Button type="submit" loading={busy} disabled={Number(days) === windowDays}>
            Save
          </Button>
        </Group>
        <ErrorAlert title="Not changed" message={error} testId="sync-window-error" />
        {saved ? (
          <Alert color="teal" variant="light" icon={<IconCheck />} role="status" data-testid="sync-window-saved">
            {saved}
          </Alert>
        ) : null}
      </Stack>
    </Paper>
  );
}

/**
 * Records the sync set aside because they were malformed (`sync.quarantine`): which feed, which record and why.
 * The rest of their page was applied; the list is read again after every sync.
 */
export function QuarantineCard() {
  const list = useLoad<QuarantineEntry[]>(() => call('sync.quarantine'));
  const reload = list.reload;
  useEffect(() => on('sync.finished', () => void reload()), [reload]);

  return (
    <Paper withBorder p="md" radius="md" data-testid="sync-quarantine">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h5">
            Quarantined records
          </Title>
          {list.data ? <Badge variant="light">{list.data.length}</Badge> : null}
        </Group>
        {list.data === null ? (
          list.error ? (
            <ErrorAlert title="The quarantine could not be read" message={list.error} />
          ) : (
            <LoadingView label="Reading the quarantine…" />
          )
        ) : list.data.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="sync-quarantine-empty">
            No records are quarantined: every record the agency server sent was well formed.
          </Text>
        ) : (
          <Table striped withTableBorder aria-label="Quarantined records">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Feed</Table.Th>
                <Table.Th>Record</Table.Th>
                <Table.Th>Reason</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((q) => (
                <Table.Tr key={q.id}>
                  <Table.Td className="mono">{formatDateTime(q.at)}</Table.Td>
                  <Table.Td>{q.feed}</Table.Td>
                  <Table.Td className="mono">
                    {q.kind ?? 'record'} {q.recordId ?? '(no id)'}
                  </Table.Td>
                  <Table.Td>{q.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
