import { useMemo, useState } from 'react';
import { Alert, Badge, Group, Stack, Text } from '@mantine/core';
import type { Detection, PlateHabitsArgs } from '../../../../../preload/contract';
import { useNavRequest } from '../../../shared/workspaceNav';
import type { GridColumn } from '../../../ui/DataGrid';
import { formatDateTime } from '../../../ui/format';
import { IconCalendar, IconClock } from '../../../ui/icons';
import { AnalysisLayout, type AnalysisPanelProps, ResultMap, useAnalysisScreen } from './AnalysisLayout';
import { HourOfWeekTable, WEEKDAYS, type HourCell } from './HourOfWeekTable';
import { PlateTermsFields, usePlateTerms } from './PlateTerms';
import { Sightings } from './Sightings';

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
export function PlateHabitsPanel(props: AnalysisPanelProps) {
  const { session, purpose, cameras, analysis, detailDrawer } = useAnalysisScreen('search.plateHabits', props);
  const { collect } = props;
  const plateTerms = usePlateTerms();
  const { answer } = analysis;
  const [cell, setCell] = useState<HourCell | null>(null);
  const [camera, setCamera] = useState<number | null>(null);
  const [selectedRead, setSelectedRead] = useState<number | null>(null);
  const setDetailId = detailDrawer.open;

  const run = async (f = plateTerms.form) => {
    const terms = plateTerms.check(f);
    if (!terms) return;
    // Hours of the week are the agency's: the same local day and hour main counts training and retention in.
    const args: PlateHabitsArgs = { ...terms, timeZone: session.timeZone };
    setCell(null);
    setCamera(null);
    await analysis.run(args);
  };

  // "Where it is usually seen" from a read's detail: the plate arrives with the request (the window stays).
  useNavRequest('plateHabits', (r) => {
    if (!r.plate) return;
    const f = { ...plateTerms.form, plate: r.plate };
    plateTerms.setForm(f);
    void run(f);
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
        purpose={purpose}
        analysis={analysis}
        form={
          <PlateTermsFields
            terms={plateTerms}
            onSubmit={() => void run()}
            plateTestId="habits-plate"
            zoneNote={`Hours of the week are the agency’s (${session.timeZone}).`}
          />
        }
        run={{ label: 'Show where it was seen', onRun: () => void run(), testId: 'habits' }}
        map={
          <ResultMap
            detections={narrowed ? shown : []}
            cameras={cameras}
            selectedId={selectedRead}
            onSelect={setSelectedRead}
            onOpen={setDetailId}
            weights={weights}
            label={answer ? `Map of the cameras that saw ${answer.plate}, sized by how often (history)` : 'Map'}
            emptyText="Enter a plate to see where cameras have seen it."
          />
        }
        heading="Usual places and hours"
        header={
          answer ? (
            <>
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
            </>
          ) : undefined
        }
        results={{
          idle: {
            icon: <IconCalendar />,
            title: 'A plate in, its past places and hours out',
            description: 'Enter a plate: its sightings by camera and by hour of the week. History, not a prediction.',
          },
          empty: `No sighting of ${answer?.plate ?? ''} in this workstation’s store${plateTerms.form.from || plateTerms.form.to ? ' in that window' : ''}.`,
          above: answer ? (
            <HourOfWeekTable
              counts={answer.hourOfWeek}
              timeZone={answer.timeZone}
              selected={cell}
              onSelect={(c) => {
                setCell(c);
                setSelectedRead(null);
              }}
            />
          ) : undefined,
          grid: {
            rows: cameraRows,
            columns,
            label: `Cameras that saw ${answer?.plate ?? ''}`,
            bodyLabel: 'Cameras, most sightings first: arrow keys move, Enter chooses',
            className: 'cv-camera-grid',
            selectedId: camera,
            onSelect: (id) => {
              setCamera(id === camera ? null : id);
              setSelectedRead(null);
            },
            onOpen: setCamera,
            idPrefix: 'habit-camera-',
            rowAttributes: (r) => ({ 'data-camera-id': r.cameraId }),
            testId: 'habits-cameras',
          },
        }}
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
      {detailDrawer.drawer}
    </>
  );
}
