import { useEffect, useState } from 'react';
import { Alert, Button, Group, Progress, ScrollArea, Stack, Text } from '@mantine/core';
import { Dialog } from '../../shared/dialog';
import type { SearchRow } from '../../../../preload/contract';
import { errorMessage } from '../../bridge';
import { ErrorAlert, LoadingView } from '../../ui/StateView';
import { IconAlert, IconScan } from '../../ui/icons';
import { cancelBatch, isRunning, startBatch, type RereadBatch } from './batchStore';
import { estimateSeconds, formatDuration, lastRate, remainingSeconds } from './estimate';
import { RereadReport } from './RereadReport';

/** main's ocr.batchStart takes at most this many (handlers/ocr.ts). */
export const BATCH_LIMIT = 5000;

/** What the person asked to re-read: the detections the results table shows. */
export type RereadScope = { ids: number[]; label: string };

const fmt = (n: number) => n.toLocaleString('en-US');

export function batchHeadline(b: RereadBatch): string {
  const p = b.progress;
  switch (p.status) {
    case 'running':
      return b.cancelling
        ? `Stopping after ${fmt(p.done)} of ${fmt(p.total)}…`
        : `Re-reading ${fmt(p.done)} of ${fmt(p.total)}`;
    case 'finished':
      return `Re-read finished: ${fmt(p.done)} of ${fmt(p.total)}`;
    case 'cancelled':
      return `Re-read cancelled after ${fmt(p.done)} of ${fmt(p.total)}`;
    case 'failed':
      return `Re-read stopped after ${fmt(p.done)} of ${fmt(p.total)}`;
  }
}

/** Re-renders every second while a batch runs, so "time left" follows the clock between events. */
function useTick(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

function Confirm({
  scope,
  onStarted,
  onClose,
  username,
}: {
  scope: RereadScope;
  onStarted: () => void;
  onClose: () => void;
  username: string;
}) {
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const count = scope.ids.length;
  const tooMany = count > BATCH_LIMIT;
  const start = async () => {
    setStarting(true);
    setError(null);
    try {
      await startBatch(scope.ids, scope.label, username);
      onStarted();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setStarting(false);
    }
  };
  return (
    <Stack gap="sm" data-testid="reread-confirm">
      <Text>
        Re-read the plates of <strong data-testid="reread-confirm-count">{fmt(count)}</strong> detection
        {count === 1 ? '' : 's'} ({scope.label}) from their evidence images?
      </Text>
      <Text size="sm" c="dimmed" data-testid="reread-estimate">
        This takes {formatDuration(estimateSeconds(count, lastRate()))} at this workstation’s pace. It runs in the
        background: you can keep working, follow it in the results header and stop it at any time. Images not yet on
        this workstation are fetched from the agency server first. The camera’s reads are kept; you decide on each
        difference.
      </Text>
      {tooMany ? (
        <Alert color="orange" variant="light" icon={<IconAlert />} role="alert">
          A batch re-reads at most {fmt(BATCH_LIMIT)} detections. Narrow the search, or brush the timeline to a shorter
          span.
        </Alert>
      ) : null}
      <ErrorAlert title="The re-read did not start" message={error} testId="reread-start-error" />
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button
          leftSection={<IconScan size={16} />}
          onClick={() => void start()}
          loading={starting}
          disabled={tooMany || count === 0}
          data-autofocus
        >
          Start re-reading
        </Button>
      </Group>
    </Stack>
  );
}

function Running({ batch, onClose }: { batch: RereadBatch; onClose: () => void }) {
  const p = batch.progress;
  const running = isRunning(batch);
  const now = useTick(running);
  const [error, setError] = useState<string | null>(null);
  const left = running ? remainingSeconds(p.done, p.total, now - batch.startedAt) : null;
  const percent = p.total ? (p.done / p.total) * 100 : 0;
  return (
    <Stack gap="xs" data-testid="reread-progress">
      <Group justify="space-between" wrap="nowrap">
        <Text fw={600} aria-live="polite" data-testid="reread-progress-text">
          {batchHeadline(batch)}
        </Text>
        <Text size="sm" c="dimmed">
          {running ? (left === null ? 'estimating time left…' : `${formatDuration(left)} left`) : null}
        </Text>
      </Group>
      {/* The progressbar role is the section's: its name and value text go there, not on the root. */}
      <Progress.Root size="lg">
        <Progress.Section
          value={percent}
          animated={running}
          color={p.status === 'cancelled' || p.status === 'failed' ? 'orange' : undefined}
          aria-label="Re-read progress"
          aria-valuetext={`${p.done} of ${p.total} re-read`}
        />
      </Progress.Root>
      <Group gap="md">
        <Text size="sm" data-testid="reread-progress-flagged">
          {fmt(p.flagged)} likely misread{p.flagged === 1 ? '' : 's'}
        </Text>
        <Text size="sm" c={p.failed ? 'red' : undefined} data-testid="reread-progress-failed">
          {fmt(p.failed)} failed
        </Text>
        <Text size="sm" c="dimmed">
          From {batch.scope}
        </Text>
      </Group>
      {p.status === 'failed' && p.message ? (
        <Alert color="orange" variant="light" icon={<IconAlert />}>
          {p.message}
        </Alert>
      ) : null}
      <ErrorAlert message={error} />
      {running ? (
        <Group justify="flex-end" gap="xs">
          <Button
            variant="default"
            color="red"
            loading={batch.cancelling}
            onClick={() => {
              setError(null);
              cancelBatch().catch((e: unknown) => setError(errorMessage(e)));
            }}
          >
            Stop the re-read
          </Button>
          <Button onClick={onClose} data-autofocus>
            Keep working
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

/**
 * Batch re-read (docs/ocr.md, "Batch re-read in the UI"): confirm with the count and an estimate, then progress
 * with stop, then the report. Closing it never stops the batch: the results header keeps its status.
 */
export function RereadBatchDialog({
  opened,
  mode,
  scope,
  batch,
  username,
  rows,
  onStarted,
  onClose,
  onOpenDetection,
}: {
  opened: boolean;
  /** `confirm`: about to start a batch over `scope`; `batch`: the current batch's progress or report. */
  mode: 'confirm' | 'batch';
  scope: RereadScope | null;
  batch: RereadBatch | null;
  username: string;
  rows: ReadonlyMap<number, SearchRow>;
  onStarted: () => void;
  onClose: () => void;
  onOpenDetection: (detectionId: number) => void;
}) {
  const report = batch?.report ?? null;
  return (
    <Dialog
      opened={opened}
      onClose={onClose}
      title="Re-read plates"
      size="lg"
      scrollAreaComponent={ScrollArea.Autosize}
      data-testid="reread-dialog"
    >
      {mode === 'confirm' && scope ? (
        <Confirm scope={scope} onStarted={onStarted} onClose={onClose} username={username} />
      ) : batch ? (
        <Stack gap="md">
          <Running batch={batch} onClose={onClose} />
          {isRunning(batch) ? null : report === null ? (
            <LoadingView label="Loading the report…" />
          ) : 'error' in report ? (
            <ErrorAlert title="The report could not be loaded" message={report.error} />
          ) : (
            <RereadReport items={report.items} done={batch.progress.done} rows={rows} onOpen={onOpenDetection} />
          )}
          {isRunning(batch) ? null : (
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose} data-autofocus>
                Close
              </Button>
            </Group>
          )}
        </Stack>
      ) : null}
    </Dialog>
  );
}
