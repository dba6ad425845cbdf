import '../search.css';
import '../detail.css';
import './analyses.css';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Alert, Button, Group, Loader, Progress, Stack, Text, Title } from '@mantine/core';
import type { Method } from '../../../../../preload/contract';
import { call } from '../../../bridge';
import type { CollectSlot, DetailSlot } from '../../../shared/detectionSlots';
import type { DetectionMapProps } from '../../../shared/map/DetectionMap';
import { useSession } from '../../../shared/session';
import { DataGrid, type DataGridProps } from '../../../ui/DataGrid';
import { ErrorAlert, StateView } from '../../../ui/StateView';
import { IconAlert, IconBriefcase, IconSchool } from '../../../ui/icons';
import { useLoad } from '../../../ui/useLoad';
import { useAnalysis, type AnalysisOutcome } from './useAnalysis';

/** What the app gives every analysis screen: a way to open a purpose, the read's detail and Add to case. */
export type AnalysisPanelProps = { onOpenPurpose: () => void; detail: DetailSlot; collect: CollectSlot };

/** Whether a purpose is open, and how to open one (every analysis runs under it). */
export type Purpose = { hasPurpose: boolean; onOpenPurpose: () => void };

/**
 * What every analysis screen starts from: the session, the purpose, the cameras (for the map), the analysis's run
 * and the read's detail drawer.
 */
export function useAnalysisScreen<M extends Method>(method: M, { onOpenPurpose, detail }: AnalysisPanelProps) {
  const { session } = useSession();
  const purpose: Purpose = { hasPurpose: session.purpose !== null, onOpenPurpose };
  const cameras = useLoad(() => call('cameras.list'));
  const analysis = useAnalysis(method, purpose.hasPurpose);
  const detailDrawer = useDetailDrawer(detail);
  return { session, purpose, cameras: cameras.data ?? [], analysis, detailDrawer };
}

// MapLibre loads after the first screen (as the search screen does).
const AnalysisMap = lazy(() => import('../../../shared/map/DetectionMap').then((m) => ({ default: m.DetectionMap })));

/** The run as the screen shows it: its outcome, whether it is running, and how to stop waiting. */
type AnalysisRun = { outcome: AnalysisOutcome<unknown>; running: boolean; stop: () => void };

/**
 * An analysis screen: its terms in a column on the left (what it does, the fields, the run button at the foot);
 * on the right the map above, a header line, and the results below — the list and, beside it, why the chosen
 * result is listed with its sightings.
 */
export function AnalysisLayout<R extends { id: number }>({
  testId,
  title,
  description,
  purpose,
  analysis,
  form,
  run,
  map,
  heading,
  header,
  results,
  why,
}: {
  testId: string;
  title: string;
  description: ReactNode;
  /** A line above the terms says when no purpose is open; the results say what to do about it. */
  purpose: Purpose;
  analysis: AnalysisRun;
  form: ReactNode;
  /** The run button at the foot of the terms. */
  run: RunProps;
  map: ReactNode;
  /** What the results are ("Companions"): the header line before an answer. */
  heading: string;
  /** The answer's header line (its count and context); omitted until there is an answer. */
  header?: ReactNode;
  results: ResultsProps<R>;
  /** The chosen result: why it is listed, its sightings, its actions. Omitted: the list takes the width. */
  why?: ReactNode;
}) {
  return (
    <div className="cv-analysis" data-testid={testId}>
      <aside className="cv-analysis-form" aria-label={`${title}: terms`}>
        <div className="cv-search-form-scroll">
          <Stack gap="sm">
            <div>
              <Title order={2} fz="h4">
                {title}
              </Title>
              <Text size="xs" c="dimmed" mt={4}>
                {description}
              </Text>
            </div>
            <PurposeNotice {...purpose} />
            {form}
          </Stack>
        </div>
        <div className="cv-search-form-foot">
          <RunFoot {...run} analysis={analysis} />
        </div>
      </aside>
      <div className="cv-analysis-main">
        <section className="cv-analysis-map" aria-label="Map">
          {map}
        </section>
        <Group justify="space-between" gap="xs" wrap="nowrap" mih={26} aria-live="polite">
          {header ? (
            <Group gap="xs" wrap="nowrap">
              {header}
            </Group>
          ) : (
            <Text size="sm" fw={650} c="dimmed">
              {heading}
            </Text>
          )}
        </Group>
        <section className="cv-analysis-results" aria-label="Results" data-single={why === undefined || undefined}>
          <div className="cv-analysis-list">
            <ResultList {...results} analysis={analysis} purpose={purpose} />
          </div>
          {why !== undefined ? <div className="cv-analysis-why">{why}</div> : null}
        </section>
      </div>
    </div>
  );
}

type RunProps = {
  label: string;
  onRun: () => void;
  /** The analysis stops waiting by default; the clone scan also asks main to stop. */
  onStop?: () => void;
  /** 0..1 when main reports it; null: running, how far unknown. */
  progress?: { value: number; text: string } | null;
  disabled?: boolean;
  testId: string;
};

/** Run and stop at the foot of the terms: while running, a bar (with progress when main reports it) and Stop. */
function RunFoot({
  label,
  analysis: { running, stop },
  onRun,
  onStop = stop,
  progress,
  disabled,
  testId,
}: RunProps & { analysis: AnalysisRun }) {
  return (
    <Stack gap={6}>
      {running ? (
        <>
          <Progress
            value={progress ? Math.round(progress.value * 100) : 100}
            animated
            striped={!progress}
            size="sm"
            aria-label={progress?.text ?? 'Working'}
          />
          <Text size="xs" c="dimmed" data-testid={`${testId}-progress`} role="status">
            {progress?.text ?? 'Working…'}
          </Text>
        </>
      ) : null}
      <Group gap="xs" grow>
        {running ? (
          <Button variant="default" color="red" onClick={onStop} data-testid={`${testId}-stop`}>
            Stop
          </Button>
        ) : null}
        <Button onClick={onRun} loading={running} disabled={disabled} data-testid={`${testId}-run`}>
          {label}
        </Button>
      </Group>
    </Stack>
  );
}

/** Before an answer: nothing yet, a refusal word for word (with what to do), or an error. */
function OutcomeState({
  analysis: { outcome, running },
  purpose: { hasPurpose, onOpenPurpose },
  idle,
}: {
  analysis: AnalysisRun;
  purpose: Purpose;
  idle: { icon: ReactNode; title: string; description: string };
}) {
  if (running)
    return (
      <Group justify="center" py="xl" gap="xs" role="status">
        <Loader size="sm" />
        <Text size="sm" c="dimmed">
          Asking the store…
        </Text>
      </Group>
    );
  if (outcome.kind === 'refused') {
    const purpose = outcome.code === 'PURPOSE_REQUIRED';
    return (
      <StateView
        icon={purpose ? <IconBriefcase /> : outcome.code === 'TRAINING_REQUIRED' ? <IconSchool /> : <IconAlert />}
        title={
          purpose ? 'Purpose required' : outcome.code === 'TRAINING_REQUIRED' ? 'Training required' : 'Not allowed'
        }
        description={outcome.message}
        color="orange"
        role="alert"
        testId="analysis-refusal"
        action={purpose ? <Button onClick={onOpenPurpose}>Open a purpose</Button> : undefined}
      />
    );
  }
  if (outcome.kind === 'error') return <ErrorAlert title="The analysis did not run" message={outcome.message} />;
  if (!hasPurpose)
    return (
      <StateView
        icon={<IconBriefcase />}
        title="Open a purpose to run an analysis"
        description="Every analysis reads ALPR data: it runs under the open purpose and is recorded in the access log."
        action={<Button onClick={onOpenPurpose}>Open a purpose</Button>}
        testId="analysis-no-purpose"
      />
    );
  return <StateView icon={idle.icon} title={idle.title} description={idle.description} />;
}

/** A line above the terms when no purpose is open. */
function PurposeNotice({ hasPurpose, onOpenPurpose }: Purpose) {
  if (hasPurpose) return null;
  return (
    <Alert color="orange" variant="light" icon={<IconBriefcase size={16} />} p="xs">
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="xs">Open a purpose first: the analysis runs under it.</Text>
        <Button size="compact-xs" variant="light" color="orange" onClick={onOpenPurpose}>
          Open purpose
        </Button>
      </Group>
    </Alert>
  );
}

/**
 * The map of an analysis: no time slider (the order is the story), fills its frame; read-only unless `tools` asks
 * for the area tools (the common vehicles' scenes are drawn on it).
 */
export function ResultMap(
  props: Omit<DetectionMapProps, 'timeSlider' | 'height'> & { emptyText: string; label: string },
) {
  return (
    <Suspense fallback={null}>
      <AnalysisMap tools={false} timeSlider={false} height="100%" {...props} />
    </Suspense>
  );
}

/**
 * The results list: the answer's rows in a grid, a sentence when the answer is empty, or what stands before an
 * answer (nothing yet, a refusal, an error).
 */
type ResultsProps<R extends { id: number }> = {
  /** What stands before the first answer. */
  idle: { icon: ReactNode; title: string; description: string };
  /** What an answer with no rows says. */
  empty: string;
  grid: Omit<DataGridProps<R, string>, 'mark' | 'resultKey' | 'onOpen'> & { onOpen?: (id: number) => void };
  /** Stands above the grid when it has rows (the usual places' hour-of-week table). */
  above?: ReactNode;
};

function ResultList<R extends { id: number }>({
  analysis,
  purpose,
  idle,
  empty,
  grid,
  above,
}: ResultsProps<R> & { analysis: AnalysisRun; purpose: Purpose }) {
  const { outcome } = analysis;
  if (outcome.kind === 'answer' && grid.rows.length > 0) {
    const table = (
      <DataGrid
        {...grid}
        onOpen={grid.onOpen ?? grid.onSelect}
        resultKey={outcome.answer}
        mark="canvass:analysis-table"
      />
    );
    if (above === undefined) return table;
    return (
      <Stack gap="xs" style={{ minHeight: 0, flex: 1 }}>
        {above}
        {table}
      </Stack>
    );
  }
  if (outcome.kind === 'answer')
    return (
      <Text size="sm" c="dimmed" p="md" role="status" data-testid="analysis-empty">
        {empty}
      </Text>
    );
  return <OutcomeState analysis={analysis} purpose={purpose} idle={idle} />;
}

/** A read's detail opened from an analysis: the drawer the app composes (`detail` slot) and how to open it. */
export function useDetailDrawer(detail: DetailSlot): { open: (id: number) => void; drawer: ReactNode } {
  const [id, setId] = useState<number | null>(null);
  return { open: setId, drawer: detail({ detectionId: id, onClose: () => setId(null), onSelectDetection: setId }) };
}

/**
 * The head of the chosen result's pane: its plate and what follows it (the vehicle, the state), an action beside
 * it (Add to case), and why it is listed, as a sentence.
 */
export function WhyHead({
  plate,
  after,
  action,
  why,
}: {
  plate: string;
  after: string;
  action?: ReactNode;
  why: string;
}) {
  return (
    <>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" fw={650}>
          <span className="plate">{plate}</span> {after}
        </Text>
        {action}
      </Group>
      <Text size="xs">{why}.</Text>
    </>
  );
}
