import { useCallback, useEffect, useRef, useState } from 'react';
import type { Args, Method, Returns } from '../../../../../preload/contract';
import { call, errorMessage, isCallError } from '../../../bridge';

export type AnalysisOutcome<T> =
  | { kind: 'idle' }
  | { kind: 'answer'; answer: T; key: number }
  | { kind: 'refused'; code: string; message: string }
  | { kind: 'error'; message: string };

const REFUSALS = new Set(['PURPOSE_REQUIRED', 'TRAINING_REQUIRED', 'FORBIDDEN']);

/**
 * One analysis's run: the outcome of the last call, whether one is running, and `stop`, which stops waiting
 * (its answer, when it comes, is dropped; the clone scan also asks main to stop). The answer's arrival is
 * marked `canvass:analysis-received` for the workspace bench.
 */
export function useAnalysis<M extends Method>(method: M, hasPurpose: boolean) {
  const [outcome, setOutcome] = useState<AnalysisOutcome<Returns<M>>>({ kind: 'idle' });
  const [running, setRunning] = useState(false);
  const seq = useRef(0);

  // Opening a purpose answers a purpose refusal.
  useEffect(() => {
    if (hasPurpose) setOutcome((o) => (o.kind === 'refused' && o.code === 'PURPOSE_REQUIRED' ? { kind: 'idle' } : o));
  }, [hasPurpose]);

  const run = useCallback(
    async (args: Args<M>): Promise<Returns<M> | null> => {
      const mine = ++seq.current;
      setRunning(true);
      try {
        const answer = await (call as (m: M, a: Args<M>) => Promise<Returns<M>>)(method, args);
        if (mine !== seq.current) return null;
        performance.mark('canvass:analysis-received');
        setOutcome({ kind: 'answer', answer, key: mine });
        return answer;
      } catch (e) {
        if (mine !== seq.current) return null;
        setOutcome(
          isCallError(e) && REFUSALS.has(e.code)
            ? { kind: 'refused', code: e.code, message: e.message }
            : { kind: 'error', message: errorMessage(e) },
        );
        return null;
      } finally {
        if (mine === seq.current) setRunning(false);
      }
    },
    [method],
  );

  const stop = useCallback(() => {
    seq.current++;
    setRunning(false);
  }, []);

  return { outcome, running, run, stop, answer: outcome.kind === 'answer' ? outcome.answer : null };
}
