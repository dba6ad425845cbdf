import { useEffect, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
  Progress,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { Dialog } from '../../shared/dialog';
import type {
  HoldKind,
  LegalHold,
  PurgeProgress,
  PurgeRun,
  TransparencyPublication,
  TransparencyReport,
} from '../../../../preload/contract';
import { call, errorMessage, on } from '../../bridge';
import { formatDateTime } from '../../ui/format';
import { PanelHeader } from '../../ui/PanelHeader';
import { ErrorAlert } from '../../ui/StateView';
import { useLoad } from '../../ui/useLoad';
import { IconShield, IconTrash } from '../../ui/icons';

/**
 * The administrator's retention screen (docs/retention.md): what the policy keeps and the bound of any tightening,
 * the purge previewed (what would go, by capture month, and what is held), run with progress and cancel, its runs and
 * their certificates, legal holds (place, release with a reason, review dates that have come), and the public
 * transparency report. Counts and dates only: no plate appears here.
 */
export function RetentionPanel() {
  const preview = useLoad(() => call('retention.preview'));
  const runs = useLoad(() => call('retention.runs'));
  const [progress, setProgress] = useState<PurgeProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [placing, setPlacing] = useState(false);
  const [releasing, setReleasing] = useState<LegalHold | null>(null);

  useEffect(() => {
    void call('retention.purgeStatus').then(setProgress);
    const offProgress = on('retention.progress', setProgress);
    const offFinished = on('retention.finished', () => {
      void preview.reload();
      void runs.reload();
    });
    return () => {
      offProgress();
      offFinished();
    };
  }, []);

  const act = async (what: () => Promise<void>) => {
    setError(null);
    try {
      await what();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const running = progress?.status === 'running';
  const p = preview.data;

  return (
    <Stack gap="lg" data-testid="retention-panel">
      <PanelHeader
        title="Retention"
        description="What the agency’s policy keeps, what is due to go, and what a legal hold keeps."
        actions={
          <>
            <Button variant="default" onClick={() => void preview.reload()} data-testid="retention-preview">
              Preview purge
            </Button>
            <Button
              color="red"
              disabled={running}
              onClick={() =>
                void act(async () => {
                  await call('retention.purge');
                  setProgress(await call('retention.purgeStatus'));
                })
              }
              data-testid="retention-run"
            >
              Run purge now
            </Button>
          </>
        }
      />
      <ErrorAlert message={error ?? preview.error} testId="retention-error" />
      {notice ? (
        <Alert color="blue" withCloseButton onClose={() => setNotice(null)} data-testid="retention-notice">
          {notice}
        </Alert>
      ) : null}
      {progress && progress.status === 'running' ? (
        <Stack gap={4} data-testid="retention-progress">
          <Group justify="space-between">
            <Text size="sm">
              Purge #{progress.runId}: {progress.phase} — {progress.done.toLocaleString('en-US')} of{' '}
              {progress.total.toLocaleString('en-US')} detections
            </Text>
            <Button
              size="xs"
              variant="default"
              onClick={() => void call('retention.purgeCancel', { runId: progress.runId })}
            >
              Cancel
            </Button>
          </Group>
          <Progress value={progress.total ? (100 * progress.done) / progress.total : 0} aria-label="Purge progress" />
        </Stack>
      ) : null}

      {p ? (
        <>
          <Stack gap="xs">
            <Title order={3}>What the policy keeps</Title>
            <Table withTableBorder fz="sm" data-testid="retention-kinds">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>Policy</Table.Th>
                  <Table.Th>Bound of a tightening</Table.Th>
                  <Table.Th>Kept (days)</Table.Th>
                  <Table.Th>Due if captured before</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {p.kinds.map((k) => (
                  <Table.Tr key={k.kind} data-kind={k.kind}>
                    <Table.Td>{k.kind}</Table.Td>
                    <Table.Td>
                      {k.profileText}, {k.clock}{' '}
                      <Text span size="xs" c="dimmed">
                        ({k.cite})
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {k.tightenable ? `${k.minDays}–${k.maxDays ?? 'no maximum'} days` : 'fixed by the policy'}
                    </Table.Td>
                    <Table.Td>
                      {k.tightenable ? (
                        <NumberInput
                          size="xs"
                          w={110}
                          aria-label={`Keep ${k.kind}s (days)`}
                          placeholder="policy"
                          defaultValue={k.keepDays ?? undefined}
                          min={k.minDays}
                          max={k.maxDays ?? undefined}
                          onBlur={(e) => {
                            const v = e.currentTarget.value.trim();
                            void act(async () => {
                              preview.setData(
                                await call('retention.tighten', {
                                  keepDays: { [k.kind]: v === '' ? null : Number(v) },
                                }),
                              );
                            });
                          }}
                        />
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td>{k.dueBefore ? formatDateTime(k.dueBefore) : 'nothing due'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text size="xs" c="dimmed">
              {p.accessLog}
            </Text>
          </Stack>

          <Stack gap="xs">
            <Title order={3}>Department records</Title>
            <Text size="sm">
              Kept beside the data and never purged by a timer: those past their minimum are for the Custodian of
              Records to review for destruction under the records retention schedule.
            </Text>
            <Table withTableBorder fz="sm" data-testid="retention-records">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Records</Table.Th>
                  <Table.Th>Kept</Table.Th>
                  <Table.Th>On this workstation</Table.Th>
                  <Table.Th>Past the minimum</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {p.records.map((r) => (
                  <Table.Tr key={r.kind} data-kind={r.kind}>
                    <Table.Td>{r.label}</Table.Td>
                    <Table.Td>
                      {r.rule}, {r.clock}{' '}
                      <Text span size="xs" c="dimmed">
                        ({r.cite})
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {r.count.toLocaleString('en-US')}
                      {r.oldestOn ? ` (oldest ${r.oldestOn})` : ''}
                    </Table.Td>
                    <Table.Td>{r.eligible ? `${r.eligible.toLocaleString('en-US')} for review` : 'none'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>

          <Stack gap="xs" data-testid="retention-due">
            <Title order={3}>Due today ({p.today})</Title>
            <Text size="sm" data-testid="retention-due-summary">
              {p.detections.toLocaleString('en-US')} detections, {p.hits.toLocaleString('en-US')} hits,{' '}
              {p.images.toLocaleString('en-US')} images would be purged; {p.held.toLocaleString('en-US')} due but held
              {p.keptByHit ? `; ${p.keptByHit.toLocaleString('en-US')} kept with their hits` : ''}.
            </Text>
            {p.byMonth.length ? (
              <Group gap="xs">
                {p.byMonth.map((b) => (
                  <Badge key={b.month} variant="light" tt="none">
                    {b.month}: {b.count.toLocaleString('en-US')}
                  </Badge>
                ))}
              </Group>
            ) : null}
          </Stack>

          <Stack gap="xs">
            <Group justify="space-between">
              <Title order={3}>Legal holds</Title>
              <Button size="xs" leftSection={<IconShield />} onClick={() => setPlacing(true)} data-testid="hold-place">
                Place a hold
              </Button>
            </Group>
            {p.reviewDue.length ? (
              <Alert color="yellow" title="Review dates have come" data-testid="holds-review-due">
                {p.reviewDue
                  .map((h) => `Hold #${h.id} (${h.authority}) was due for review on ${h.reviewOn}.`)
                  .join(' ')}
              </Alert>
            ) : null}
            <HoldsTable holds={p.holds} onRelease={setReleasing} />
          </Stack>
        </>
      ) : null}

      <RunsTable
        runs={runs.data ?? []}
        onOpen={(run) =>
          void act(async () => {
            const r = await call('retention.openCertificate', { runId: run.id });
            setNotice(
              r.opened
                ? `Opened the certificate of run #${run.id}.`
                : `The certificate of run #${run.id} is at ${r.path}`,
            );
          })
        }
      />
      <TransparencySection onError={setError} />

      <PlaceHoldDialog
        opened={placing}
        onClose={() => setPlacing(false)}
        onPlaced={() => {
          setPlacing(false);
          void preview.reload();
        }}
      />
      <ReleaseHoldDialog
        hold={releasing}
        onClose={() => setReleasing(null)}
        onReleased={() => {
          setReleasing(null);
          void preview.reload();
        }}
      />
    </Stack>
  );
}

function HoldsTable({ holds, onRelease }: { holds: readonly LegalHold[]; onRelease: (h: LegalHold) => void }) {
  if (holds.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="holds-none">
        No legal hold is in force. Booked evidence is held by its package.
      </Text>
    );
  return (
    <Table withTableBorder fz="sm" data-testid="holds">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Hold</Table.Th>
          <Table.Th>On</Table.Th>
          <Table.Th>Authority</Table.Th>
          <Table.Th>Review on</Table.Th>
          <Table.Th>Records</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {holds.map((h) => (
          <Table.Tr key={h.id} data-testid="hold" data-hold={h.id}>
            <Table.Td>#{h.id}</Table.Td>
            <Table.Td>
              {h.kind === 'case' ? `Case ${h.caseNumber}` : h.kind === 'court_order' ? 'Court order' : 'Records'}
            </Table.Td>
            <Table.Td>{h.authority}</Table.Td>
            <Table.Td>
              {h.reviewOn} {h.reviewDue ? <Badge color="yellow">review due</Badge> : null}
            </Table.Td>
            <Table.Td>{h.records.toLocaleString('en-US')}</Table.Td>
            <Table.Td>
              <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash />} onClick={() => onRelease(h)}>
                Release
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function RunsTable({ runs, onOpen }: { runs: readonly PurgeRun[]; onOpen: (r: PurgeRun) => void }) {
  return (
    <Stack gap="xs">
      <Title order={3}>Purge runs</Title>
      {runs.length === 0 ? (
        <Text size="sm" c="dimmed">
          No purge has run on this workstation yet.
        </Text>
      ) : (
        <Table withTableBorder fz="sm" data-testid="retention-runs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Run</Table.Th>
              <Table.Th>Started</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Removed</Table.Th>
              <Table.Th>Held</Table.Th>
              <Table.Th>Certificate</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {runs.map((r) => (
              <Table.Tr key={r.id} data-testid="retention-run-row" data-run={r.id} data-status={r.status}>
                <Table.Td>#{r.id}</Table.Td>
                <Table.Td>
                  {formatDateTime(r.startedAt)} ({r.trigger === 'schedule' ? 'daily' : r.startedBy})
                </Table.Td>
                <Table.Td>{r.status}</Table.Td>
                <Table.Td>
                  {r.detections.toLocaleString('en-US')} detections, {r.hits.toLocaleString('en-US')} hits,{' '}
                  {r.images.toLocaleString('en-US')} images
                </Table.Td>
                <Table.Td>{r.held.toLocaleString('en-US')}</Table.Td>
                <Table.Td>
                  {r.certificate ? (
                    <Button size="xs" variant="default" onClick={() => onOpen(r)} data-testid="open-certificate">
                      Open certificate
                    </Button>
                  ) : (
                    '—'
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function TransparencySection({ onError }: { onError: (m: string | null) => void }) {
  const year = new Date().getFullYear() - 1;
  const [from, setFrom] = useState(`${year}-01-01`);
  const [to, setTo] = useState(`${year}-12-31`);
  const [report, setReport] = useState<TransparencyReport | null>(null);
  const [published, setPublished] = useState<TransparencyPublication | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Stack gap="xs">
      <Title order={3}>Transparency report</Title>
      <Group align="flex-end">
        <TextInput label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={140} />
        <TextInput label="To" value={to} onChange={(e) => setTo(e.currentTarget.value)} w={140} />
        <Button
          loading={busy}
          variant="default"
          onClick={() => {
            setBusy(true);
            onError(null);
            setPublished(null);
            call('retention.transparencyReport', { from, to })
              .then(setReport, (e: unknown) => onError(errorMessage(e)))
              .finally(() => setBusy(false));
          }}
        >
          Issue report
        </Button>
      </Group>
      {report ? (
        <>
          <Text size="sm" data-testid="transparency-paths">
            Issued for review — PDF: {report.pdf.path} · CSV: {report.csvPath} · JSON: {report.jsonPath}
          </Text>
          {published ? (
            <Text size="sm" data-testid="transparency-published">
              Published {formatDateTime(published.at)} to {published.folder} (with SHA256SUMS)
            </Text>
          ) : (
            <Group>
              <Button
                size="xs"
                loading={busy}
                onClick={() => {
                  setBusy(true);
                  onError(null);
                  call('retention.publishTransparency', { documentId: report.pdf.id })
                    .then(setPublished, (e: unknown) => onError(errorMessage(e)))
                    .finally(() => setBusy(false));
                }}
              >
                Publish after review
              </Button>
              <Text size="xs" c="dimmed">
                Read the PDF first: publishing copies the three files to the public folder and is recorded.
              </Text>
            </Group>
          )}
        </>
      ) : null}
    </Stack>
  );
}

function PlaceHoldDialog({
  opened,
  onClose,
  onPlaced,
}: {
  opened: boolean;
  onClose: () => void;
  onPlaced: () => void;
}) {
  const [kind, setKind] = useState<HoldKind>('case');
  const [caseNumber, setCaseNumber] = useState('');
  const [ids, setIds] = useState('');
  const [authority, setAuthority] = useState('');
  const [reason, setReason] = useState('');
  const [reviewOn, setReviewOn] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setError(null);
    try {
      await call('retention.placeHold', {
        kind,
        ...(kind === 'case'
          ? { caseNumber: caseNumber.trim() }
          : {
              detectionIds: ids
                .split(/[\s,]+/)
                .filter(Boolean)
                .map(Number),
            }),
        authority,
        reason,
        reviewOn: reviewOn.trim(),
      });
      onPlaced();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Dialog opened={opened} onClose={onClose} title="Place a legal hold">
      <Stack gap="sm" data-testid="hold-dialog">
        <SegmentedControl
          value={kind}
          onChange={(v) => setKind(v as HoldKind)}
          data={[
            { value: 'case', label: 'A case' },
            { value: 'court_order', label: 'A court order' },
            { value: 'records', label: 'Records' },
          ]}
        />
        {kind === 'case' ? (
          <TextInput label="Case number" value={caseNumber} onChange={(e) => setCaseNumber(e.currentTarget.value)} />
        ) : (
          <TextInput
            label="Detection ids"
            description="Separated by commas or spaces"
            value={ids}
            onChange={(e) => setIds(e.currentTarget.value)}
          />
        )}
        <TextInput
          label="Authority"
          description="The order, its number and court, or who asked"
          value={authority}
          onChange={(e) => setAuthority(e.currentTarget.value)}
        />
        <Textarea label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        <TextInput
          label="Review on"
          placeholder="YYYY-MM-DD"
          value={reviewOn}
          onChange={(e) => setReviewOn(e.currentTarget.value)}
        />
        <ErrorAlert message={error} testId="hold-error" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void submit()} data-testid="hold-submit">
            Place hold
          </Button>
        </Group>
      </Stack>
    </Dialog>
  );
}

function ReleaseHoldDialog({
  hold,
  onClose,
  onReleased,
}: {
  hold: LegalHold | null;
  onClose: () => void;
  onReleased: () => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog opened={hold !== null} onClose={onClose} title={hold ? `Release hold #${hold.id}` : ''}>
      <Stack gap="sm">
        <Text size="sm">Released records are purged by the next run when they are due. Say why the hold ends.</Text>
        <Textarea label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        <ErrorAlert message={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color="red"
            onClick={() =>
              void call('retention.releaseHold', { holdId: hold!.id, reason }).then(
                () => {
                  setReason('');
                  onReleased();
                },
                (e: unknown) => setError(errorMessage(e)),
              )
            }
          >
            Release
          </Button>
        </Group>
      </Stack>
    </Dialog>
  );
}
