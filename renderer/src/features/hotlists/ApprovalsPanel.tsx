import { useState } from 'react';
import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import type { ChangeInfo } from '../../../../preload/contract';
import { call, errorMessage } from '../../bridge';
import { PanelHeader } from '../../ui/PanelHeader';
import { ErrorAlert, LoadingView, StateView } from '../../ui/StateView';
import { formatDate, formatDateTime } from '../../ui/format';
import { IconCheck, IconShieldCheck } from '../../ui/icons';
import { useLoad } from '../../ui/useLoad';

const FIELDS: [keyof ChangeInfo['fields'], string][] = [
  ['plate', 'Plate'],
  ['state', 'State'],
  ['make', 'Make'],
  ['model', 'Model'],
  ['color', 'Colour'],
  ['body', 'Body'],
  ['reason', 'Reason'],
  ['caseNumber', 'Case'],
  ['synopsis', 'Synopsis'],
  ['expiresOn', 'Expires'],
];

/** What a new entry holds, or what an update changes (the entry as it stands beside it). */
function Fields({ c }: { c: ChangeInfo }) {
  const current = c.current as unknown as Record<string, string | null> | null;
  const rows = FIELDS.filter(([k]) => c.kind === 'create' || (current?.[k] ?? null) !== (c.fields[k] ?? null));
  return (
    <Table fz="xs" withTableBorder aria-label={c.kind === 'create' ? 'The new entry' : 'What the update changes'}>
      <Table.Tbody>
        {rows.map(([k, label]) => (
          <Table.Tr key={k}>
            <Table.Td fw={600} w={90}>
              {label}
            </Table.Td>
            {c.kind === 'update' ? (
              <Table.Td c="dimmed" td="line-through">
                {current?.[k] ?? '—'}
              </Table.Td>
            ) : null}
            <Table.Td className={k === 'plate' ? 'plate' : undefined}>
              {k === 'expiresOn' && c.fields[k] ? formatDate(c.fields[k]) : (c.fields[k] ?? '—')}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Pending({ c, onDecided }: { c: ChangeInfo; onDecided: (c: ChangeInfo) => void }) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<'approve' | 'refuse' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const decide = async (decision: 'approve' | 'refuse') => {
    setBusy(decision);
    setError(null);
    try {
      onDecided(await call('hotlists.decide', { key: c.key, decision, ...(note.trim() ? { note } : {}) }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      data-testid="approval"
      data-key={c.key}
      aria-label={`${c.kind === 'create' ? 'New entry' : 'Update'} ${c.fields.plate}`}
    >
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="xs">
            <Badge color={c.kind === 'create' ? 'blue' : 'grape'} variant="light">
              {c.kind === 'create' ? 'New entry' : 'Update'}
            </Badge>
            <Text fw={700} className="plate">
              {c.fields.plate}
            </Text>
            <Text size="sm" c="dimmed">
              {c.listName ?? c.listId}
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {c.requestedByName} · {formatDateTime(c.requestedAt)}
            {c.synced ? '' : ' · not yet on the agency server'}
          </Text>
        </Group>
        <Fields c={c} />
        {c.refusal ? (
          <Text size="xs" c="red">
            The agency server: {c.refusal}
          </Text>
        ) : null}
        {c.canDecide ? (
          <>
            <Textarea
              label="Note"
              description="Required to refuse; the member reads it."
              autosize
              minRows={1}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            <ErrorAlert message={error} />
            <Group justify="flex-end" gap="xs">
              <Button variant="default" color="red" loading={busy === 'refuse'} onClick={() => void decide('refuse')}>
                Refuse
              </Button>
              <Button loading={busy === 'approve'} onClick={() => void decide('approve')}>
                Approve
              </Button>
            </Group>
          </>
        ) : (
          <Text size="xs" c="dimmed">
            {c.whyNot ?? 'Awaiting a decision.'}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/**
 * The approvals queue: new entries for the ALPR administrator, updates of their members' entries for a
 * supervisor; each shown whole (or as what it changes) and approved or refused with a note. The decision is pushed
 * to the agency server, which has the last word.
 */
export function ApprovalsPanel() {
  const queue = useLoad(() => call('hotlists.approvals'));
  const [notice, setNotice] = useState<string | null>(null);
  if (queue.error && !queue.data) return <ErrorAlert title="The approvals could not be listed" message={queue.error} />;
  if (!queue.data) return <LoadingView label="Listing what awaits approval…" />;
  const { pending, decided } = queue.data;
  const mine = pending.filter((c) => c.canDecide);
  const waiting = pending.filter((c) => !c.canDecide);
  return (
    <Stack gap="md" data-testid="approvals-panel">
      <PanelHeader
        title="Approvals"
        description="A new hot-list entry goes live only once the ALPR administrator approves it; later updates are approved by the entering member’s supervisor."
      />
      {notice ? (
        <Alert color="teal" variant="light" icon={<IconCheck />} withCloseButton onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      ) : null}
      {mine.length === 0 ? (
        <StateView icon={<IconShieldCheck />} title="Nothing awaits your decision" testId="approvals-empty" />
      ) : (
        <Stack gap="sm">
          {mine.map((c) => (
            <Pending
              key={c.key}
              c={c}
              onDecided={(d) => {
                setNotice(
                  `${d.fields.plate}: ${d.status === 'approved' ? 'approved' : 'refused'}. The agency server receives it at the next sync.`,
                );
                void queue.reload();
              }}
            />
          ))}
        </Stack>
      )}
      {waiting.length ? (
        <Stack gap="sm">
          <Title order={4}>Your requests awaiting a decision</Title>
          {waiting.map((c) => (
            <Pending key={c.key} c={c} onDecided={() => void queue.reload()} />
          ))}
        </Stack>
      ) : null}
      {decided.length ? (
        <Stack gap={4}>
          <Title order={4}>Decided lately</Title>
          <Table fz="xs" aria-label="Decided lately">
            <Table.Tbody>
              {decided.map((c) => (
                <Table.Tr key={c.key}>
                  <Table.Td className="plate">{c.fields.plate}</Table.Td>
                  <Table.Td>{c.kind === 'create' ? 'New entry' : 'Update'}</Table.Td>
                  <Table.Td>
                    {c.status === 'approved' ? 'Approved' : 'Refused'} by {c.decidedByName} ·{' '}
                    {formatDateTime(c.decidedAt)}
                    {c.note ? ` — ${c.note}` : ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ) : null}
    </Stack>
  );
}
