import 'maplibre-gl/dist/maplibre-gl.css';
import './map.css';
import { useEffect, useMemo, useRef, useState, type JSX } from 'react';
import {
  Map as MapLibreMap,
  NavigationControl,
  ScaleControl,
  type GeoJSONSource,
  type MapMouseEvent,
  type StyleSpecification,
} from 'maplibre-gl';
import {
  ActionIcon,
  Badge,
  Group,
  Loader,
  Paper,
  Text,
  Tooltip,
  useComputedColorScheme,
  VisuallyHidden,
} from '@mantine/core';
import type { CameraInfo, Detection, GeoArea } from '../../../../preload/contract';
import { errorMessage } from '../../bridge';
import { IconAlert, IconFocus, IconPolygon, IconRadius, IconTrash, IconX } from '../../ui/icons';
import { AreaEditor } from './areaEditor';
import { blankStyle, ensureMapSetup, loadBasemap, type LoadedBasemap } from './basemap';
import { darkPaint } from './darkStyle';
import { useTimeDisplay } from '../../ui/timeDisplay';
import { areaRing, areaSummary, cameraFeatures, detectionFeatures, relabelled, withinTime } from './features';
import { boundsOf, type Bounds } from './geometry';
import {
  addIcons,
  addSources,
  applyPalette,
  LAYERS,
  layerSpecs,
  PALETTES,
  setDetailZooms,
  setPaint,
  SOURCES,
} from './layers';
import { TimeSlider, type TimeRange } from './TimeSlider';

export type DrawMode = 'none' | 'radius' | 'polygon';
export type DetectionMapProps = {
  detections: readonly Detection[];
  cameras: readonly CameraInfo[];
  selectedId: number | null;
  onSelect: (id: number | null) => void;
  onOpen?: (id: number) => void;
  area: GeoArea | null;
  onAreaChange: (area: GeoArea | null) => void;
  drawMode: DrawMode;
  onDrawModeChange: (mode: DrawMode) => void;
  chosenCameras: readonly string[];
  onToggleCamera: (cameraId: string) => void;
  height?: number | string;
  /** Where to open instead of fitting the results (the search screen coming back after a lock). */
  initialView?: MapView;
  /** The view after each move: the search screen keeps it to reopen there. */
  onViewChange?: (view: MapView) => void;
};

export type MapView = { center: [number, number]; zoom: number };

type Phase = { kind: 'starting' } | { kind: 'ready' } | { kind: 'failed'; message: string };

/** Continental US until there is something to look at. */
const HOME = { center: [-98.5, 39.5] as [number, number], zoom: 3.2 };
const FIT = { padding: 56, maxZoom: 16, duration: 0 };
const CLICK_SLOP_PX = 5;
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

function cameraBounds(cameras: readonly CameraInfo[]): Bounds | null {
  return boundsOf(cameras.flatMap((c) => (c.lat === null || c.lon === null ? [] : [{ lat: c.lat, lon: c.lon }])));
}

function areaBounds(area: GeoArea): Bounds | null {
  return boundsOf(areaRing(area).map(([lon, lat]) => ({ lat, lon })));
}

/**
 * The results on a map: clustered reads, labels and direction arrows at street zoom, cameras as their own layer,
 * the search area drawn and edited in place, and a time slider over the results' span. Everything the basemap
 * needs is read through `map.read` (basemap.ts).
 */
export function DetectionMap(props: DetectionMapProps): JSX.Element {
  const { detections, cameras, selectedId, area, drawMode, chosenCameras, height = 420 } = props;
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const editorRef = useRef<AreaEditor | null>(null);
  const basemapRef = useRef<LoadedBasemap | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const scheme = useComputedColorScheme('light');
  const schemeRef = useRef(scheme);
  schemeRef.current = scheme;

  const [phase, setPhase] = useState<Phase>({ kind: 'starting' });
  const [ready, setReady] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [attribution, setAttribution] = useState<string | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const [draft, setDraft] = useState<GeoArea | null>(null);

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

  // The map itself: created once, after the worker and the basemap are ready; removed on unmount.
  useEffect(() => {
    let cancelled = false;
    let map: MapLibreMap | null = null;
    let observer: ResizeObserver | null = null;
    void (async () => {
      try {
        await ensureMapSetup();
      } catch (e) {
        if (!cancelled) setPhase({ kind: 'failed', message: errorMessage(e) });
        return;
      }
      let style: StyleSpecification;
      try {
        const loaded = await loadBasemap();
        basemapRef.current = loaded;
        style = loaded.style;
        setAttribution(loaded.info.label);
      } catch (e) {
        basemapRef.current = null;
        style = blankStyle(schemeRef.current === 'dark' ? '#1f2023' : '#f1f3f5');
        setNotice(`The basemap could not be loaded (${errorMessage(e)}). Reads are shown on a plain background.`);
      }
      if (cancelled || !container.current) return;
      // Reopen where the user left it; else open on the results, the agency's cameras (the city), the country.
      const kept = latest.current.initialView;
      const first = kept ? null : (boundsOf(latest.current.detections) ?? cameraBounds(latest.current.cameras));
      const m = new MapLibreMap({
        container: container.current,
        style,
        ...(kept ? kept : first ? { bounds: first, fitBoundsOptions: FIT } : HOME),
        attributionControl: false,
        dragRotate: false,
        pitchWithRotate: false,
        touchPitch: false,
        maxPitch: 0,
        fadeDuration: 0,
      });
      map = m;
      m.touchZoomRotate.disableRotation();
      m.keyboard.disableRotation();
      m.addControl(new NavigationControl({ showCompass: false }), 'top-right');
      m.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
      mapRef.current = m;
      m.on('error', (ev) => {
        // A tile or glyph that failed to read: the map goes on; say so once.
        const message = ev.error instanceof Error ? ev.error.message : 'a map resource could not be read';
        setNotice((n) => n ?? `Part of the basemap could not be read (${message}).`);
      });
      m.on('moveend', () => {
        const c = m.getCenter();
        latest.current.onViewChange?.({ center: [c.lng, c.lat], zoom: m.getZoom() });
      });
      m.on('load', () => {
        if (cancelled) return;
        const fontStack = basemapRef.current?.fontStack ?? null;
        addIcons(m);
        addSources(m);
        for (const layer of layerSpecs(PALETTES[schemeRef.current], fontStack)) m.addLayer(layer);
        editorRef.current = new AreaEditor(m, () => ({
          onAreaChange: (a) => latest.current.onAreaChange(a),
          onDrawModeChange: (m) => latest.current.onDrawModeChange(m),
          onHint: setHint,
          onDraft: setDraft,
        }));
        wireSelection(m);
        setPhase({ kind: 'ready' });
        setReady(true);
      });
      // Hidden (another view of the workspace is shown) the container measures 0: keep the map as it was rather
      // than shrink it to nothing, so it comes back with the same view; shown again, it fits its container.
      observer = new ResizeObserver(() => {
        const c = container.current;
        if (c && c.clientWidth > 0 && c.clientHeight > 0) map?.resize();
      });
      observer.observe(container.current);
    })();
    return () => {
      cancelled = true;
      observer?.disconnect();
      editorRef.current?.destroy();
      editorRef.current = null;
      map?.remove();
      mapRef.current = null;
      setReady(false);
    };
  }, []);

  /** Click selects a read (or zooms into a cluster, or toggles a camera); double-click opens a read. */
  function wireSelection(map: MapLibreMap) {
    const hit = (e: MapMouseEvent, layers: string[]) => {
      const { x, y } = e.point;
      const box: [[number, number], [number, number]] = [
        [x - CLICK_SLOP_PX, y - CLICK_SLOP_PX],
        [x + CLICK_SLOP_PX, y + CLICK_SLOP_PX],
      ];
      return map.queryRenderedFeatures(box, { layers: layers.filter((l) => map.getLayer(l)) });
    };
    map.on('click', (e) => {
      if (editorRef.current?.busy) return;
      const point = hit(e, [LAYERS.selected, LAYERS.points])[0];
      if (point) {
        const id = point.layer.id === LAYERS.selected ? latest.current.selectedId : Number(point.id);
        if (id !== null && Number.isFinite(id)) latest.current.onSelect(id);
        return;
      }
      const cluster = hit(e, [LAYERS.clusters])[0];
      if (cluster) {
        const source = map.getSource<GeoJSONSource>(SOURCES.detections);
        const clusterId = Number(cluster.properties.cluster_id);
        void source?.getClusterExpansionZoom(clusterId).then((zoom) => {
          const [lon, lat] = (cluster.geometry as GeoJSON.Point).coordinates as [number, number];
          map.easeTo({ center: [lon, lat], zoom: zoom + 0.5 });
        });
        return;
      }
      const camera = hit(e, [LAYERS.cameras])[0];
      if (camera) latest.current.onToggleCamera(String(camera.properties.id));
    });
    map.on('dblclick', (e) => {
      if (editorRef.current?.busy) return;
      const point = hit(e, [LAYERS.selected, LAYERS.points])[0];
      if (!point) return;
      e.preventDefault(); // open, don't zoom
      const id = point.layer.id === LAYERS.selected ? latest.current.selectedId : Number(point.id);
      if (id !== null && Number.isFinite(id)) latest.current.onOpen?.(id);
    });
    for (const layer of [LAYERS.points, LAYERS.clusters, LAYERS.cameras, LAYERS.selected]) {
      map.on('mouseenter', layer, () => {
        if (!editorRef.current?.busy) map.getCanvas().style.cursor = 'pointer';
      });
      map.on('mouseleave', layer, () => {
        if (!editorRef.current?.busy) map.getCanvas().style.cursor = '';
      });
    }
  }

  // A new result set: draw it, fit to it, and mark when it is on screen (the 10k-results figure reads the mark).
  // A kept view (initialView) stands for the results it was left on: they are not fitted again.
  const drawnFor = useRef<unknown>(props.initialView ? all : null);
  const clustered = useRef(true);
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    const source = map.getSource<GeoJSONSource>(SOURCES.detections);
    const cluster = all.features.length > CLUSTER_ABOVE;
    if (source && cluster !== clustered.current) {
      clustered.current = cluster;
      void source.setClusterOptions({ cluster });
      setDetailZooms(map, cluster);
    }
    source?.setData(shown);
    if (drawnFor.current === all) return;
    drawnFor.current = all;
    const bounds = boundsOf(latest.current.detections);
    if (bounds) map.fitBounds(bounds, FIT);
    map.once('idle', () => performance.mark('canvass:map-updated'));
  }, [ready, all, shown]);

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
      if (p.x < 24 || p.y < 24 || p.x > w - 24 || p.y > h - 24) map.easeTo({ center: [lon, lat], duration: 300 });
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
    if (b && !(view.contains([b[0], b[1]]) && view.contains([b[2], b[3]]))) map.fitBounds(b, { ...FIT, duration: 300 });
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
    const b = boundsOf(detections) ?? (area ? areaBounds(area) : null);
    if (b) mapRef.current?.fitBounds(b, { ...FIT, duration: 300 });
  };
  const toggleMode = (mode: DrawMode) => props.onDrawModeChange(drawMode === mode ? 'none' : mode);
  const readout = areaSummary(draft ?? area);
  const mappable = all.features.length;
  const selectedLabel =
    selectedId === null ? null : (labelled.features.find((f) => f.id === selectedId)?.properties.label ?? null);

  return (
    <div className="detection-map" style={{ height }} data-testid="detection-map" data-map-ready={ready || undefined}>
      <div className="detection-map-stage">
        <div
          ref={container}
          className="detection-map-canvas"
          role="region"
          aria-label={`Map of ${mappable.toLocaleString()} reads. Arrow keys pan, plus and minus zoom.`}
        />
        {ready && detections.length === 0 ? (
          <div className="map-empty" role="status">
            <Text size="xs" c="dimmed">
              No reads to show. Run a search; draw a radius or polygon here to search a place.
            </Text>
          </div>
        ) : null}
      </div>

      {/* The selected read's map label, for screen readers: the same text the map draws beside the point. */}
      <VisuallyHidden aria-live="polite" data-testid="map-selected-label">
        {selectedLabel ? `Selected on the map: ${selectedLabel.replace('\n', ' at ')}` : ''}
      </VisuallyHidden>

      <Paper className="map-toolbar" shadow="sm" p={4} radius="md" role="toolbar" aria-label="Search area">
        <Group gap={4} wrap="nowrap">
          <Tooltip label="Draw a radius: press at the centre and drag">
            <ActionIcon
              variant={drawMode === 'radius' ? 'filled' : 'subtle'}
              size="lg"
              aria-label="Draw a radius"
              aria-pressed={drawMode === 'radius'}
              onClick={() => toggleMode('radius')}
              disabled={!ready}
            >
              <IconRadius />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Draw a polygon: click corners, double-click or Enter to finish">
            <ActionIcon
              variant={drawMode === 'polygon' ? 'filled' : 'subtle'}
              size="lg"
              aria-label="Draw a polygon"
              aria-pressed={drawMode === 'polygon'}
              onClick={() => toggleMode('polygon')}
              disabled={!ready}
            >
              <IconPolygon />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Clear the search area">
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              aria-label="Clear the search area"
              onClick={() => {
                props.onDrawModeChange('none');
                props.onAreaChange(null);
              }}
              disabled={!area && drawMode === 'none'}
            >
              <IconTrash />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Fit the map to the results">
            <ActionIcon variant="subtle" size="lg" aria-label="Fit the map to the results" onClick={fitResults}>
              <IconFocus />
            </ActionIcon>
          </Tooltip>
          {readout ? (
            <Badge variant="light" size="lg" className="mono" data-testid="map-area-readout" ml={2}>
              {readout}
            </Badge>
          ) : null}
        </Group>
      </Paper>

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
        <TimeSlider
          span={span}
          value={range}
          onChange={setRange}
          shown={shown.features.length}
          total={all.features.length}
        />
        <div className="map-footer">
          <div className="map-legend" aria-hidden="true">
            <span className="map-legend-dot" /> Read
            <span className="map-legend-cluster">3</span> Group
            <span className="map-legend-dot selected" /> Selected
            <span className="map-legend-camera" /> Camera
            <span className="map-legend-camera chosen" /> Chosen camera
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
