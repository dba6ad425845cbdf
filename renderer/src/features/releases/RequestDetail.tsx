import { useEffect, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import type { ReleaseProgress, ReleaseRequestInfo } from '../../../../preload/contract';
import { call, errorMessage, isCallError, on } from '../../bridge';
import { hasRole, useSession } from '../../shared/session';
import { formatDateTime } from '../../ui/format';
import { ErrorAlert } from '../../ui/StateView';
import { BASIS_LABELS, KIND_LABELS, STATUS } from './labels';

/**
 * One request: what was asked, the screening decision rule by rule with its sources, and what can be done now —
 * the commander's decision (never on one's own request: main refuses it), fulfilment into a folder (an ALPR read:
 * a purpose must be open), the packet to open.
 */
const PHASES: Record<ReleaseProgress['phase'], string> = {
  reading: 'Reading the approved detections',
  rendering: 'Making the release packet',
  writing: 'Writing the package',
  verifying: 'Reading the package back',
  recording: 'Recording the release',
};

export function RequestDetail({
  request: r,
  onChanged,
  onOpenPurpose,
}: {
  request: ReleaseRequestInfo;
  onChanged: (r: ReleaseRequestInfo) => void;
  onOpenPurpose: () => void;
}) {
  const { session } = useSession();
  const [note, setNote] = useState('');
  const [folder, setFolder] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [opened, setOpened] = useState<string | null>(null);
  const [progress, setProgress] = useState<ReleaseProgress | null>(null);
  useEffect(
    () =>
      on('releases.progress', (p) => {
        if (p.requestId === r.id) setProgress(p);
      }),
    [r.id],
  );
  const act = async (f: () => Promise<ReleaseRequestInfo | void>) => {
    setError(null);
    setBusy(true);
    try {
      const next = await f();
      if (next) onChanged(next);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const canDecide = hasRole(session, 'administrator') && r.status === 'screened';
  const canFulfil = hasRole(session, 'records_custodian') && r.status === 'approved';
  const s = STATUS[r.status];

  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="section"
      aria-label={`Request ${r.number}`}
      data-testid="release-detail"
    >
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} fz="h4" className="mono">
            {r.number}
          </Title>
          <Badge color={s.color} size="lg" tt="none" data-testid="release-status">
            {s.label}
          </Badge>
        </Group>
        <Table variant="vertical" withTableBorder layout="fixed">
          <Table.Tbody>
            <Row
              label="Agency"
              value={`${r.agency.name}${r.agency.ori ? ` · ORI ${r.agency.ori}` : ''} · ${KIND_LABELS[r.agency.kind]}, ${r.agency.state}`}
            />
            <Row label="Requested by" value={`${r.requester.name}, ${r.requester.title} — ${r.requester.contact}`} />
            <Row label="Purpose" value={r.purpose} />
            <Row label="Their case" value={`${r.theirCaseNumber} · ${BASIS_LABELS[r.legalBasis]}`} />
            <Row
              label="Data asked for"
              value={
                r.scope.kind === 'plates'
                  ? `${r.scope.plates.join(', ')} · ${formatDateTime(r.scope.from)} – ${formatDateTime(r.scope.to)}`
                  : r.scope.kind === 'case'
                    ? `Case ${r.scope.caseNumber}`
                    : `An area · ${formatDateTime(r.scope.from)} – ${formatDateTime(r.scope.to)}`
              }
            />
            <Row label="Written request" value={`${r.attachment.name} · SHA-256 ${r.attachment.sha256}`} />
            <Row label="Recorded" value={`${r.preparedBy} · ${formatDateTime(r.preparedAt)}`} />
            {r.decidedBy ? (
              <Row label="Decision" value={`${r.decidedBy} · ${formatDateTime(r.decidedAt)} — ${r.decisionNote}`} />
            ) : null}
            {r.fulfilledBy ? (
              <Row
                label="Released"
                value={`${r.fulfilledBy} · ${formatDateTime(r.fulfilledAt)} · ${r.detections} detections → ${r.packagePath}`}
              />
            ) : null}
          </Table.Tbody>
        </Table>

        <Title order={4} fz="h5">
          Screening decision
        </Title>
        <Alert
          color={r.decision.result === 'pass' ? 'teal' : r.decision.result === 'refused' ? 'red' : 'orange'}
          data-testid="screen-summary"
        >
          {r.decision.summary}
        </Alert>
        <Table withTableBorder striped data-testid="screen-rules">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={200}>Rule</Table.Th>
              <Table.Th w={90}>Result</Table.Th>
              <Table.Th>Sources</Table.Th>
              <Table.Th>Why</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.decision.rules.map((x) => (
              <Table.Tr key={x.id} data-rule={x.id}>
                <Table.Td>{x.title}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Badge color={x.passed === null ? 'gray' : x.passed ? 'teal' : 'red'} variant="light">
                    {x.passed === null ? 'n/a' : x.passed ? 'pass' : 'fail'}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{x.sources.join('; ')}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{x.reason}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>

        {canDecide ? (
          <Stack gap="xs" component="section" aria-label="Decide">
            <Textarea
              label="Note for the record"
              autosize
              minRows={2}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            <Group>
              <Button
                loading={busy}
                onClick={() => void act(() => call('releases.decide', { id: r.id, decision: 'approve', note }))}
              >
                Approve
              </Button>
              <Button
                color="red"
                variant="light"
                loading={busy}
                onClick={() => void act(() => call('releases.decide', { id: r.id, decision: 'deny', note }))}
              >
                Deny
              </Button>
            </Group>
          </Stack>
        ) : null}

        {canFulfil ? (
          <Stack gap="xs" component="section" aria-label="Fulfil">
            {!session.purpose ? (
              <Group>
                <Text size="sm">Releasing reads ALPR data: open a purpose first.</Text>
                <Button variant="default" onClick={onOpenPurpose}>
                  Open a purpose
                </Button>
              </Group>
            ) : null}
            <Group align="end">
              <TextInput
                label="Write the release package to (full path of a drive or folder)"
                value={folder}
                onChange={(e) => setFolder(e.currentTarget.value)}
                style={{ flex: 1 }}
              />
              <Button
                loading={busy}
                onClick={() =>
                  void act(() => call('releases.fulfil', { id: r.id, folder }).finally(() => setProgress(null)))
                }
              >
                Release
              </Button>
            </Group>
            {busy && progress ? (
              <Stack gap={4} data-testid="release-progress">
                <Group justify="space-between">
                  <Text size="sm" role="status">
                    {PHASES[progress.phase]}
                    {progress.totalFiles ? ` — file ${progress.files} of ${progress.totalFiles}` : ''}
                  </Text>
                  <Button size="xs" variant="default" onClick={() => void call('releases.fulfilCancel', { id: r.id })}>
                    Cancel
                  </Button>
                </Group>
                <Progress
                  value={progress.totalBytes ? (100 * progress.bytes) / progress.totalBytes : 0}
                  aria-label="Release progress"
                />
              </Stack>
            ) : null}
          </Stack>
        ) : null}

        {r.packet ? (
          <Group>
            <Button
              variant="default"
              onClick={() =>
                void act(async () => {
                  try {
                    setOpened(`Opened ${(await call('documents.open', { documentId: r.packet!.id })).path}`);
                  } catch (e) {
                    // No PDF viewer on this workstation (main says where the file is).
                    if (isCallError(e) && e.code === 'CONFLICT') setOpened(e.message);
                    else throw e;
                  }
                })
              }
            >
              Open the release packet
            </Button>
            <Text size="xs" c="dimmed" className="mono">
              {r.packet.id} · {r.packet.pages} pages · SHA-256 {r.packet.pdfSha256.slice(0, 16)}…
            </Text>
          </Group>
        ) : null}
        {opened ? (
          <Text size="sm" data-testid="packet-opened">
            {opened}
          </Text>
        ) : null}
        <ErrorAlert message={error} testId="release-error" />
        {r.status === 'screened' || r.status === 'approved' ? (
          <Group>
            <Button size="xs" variant="subtle" onClick={() => void act(() => call('releases.screen', { id: r.id }))}>
              Screen again
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <Table.Tr>
      <Table.Th w={150}>{label}</Table.Th>
      <Table.Td>{value}</Table.Td>
    </Table.Tr>
  );
}
