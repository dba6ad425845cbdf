import { useMemo, type ReactNode } from 'react';
import { Badge, Button, Group, Loader, Text } from '@mantine/core';
import { ErrorAlert, StateView } from '../../ui/StateView';
import { IconBriefcase, IconCar, IconSchool, IconSearch } from '../../ui/icons';
import { tierCounts } from './resultsSort';
import { RESULT_LIMIT } from './searchState';
import type { Answer, Outcome } from './useSearch';

/** Above the results: how many, by tier, how many the brush leaves, whether more matched, and the actions. */
export function ResultsHeader({
  answer,
  running,
  shown,
  actions,
}: {
  answer: Answer | null;
  running: boolean;
  /** How many the timeline's brush leaves in view (null: no brush). */
  shown: number | null;
  /** The batch re-read's status and action. */
  actions: ReactNode;
}) {
  const counts = useMemo(() => (answer ? tierCounts(answer.rows) : null), [answer]);
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap" mih={26}>
      <Group gap="xs" wrap="nowrap" aria-live="polite">
        {answer ? (
          <Text size="sm" fw={650} data-testid="search-count">
            {answer.rows.length.toLocaleString('en-US')} detection{answer.rows.length === 1 ? '' : 's'}
          </Text>
        ) : (
          <Text size="sm" fw={650} c="dimmed">
            Results
          </Text>
        )}
        {answer && shown !== null ? (
          <Badge variant="light" color="blue" size="sm" data-testid="search-brushed-count" tt="none">
            {shown.toLocaleString('en-US')} in the time span
          </Badge>
        ) : null}
        {counts && answer?.plates ? (
          <Group gap={4} wrap="nowrap" data-testid="tier-counts">
            <Badge variant="light" color="teal" size="sm" title="Detections matching the pattern exactly">
              Exact {counts.exact.toLocaleString('en-US')}
            </Badge>
            <Badge variant="light" color="blue" size="sm" title="Detections read with similar-looking characters">
              Similar {counts.similar.toLocaleString('en-US')}
            </Badge>
            <Badge variant="light" color="orange" size="sm" title="One character missing, extra or swapped">
              Near {counts.near.toLocaleString('en-US')}
            </Badge>
          </Group>
        ) : null}
        {running ? <Loader size="xs" role="status" aria-label="Searching" /> : null}
      </Group>
      <Group gap="xs" wrap="nowrap">
        {answer?.truncated ? (
          <Badge color="yellow" variant="light" data-testid="search-truncated" style={{ textTransform: 'none' }}>
            {answer.rows.length >= RESULT_LIMIT
              ? `The first ${RESULT_LIMIT.toLocaleString('en-US')} (the most one search shows)`
              : `First ${answer.rows.length.toLocaleString('en-US')} shown`}{' '}
            — more match: narrow the time, place or plate
          </Badge>
        ) : null}
        {actions}
      </Group>
    </Group>
  );
}

export function ResultsState({
  outcome,
  hasPurpose,
  onOpenPurpose,
  running,
}: {
  outcome: Outcome;
  hasPurpose: boolean;
  onOpenPurpose: () => void;
  running: boolean;
}) {
  if (running && outcome.kind !== 'answer') {
    return <StateView icon={<Loader size="sm" />} title="Searching…" testId="search-loading" />;
  }
  switch (outcome.kind) {
    case 'idle':
      return hasPurpose ? (
        <StateView
          testId="search-idle"
          icon={<IconSearch size={28} />}
          title="Describe what you are looking for"
          description="A partial plate, a vehicle, a time window and a place, in any combination. Press Enter to search; ? lists the shortcuts."
        />
      ) : (
        <StateView
          testId="search-idle-no-purpose"
          icon={<IconBriefcase size={28} />}
          color="orange"
          title="Open a purpose to search"
          description="ALPR data stays hidden until you open a purpose: the case, incident, call or warrant number and why you are searching."
          action={<Button onClick={onOpenPurpose}>Open purpose</Button>}
        />
      );
    case 'refused':
      return (
        <StateView
          testId="search-refused"
          role="alert"
          icon={outcome.code === 'TRAINING_REQUIRED' ? <IconSchool size={28} /> : <IconBriefcase size={28} />}
          color={outcome.code === 'FORBIDDEN' ? 'red' : 'orange'}
          title={
            outcome.code === 'PURPOSE_REQUIRED'
              ? 'Purpose required'
              : outcome.code === 'TRAINING_REQUIRED'
                ? 'Training required'
                : 'Not permitted'
          }
          description={outcome.message}
          action={
            outcome.code === 'PURPOSE_REQUIRED' ? <Button onClick={onOpenPurpose}>Open purpose</Button> : undefined
          }
        />
      );
    case 'error':
      return <ErrorAlert title="The search did not run" message={outcome.message} testId="search-error" />;
    case 'answer':
      return (
        <StateView
          testId="search-empty"
          icon={<IconCar size={28} />}
          title="No detections match"
          description="Nothing in this workstation’s store matches every term. Widen the time window or the area, turn on similar characters and near misses, or sync with the agency server."
        />
      );
  }
}
