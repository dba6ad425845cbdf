import { Suspense, useMemo, useState } from 'react';
import { Alert, Badge, Group, Stack, Text, TextInput } from '@mantine/core';
import type { Detection, PlateHabitsArgs } from '../../../../../preload/contract';
import { call } from '../../../bridge';
import type { CollectSlot, DetailSlot } from '../../../shared/detectionSlots';
import { useSession } from '../../../shared/session';
import { useNavRequest } from '../../../shared/workspaceNav';
import { DataGrid, type GridColumn } from '../../../ui/DataGrid';
import { formatDateTime } from '../../../ui/format';
import { IconCalendar, IconClock } from '../../../ui/icons';
import { useLoad } from '../../../ui/useLoad';
import { localToIso, localZoneName } from '../searchState';
import { AnalysisLayout, AnalysisMap, OutcomeState, PurposeNotice, RunFoot } from './AnalysisLayout';
import { HourOfWeekTable, WEEKDAYS, type HourCell } from './HourOfWeekTable';
import { Sightings } from './Sightings';
import { useAnalysis } from './useAnalysis';

const PLATE = /^[A-Z0-9]{1,8}$/;
type CameraRow = { id: number; cameraId: string; name: string; count: number; share: number };

/** The weekday (0 = Sunday) and hour of a read in the agency's zone, as the service counted it. */
function cellOf(timeZone: string): (d: Detection) => HourCell {
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' });
  return (d) => {
    const parts = fmt.formatToParts(new Date(d.seenAt));
    return {
      weekday: WEEKDAYS.indexOf(parts.find((p) => p.type === 'weekday')!.value),
      hour: Number(parts.find((p) => p.type === 'hour')!.value),
    };
  };
}

/**
 * Where and when a plate is usually seen (Vigilant's Locate): its sightings by camera and by hour of the week,
 * on a heat table and the map, to plan where to look. History, not a prediction: it says where cameras saw the
 * plate, nothing about where the vehicle is or will be.
 */
export function PlateHabitsPanel({
  onOpenPurpose,
  detail,
  collect,
}: {
  onOpenPurpose: () => void;
  detail: DetailSlot;
  collect: CollectSlot;
}) {
  const { session } = useSession();
  const hasPurpose = session.purpose !== null;
  const cameras = useLoad(() => call('cameras.list'));
  const [plate, setPlate] = useState('');
  const [state, setState] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const analysis = useAnalysis('search.plateHabits', hasPurpose);
  const { answer } = analysis;
  const [cell, setCell] = useState<HourCell | null>(null);
  const [camera, setCamera] = useState<number | null>(null);
  const [selectedRead, setSelectedRead] = useState<number | null>(null);
  const [detailId, setDetailId] = useState<number | null>(null);

  const run = async (p = plate) => {
    const clean = p.toUpperCase().replace(/[\s-]/g, '');
    if (!PLATE.test(clean)) return setProblem('Enter the whole plate: 1–8 letters and digits.');
    // Hours of the week are the agency's: the same local day and hour main counts training and retention in.
    const args: PlateHabitsArgs = { plate: clean, timeZone: session.timeZone };
    if (state.trim()) args.state = state.trim().toUpperCase();
    for (const [k, v] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (!v) continue;
      const iso = localToIso(v);
      if (!iso) return setProblem(`The “${k}” time is not a date and time.`);
      args[k] = iso;
    }
    setProblem(null);
    setCell(null);
    setCamera(null);
    await analysis.run(args);
  };

  useNavRequest('plateHabits', (r) => {
    if (!r.plate) return;
    setPlate(r.plate);
    void run(r.plate);
  });

  const cameraRows = useMemo<CameraRow[]>(() => {
    if (!answer) return [];
    const max = Math.max(1, ...answer.cameras.map((c) => c.count));
    return answer.cameras.map((c, i) => ({
      id: i + 1,
      cameraId: c.cameraId,
      name: c.cameraName ?? c.cameraId,
      count: c.count,
      share: c.count / max,
    }));
  }, [answer]);
  const weights = useMemo(
    () =>
      answer?.cameras.map((c) => ({
        lat: c.lat,
        lon: c.lon,
        count: c.count,
        label: `${c.cameraName ?? c.cameraId} · ${c.count}`,
      })) ?? [],
    [answer],
  );
  const chosenCamera = cameraRows.find((c) => c.id === camera) ?? null;
  const shown = useMemo(() => {
    if (!answer) return [];
    const of = cellOf(answer.timeZone);
    return answer.detections.filter((d) => {
      if (chosenCamera && d.cameraId !== chosenCamera.cameraId) return false;
      if (!cell) return true;
      const c = of(d);
      return c.weekday === cell.weekday && c.hour === cell.hour;
    });
  }, [answer, cell, chosenCamera]);
  const narrowed = cell !== null || chosenCamera !== null;
  const scope = [
    chosenCamera ? `at ${chosenCamera.name}` : null,
    cell ? `on ${WEEKDAYS[cell.weekday]}s ${String(cell.hour).padStart(2, '0')}:00–:59` : null,
  ]
    .filter(Boolean)
    .join(' ');

  const columns: GridColumn<CameraRow, string>[] = [
    { key: 'camera', label: 'Camera', render: (r) => r.name, title: (r) => `${r.name} (${r.cameraId})` },
    { key: 'count', label: 'Seen', render: (r) => r.count.toLocaleString('en-US') },
    {
      key: 'share',
      label: 'Share',
      render: (r) => <div className="cv-share-bar" style={{ width: `${Math.round(r.share * 100)}%` }} />,
    },
  ];

  return (
    <>
      <AnalysisLayout
        testId="plate-habits"
        title="Where a plate is usually seen"
        description="A plate's past sightings by camera and by hour of the week: where cameras have seen it, to plan where to look. History, not a prediction."
        form={
          <>
            <PurposeNotice hasPurpose={hasPurpose} onOpenPurpose={onOpenPurpose} />
            <TextInput
              label="Plate"
              value={plate}
              onChange={(e) => setPlate(e.currentTarget.value.toUpperCase())}
              onKeyDown={(e) => {
                if (e.key === 'Enter') void run();
              }}
              classNames={{ input: 'cv-plate-input' }}
              maxLength={12}
              error={problem}
              data-testid="habits-plate"
              autoComplete="off"
              spellCheck={false}
            />
            <TextInput
              label="State"
              placeholder="Any"
              value={state}
              onChange={(e) => setState(e.currentTarget.value.toUpperCase())}
              maxLength={2}
              w={90}
              size="xs"
            />
            <Text size="xs" c="dimmed">
              Window ({localZoneName()}); empty: every sighting this workstation holds. Hours of the week are the
              agency’s ({session.timeZone}).
            </Text>
            <Group gap="xs" grow>
              <TextInput
                size="xs"
                type="datetime-local"
                label="From"
                value={from}
                onChange={(e) => setFrom(e.currentTarget.value)}
              />
              <TextInput
                size="xs"
                type="datetime-local"
                label="To"
                value={to}
                onChange={(e) => setTo(e.currentTarget.value)}
              />
            </Group>
          </>
        }
        foot={
          <RunFoot
            label="Show where it was seen"
            running={analysis.running}
            onRun={() => void run()}
            onStop={analysis.stop}
            testId="habits"
          />
        }
        map={
          <Suspense fallback={null}>
            <AnalysisMap
              detections={narrowed ? shown : []}
              cameras={cameras.data ?? []}
              selectedId={selectedRead}
              onSelect={setSelectedRead}
              onOpen={setDetailId}
              weights={weights}
              tools={false}
              timeSlider={false}
              height="100%"
              label={answer ? `Map of the cameras that saw ${answer.plate}, sized by how often (history)` : 'Map'}
              emptyText="Enter a plate to see where cameras have seen it."
            />
          </Suspense>
        }
        header={
          answer ? (
            <Group gap="xs" wrap="nowrap">
              <Badge
                color="indigo"
                variant="filled"
                tt="none"
                leftSection={<IconClock size={12} />}
                data-testid="history-badge"
              >
                History, not a prediction
              </Badge>
              <Text size="sm" fw={650} data-testid="habits-count">
                <span className="plate">{answer.plate}</span> seen {answer.sightings.toLocaleString('en-US')} time
                {answer.sightings === 1 ? '' : 's'} at {answer.cameras.length} camera
                {answer.cameras.length === 1 ? '' : 's'}
              </Text>
              {answer.first ? (
                <Text size="xs" c="dimmed">
                  {formatDateTime(answer.first)} – {formatDateTime(answer.last)}
                </Text>
              ) : null}
            </Group>
          ) : (
            <Text size="sm" fw={650} c="dimmed">
              Usual places and hours
            </Text>
          )
        }
        list={
          answer && answer.sightings > 0 ? (
            <Stack gap="xs" style={{ minHeight: 0, flex: 1 }}>
              <HourOfWeekTable
                counts={answer.hourOfWeek}
                timeZone={answer.timeZone}
                selected={cell}
                onSelect={(c) => {
                  setCell(c);
                  setSelectedRead(null);
                }}
              />
              <DataGrid
                rows={cameraRows}
                columns={columns}
                label={`Cameras that saw ${answer.plate}`}
                bodyLabel="Cameras, most sightings first: arrow keys move, Enter chooses"
                className="cv-camera-grid"
                selectedId={camera}
                onSelect={(id) => {
                  setCamera(id === camera ? null : id);
                  setSelectedRead(null);
                }}
                onOpen={setCamera}
                resultKey={answer}
                mark="canvass:analysis-table"
                idPrefix="habit-camera-"
                rowAttributes={(r) => ({ 'data-camera-id': r.cameraId })}
                testId="habits-cameras"
              />
            </Stack>
          ) : answer ? (
            <Text size="sm" c="dimmed" p="md" role="status" data-testid="analysis-empty">
              No sighting of {answer.plate} in this workstation’s store{from || to ? ' in that window' : ''}.
            </Text>
          ) : (
            <OutcomeState
              outcome={analysis.outcome}
              running={analysis.running}
              hasPurpose={hasPurpose}
              onOpenPurpose={onOpenPurpose}
              idle={{
                icon: <IconCalendar />,
                title: 'A plate in, its past places and hours out',
                description:
                  'Enter a plate: its sightings by camera and by hour of the week. History, not a prediction.',
              }}
            />
          )
        }
        why={
          answer && answer.sightings > 0 ? (
            <Stack gap="xs" data-testid="habits-why">
              <Alert
                className="cv-history-banner"
                color="indigo"
                variant="light"
                p="xs"
                icon={<IconClock size={16} />}
                title="History, not a prediction"
                data-testid="history-notice"
              >
                <Text size="xs">
                  These are the {answer.sightings.toLocaleString('en-US')} past reads of {answer.plate} that cameras
                  happened to take. They say where it has been seen — not where the vehicle is now or will be, and
                  nothing about the many places no camera looks.
                </Text>
              </Alert>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text size="xs" fw={650}>
                  {narrowed
                    ? `${shown.length} sighting${shown.length === 1 ? '' : 's'} ${scope}`
                    : 'Choose an hour or a camera'}
                </Text>
                {narrowed
                  ? collect({
                      detectionIds: shown.map((d) => d.id),
                      note: `${answer.plate} seen ${shown.length} time${shown.length === 1 ? '' : 's'} ${scope} (history of its sightings, not a prediction) — usual places`,
                      source: 'plateHabits',
                      compact: true,
                    })
                  : null}
              </Group>
              {narrowed ? (
                <Sightings
                  rows={shown}
                  label={`Sightings of ${answer.plate} ${scope}`}
                  onOpen={setDetailId}
                  onSelect={setSelectedRead}
                  selectedId={selectedRead}
                  testId="habits-sightings"
                />
              ) : null}
            </Stack>
          ) : undefined
        }
      />
      {detail({ detectionId: detailId, onClose: () => setDetailId(null), onSelectDetection: setDetailId })}
    </>
  );
}
