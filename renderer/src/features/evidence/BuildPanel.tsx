import { useEffect, useState } from 'react';
import { Alert, Button, Group, Paper, Progress, Stack, Text, TextInput, Title } from '@mantine/core';
import type { EvidenceFinished, EvidenceMedium, EvidenceProgress } from '../../../../preload/contract';
import { call, errorMessage, isCallError, on } from '../../bridge';
import { ErrorAlert } from '../../ui/StateView';
import { IconAlert, IconCheck, IconFolder, IconShieldCheck, IconX } from '../../ui/icons';
import { bytesText, fingerprintText, PHASE_LABELS, progressDetail, progressPercent, verdictText } from './progressText';

/**
 * Where the package goes and the build itself: the drive or folder (the system's folder dialog, or its path typed),
 * its free space, Build, the progress main reports (phase, files, bytes, rate, time left) with Cancel, and how it
 * ended: verified and booked, or not booked and why.
 */
export function BuildPanel({
  caseNumber,
  detectionIds,
  running,
  onRunning,
  onFinished,
}: {
  caseNumber: string;
  /** What the technician chose to package. */
  detectionIds: readonly number[];
  /** A build this app run started earlier (the screen was away meanwhile). */
  running: EvidenceProgress | null;
  onRunning: (busy: boolean) => void;
  onFinished: () => void;
}) {
  const [path, setPath] = useState('');
  const [medium, setMedium] = useState<EvidenceMedium | null>(null);
  const [mediumError, setMediumError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [starting, setStarting] = useState(false);
  const [buildError, setBuildError] = useState<string | null>(null);
  const [progress, setProgress] = useState<EvidenceProgress | null>(running);
  const [finished, setFinished] = useState<EvidenceFinished | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const busy = starting || (progress !== null && progress.status === 'running');

  useEffect(() => onRunning(busy), [busy]);

  // One package is written at a time on a workstation: every event is about it.
  useEffect(() => {
    const offProgress = on('evidence.progress', (p) => setProgress(p));
    const offFinished = on('evidence.finished', (f) => {
      setFinished(f);
      setCancelling(false);
      setProgress((p) => (p && p.attemptId === f.attemptId ? { ...p, status: f.status, phase: 'done' } : p));
      onFinished();
    });
    return () => {
      offProgress();
      offFinished();
    };
  }, []);

  const check = async (asked = path) => {
    setChecking(true);
    setMediumError(null);
    try {
      setMedium(await call('evidence.medium', { path: asked }));
    } catch (e) {
      setMedium(null);
      setMediumError(errorMessage(e));
    } finally {
      setChecking(false);
    }
  };

  const choose = async () => {
    setMediumError(null);
    try {
      const chosen = await call('evidence.chooseMedium');
      if (!chosen) return;
      setPath(chosen.path);
      setMedium(chosen);
    } catch (e) {
      // No folder dialog here (the e2e host): the typed path is the way.
      setMediumError(
        isCallError(e) && e.code === 'CONFLICT' ? 'No folder dialog here: type the path.' : errorMessage(e),
      );
    }
  };

  const build = async () => {
    setStarting(true);
    setBuildError(null);
    // Main checks the medium again and says what is wrong with it, once, under the build.
    setMediumError(null);
    setFinished(null);
    setProgress(null);
    try {
      const started = await call('evidence.build', { detectionIds: [...detectionIds], medium: path });
      setProgress(
        (p) =>
          p ?? {
            attemptId: started.attemptId,
            itemNumber: started.itemNumber,
            phase: 'preparing',
            status: 'running',
            files: 0,
            totalFiles: started.totalFiles,
            bytes: 0,
            totalBytes: started.totalBytes,
            rate: 0,
            etaSeconds: null,
            message: null,
          },
      );
    } catch (e) {
      setBuildError(errorMessage(e));
      onFinished();
    } finally {
      setStarting(false);
    }
  };

  const cancel = async () => {
    if (!progress) return;
    setCancelling(true);
    try {
      const { cancelling: ok } = await call('evidence.cancel', { attemptId: progress.attemptId });
      if (!ok) setCancelling(false);
    } catch (e) {
      setCancelling(false);
      setBuildError(errorMessage(e));
    }
  };

  const n = detectionIds.length;
  const showProgress = progress !== null && (progress.status === 'running' || !finished);

  return (
    <Paper withBorder p="md" radius="md" className="cv-ev-build" component="section" aria-label="Write to media">
      <Stack gap="sm">
        <Title order={3} fz="h4">
          Write to portable media
        </Title>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void check();
          }}
        >
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput
              label="Drive or folder"
              description="The drive’s root or a folder on it; its full path."
              placeholder="/media/evidence-usb"
              value={path}
              onChange={(e) => {
                setPath(e.currentTarget.value);
                setMedium(null);
              }}
              disabled={busy}
              style={{ flex: 1 }}
              data-testid="evidence-medium"
            />
            <Button variant="default" type="submit" loading={checking} disabled={busy || !path.trim()}>
              Check
            </Button>
            <Button
              variant="default"
              leftSection={<IconFolder size={16} />}
              disabled={busy}
              onClick={() => void choose()}
            >
              Choose…
            </Button>
          </Group>
        </form>
        {medium ? (
          <Text size="sm" data-testid="evidence-free-space">
            <span className="mono">{medium.path}</span>: <b>{bytesText(medium.freeBytes)}</b> free of{' '}
            {bytesText(medium.totalBytes)}
          </Text>
        ) : null}
        <ErrorAlert message={mediumError} testId="evidence-medium-error" />

        <Group justify="space-between" wrap="nowrap">
          <Text size="sm" c="dimmed">
            Case <span className="mono">{caseNumber}</span> · {n.toLocaleString('en-US')} detection{n === 1 ? '' : 's'}
          </Text>
          <Button
            leftSection={<IconShieldCheck size={16} />}
            loading={starting}
            style={{ flexShrink: 0 }}
            disabled={busy || n === 0 || !path.trim()}
            onClick={() => void build()}
          >
            Build the package
          </Button>
        </Group>
        <ErrorAlert title="Nothing was written" message={buildError} testId="evidence-build-error" />

        {showProgress && progress ? (
          <Stack gap={6} data-testid="evidence-progress" data-phase={progress.phase} aria-live="polite">
            <Group justify="space-between" wrap="nowrap">
              <Text size="sm" fw={600}>
                {PHASE_LABELS[progress.phase]} · <span className="mono">{progress.itemNumber}</span>
              </Text>
              <Button
                size="xs"
                color="red"
                variant="light"
                leftSection={<IconX size={14} />}
                loading={cancelling}
                style={{ flexShrink: 0 }}
                disabled={progress.status !== 'running' || progress.phase === 'booking'}
                onClick={() => void cancel()}
              >
                Cancel
              </Button>
            </Group>
            <Progress
              value={progressPercent(progress)}
              animated={progress.status === 'running'}
              aria-label={`${PHASE_LABELS[progress.phase]}: ${Math.round(progressPercent(progress))} percent`}
            />
            <Text size="xs" c="dimmed" className="mono" data-testid="evidence-progress-detail">
              {progressDetail(progress)}
            </Text>
            {progress.message ? (
              <Text size="xs" c="orange">
                {progress.message}
              </Text>
            ) : null}
          </Stack>
        ) : null}

        {finished ? <Outcome finished={finished} /> : null}
      </Stack>
    </Paper>
  );
}

/** How the build ended: the verdict of the read-back and where the package is, or why nothing was booked. */
function Outcome({ finished }: { finished: EvidenceFinished }) {
  const pkg = finished.package;
  if (finished.status === 'booked' && finished.verdict && pkg) {
    return (
      <Alert
        color="teal"
        variant="light"
        icon={<IconCheck />}
        title={`Verified and booked as item ${finished.itemNumber}`}
        data-testid="evidence-verdict"
        data-status="booked"
      >
        <Stack gap={4}>
          <Text size="sm">{verdictText(finished.verdict)}</Text>
          <Text size="sm">
            Folder: <span className="mono" data-testid="evidence-verdict-folder">{`${pkg.medium}/${pkg.folder}`}</span>
          </Text>
          <Text size="sm">
            Signed with the agency evidence key{' '}
            <span className="mono">SHA256:{fingerprintText(finished.verdict.signature.fingerprint)}</span>
          </Text>
        </Stack>
      </Alert>
    );
  }
  const title =
    finished.status === 'cancelled'
      ? `Cancelled: ${finished.itemNumber} was not booked`
      : `Not booked: ${finished.itemNumber} failed`;
  return (
    <Alert
      color={finished.status === 'cancelled' ? 'gray' : 'red'}
      variant="light"
      icon={<IconAlert />}
      title={title}
      role="alert"
      data-testid="evidence-verdict"
      data-status={finished.status}
    >
      <Text size="sm">{finished.error?.message ?? 'The package was not booked.'}</Text>
      <Text size="sm" mt={4}>
        Nothing was booked. A package gets its final name only once it has been read back and verified.
      </Text>
    </Alert>
  );
}
