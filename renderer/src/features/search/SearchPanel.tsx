import { useState } from 'react';
import { Badge, Button, Group, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import type { Detection } from '../../../../preload/contract';
import { call, errorMessage, isCallError } from '../../bridge';
import { useSession } from '../../app/session';
import { PanelHeader } from '../../ui/PanelHeader';
import { ErrorAlert, LoadingView, StateView } from '../../ui/StateView';
import { IconBriefcase, IconCar, IconSchool, IconSearch } from '../../ui/icons';
import { formatDateTime, vehicleText } from '../../ui/format';
import { normalizePlateInput, plateQueryProblem } from './plateQuery';

type Outcome =
  | { kind: 'idle' }
  | { kind: 'loading'; query: string }
  | { kind: 'rows'; query: string; rows: Detection[]; truncated: boolean }
  | { kind: 'refused'; code: 'PURPOSE_REQUIRED' | 'TRAINING_REQUIRED' | 'FORBIDDEN'; message: string }
  | { kind: 'error'; message: string };

export function SearchPanel({ onOpenPurpose }: { onOpenPurpose: () => void }) {
  const { session } = useSession();
  const [plate, setPlate] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });

  const run = async () => {
    const query = normalizePlateInput(plate);
    const problem = plateQueryProblem(query);
    setInputError(problem);
    if (problem) return;
    setOutcome({ kind: 'loading', query });
    try {
      const { rows, truncated } = await call('detections.search', { plate: query });
      setOutcome({ kind: 'rows', query, rows, truncated });
    } catch (e) {
      if (
        isCallError(e) &&
        (e.code === 'PURPOSE_REQUIRED' || e.code === 'TRAINING_REQUIRED' || e.code === 'FORBIDDEN')
      ) {
        setOutcome({ kind: 'refused', code: e.code, message: e.message });
      } else {
        setOutcome({ kind: 'error', message: errorMessage(e) });
      }
    }
  };

  return (
    <Stack gap="md">
      <PanelHeader
        title="Plate search"
        description="Find reads of a plate in this workstation’s store. Every search is logged with your open purpose."
      />
      <Paper withBorder radius="md" p="md">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
          role="search"
          aria-label="Plate search"
        >
          <Group align="flex-end" gap="sm" wrap="nowrap">
            <TextInput
              label="Plate"
              placeholder="7ABC123"
              value={plate}
              onChange={(e) => {
                setPlate(e.currentTarget.value.toUpperCase());
                if (inputError) setInputError(null);
              }}
              autoFocus
              spellCheck={false}
              autoComplete="off"
              maxLength={16}
              w={320}
              size="md"
              aria-describedby="plate-hint"
              aria-invalid={inputError ? true : undefined}
              styles={{
                input: { fontFamily: 'var(--mantine-font-family-monospace)', fontWeight: 700, letterSpacing: '0.08em' },
              }}
              data-testid="plate-input"
            />
            <Button type="submit" size="md" leftSection={<IconSearch size={16} />} loading={outcome.kind === 'loading'}>
              Search
            </Button>
          </Group>
          {inputError ? (
            <Text size="sm" c="red" mt={6} role="alert" data-testid="plate-error">
              {inputError}
            </Text>
          ) : (
            <Text size="xs" c="dimmed" mt={6} id="plate-hint">
              An exact plate, or the start of one followed by * (7ABC123 or 7ABC*). Press Enter to search.
            </Text>
          )}
        </form>
      </Paper>
      <Results outcome={outcome} hasPurpose={session.purpose !== null} onOpenPurpose={onOpenPurpose} />
    </Stack>
  );
}

function Results({
  outcome,
  hasPurpose,
  onOpenPurpose,
}: {
  outcome: Outcome;
  hasPurpose: boolean;
  onOpenPurpose: () => void;
}) {
  switch (outcome.kind) {
    case 'idle':
      return hasPurpose ? (
        <StateView
          testId="search-idle"
          icon={<IconSearch size={28} />}
          title="Search by plate"
          description="Type a plate and press Enter. Results show the time, place and camera of each read."
        />
      ) : (
        <StateView
          testId="search-no-purpose"
          icon={<IconBriefcase size={28} />}
          color="orange"
          title="Open a purpose to search"
          description="ALPR data stays hidden until you open a purpose: the case, incident, call or warrant number and why you are searching."
          action={<Button onClick={onOpenPurpose}>Open purpose</Button>}
        />
      );
    case 'loading':
      return <LoadingView label={`Searching for ${outcome.query}…`} />;
    case 'refused':
      if (outcome.code === 'PURPOSE_REQUIRED') {
        return (
          <StateView
            testId="search-refused"
            role="alert"
            icon={<IconBriefcase size={28} />}
            color="orange"
            title="Purpose required"
            description={outcome.message}
            action={<Button onClick={onOpenPurpose}>Open purpose</Button>}
          />
        );
      }
      if (outcome.code === 'TRAINING_REQUIRED') {
        return (
          <StateView
            testId="search-refused"
            role="alert"
            icon={<IconSchool size={28} />}
            color="orange"
            title="Training required"
            description={outcome.message}
          />
        );
      }
      return (
        <StateView
          testId="search-refused"
          role="alert"
          icon={<IconBriefcase size={28} />}
          color="red"
          title="Not permitted"
          description={outcome.message}
        />
      );
    case 'error':
      return <ErrorAlert title="The search did not run" message={outcome.message} testId="search-error" />;
    case 'rows':
      if (outcome.rows.length === 0) {
        return (
          <StateView
            testId="search-empty"
            icon={<IconCar size={28} />}
            title="No detections match"
            description={
              <>
                No reads of <span className="plate">{outcome.query}</span> are in this workstation’s store. Check the
                plate, try a prefix with *, or sync with the agency server.
              </>
            }
          />
        );
      }
      return <DetectionTable rows={outcome.rows} truncated={outcome.truncated} />;
  }
}

function DetectionTable({ rows, truncated }: { rows: Detection[]; truncated: boolean }) {
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="sm" fw={600} data-testid="search-count">
          {rows.length} detection{rows.length === 1 ? '' : 's'}
        </Text>
        {truncated ? (
          <Badge color="yellow" variant="light">
            More reads match — narrow the plate or the time range
          </Badge>
        ) : null}
      </Group>
      <div className="table-scroll" style={{ maxHeight: 'calc(100vh - 360px)' }}>
        <Table striped highlightOnHover stickyHeader data-testid="search-results">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Plate</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Time</Table.Th>
              <Table.Th>Camera</Table.Th>
              <Table.Th>Vehicle</Table.Th>
              <Table.Th ta="right">Confidence</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td className="plate">{d.plate}</Table.Td>
                <Table.Td>{d.state ?? '—'}</Table.Td>
                <Table.Td className="mono">{formatDateTime(d.seenAt)}</Table.Td>
                <Table.Td>
                  {d.cameraName ?? d.cameraId}
                  {d.heading ? (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      · {d.heading}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>{vehicleText(d)}</Table.Td>
                <Table.Td ta="right" className="mono">
                  {Math.round(d.confidence * 100)}%
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </Stack>
  );
}
