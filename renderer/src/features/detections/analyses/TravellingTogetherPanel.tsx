import { useMemo, useState } from 'react';
import { Badge, Group, NumberInput, Stack, Text } from '@mantine/core';
import type { Companion, TravellingTogetherArgs } from '../../../../../preload/contract';
import { useNavRequest } from '../../../shared/workspaceNav';
import type { GridColumn } from '../../../ui/DataGrid';
import { formatDateTime, vehicleText } from '../../../ui/format';
import { IconRoute } from '../../../ui/icons';
import { AnalysisLayout, type AnalysisPanelProps, ResultMap, useAnalysisScreen, WhyHead } from './AnalysisLayout';
import { EMPTY_PLATE_FORM, PlateTermsFields, usePlateTerms } from './PlateTerms';
import { companionNote, companionWhy, pairOccasions } from './why';

type Row = Companion & { id: number };

/**
 * Vehicles travelling together (Vigilant's Associate, Flock's Convoy): from one plate, the vehicles that passed
 * the same cameras within seconds of it on several occasions; how many times and where, and the pair's sightings
 * on the map in time order.
 */
export function TravellingTogetherPanel(props: AnalysisPanelProps) {
  const { purpose, cameras, analysis, detailDrawer } = useAnalysisScreen('search.travellingTogether', props);
  const { collect } = props;
  const plateTerms = usePlateTerms();
  const [within, setWithin] = useState<number>(120);
  const [minOccasions, setMinOccasions] = useState<number>(2);
  const { answer } = analysis;
  const [asked, setAsked] = useState<{ plate: string; within: number }>({ plate: '', within: 120 });
  const [chosen, setChosen] = useState<number | null>(null);
  const [selectedRead, setSelectedRead] = useState<number | null>(null);
  const setDetailId = detailDrawer.open;

  const run = async (f = plateTerms.form) => {
    const terms = plateTerms.check(f);
    if (!terms) return;
    setAsked({ plate: terms.plate, within });
    const args: TravellingTogetherArgs = { ...terms, withinSeconds: within, minOccasions };
    const r = await analysis.run(args);
    setChosen(r && r.companions.length ? 1 : null);
    setSelectedRead(null);
  };

  // "Who travels with it" from a read's detail: the plate arrives with the request.
  useNavRequest('travellingTogether', (r) => {
    if (!r.plate) return;
    const f = { ...EMPTY_PLATE_FORM, plate: r.plate };
    plateTerms.setForm(f);
    void run(f);
  });

  const rows = useMemo<Row[]>(() => (answer ? answer.companions.map((c, i) => ({ ...c, id: i + 1 })) : []), [answer]);
  const companion = rows.find((r) => r.id === chosen) ?? null;
  const target = answer?.target ?? [];
  const occasions = useMemo(
    () => (companion ? pairOccasions(target, companion.detections, asked.within) : []),
    [companion, target, asked.within],
  );
  const tracks = useMemo(
    () =>
      companion
        ? [
            { id: asked.plate, tone: 'primary' as const, detections: occasions.map((o) => o.target) },
            { id: companion.plate, tone: 'secondary' as const, detections: companion.detections },
          ]
        : [{ id: asked.plate, tone: 'primary' as const, detections: target }],
    [companion, occasions, target, asked.plate],
  );
  const mapReads = useMemo(() => tracks.flatMap((t) => t.detections), [tracks]);

  const why = (c: Companion) => companionWhy(c, asked.plate, answer?.targetSightings ?? 0, asked.within);
  const columns: GridColumn<Row, string>[] = [
    { key: 'plate', label: 'Plate', render: (r) => <span className="plate">{r.plate}</span> },
    { key: 'vehicle', label: 'Vehicle', render: (r) => vehicleText(r), title: (r) => vehicleText(r) },
    {
      key: 'occasions',
      label: 'Together',
      render: (r) => `${r.occasions} of ${answer?.targetSightings ?? 0} · ${r.cameras.length} cam.`,
    },
    { key: 'why', label: 'Why listed', render: why, title: why },
  ];

  return (
    <>
      <AnalysisLayout
        testId="travelling-together"
        title="Travelling together"
        description="From one plate, the vehicles that passed the same cameras within seconds of it, again and again."
        purpose={purpose}
        analysis={analysis}
        form={
          <>
            <PlateTermsFields
              terms={plateTerms}
              onSubmit={() => void run()}
              plateTestId="together-plate"
              plateDescription="The whole plate of the vehicle you follow."
            />
            <Group gap="xs" grow>
              <NumberInput
                size="xs"
                label="Within (seconds)"
                value={within}
                min={5}
                max={1800}
                step={15}
                onChange={(v) => setWithin(Number(v) || 120)}
              />
              <NumberInput
                size="xs"
                label="At least (times)"
                value={minOccasions}
                min={1}
                max={100}
                onChange={(v) => setMinOccasions(Number(v) || 2)}
              />
            </Group>
          </>
        }
        run={{ label: 'Find who travels with it', onRun: () => void run(), testId: 'together' }}
        map={
          <ResultMap
            detections={mapReads}
            cameras={cameras}
            selectedId={selectedRead}
            onSelect={setSelectedRead}
            onOpen={setDetailId}
            tracks={tracks}
            label={companion ? `Map of ${asked.plate} and ${companion.plate}, numbered in time order` : 'Map'}
            emptyText="Enter a plate to see who travels with it."
          />
        }
        heading="Companions"
        header={
          answer ? (
            <>
              <Text size="sm" fw={650} data-testid="together-count">
                {answer.companions.length} vehicle{answer.companions.length === 1 ? '' : 's'} with{' '}
                <span className="plate">{asked.plate}</span>
              </Text>
              <Text size="xs" c="dimmed">
                {asked.plate} seen {answer.targetSightings} time{answer.targetSightings === 1 ? '' : 's'}
              </Text>
            </>
          ) : undefined
        }
        results={{
          idle: {
            icon: <IconRoute />,
            title: 'One plate in, its companions out',
            description: 'Enter a plate; the vehicles seen beside it at the same cameras, time after time, are listed.',
          },
          empty:
            answer?.targetSightings === 0
              ? `No sighting of ${asked.plate} in this workstation's store.`
              : `No vehicle passed with ${asked.plate} often enough. Widen the seconds or ask for fewer times.`,
          grid: {
            rows,
            columns,
            label: 'Vehicles travelling together',
            bodyLabel: 'Companions, most occasions first: arrow keys move',
            className: 'cv-analysis-grid',
            selectedId: chosen,
            onSelect: (id) => {
              setChosen(id);
              setSelectedRead(null);
            },
            idPrefix: 'companion-',
            rowAttributes: (r) => ({ 'data-plate': r.plate }),
            testId: 'together-list',
          },
        }}
        why={
          companion ? (
            <Stack gap="xs" data-testid="together-why">
              <WhyHead
                plate={companion.plate}
                after={`· ${vehicleText(companion)}`}
                action={collect({
                  detectionIds: [...new Set([...occasions.map((o) => o.target.id), ...companion.detectionIds])],
                  note: companionNote(companion, asked.plate, answer?.targetSightings ?? 0, asked.within),
                  source: 'travellingTogether',
                  label: 'Add the pair',
                  compact: true,
                })}
                why={why(companion)}
              />
              <Group gap={6}>
                <Badge size="xs" variant="filled" color="blue" tt="none">
                  {asked.plate}
                </Badge>
                <Badge size="xs" variant="filled" color="pink" tt="none">
                  {companion.plate}
                </Badge>
                <Text size="xs" c="dimmed">
                  numbered in the order seen
                </Text>
              </Group>
              <table className="cv-pairs" aria-label={`Where ${asked.plate} and ${companion.plate} passed together`}>
                <thead>
                  <tr>
                    <th>#</th>
                    <th>{asked.plate} seen</th>
                    <th>Camera</th>
                    <th>{companion.plate}</th>
                  </tr>
                </thead>
                <tbody data-testid="together-occasions">
                  {occasions.map((o, i) => (
                    <tr key={o.target.id} onClick={() => setSelectedRead(o.companion.id)}>
                      <td>{i + 1}</td>
                      <td className="mono">
                        <button type="button" className="detail-link" onClick={() => setDetailId(o.target.id)}>
                          {formatDateTime(o.target.seenAt)}
                        </button>
                      </td>
                      <td>{o.target.cameraName ?? o.target.cameraId}</td>
                      <td>
                        <button type="button" className="detail-link" onClick={() => setDetailId(o.companion.id)}>
                          {o.seconds >= 0 ? `${o.seconds} s after` : `${-o.seconds} s before`}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Stack>
          ) : answer && rows.length > 0 ? (
            <Text size="xs" c="dimmed">
              Choose a vehicle to see where they passed together.
            </Text>
          ) : undefined
        }
      />
      {detailDrawer.drawer}
    </>
  );
}
