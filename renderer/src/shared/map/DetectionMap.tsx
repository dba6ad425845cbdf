import 'maplibre-gl/dist/maplibre-gl.css';
import './map.css';
import { useEffect, useId, useMemo, useRef, useState, type JSX } from 'react';
import { useReducedMotion } from '@mantine/hooks';
import { type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl';
import { ActionIcon, Group, Loader, Paper, Text, useComputedColorScheme, VisuallyHidden } from '@mantine/core';
import type { CameraInfo, Detection, GeoArea } from '../../../../preload/contract';
import { IconAlert, IconX } from '../../ui/icons';
import { darkPaint } from './darkStyle';
import { useTimeDisplay } from '../../ui/timeDisplay';
import { areaRing, areaSummary, cameraFeatures, detectionFeatures, relabelled, withinTime } from './features';
import { boundsOf, cameraBounds, type Bounds } from './geometry';
import { applyPalette, PALETTES, setDetailZooms, setPaint, SOURCES } from './layers';
import { TimeSlider, type TimeRange } from './TimeSlider';
import { MapToolbar } from './MapToolbar';
import { FIT, useMapLibre } from './useMapLibre';
import {
  overlayPoints,
  sceneFeatures,
  trackFeatures,
  weightFeatures,
  type MapScene,
  type MapTrack,
  type MapWeight,
} from './overlays';

export type { MapScene, MapTrack, MapWeight };

export type DrawMode = 'none' | 'radius' | 'polygon';
export type DetectionMapProps = {
  detections: readonly Detection[];
  cameras: readonly CameraInfo[];
  selectedId: number | null;
  onSelect: (id: number | null) => void;
  onOpen?: (id: number) => void;
  /** The area being drawn or edited (a search's place, an analysis's scene); none by default. */
  area?: GeoArea | null;
  onAreaChange?: (area: GeoArea | null) => void;
  drawMode?: DrawMode;
  onDrawModeChange?: (mode: DrawMode) => void;
  chosenCameras?: readonly string[];
  onToggleCamera?: (cameraId: string) => void;
  /** An analysis's scenes, outlined and labelled (read-only; the one being edited is `area`). */
  scenes?: readonly MapScene[];
  /** Sightings joined in time order and numbered: a vehicle's route, or a pair's in two tones. */
  tracks?: readonly MapTrack[];
  /** Places sized by a count (where a plate is seen). */
  weights?: readonly MapWeight[];
  /** The area tools (draw a radius or a polygon, clear it); off for maps that only show. */
  tools?: boolean;
  /** The time slider over the reads' span; off where the order is the story (tracks). */
  timeSlider?: boolean;
  /** What the empty map says. */
  emptyText?: string;
  /** Names the map for screen readers: "Map of 12 reads" by default. */
  label?: string;
  /** What a screen reader is told stands in for the picture (by default: the results table). */
  textAlternative?: string;
  height?: number | string;
  /** Where to open instead of fitting the results (the search screen coming back after a lock). */
  initialView?: MapView;
  /** The view after each move: the search screen keeps it to reopen there. */
  onViewChange?: (view: MapView) => void;
  /** The performance mark set when a new content is on screen (figures and tests wait for it). */
  mark?: string;
};

export type MapView = { center: [number, number]; zoom: number };

const NONE: readonly never[] = [];
const noop = () => undefined;

/** A few hundred reads stay as individual points at every zoom; more are grouped at low zoom. */
const CLUSTER_ABOVE = 150;

function spanOf(times: Float64Array): TimeRange {
  let min = Infinity;
  let max = -Infinity;
  for (const t of times) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  return min === Infinity ? [0, 0] : [min, max];
}

/** The props with every optional part filled in (what the map's hooks read). */
export type FilledMapProps = ReturnType<typeof withDefaults>;

function withDefaults(p: DetectionMapProps) {
  return {
    ...p,
    area: p.area ?? null,
    onAreaChange: p.onAreaChange ?? noop,
    drawMode: p.drawMode ?? 'none',
    onDrawModeChange: p.onDrawModeChange ?? noop,
    chosenCameras: p.chosenCameras ?? NONE,
    onToggleCamera: p.onToggleCamera ?? noop,
    scenes: p.scenes ?? NONE,
    tracks: p.tracks ?? NONE,
    weights: p.weights ?? NONE,
    tools: p.tools ?? true,
    timeSlider: p.timeSlider ?? true,
  };
}

type Overlays = { scenes: readonly MapScene[]; tracks: readonly MapTrack[]; weights: readonly MapWeight[] };

/** The analyses' overlays into their sources (empty collections when a map has none). */
function setOverlays(map: MapLibreMap, o: Overlays): void {
  const set = (id: string, data: GeoJSON.FeatureCollection) => map.getSource<GeoJSONSource>(id)?.setData(data);
  const scene = sceneFeatures(o.scenes);
  set(SOURCES.scenes, scene.areas);
  set(SOURCES.sceneLabels, scene.labels);
  const track = trackFeatures(o.tracks);
  set(SOURCES.trackLines, track.lines);
  set(SOURCES.trackPoints, track.points);
  set(SOURCES.weights, weightFeatures(o.weights));
}

function areaBounds(area: GeoArea): Bounds | null {
  return boundsOf(areaRing(area).map(([lon, lat]) => ({ lat, lon })));
}

/**
 * The results on a map: clustered reads, labels and direction arrows at street zoom, cameras as their own layer,
 * the search area drawn and edited in place, and a time slider over the results' span. Everything the basemap
 * needs is read through `map.read` (basemap.ts).
 */
export function DetectionMap(given: DetectionMapProps): JSX.Element {
  const props = withDefaults(given);
  const { detections, cameras, selectedId, area, drawMode, chosenCameras, height = 420 } = props;
  const { scenes, tracks, weights } = props;
  const latest = useRef(props);
  latest.current = props;
  const scheme = useComputedColorScheme('light');
  // Camera moves are instant for people who ask the OS for less motion (WCAG 2.3.3, and comfort).
  const motion = useReducedMotion() ? 0 : 300;
  // Draws the current results; called by the map as soon as it has loaded (not a render later), then on changes.
  const draw = useRef<(map: MapLibreMap) => void>(noop);
  const { container, mapRef, editorRef, basemapRef, phase, ready, notice, setNotice, attribution, hint, draft } =
    useMapLibre(latest, scheme, draw);

  // Labels carry the time in the user's display; a switch relabels the same features (the view and slider stay).
  const times = useTimeDisplay();
  const latestTimes = useRef(times);
  latestTimes.current = times;
  const built = useMemo(() => {
    const mode = latestTimes.current;
    return { ...detectionFeatures(detections, mode), mode };
  }, [detections]);
  const all = built.collection;
  const labelled = useMemo(() => (built.mode === times ? all : relabelled(all, times)), [built, all, times]);
  const span = useMemo(() => spanOf(built.times), [built]);
  const [range, setRange] = useState<TimeRange>(span);
  const [rangeFor, setRangeFor] = useState(all);
  if (rangeFor !== all) {
    // A new result set shows whole: the slider starts over at its full span.
    setRangeFor(all);
    setRange(span);
  }
  const shown = useMemo(
    () => (range[0] <= span[0] && range[1] >= span[1] ? labelled : withinTime(labelled, range[0], range[1])),
    [labelled, range, span],
  );

  // What the map shows as a whole: a new one is fitted and marked when drawn.
  const content = useMemo(() => ({ all, scenes, tracks, weights }), [all, scenes, tracks, weights]);

  // A new result set: draw it, fit to it, and mark when it is on screen (the 10k-results figure reads the mark).
  // A kept view (initialView) stands for the results it was left on: they are not fitted again.
  const drawnFor = useRef<unknown>(props.initialView ? content : null);
  const clustered = useRef(true);
  const placed = useRef<unknown>(null);
  draw.current = (map) => {
    const source = map.getSource<GeoJSONSource>(SOURCES.detections);
    const cluster = all.features.length > CLUSTER_ABOVE;
    if (source && cluster !== clustered.current) {
      clustered.current = cluster;
      void source.setClusterOptions({ cluster });
      setDetailZooms(map, cluster);
    }
    if (placed.current !== shown) {
      placed.current = shown;
      source?.setData(shown);
    }
    if (drawnFor.current === content) return;
    drawnFor.current = content;
    setOverlays(map, content);
    const bounds = boundsOf([...latest.current.detections, ...overlayPoints(scenes, tracks, weights)]);
    if (bounds) map.fitBounds(bounds, FIT);
    const mark = latest.current.mark ?? 'canvass:map-updated';
    map.once('idle', () => performance.mark(mark));
  };
  useEffect(() => {
    const map = mapRef.current;
    if (ready && map) draw.current(map);
  }, [ready, all, shown, content]);

  // The selected read, drawn above everything; brought into view when chosen elsewhere (the table).
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    const feature = selectedId === null ? undefined : labelled.features.find((f) => f.id === selectedId);
    map.getSource<GeoJSONSource>(SOURCES.selected)?.setData({
      type: 'FeatureCollection',
      features: feature ? [feature] : [],
    });
    if (feature) {
      const [lon, lat] = feature.geometry.coordinates as [number, number];
      const p = map.project([lon, lat]);
      const { clientWidth: w, clientHeight: h } = map.getContainer();
      if (p.x < 24 || p.y < 24 || p.x > w - 24 || p.y > h - 24) map.easeTo({ center: [lon, lat], duration: motion });
    }
  }, [ready, selectedId, labelled]);

  const framedCameras = useRef(false);
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    map.getSource<GeoJSONSource>(SOURCES.cameras)?.setData(cameraFeatures(cameras, chosenCameras));
    // Cameras that arrive after the map opened frame the view once, while there is nothing else to look at.
    const b = cameraBounds(cameras);
    if (b && !framedCameras.current && latest.current.detections.length === 0 && !latest.current.area) {
      framedCameras.current = true;
      map.fitBounds(b, FIT);
    }
  }, [ready, cameras, chosenCameras]);

  // The area: drawn by the editor; one set from outside (a canvass preset) is brought into view.
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    editorRef.current?.setArea(area);
    if (!area) return;
    const b = areaBounds(area);
    const view = map.getBounds();
    if (b && !(view.contains([b[0], b[1]]) && view.contains([b[2], b[3]])))
      map.fitBounds(b, { ...FIT, duration: motion });
  }, [ready, area]);

  useEffect(() => {
    if (ready) editorRef.current?.setMode(drawMode);
  }, [ready, drawMode]);

  // Theme: our layers' palette and, for the shipped neutral basemap, its colours mirrored for the dark scheme.
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    const loaded = basemapRef.current;
    applyPalette(map, PALETTES[scheme], loaded?.fontStack ?? null);
    if (loaded?.info.setting.kind === 'offline') {
      for (const c of darkPaint(loaded.style.layers as never)) {
        if (map.getLayer(c.layer)) setPaint(map, c.layer, c.prop, scheme === 'dark' ? c.dark : c.light);
      }
    } else if (!loaded && map.getLayer('background')) {
      map.setPaintProperty('background', 'background-color', scheme === 'dark' ? '#1f2023' : '#f1f3f5');
    }
  }, [ready, scheme]);

  const fitResults = () => {
    const b = boundsOf([...detections, ...overlayPoints(scenes, tracks, weights)]) ?? (area ? areaBounds(area) : null);
    if (b) mapRef.current?.fitBounds(b, { ...FIT, duration: motion });
  };
  const mappable = all.features.length;
  const textAlternativeId = useId();
  const selectedLabel =
    selectedId === null ? null : (labelled.features.find((f) => f.id === selectedId)?.properties.label ?? null);

  return (
    <div className="detection-map" style={{ height }} data-testid="detection-map" data-map-ready={ready || undefined}>
      <div className="detection-map-stage">
        <div
          ref={container}
          className="detection-map-canvas"
          role="region"
          aria-label={`${props.label ?? `Map of ${mappable.toLocaleString()} reads`}. Arrow keys pan, plus and minus zoom.`}
          aria-describedby={textAlternativeId}
        />
        {/* WCAG 1.1.1: the picture's text alternative is the list of the same reads beside it. */}
        <VisuallyHidden id={textAlternativeId}>
          {props.textAlternative ??
            'Every read on this map is also listed in the results table, which is its text alternative.'}
        </VisuallyHidden>
        {ready && detections.length === 0 && weights.length === 0 && scenes.length === 0 ? (
          <div className="map-empty" role="status">
            <Text size="xs" c="dimmed">
              {props.emptyText ?? 'No reads to show. Run a search; draw a radius or polygon here to search a place.'}
            </Text>
          </div>
        ) : null}
      </div>

      {/* The selected read's map label, for screen readers: the same text the map draws beside the point. */}
      <VisuallyHidden aria-live="polite" data-testid="map-selected-label">
        {selectedLabel ? `Selected on the map: ${selectedLabel.replace('\n', ' at ')}` : ''}
      </VisuallyHidden>

      {props.tools ? (
        <MapToolbar
          ready={ready}
          drawMode={drawMode}
          onDrawModeChange={props.onDrawModeChange}
          canClear={!!area || drawMode !== 'none'}
          onClear={() => {
            props.onDrawModeChange('none');
            props.onAreaChange(null);
          }}
          onFit={fitResults}
          readout={areaSummary(draft ?? area)}
        />
      ) : null}

      {hint ? (
        <Paper className="map-hint" shadow="sm" px="sm" py={6} radius="md" role="status" data-testid="map-draw-hint">
          <Group gap="xs" wrap="nowrap">
            <Text size="xs">{hint}</Text>
            <ActionIcon
              size="sm"
              variant="subtle"
              color="gray"
              aria-label="Stop drawing"
              onClick={() => props.onDrawModeChange('none')}
            >
              <IconX size={14} />
            </ActionIcon>
          </Group>
        </Paper>
      ) : null}

      {notice ? (
        <Paper className="map-notice" shadow="sm" px="sm" py={6} radius="md" role="status" data-testid="map-notice">
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <IconAlert size={16} color="var(--mantine-color-orange-6)" />
            <Text size="xs">{notice}</Text>
            <ActionIcon size="sm" variant="subtle" color="gray" aria-label="Dismiss" onClick={() => setNotice(null)}>
              <IconX size={14} />
            </ActionIcon>
          </Group>
        </Paper>
      ) : null}

      {phase.kind === 'starting' ? (
        <div className="map-overlay" role="status" aria-live="polite">
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm" c="dimmed">
              Loading the map…
            </Text>
          </Group>
        </div>
      ) : null}
      {phase.kind === 'failed' ? (
        <div className="map-overlay" role="alert" data-testid="map-failed">
          <Text size="sm" fw={600}>
            The map could not start
          </Text>
          <Text size="xs" c="dimmed" maw={360} ta="center">
            {phase.message} The results table still lists every read.
          </Text>
        </div>
      ) : null}

      <div className="map-bottom">
        {props.timeSlider ? (
          <TimeSlider
            span={span}
            value={range}
            onChange={setRange}
            shown={shown.features.length}
            total={all.features.length}
          />
        ) : null}
        <div className="map-footer">
          <div className="map-legend" aria-hidden="true">
            <span className="map-legend-dot" /> Read
            <span className="map-legend-cluster">3</span> Group
            <span className="map-legend-dot selected" /> Selected
            <span className="map-legend-camera" /> Camera
            {props.tools ? (
              <>
                <span className="map-legend-camera chosen" /> Chosen camera
              </>
            ) : null}
            {tracks.length ? (
              <>
                <span className="map-legend-order">1</span> Order seen
              </>
            ) : null}
            {tracks.length > 1 ? (
              <>
                <span className="map-legend-order alt">1</span> Second vehicle
              </>
            ) : null}
            {scenes.length ? (
              <>
                <span className="map-legend-scene" /> Scene
              </>
            ) : null}
            {weights.length ? (
              <>
                <span className="map-legend-weight" /> Times seen
              </>
            ) : null}
          </div>
          {attribution ? (
            <div className="map-attribution" title={attribution}>
              {attribution}
            </div>
          ) : null}
        </div>
      </div>
    </div>
  );
}
