import { useMemo, useState } from 'react';
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  NumberInput,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import type { CommonVehicle, CommonVehiclesResult, GeoArea } from '../../../../../preload/contract';
import type { DrawMode } from '../../../shared/map/DetectionMap';
import type { GridColumn } from '../../../ui/DataGrid';
import { vehicleText } from '../../../ui/format';
import { IconPlus, IconPolygon, IconRadius, IconStack, IconTrash } from '../../../ui/icons';
import { areaText, localZoneName } from '../searchState';
import { AnalysisLayout, type AnalysisPanelProps, ResultMap, useAnalysisScreen, WhyHead } from './AnalysisLayout';
import { MAX_SCENES, MIN_SCENES, newScene, sceneName, toCommonVehiclesArgs, type SceneDraft } from './scenes';
import { Sightings } from './Sightings';
import { commonVehicleNote, commonVehicleWhy, listWords } from './why';

type Row = CommonVehicle & { id: number };

/**
 * Vehicles common to several scenes (Vigilant's Stakeout, Flock's multi-geo): two to six scenes, each a place
 * and a time; the vehicles seen near at least k of them, ranked, each with which scenes and when, the
 * look-alike readings that made it count, and its sightings in order on the map with the scenes.
 */
export function CommonVehiclesPanel(props: AnalysisPanelProps) {
  const { purpose, cameras, analysis, detailDrawer } = useAnalysisScreen('search.commonVehicles', props);
  const { collect } = props;
  const [scenes, setScenes] = useState<SceneDraft[]>(() => [newScene(), newScene()]);
  const [minScenes, setMinScenes] = useState(2);
  const [similar, setSimilar] = useState(true);
  const [editing, setEditing] = useState<number | null>(null);
  const [drawMode, setDrawMode] = useState<DrawMode>('none');
  const [problem, setProblem] = useState<{ scene: number | null; message: string } | null>(null);
  const { answer } = analysis;
  const [chosen, setChosen] = useState<number | null>(null);
  const [selectedRead, setSelectedRead] = useState<number | null>(null);
  const setDetailId = detailDrawer.open;
  const [asked, setAsked] = useState<{ names: string[]; count: number }>({ names: [], count: 0 });

  const rows = useMemo<Row[]>(() => (answer ? answer.vehicles.map((v, i) => ({ ...v, id: i + 1 })) : []), [answer]);
  const vehicle = rows.find((r) => r.id === chosen) ?? null;
  const patch = (i: number, p: Partial<SceneDraft>) =>
    setScenes((s) => s.map((x, j) => (j === i ? { ...x, ...p } : x)));

  const run = async () => {
    const terms = toCommonVehiclesArgs(scenes, minScenes, similar);
    if (!terms.ok) {
      setProblem(terms.problem);
      return;
    }
    setProblem(null);
    setEditing(null);
    setDrawMode('none');
    setAsked({ names: scenes.map(sceneName), count: scenes.length });
    const r = await analysis.run(terms.args);
    setChosen(r && r.vehicles.length ? 1 : null);
    setSelectedRead(null);
  };

  const mapScenes = useMemo(
    () => scenes.flatMap((s, i) => (s.place && i !== editing ? [{ area: s.place, label: String(i + 1) }] : [])),
    [scenes, editing],
  );
  const tracks = useMemo(
    () => (vehicle ? [{ id: vehicle.plate, tone: 'primary' as const, detections: vehicle.detections }] : []),
    [vehicle],
  );

  const columns: GridColumn<Row, string>[] = [
    {
      key: 'plate',
      label: 'Plate',
      render: (r) => (
        <>
          <span className="plate">{r.plate}</span>
          {r.readings.length > 1 ? (
            <Text span size="xs" c="blue">
              {' '}
              +{r.readings.length - 1}
            </Text>
          ) : null}
        </>
      ),
      title: (r) =>
        r.readings.length > 1 ? `Also read as ${listWords(r.readings.filter((x) => x !== r.plate))}` : r.plate,
    },
    { key: 'vehicle', label: 'Vehicle', render: (r) => vehicleText(r), title: (r) => vehicleText(r) },
    {
      key: 'scenes',
      label: 'Scenes',
      render: (r) => `${r.scenes.map((i) => i + 1).join(' · ')} (${r.scenes.length}/${asked.count})`,
    },
    {
      key: 'why',
      label: 'Why listed',
      render: (r) => commonVehicleWhy(r, asked.count, asked.names),
      title: (r) => commonVehicleWhy(r, asked.count, asked.names),
    },
  ];

  return (
    <>
      <AnalysisLayout
        testId="common-vehicles"
        title="Common vehicles"
        description="Vehicles seen near several scenes of a series: give each scene a place and a time. Readings that look alike (8/B, 0/O…) count as one vehicle."
        purpose={purpose}
        analysis={analysis}
        form={
          <>
            {scenes.map((s, i) => (
              <SceneCard
                key={s.key}
                index={i}
                scene={s}
                editing={editing === i}
                drawMode={editing === i ? drawMode : 'none'}
                problem={problem?.scene === i ? problem.message : null}
                canRemove={scenes.length > MIN_SCENES}
                onChange={(p) => patch(i, p)}
                onDraw={(mode) => {
                  setEditing(mode === 'none' ? null : i);
                  setDrawMode(mode);
                }}
                onRemove={() => {
                  setScenes((x) => x.filter((_, j) => j !== i));
                  setEditing(null);
                  setDrawMode('none');
                }}
              />
            ))}
            <Button
              variant="default"
              size="xs"
              leftSection={<IconPlus size={14} />}
              disabled={scenes.length >= MAX_SCENES}
              onClick={() => setScenes((x) => [...x, newScene()])}
            >
              Add a scene ({scenes.length} of {MAX_SCENES})
            </Button>
            <Select
              label="Seen near at least"
              data={Array.from({ length: scenes.length - 1 }, (_, k) => ({
                value: String(k + 2),
                label: `${k + 2} of the ${scenes.length} scenes`,
              }))}
              value={String(Math.min(Math.max(2, minScenes), scenes.length))}
              onChange={(v) => setMinScenes(Number(v ?? 2))}
              allowDeselect={false}
              size="xs"
            />
            <Switch
              label="Readings that look alike are one vehicle"
              checked={similar}
              onChange={(e) => setSimilar(e.currentTarget.checked)}
              size="xs"
            />
            {problem && problem.scene === null ? (
              <Text size="xs" c="red" role="alert">
                {problem.message}
              </Text>
            ) : null}
          </>
        }
        run={{ label: 'Find common vehicles', onRun: () => void run(), testId: 'common-vehicles' }}
        map={
          <ResultMap
            detections={vehicle?.detections ?? []}
            cameras={cameras}
            selectedId={selectedRead}
            onSelect={setSelectedRead}
            onOpen={setDetailId}
            scenes={mapScenes}
            tracks={tracks}
            area={editing === null ? null : (scenes[editing]?.place ?? null)}
            onAreaChange={(area: GeoArea | null) => {
              if (editing !== null) patch(editing, { place: area });
              if (area) {
                setDrawMode('none');
                setEditing(null);
              }
            }}
            drawMode={drawMode}
            onDrawModeChange={(m) => {
              setDrawMode(m);
              if (m === 'none') setEditing(null);
            }}
            tools={editing !== null}
            label={vehicle ? `Map of the scenes and ${vehicle.plate}'s sightings in order` : 'Map of the scenes'}
            emptyText="Draw each scene's place here, or type a point in its card."
          />
        }
        heading="Vehicles"
        header={
          answer ? (
            <>
              <Text size="sm" fw={650} data-testid="common-count">
                {answer.vehicles.length} vehicle{answer.vehicles.length === 1 ? '' : 's'} seen near{' '}
                {minScenesOf(answer)} or more of {asked.count} scenes
              </Text>
              <Text size="xs" c="dimmed">
                Reads per scene: {answer.detectionsPerScene.map((n) => n.toLocaleString('en-US')).join(' · ')}
              </Text>
            </>
          ) : undefined
        }
        results={{
          idle: {
            icon: <IconStack />,
            title: 'Scenes in, vehicles out',
            description: 'Give two to six scenes a place and a time, then find the vehicles seen near them.',
          },
          empty: 'No vehicle was seen near enough scenes. Widen the places or the times, or ask for fewer scenes.',
          grid: {
            rows,
            columns,
            label: 'Common vehicles',
            bodyLabel: 'Vehicles, most scenes first: arrow keys move',
            className: 'cv-analysis-grid',
            selectedId: chosen,
            onSelect: (id) => {
              setChosen(id);
              setSelectedRead(null);
            },
            onOpen: setChosen,
            idPrefix: 'common-vehicle-',
            rowAttributes: (r) => ({ 'data-plate': r.plate }),
            testId: 'common-vehicles-list',
          },
        }}
        why={
          vehicle ? (
            <Stack gap="xs" data-testid="common-why">
              <WhyHead
                plate={vehicle.plate}
                after={`· ${vehicleText(vehicle)}`}
                action={collect({
                  detectionIds: vehicle.detections.map((d) => d.id),
                  note: commonVehicleNote(vehicle, asked.count, asked.names),
                  source: 'commonVehicles',
                  compact: true,
                })}
                why={commonVehicleWhy(vehicle, asked.count, asked.names)}
              />
              <Sightings
                rows={vehicle.detections}
                label={`Sightings of ${vehicle.plate} at the scenes, in time order`}
                extra={{
                  title: 'Scene',
                  cell: (d) =>
                    vehicle.detections
                      .find((x) => x.id === d.id)
                      ?.scenes.map((i) => i + 1)
                      .join(', '),
                }}
                onOpen={setDetailId}
                onSelect={setSelectedRead}
                selectedId={selectedRead}
                testId="common-sightings"
              />
            </Stack>
          ) : answer && rows.length > 0 ? (
            <Text size="xs" c="dimmed">
              Choose a vehicle to see why it is listed.
            </Text>
          ) : undefined
        }
      />
      {detailDrawer.drawer}
    </>
  );
}

function minScenesOf(answer: CommonVehiclesResult): string {
  const counts = answer.vehicles.map((v) => v.scenes.length);
  return counts.length ? String(Math.min(...counts)) : '';
}

/** One scene's terms: a name, a place (drawn on the map, or a point typed with a radius) and a time ± margin. */
function SceneCard({
  index,
  scene,
  editing,
  drawMode,
  problem,
  canRemove,
  onChange,
  onDraw,
  onRemove,
}: {
  index: number;
  scene: SceneDraft;
  editing: boolean;
  drawMode: DrawMode;
  problem: string | null;
  canRemove: boolean;
  onChange: (p: Partial<SceneDraft>) => void;
  onDraw: (mode: DrawMode) => void;
  onRemove: () => void;
}) {
  const [typing, setTyping] = useState(false);
  const point = scene.place?.kind === 'radius' ? scene.place : null;
  // What is typed, as typed (a field may be empty or half-written); the place follows once it is a point.
  const [typed, setTyped] = useState<Record<'lat' | 'lon' | 'radius', string | number>>({
    lat: point?.lat ?? '',
    lon: point?.lon ?? '',
    radius: point?.radiusM ?? 500,
  });
  const name = sceneName(scene, index);
  const type = (k: keyof typeof typed, v: string | number) => {
    const t = { ...typed, [k]: v };
    setTyped(t);
    const [a, o, m] = [Number(t.lat), Number(t.lon), Number(t.radius)];
    if (t.lat !== '' && t.lon !== '' && Math.abs(a) <= 90 && Math.abs(o) <= 180 && m > 0)
      onChange({ place: { kind: 'radius', lat: a, lon: o, radiusM: m } });
  };
  return (
    <Stack
      gap={6}
      className="cv-scene"
      data-editing={editing || undefined}
      role="group"
      aria-label={`Scene ${index + 1}`}
      data-testid={`scene-${index + 1}`}
    >
      <Group gap="xs" wrap="nowrap">
        <span className="cv-scene-number" aria-hidden="true">
          {index + 1}
        </span>
        <TextInput
          size="xs"
          placeholder={`Scene ${index + 1}: address or case`}
          aria-label={`Scene ${index + 1} name`}
          value={scene.label}
          onChange={(e) => onChange({ label: e.currentTarget.value })}
          maxLength={100}
          style={{ flex: 1 }}
        />
        {canRemove ? (
          <Tooltip label={`Remove ${name}`}>
            <ActionIcon variant="subtle" color="red" aria-label={`Remove ${name}`} onClick={onRemove}>
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        ) : null}
      </Group>
      <Group gap={4} wrap="nowrap" justify="space-between">
        <Text size="xs" c={scene.place ? undefined : 'dimmed'} data-testid={`scene-${index + 1}-place`} lineClamp={1}>
          {scene.place ? areaText(scene.place) : 'No place yet'}
        </Text>
        <Group gap={2} wrap="nowrap">
          {(['radius', 'polygon'] as const).map((mode) => (
            <Tooltip key={mode} label={`Draw a ${mode} on the map`}>
              <ActionIcon
                size="sm"
                variant={drawMode === mode ? 'filled' : 'subtle'}
                aria-label={`Draw ${name}'s ${mode} on the map`}
                aria-pressed={drawMode === mode}
                onClick={() => onDraw(drawMode === mode ? 'none' : mode)}
              >
                {mode === 'radius' ? <IconRadius size={15} /> : <IconPolygon size={15} />}
              </ActionIcon>
            </Tooltip>
          ))}
          <Button size="compact-xs" variant="subtle" onClick={() => setTyping((t) => !t)} aria-expanded={typing}>
            Type a point
          </Button>
        </Group>
      </Group>
      {typing ? (
        <Group gap={4} wrap="nowrap" grow>
          {(
            [
              ['lat', 'Latitude'],
              ['lon', 'Longitude'],
            ] as const
          ).map(([k, label]) => (
            <NumberInput
              key={k}
              size="xs"
              label={label}
              value={typed[k]}
              decimalScale={6}
              hideControls
              onChange={(v) => type(k, v)}
            />
          ))}
          <NumberInput
            size="xs"
            label="Radius (m)"
            value={typed.radius}
            min={10}
            max={10_000}
            step={50}
            hideControls
            onChange={(v) => type('radius', v)}
          />
        </Group>
      ) : null}
      <Group gap={4} wrap="nowrap" align="flex-end">
        <TextInput
          size="xs"
          type="datetime-local"
          label={`When (${localZoneName()})`}
          value={scene.at}
          onChange={(e) => onChange({ at: e.currentTarget.value })}
          style={{ flex: 1 }}
          data-testid={`scene-${index + 1}-at`}
        />
        <NumberInput
          size="xs"
          label="± min"
          value={scene.margin}
          min={1}
          max={24 * 60}
          w={70}
          onChange={(v) => onChange({ margin: Number(v) })}
        />
      </Group>
      {problem ? (
        <Text size="xs" c="red" role="alert">
          {problem}
        </Text>
      ) : null}
      {editing && drawMode !== 'none' ? (
        <Badge variant="light" size="xs" tt="none">
          Drawing on the map…
        </Badge>
      ) : null}
    </Stack>
  );
}
