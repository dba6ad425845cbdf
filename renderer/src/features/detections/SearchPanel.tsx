import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ActionIcon, Badge, Button, Group, Loader, Text, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import type { GeoArea, PatternFeedback, SearchResult } from '../../../../preload/contract';
import { call, errorMessage, isCallError, on } from '../../bridge';
import { hasRole, useSession } from '../../shared/session';
import { useLoad } from '../../ui/useLoad';
import { useTimeDisplay } from '../../ui/timeDisplay';
import { ErrorAlert, StateView } from '../../ui/StateView';
import { IconBriefcase, IconCar, IconChevronRight, IconSchool, IconSearch } from '../../ui/icons';
import type { DrawMode, MapView } from '../../shared/map/DetectionMap';
import { keepSearch, takeSearch } from '../../shared/workspaceMemory';
import { recoverBatch, useRereadBatch } from '../ocr/batchStore';
import { RereadBatchDialog } from '../ocr/RereadBatchDialog';
import { RereadControls } from '../ocr/RereadControls';
import { CanvassDialog, newIncidentDraft, type IncidentDraft } from './CanvassDialog';
import { ResultsTable } from './ResultsTable';
import { SearchForm } from './SearchForm';
import { ShortcutsHelp } from './ShortcutsHelp';
import { SplitHandle } from './SplitHandle';
import { mainRows, useFormCollapsed, useMapShare } from './layout';
import { rowsInSpan, Timeline, type TimeSpan } from './Timeline';
import { tierCounts } from './resultsSort';
import {
  areaCentre,
  EMPTY_FORM,
  isoToLocalInput,
  RESULT_LIMIT,
  toQuery,
  type FormProblem,
  type SearchForm as Form,
} from './searchState';
import './search.css';

// MapLibre is most of the renderer's weight: load it after the first screen, not before the sign-in form.
const DetectionMap = lazy(() => import('../../shared/map/DetectionMap').then((m) => ({ default: m.DetectionMap })));
const DetectionDetail = lazy(() => import('./DetectionDetail').then((m) => ({ default: m.DetectionDetail })));

type Answer = SearchResult & { key: number; window: { from: string | null; to: string | null } };
type Outcome =
  | { kind: 'idle' }
  | { kind: 'answer'; answer: Answer }
  | { kind: 'refused'; code: 'PURPOSE_REQUIRED' | 'TRAINING_REQUIRED' | 'FORBIDDEN'; message: string }
  | { kind: 'error'; message: string };

/** The work a lock must not lose (the shell unmounts under the lock screen; see workspace/workspaceMemory.ts). */
type KeptWork = {
  form: Form;
  outcome: Outcome;
  selectedId: number | null;
  brush: TimeSpan | null;
  mapView: MapView | null;
};

const REFUSALS = new Set(['PURPOSE_REQUIRED', 'TRAINING_REQUIRED', 'FORBIDDEN']);
const EMPTY_ROWS: never[] = [];

/**
 * The investigator's workspace: the search form on the left; the map, the timeline and the results on the
 * right; the detection detail as a drawer. Selection is shared: a row selects its point and a point its row.
 */
export function SearchPanel({
  onOpenPurpose,
  active = true,
}: {
  onOpenPurpose: () => void;
  /** False while another view is shown: the screen stays mounted (its work kept) but hidden and deaf to keys. */
  active?: boolean;
}) {
  const { session } = useSession();
  // The table, the timeline and the map show times in the user's display; the time column widens for " UTC".
  const times = useTimeDisplay();
  const hasPurpose = session.purpose !== null;
  // Work this user left when the session locked, if any.
  const [restored] = useState(() => takeSearch<KeptWork>(session.userId));
  const [form, setForm] = useState<Form>(restored?.form ?? EMPTY_FORM);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(restored?.outcome ?? { kind: 'idle' });
  const [running, setRunning] = useState(false);
  const [selectedId, setSelectedId] = useState<number | null>(restored?.selectedId ?? null);
  const [detailId, setDetailId] = useState<number | null>(null);
  const [drawMode, setDrawMode] = useState<DrawMode>('none');
  const [canvassOpen, setCanvassOpen] = useState(false);
  const [picking, setPicking] = useState(false);
  const [incident, setIncident] = useState<IncidentDraft>(newIncidentDraft);
  const [helpOpen, setHelpOpen] = useState(false);
  const [brush, setBrush] = useState<TimeSpan | null>(restored?.brush ?? null);
  const mapView = useRef<MapView | null>(restored?.mapView ?? null);
  const onViewChange = useCallback((v: MapView) => {
    mapView.current = v;
  }, []);
  // Hand the work over when unmounting (a lock; on sign-out the app forgets it right after).
  const work = useRef<Omit<KeptWork, 'mapView'>>({ form, outcome, selectedId, brush });
  work.current = { form, outcome, selectedId, brush };
  const userId = session.userId;
  useEffect(() => () => keepSearch<KeptWork>(userId, { ...work.current, mapView: mapView.current }), [userId]);
  const activeRef = useRef(active);
  activeRef.current = active;
  /** Global shortcuts act only while the search screen is the one shown. */
  const whenActive =
    <A extends unknown[]>(fn: (...a: A) => void) =>
    (...a: A) => {
      if (activeRef.current) fn(...a);
    };
  const [rereadDialog, setRereadDialog] = useState<'confirm' | 'batch' | null>(null);
  const rereadBatch = useRereadBatch(session.username);
  const canReread = hasRole(session, 'investigator', 'evidence_technician', 'records_custodian');
  // A reloaded window takes up the batch main is still running for this person.
  useEffect(() => {
    if (canReread && hasPurpose) void recoverBatch(session.username);
  }, [canReread, hasPurpose, session.username]);
  const pattern = useRef<PatternFeedback | null>(null);
  const plateRef = useRef<HTMLInputElement>(null);
  const answerKey = useRef(restored?.outcome.kind === 'answer' ? restored.outcome.answer.key : 0);
  const [formCollapsed, setFormCollapsed] = useFormCollapsed();
  const [mapShare, setMapShare] = useMapShare();
  const mainRef = useRef<HTMLDivElement>(null);
  const mapFrameRef = useRef<HTMLElement>(null);
  const resultsRef = useRef<HTMLElement>(null);
  const focusPlate = () => {
    // The plate field lives in the form column: unfold it first.
    setFormCollapsed(false);
    requestAnimationFrame(() => plateRef.current?.focus());
  };

  // Opening a purpose answers a purpose refusal: the screen goes back to ready rather than keep the old message.
  useEffect(() => {
    if (hasPurpose) setOutcome((o) => (o.kind === 'refused' && o.code === 'PURPOSE_REQUIRED' ? { kind: 'idle' } : o));
  }, [hasPurpose]);

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

  const patch = useCallback((p: Partial<Form>) => {
    setForm((f) => ({ ...f, ...p }));
    setProblem(null);
  }, []);

  const run = async () => {
    const feedback = pattern.current;
    // The feedback is debounced: only a refusal of the text now in the field blocks the search (main checks anyway).
    if (form.plate.trim() && feedback && !feedback.ok && feedback.normalized === form.plate.toUpperCase()) {
      setProblem({
        field: 'plate',
        message: `Fix the plate pattern first: ${feedback.reason} (column ${feedback.column + 1}).`,
      });
      plateRef.current?.focus();
      return;
    }
    const built = toQuery(form);
    if (!built.ok) {
      setProblem(built.problem);
      if (built.problem.field === 'plate') plateRef.current?.focus();
      return;
    }
    setProblem(null);
    setRunning(true);
    try {
      const result = await call('detections.search', built.query);
      performance.mark('canvass:results-received');
      answerKey.current += 1;
      setOutcome({
        kind: 'answer',
        answer: {
          ...result,
          key: answerKey.current,
          window: { from: built.query.from ?? null, to: built.query.to ?? null },
        },
      });
      setSelectedId(null);
      setBrush(null);
    } catch (e) {
      if (isCallError(e) && REFUSALS.has(e.code)) {
        setOutcome({ kind: 'refused', code: e.code as 'PURPOSE_REQUIRED', message: e.message });
      } else {
        setOutcome({ kind: 'error', message: errorMessage(e) });
      }
    } finally {
      setRunning(false);
    }
  };
  const runRef = useRef(run);
  runRef.current = run;

  useHotkeys([
    ['/', whenActive(focusPlate)],
    ['shift+?', whenActive(() => setHelpOpen(true))],
    ['alt+R', whenActive(() => document.querySelector<HTMLElement>('[data-testid="results-body"]')?.focus())],
    [
      'Escape',
      whenActive(() => {
        if (helpOpen || canvassOpen || rereadDialog) return;
        if (detailId !== null) setDetailId(null);
        else if (drawMode !== 'none') setDrawMode('none');
      }),
      { preventDefault: false },
    ],
  ]);
  // Ctrl+Enter runs from anywhere, including inside a picker whose Enter chooses an option.
  useHotkeys(
    [
      ['mod+Enter', whenActive(() => void runRef.current())],
      ['mod+B', whenActive(() => setFormCollapsed((c) => !c))],
    ],
    [],
  );

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
  // The batch re-read takes what the table shows: the whole answer, or the timeline brush's span of it.
  const rereadScope = useMemo(
    () => ({
      ids: rows.map((r) => r.id),
      label: brush ? 'the search results in the brushed time span' : 'the search results',
    }),
    [rows, brush],
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
          setForm(EMPTY_FORM);
          setProblem(null);
          setDrawMode('none');
        }}
        onSubmit={() => void run()}
        running={running}
        problem={problem}
        vocabulary={vocabulary.data}
        vocabularyError={vocabulary.error}
        cameras={cameras.data ?? []}
        describe={describe}
        onPatternFeedback={(f) => {
          pattern.current = f;
        }}
        plateRef={plateRef}
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
              initialView={restored?.mapView ?? undefined}
              onViewChange={onViewChange}
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
          actions={
            canReread ? (
              <RereadControls
                batch={rereadBatch}
                count={answer ? rows.length : 0}
                onStart={() => setRereadDialog('confirm')}
                onShowBatch={() => setRereadDialog('batch')}
              />
            ) : null
          }
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
      <RereadBatchDialog
        opened={rereadDialog !== null}
        mode={rereadDialog === 'confirm' ? 'confirm' : 'batch'}
        scope={rereadScope}
        batch={rereadBatch}
        username={session.username}
        rows={rowsById}
        onStarted={() => setRereadDialog('batch')}
        onClose={() => setRereadDialog(null)}
        onOpenDetection={(id) => {
          // The drawer is where the person compares with the image and records the right read.
          setRereadDialog(null);
          if (rows.some((r) => r.id === id)) setSelectedId(id);
          setDetailId(id);
        }}
      />
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

function ResultsHeader({
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
        {running ? <Loader size="xs" aria-label="Searching" /> : null}
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

function ResultsState({
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
