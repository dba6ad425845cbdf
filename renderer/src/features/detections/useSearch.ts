import { useCallback, useEffect, useRef, useState } from 'react';
import type { PatternFeedback, SearchResult } from '../../../../preload/contract';
import { call, errorMessage, isCallError } from '../../bridge';
import type { MapView } from '../../shared/map/DetectionMap';
import { keepSearch, takeSearch } from '../../shared/workspaceMemory';
import type { TimeSpan } from './Timeline';
import { EMPTY_FORM, toQuery, type FormProblem, type SearchForm as Form } from './searchState';

export type Answer = SearchResult & { key: number; window: { from: string | null; to: string | null } };
export type Outcome =
  | { kind: 'idle' }
  | { kind: 'answer'; answer: Answer }
  | { kind: 'refused'; code: 'PURPOSE_REQUIRED' | 'TRAINING_REQUIRED' | 'FORBIDDEN'; message: string }
  | { kind: 'error'; message: string };

/** The work a lock must not lose (the shell unmounts under the lock screen; see shared/workspaceMemory.ts). */
type KeptWork = {
  form: Form;
  outcome: Outcome;
  selectedId: number | null;
  brush: TimeSpan | null;
  mapView: MapView | null;
};

const REFUSALS = new Set(['PURPOSE_REQUIRED', 'TRAINING_REQUIRED', 'FORBIDDEN']);

/**
 * The search screen's state: the form and its problem, the outcome of the last search, the selection, the
 * timeline's brush and the map's view, kept across a lock for the same user; and `run`, which checks the form
 * and the pattern feedback before asking main.
 */
export function useSearch(userId: number, hasPurpose: boolean) {
  // Work this user left when the session locked, if any.
  const [restored] = useState(() => takeSearch<KeptWork>(userId));
  const [form, setForm] = useState<Form>(restored?.form ?? EMPTY_FORM);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(restored?.outcome ?? { kind: 'idle' });
  const [running, setRunning] = useState(false);
  const [selectedId, setSelectedId] = useState<number | null>(restored?.selectedId ?? null);
  const [brush, setBrush] = useState<TimeSpan | null>(restored?.brush ?? null);
  const mapView = useRef<MapView | null>(restored?.mapView ?? null);
  const onViewChange = useCallback((v: MapView) => {
    mapView.current = v;
  }, []);
  // Hand the work over when unmounting (a lock; on sign-out the app forgets it right after).
  const work = useRef<Omit<KeptWork, 'mapView'>>({ form, outcome, selectedId, brush });
  work.current = { form, outcome, selectedId, brush };
  useEffect(() => () => keepSearch<KeptWork>(userId, { ...work.current, mapView: mapView.current }), [userId]);

  // Opening a purpose answers a purpose refusal: the screen goes back to ready rather than keep the old message.
  useEffect(() => {
    if (hasPurpose) setOutcome((o) => (o.kind === 'refused' && o.code === 'PURPOSE_REQUIRED' ? { kind: 'idle' } : o));
  }, [hasPurpose]);

  const pattern = useRef<PatternFeedback | null>(null);
  const plateRef = useRef<HTMLInputElement>(null);
  const answerKey = useRef(restored?.outcome.kind === 'answer' ? restored.outcome.answer.key : 0);

  const patch = useCallback((p: Partial<Form>) => {
    setForm((f) => ({ ...f, ...p }));
    setProblem(null);
  }, []);
  const reset = useCallback(() => {
    setForm(EMPTY_FORM);
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

  return {
    form,
    patch,
    reset,
    problem,
    outcome,
    running,
    run,
    selectedId,
    setSelectedId,
    brush,
    setBrush,
    /** The map's view as the lock found it (the map starts there after an unlock). */
    initialView: restored?.mapView ?? undefined,
    onViewChange,
    /** The plate field's latest pattern feedback (debounced), so a refused pattern blocks the search. */
    pattern,
    plateRef,
  };
}
