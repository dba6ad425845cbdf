import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ActionIcon, Button, Loader, Text, Tooltip } from '@mantine/core';
import type { GeoArea } from '../../../../preload/contract';
import { call, on } from '../../bridge';
import type { DetailActionsSlot, PlateReadSlot, ResultScope, ResultsActionSlot } from '../../shared/detectionSlots';
import type { DrawMode } from '../../shared/map/DetectionMap';
import { useSession } from '../../shared/session';
import { useLoad } from '../../ui/useLoad';
import { useTimeDisplay } from '../../ui/timeDisplay';
import { IconChevronRight, IconSearch } from '../../ui/icons';
import { CanvassDialog, newIncidentDraft, type IncidentDraft } from './CanvassDialog';
import { ResultsHeader, ResultsState } from './ResultsHeader';
import { ResultsTable } from './ResultsTable';
import { SearchForm } from './SearchForm';
import { ShortcutsHelp } from './ShortcutsHelp';
import { SplitHandle } from './SplitHandle';
import { mainRows, useFormCollapsed, useMapShare } from './layout';
import { rowsInSpan, Timeline } from './Timeline';
import { areaCentre, isoToLocalInput } from './searchState';
import { useSearch } from './useSearch';
import { useSearchHotkeys } from './useSearchHotkeys';
import './search.css';

// MapLibre is most of the renderer's weight: load it after the first screen, not before the sign-in form.
const DetectionMap = lazy(() => import('../../shared/map/DetectionMap').then((m) => ({ default: m.DetectionMap })));
const DetectionDetail = lazy(() => import('./DetectionDetail').then((m) => ({ default: m.DetectionDetail })));

const EMPTY_ROWS: never[] = [];

/**
 * The investigator's workspace: the search form on the left; the map, the timeline and the results on the
 * right; the detection detail as a drawer. Selection is shared: a row selects its point and a point its row.
 * Other features plug in through the slots (the app composes them): the detail's plate-read section and actions
 * over the result set.
 */
export function SearchPanel({
  onOpenPurpose,
  active = true,
  plateRead,
  detailActions,
  resultsActions,
}: {
  onOpenPurpose: () => void;
  /** False while another view is shown: the screen stays mounted (its work kept) but hidden and deaf to keys. */
  active?: boolean;
  plateRead?: PlateReadSlot;
  detailActions?: DetailActionsSlot;
  resultsActions?: ResultsActionSlot;
}) {
  const { session } = useSession();
  // The table, the timeline and the map show times in the user's display; the time column widens for " UTC".
  const times = useTimeDisplay();
  const hasPurpose = session.purpose !== null;
  const search = useSearch(session.userId, hasPurpose);
  const { form, patch, outcome, running, selectedId, setSelectedId, brush, setBrush } = search;
  const [detailId, setDetailId] = useState<number | null>(null);
  const [drawMode, setDrawMode] = useState<DrawMode>('none');
  const [canvassOpen, setCanvassOpen] = useState(false);
  const [picking, setPicking] = useState(false);
  const [incident, setIncident] = useState<IncidentDraft>(newIncidentDraft);
  const [helpOpen, setHelpOpen] = useState(false);
  const [actionDialog, setActionDialog] = useState(false);
  const [formCollapsed, setFormCollapsed] = useFormCollapsed();
  const [mapShare, setMapShare] = useMapShare();
  const mainRef = useRef<HTMLDivElement>(null);
  const mapFrameRef = useRef<HTMLElement>(null);
  const resultsRef = useRef<HTMLElement>(null);
  const focusPlate = () => {
    // The plate field lives in the form column: unfold it first.
    setFormCollapsed(false);
    requestAnimationFrame(() => search.plateRef.current?.focus());
  };

  // The workspace's first screen has painted (workspace bench: sign-in → first screen).
  useEffect(() => {
    const frame = requestAnimationFrame(() => performance.mark('canvass:first-screen'));
    return () => cancelAnimationFrame(frame);
  }, []);

  const cameras = useLoad(() => call('cameras.list'));
  const vocabulary = useLoad(() => call('search.vocabulary'));
  // A sync brings cameras and vehicle values: the pickers follow it.
  const reloadCameras = cameras.reload;
  const reloadVocabulary = vocabulary.reload;
  useEffect(
    () =>
      on('sync.finished', () => {
        void reloadCameras();
        void reloadVocabulary();
      }),
    [reloadCameras, reloadVocabulary],
  );
  const describe = useCallback(
    (plate: string, similar: boolean) => call('search.describePattern', { plate, similar }),
    [],
  );

  useSearchHotkeys(active, {
    focusPlate,
    showShortcuts: () => setHelpOpen(true),
    dialogOpen: helpOpen || canvassOpen || actionDialog,
    closeDetailOrDrawing: () => {
      if (detailId !== null) setDetailId(null);
      else if (drawMode !== 'none') setDrawMode('none');
    },
    run: () => void search.run(),
    toggleForm: () => setFormCollapsed((c) => !c),
  });

  const onAreaChange = (area: GeoArea | null) => {
    patch({ area, placeMode: area ? 'area' : form.placeMode });
    if (area) setDrawMode('none');
    if (picking && area) {
      const c = areaCentre(area);
      setIncident((d) => ({ ...d, lat: Number(c.lat.toFixed(6)), lon: Number(c.lon.toFixed(6)) }));
      setPicking(false);
      setCanvassOpen(true);
    }
  };

  const toggleCamera = (id: string) => {
    const chosen = form.cameras.includes(id) ? form.cameras.filter((c) => c !== id) : [...form.cameras, id];
    patch({ cameras: chosen, placeMode: 'cameras' });
  };

  const answer = outcome.kind === 'answer' ? outcome.answer : null;
  const allRows = answer?.rows ?? EMPTY_ROWS;
  // The timeline's brush narrows the map and the table; the timeline itself keeps showing every read.
  const rows = useMemo(() => rowsInSpan(allRows, brush), [allRows, brush]);
  const selectedRow = useMemo(() => allRows.find((r) => r.id === selectedId) ?? null, [allRows, selectedId]);
  const rowsById = useMemo(() => new Map(allRows.map((r) => [r.id, r])), [allRows]);
  // Actions over the result set take what the table shows: the whole answer, or the brush's span of it.
  const scope = useMemo<ResultScope | null>(
    () =>
      answer
        ? {
            ids: rows.map((r) => r.id),
            label: brush ? 'the search results in the brushed time span' : 'the search results',
            rows: rowsById,
            openDetection: (id) => {
              if (rows.some((r) => r.id === id)) setSelectedId(id);
              setDetailId(id);
            },
            onDialog: setActionDialog,
          }
        : null,
    [answer, rows, brush, rowsById, setSelectedId],
  );

  return (
    <div className="cv-search" data-testid="search-panel" data-form-collapsed={formCollapsed} data-time-display={times}>
      {formCollapsed ? (
        <div className="cv-form-rail">
          <Tooltip label="Show the search form (Ctrl+B)" position="right">
            <ActionIcon
              variant="light"
              size="lg"
              aria-label="Show the search form"
              aria-expanded={false}
              aria-controls="cv-search-form"
              onClick={() => setFormCollapsed(false)}
              data-testid="form-toggle"
            >
              <IconChevronRight />
            </ActionIcon>
          </Tooltip>
          <button type="button" className="cv-form-rail-label" onClick={focusPlate}>
            <IconSearch size={14} /> Search form
          </button>
        </div>
      ) : null}
      <SearchForm
        hidden={formCollapsed}
        onCollapse={() => setFormCollapsed(true)}
        form={form}
        onChange={patch}
        onReset={() => {
          search.reset();
          setDrawMode('none');
        }}
        onSubmit={() => void search.run()}
        running={running}
        problem={search.problem}
        vocabulary={vocabulary.data}
        vocabularyError={vocabulary.error}
        cameras={cameras.data ?? []}
        describe={describe}
        onPatternFeedback={(f) => {
          search.pattern.current = f;
        }}
        plateRef={search.plateRef}
        hasPurpose={hasPurpose}
        onOpenPurpose={onOpenPurpose}
        drawMode={drawMode}
        onDrawModeChange={setDrawMode}
        onCanvass={() => {
          if (form.area && incident.lat === '') {
            const c = areaCentre(form.area);
            setIncident((d) => ({ ...d, lat: Number(c.lat.toFixed(6)), lon: Number(c.lon.toFixed(6)) }));
          }
          setCanvassOpen(true);
        }}
        onShowShortcuts={() => setHelpOpen(true)}
      />

      <div className="cv-search-main" ref={mainRef} style={{ gridTemplateRows: mainRows(mapShare) }}>
        <section className="cv-map-frame" aria-label="Map" ref={mapFrameRef}>
          <Suspense fallback={<MapLoading />}>
            <DetectionMap
              detections={rows}
              cameras={cameras.data ?? []}
              selectedId={selectedId}
              onSelect={setSelectedId}
              onOpen={setDetailId}
              area={form.placeMode === 'area' ? form.area : null}
              onAreaChange={onAreaChange}
              drawMode={drawMode}
              onDrawModeChange={setDrawMode}
              chosenCameras={form.placeMode === 'cameras' ? form.cameras : []}
              onToggleCamera={toggleCamera}
              height="100%"
              initialView={search.initialView}
              onViewChange={search.onViewChange}
            />
          </Suspense>
          {picking ? (
            <div className="cv-map-banner" role="status">
              <Text size="sm" fw={600}>
                Drag on the map to mark the incident’s place.
              </Text>
              <Button
                size="compact-xs"
                variant="default"
                onClick={() => {
                  setPicking(false);
                  setDrawMode('none');
                  setCanvassOpen(true);
                }}
              >
                Cancel
              </Button>
            </div>
          ) : null}
        </section>

        <SplitHandle
          gridRef={mainRef}
          mapRef={mapFrameRef}
          resultsRef={resultsRef}
          share={mapShare}
          onChange={setMapShare}
        />

        <ResultsHeader
          answer={answer}
          running={running}
          shown={brush ? rows.length : null}
          actions={resultsActions?.(scope)}
        />

        <section className="cv-results" aria-label="Results" aria-busy={running} ref={resultsRef}>
          {answer && answer.rows.length > 0 ? (
            <>
              <Timeline
                rows={answer.rows}
                window={answer.window}
                selected={selectedRow}
                onSelect={(id) => {
                  // A read outside the brushed span would be selected but not shown: widen back to all.
                  if (brush && !rows.some((r) => r.id === id)) setBrush(null);
                  setSelectedId(id);
                }}
                brush={brush}
                onBrush={setBrush}
              />
              <ResultsTable
                rows={rows}
                resultKey={answer.key}
                selectedId={selectedId}
                onSelect={setSelectedId}
                onOpen={setDetailId}
              />
            </>
          ) : (
            <ResultsState outcome={outcome} hasPurpose={hasPurpose} onOpenPurpose={onOpenPurpose} running={running} />
          )}
        </section>
      </div>

      <Suspense fallback={null}>
        <DetectionDetail
          detectionId={detailId}
          onClose={() => setDetailId(null)}
          onSelectDetection={(id) => {
            setSelectedId(id);
            setDetailId(id);
          }}
          plateRead={plateRead}
          detailActions={detailActions}
        />
      </Suspense>
      <CanvassDialog
        opened={canvassOpen}
        draft={incident}
        onDraftChange={setIncident}
        onClose={() => setCanvassOpen(false)}
        onPickOnMap={() => {
          setCanvassOpen(false);
          setPicking(true);
          patch({ placeMode: 'area' });
          setDrawMode('radius');
        }}
        onApply={(preset) => {
          setCanvassOpen(false);
          patch({
            from: isoToLocalInput(preset.from),
            to: isoToLocalInput(preset.to),
            area: preset.area,
            placeMode: 'area',
          });
        }}
      />
      <ShortcutsHelp opened={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}

function MapLoading() {
  return (
    <div className="cv-map-loading" role="status">
      <Loader size="sm" />
      <Text size="sm" c="dimmed">
        Loading the map…
      </Text>
    </div>
  );
}
