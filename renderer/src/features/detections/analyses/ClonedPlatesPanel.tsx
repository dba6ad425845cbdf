import { useEffect, useMemo, useRef, useState } from 'react';
import { Badge, Button, Group, NumberInput, Paper, Stack, Switch, Text } from '@mantine/core';
import type { CloneEvidence, CloneFlag, CloneScanProgress } from '../../../../../preload/contract';
import { call, errorMessage, on } from '../../../bridge';
import type { GridColumn } from '../../../ui/DataGrid';
import { formatDateTime, vehicleText } from '../../../ui/format';
import { ErrorAlert } from '../../../ui/StateView';
import { IconCopy } from '../../../ui/icons';
import { AnalysisLayout, type AnalysisPanelProps, ResultMap, useAnalysisScreen, WhyHead } from './AnalysisLayout';
import { ClonePairView } from './ClonePairView';
import { cloneNote, cloneWhy, differsText, travelText } from './why';

type Row = CloneFlag & { id: number };

/** The strongest evidence first: impossible travel (fastest first), then the description conflicts. */
function ordered(evidence: readonly CloneEvidence[]): CloneEvidence[] {
  return [...evidence].sort((a, b) => (b.kmh ?? -1) - (a.kmh ?? -1));
}

/**
 * Cloned or switched plates: the plates the store's clone scan flagged, each with its evidence — the
 * impossible-travel pair (distance, time, speed needed) and the descriptors that differ — opening the two
 * sightings side by side with their images. A scan of new detections or of the whole store runs on a worker with
 * its progress here, and can be stopped.
 */
export function ClonedPlatesPanel({ active, ...props }: AnalysisPanelProps & { active: boolean }) {
  const { session, purpose, cameras, analysis, detailDrawer } = useAnalysisScreen('search.clonedPlates', props);
  const { hasPurpose } = purpose;
  const { collect } = props;
  const [maxKmh, setMaxKmh] = useState(180);
  const [showReview, setShowReview] = useState(false);
  const { answer } = analysis;
  const [progress, setProgress] = useState<CloneScanProgress | null>(null);
  const [stopError, setStopError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<number | null>(null);
  const [pair, setPair] = useState(0);
  const [sideBySide, setSideBySide] = useState<CloneEvidence | null>(null);
  const [selectedRead, setSelectedRead] = useState<number | null>(null);
  const setDetailId = detailDrawer.open;

  useEffect(
    () =>
      on('search.cloneScanProgress', (p) => {
        if (p.username === session.username) setProgress(p);
      }),
    [session.username],
  );

  // A scan asked for runs on main's worker: Stop asks main to stop it, not only to stop waiting.
  const scanAsked = useRef(false);
  const list = async (scan: 'none' | 'full' | 'incremental') => {
    scanAsked.current = scan !== 'none';
    setProgress(null);
    setStopError(null);
    const r = await analysis.run({ scan, maxKmh });
    const first = r?.flags.findIndex((f) => f.level === 'flagged') ?? -1;
    setChosen(first >= 0 ? first + 1 : null);
    setPair(0);
  };

  // The findings the last scan left (the sync worker scans after each sync): listed when first shown.
  const listed = useRef(false);
  useEffect(() => {
    if (!active || !hasPurpose || listed.current) return;
    listed.current = true;
    void list('none');
  }, [active, hasPurpose]);

  const rows = useMemo<Row[]>(
    () =>
      answer
        ? answer.flags
            .map((f, i) => ({ ...f, evidence: ordered(f.evidence), id: i + 1 }))
            .filter((f) => showReview || f.level === 'flagged')
        : [],
    [answer, showReview],
  );
  const flag = rows.find((r) => r.id === chosen) ?? null;
  const evidence = flag?.evidence[pair] ?? flag?.evidence[0] ?? null;
  const tracks = useMemo(
    () => (evidence ? [{ id: 'pair', tone: 'primary' as const, detections: [evidence.a, evidence.b] }] : []),
    [evidence],
  );
  const counts = answer
    ? {
        flagged: answer.flags.filter((f) => f.level === 'flagged').length,
        review: answer.flags.filter((f) => f.level === 'review').length,
      }
    : null;

  const stop = async () => {
    try {
      await call('search.cloneScanCancel');
    } catch (e) {
      setStopError(errorMessage(e));
    }
  };
  const scanning = analysis.running && scanAsked.current;
  const columns: GridColumn<Row, string>[] = [
    { key: 'plate', label: 'Plate', render: (r) => <span className="plate">{r.plate}</span> },
    {
      key: 'level',
      label: 'Level',
      render: (r) =>
        r.level === 'flagged' ? (
          <Badge color="red" variant="light" size="sm">
            Flagged
          </Badge>
        ) : (
          <Badge color="gray" variant="light" size="sm">
            Review
          </Badge>
        ),
    },
    { key: 'why', label: 'Why listed', render: (r) => cloneWhy(r, maxKmh), title: (r) => cloneWhy(r, maxKmh) },
    { key: 'pairs', label: 'Pairs', render: (r) => r.evidence.length },
  ];

  return (
    <>
      <AnalysisLayout
        testId="cloned-plates"
        title="Cloned or switched plates"
        description="Plates that look like two vehicles: descriptions that cannot be one car, or sightings too far apart for one car to drive in the time between."
        purpose={purpose}
        analysis={analysis}
        form={
          <>
            <Text size="xs">
              After each sync the store’s new detections are checked on their own. Check again, or rescan every
              detection (minutes on a large store; it runs in the background and can be stopped).
            </Text>
            <NumberInput
              size="xs"
              label="Impossible above (km/h)"
              description="For the next scan; the list shows the last scan's findings."
              value={maxKmh}
              min={60}
              max={1000}
              step={10}
              onChange={(v) => setMaxKmh(Number(v) || 180)}
            />
            <Group gap="xs" grow>
              <Button
                size="xs"
                variant="default"
                disabled={analysis.running || !hasPurpose}
                onClick={() => void list('incremental')}
              >
                Check new detections
              </Button>
              <Button
                size="xs"
                variant="default"
                disabled={analysis.running || !hasPurpose}
                onClick={() => void list('full')}
                data-testid="clones-full-scan"
              >
                Rescan everything
              </Button>
            </Group>
            <Switch
              size="xs"
              label={`Show plates for review${counts ? ` (${counts.review})` : ''}`}
              description="Impossible speed alone: a camera clock or a stale GPS fix can look the same."
              checked={showReview}
              onChange={(e) => setShowReview(e.currentTarget.checked)}
            />
            <ErrorAlert message={stopError} />
          </>
        }
        run={{
          label: 'List the findings',
          onRun: () => void list('none'),
          onStop: () => (scanning ? void stop() : analysis.stop()),
          progress:
            progress && progress.status === 'running' && progress.total > 0
              ? {
                  value: progress.done / progress.total,
                  text: `${progress.mode === 'full' ? 'Rescanning' : 'Checking'}: ${Math.round((100 * progress.done) / progress.total)} % (${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')}${progress.mode === 'full' ? '' : ' plates'})`,
                }
              : null,
          testId: 'clones',
        }}
        map={
          <ResultMap
            detections={evidence ? [evidence.a, evidence.b] : []}
            cameras={cameras}
            selectedId={selectedRead}
            onSelect={setSelectedRead}
            onOpen={setDetailId}
            tracks={tracks}
            label={evidence ? `Map of the two sightings of ${evidence.a.plate}, 1 then 2` : 'Map'}
            emptyText="Choose a plate to see its two sightings."
          />
        }
        heading="Flagged plates"
        header={
          answer && counts ? (
            <>
              <Text size="sm" fw={650} data-testid="clones-count">
                {counts.flagged} plate{counts.flagged === 1 ? '' : 's'} flagged
              </Text>
              <Text size="xs" c="dimmed">
                {counts.review} for review
                {answer.cancelled ? ' · the scan was stopped: these are the last complete scan’s findings' : ''}
                {answer.scanned ? ` · ${answer.scanned.toLocaleString('en-US')} detections scanned` : ''}
              </Text>
            </>
          ) : undefined
        }
        results={{
          idle: {
            icon: <IconCopy />,
            title: 'Flagged plates',
            description: 'The clone scan’s findings are listed here.',
          },
          empty: `No plate is flagged${counts?.review && !showReview ? `; ${counts.review} are listed for review` : ''}.`,
          grid: {
            rows,
            columns,
            label: 'Flagged plates',
            bodyLabel: 'Plates, most likely cloned first: arrow keys move',
            className: 'cv-clone-grid',
            selectedId: chosen,
            onSelect: (id) => {
              setChosen(id);
              setPair(0);
              setSelectedRead(null);
            },
            onOpen: () => evidence && setSideBySide(evidence),
            idPrefix: 'clone-',
            rowAttributes: (r) => ({ 'data-plate': r.plate, 'data-level': r.level }),
            testId: 'clones-list',
          },
        }}
        why={
          flag ? (
            <Stack gap="xs" data-testid="clones-why">
              <WhyHead plate={flag.plate} after={flag.state ?? ''} why={cloneWhy(flag, maxKmh)} />
              {flag.evidence.map((e, i) => (
                <Paper
                  key={`${e.a.id}-${e.b.id}`}
                  withBorder
                  p={6}
                  radius="sm"
                  data-testid="clone-evidence"
                  data-selected={i === pair || undefined}
                  style={i === pair ? { borderColor: 'var(--mantine-primary-color-filled)' } : undefined}
                  onClick={() => setPair(i)}
                >
                  <Text size="xs" fw={650} c={e.kmh !== null && e.kmh > maxKmh ? 'red' : undefined}>
                    {travelText(e)}
                  </Text>
                  <Text size="xs">{differsText(e)}</Text>
                  <Text size="xs" c="dimmed">
                    1 · {formatDateTime(e.a.seenAt)} · {e.a.cameraName ?? e.a.cameraId} · {vehicleText(e.a)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    2 · {formatDateTime(e.b.seenAt)} · {e.b.cameraName ?? e.b.cameraId} · {vehicleText(e.b)}
                  </Text>
                  <Group gap="xs" mt={4}>
                    <Button size="compact-xs" variant="light" onClick={() => setSideBySide(e)}>
                      Side by side
                    </Button>
                    {collect({
                      detectionIds: [e.a.id, e.b.id],
                      note: cloneNote(flag, e),
                      source: 'clonedPlates',
                      label: 'Add the pair',
                      compact: true,
                    })}
                  </Group>
                </Paper>
              ))}
            </Stack>
          ) : answer && rows.length > 0 ? (
            <Text size="xs" c="dimmed">
              Choose a plate to see its evidence.
            </Text>
          ) : undefined
        }
      />
      <ClonePairView
        evidence={sideBySide}
        onClose={() => setSideBySide(null)}
        onOpenDetection={(id) => {
          setSideBySide(null);
          setDetailId(id);
        }}
        actions={
          sideBySide && flag
            ? collect({
                detectionIds: [sideBySide.a.id, sideBySide.b.id],
                note: cloneNote(flag, sideBySide),
                source: 'clonedPlates',
                label: 'Add both to case',
              })
            : null
        }
      />
      {detailDrawer.drawer}
    </>
  );
}
