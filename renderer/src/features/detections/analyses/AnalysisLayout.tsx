import '../search.css';
import '../detail.css';
import './analyses.css';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Alert, Button, Group, Loader, Progress, Stack, Text, Title } from '@mantine/core';
import type { DetailSlot } from '../../../shared/detectionSlots';
import type { DetectionMapProps } from '../../../shared/map/DetectionMap';
import { DataGrid, type DataGridProps } from '../../../ui/DataGrid';
import { ErrorAlert, StateView } from '../../../ui/StateView';
import { IconAlert, IconBriefcase, IconSchool } from '../../../ui/icons';
import type { AnalysisOutcome } from './useAnalysis';

// MapLibre loads after the first screen (as the search screen does).
export const AnalysisMap = lazy(() =>
  import('../../../shared/map/DetectionMap').then((m) => ({ default: m.DetectionMap })),
);

/**
 * An analysis screen: its terms in a column on the left (what it does, the fields, the run button at the foot);
 * on the right the map above, a header line, and the results below — the list and, beside it, why the chosen
 * result is listed with its sightings.
 */
export function AnalysisLayout({
  testId,
  title,
  description,
  form,
  foot,
  map,
  header,
  list,
  why,
}: {
  testId: string;
  title: string;
  description: ReactNode;
  form: ReactNode;
  foot: ReactNode;
  map: ReactNode;
  header: ReactNode;
  list: ReactNode;
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
            {form}
          </Stack>
        </div>
        <div className="cv-search-form-foot">{foot}</div>
      </aside>
      <div className="cv-analysis-main">
        <section className="cv-analysis-map" aria-label="Map">
          {map}
        </section>
        <Group justify="space-between" gap="xs" wrap="nowrap" mih={26} aria-live="polite">
          {header}
        </Group>
        <section className="cv-analysis-results" aria-label="Results" data-single={why === undefined || undefined}>
          <div className="cv-analysis-list">{list}</div>
          {why !== undefined ? <div className="cv-analysis-why">{why}</div> : null}
        </section>
      </div>
    </div>
  );
}

/** Run and stop at the foot of the terms: while running, a bar (with progress when main reports it) and Stop. */
export function RunFoot({
  label,
  running,
  onRun,
  onStop,
  progress,
  disabled,
  testId,
}: {
  label: string;
  running: boolean;
  onRun: () => void;
  onStop: () => void;
  /** 0..1 when main reports it; null: running, how far unknown. */
  progress?: { value: number; text: string } | null;
  disabled?: boolean;
  testId: string;
}) {
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
export function OutcomeState<T>({
  outcome,
  running,
  hasPurpose,
  onOpenPurpose,
  idle,
}: {
  outcome: AnalysisOutcome<T>;
  running: boolean;
  hasPurpose: boolean;
  onOpenPurpose: () => void;
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
export function PurposeNotice({ hasPurpose, onOpenPurpose }: { hasPurpose: boolean; onOpenPurpose: () => void }) {
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

/** A read-only map of an analysis: no area tools, no time slider (the order is the story), fills its frame. */
export function ResultMap(
  props: Omit<DetectionMapProps, 'tools' | 'timeSlider' | 'height'> & { emptyText: string; label: string },
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
export function ResultList<R extends { id: number }>({
  outcome,
  running,
  hasPurpose,
  onOpenPurpose,
  idle,
  empty,
  grid,
}: {
  outcome: AnalysisOutcome<unknown>;
  running: boolean;
  hasPurpose: boolean;
  onOpenPurpose: () => void;
  idle: { icon: ReactNode; title: string; description: string };
  /** What an answer with no rows says. */
  empty: string;
  grid: Omit<DataGridProps<R, string>, 'mark' | 'resultKey' | 'onOpen'> & { onOpen?: (id: number) => void };
}) {
  if (outcome.kind === 'answer' && grid.rows.length > 0)
    return (
      <DataGrid
        {...grid}
        onOpen={grid.onOpen ?? grid.onSelect}
        resultKey={outcome.answer}
        mark="canvass:analysis-table"
      />
    );
  if (outcome.kind === 'answer')
    return (
      <Text size="sm" c="dimmed" p="md" role="status" data-testid="analysis-empty">
        {empty}
      </Text>
    );
  return (
    <OutcomeState
      outcome={outcome}
      running={running}
      hasPurpose={hasPurpose}
      onOpenPurpose={onOpenPurpose}
      idle={idle}
    />
  );
}

/** A read's detail opened from an analysis: the drawer the app composes (`detail` slot) and how to open it. */
export function useDetailDrawer(detail: DetailSlot): { open: (id: number) => void; drawer: ReactNode } {
  const [id, setId] = useState<number | null>(null);
  return { open: setId, drawer: detail({ detectionId: id, onClose: () => setId(null), onSelectDetection: setId }) };
}
