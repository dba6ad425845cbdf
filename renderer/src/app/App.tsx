import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button } from '@mantine/core';
import type { AppState, PurposeInfo, SessionInfo } from '../../../preload/contract';
import { call, errorMessage, on, onSessionProblem } from '../bridge';
import { SetupScreen } from '../features/access/SetupScreen';
import { SignInScreen } from '../features/access/SignInScreen';
import { LockScreen } from '../features/access/LockScreen';
import { WorkspaceShell } from './WorkspaceShell';
import { forgetWorkspace } from '../shared/workspaceMemory';
import { forgetCase } from '../features/cases/caseStore';
import { LoadingView, StateView } from '../ui/StateView';
import { IconAlert } from '../ui/icons';
import { SessionContext, type SessionApi } from '../shared/session';
import { useActivityHeartbeat } from './useActivityHeartbeat';

type Phase =
  | { kind: 'loading' }
  | { kind: 'unreachable'; message: string }
  | { kind: 'setup' }
  | { kind: 'signin'; notice: string | null }
  | { kind: 'workspace'; session: SessionInfo; lockReason: 'idle' | 'manual' | null };

function phaseFrom(state: AppState, notice: string | null = null): Phase {
  if (!state.setUp) return { kind: 'setup' };
  if (!state.session) return { kind: 'signin', notice };
  return { kind: 'workspace', session: state.session, lockReason: state.session.locked ? 'idle' : null };
}

/** The app's one state machine: first run → sign-in → workspace (with the lock screen over it). */
export function App() {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const ready = useRef(false);

  const refresh = useCallback(async (notice: string | null = null) => {
    try {
      const state = await call('app.state');
      setPhase((prev) => {
        const next = phaseFrom(state, notice);
        // Keep the reason we already know (e.g. a manual lock) when main reports the same locked session.
        if (next.kind === 'workspace' && prev.kind === 'workspace' && next.session.locked && prev.lockReason) {
          return { ...next, lockReason: prev.lockReason };
        }
        return next;
      });
    } catch (e) {
      setPhase({ kind: 'unreachable', message: errorMessage(e) });
    } finally {
      if (!ready.current) {
        ready.current = true;
        // The e2e fixtures wait for this before asserting anything.
        document.documentElement.dataset.canvassReady = 'true';
      }
    }
  }, []);

  useEffect(() => {
    void refresh();
    const offLocked = on('session.locked', ({ reason }) => {
      setPhase((prev) =>
        prev.kind === 'workspace' ? { ...prev, session: { ...prev.session, locked: true }, lockReason: reason } : prev,
      );
    });
    const offEnded = on('session.ended', ({ reason }) => {
      setPhase({
        kind: 'signin',
        notice:
          reason === 'disabled'
            ? 'Your account was disabled by an ALPR administrator. You have been signed out.'
            : null,
      });
    });
    const offProblem = onSessionProblem(() => void refresh());
    return () => {
      offLocked();
      offEnded();
      offProblem();
    };
  }, [refresh]);

  const signedIn = useCallback((session: SessionInfo) => {
    setPhase({ kind: 'workspace', session, lockReason: session.locked ? 'idle' : null });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await call('auth.logout');
    } finally {
      await refresh();
    }
  }, [refresh]);

  const lock = useCallback(async () => {
    await call('auth.lock');
    setPhase((prev) =>
      prev.kind === 'workspace' ? { ...prev, session: { ...prev.session, locked: true }, lockReason: 'manual' } : prev,
    );
  }, []);

  const setPurpose = useCallback((purpose: PurposeInfo | null) => {
    setPhase((prev) => (prev.kind === 'workspace' ? { ...prev, session: { ...prev.session, purpose } } : prev));
  }, []);

  // What the workspace kept across a lock lives only while someone is signed in (workspace/workspaceMemory.ts).
  useEffect(() => {
    if (phase.kind !== 'workspace') {
      forgetWorkspace();
      forgetCase();
    }
  }, [phase.kind]);

  const session = phase.kind === 'workspace' ? phase.session : null;
  useActivityHeartbeat(session !== null && !session.locked);

  const sessionApi = useMemo<SessionApi | null>(
    () =>
      session ? { session, setPurpose, refresh: (notice?: string) => refresh(notice ?? null), signOut, lock } : null,
    [session, setPurpose, refresh, signOut, lock],
  );

  switch (phase.kind) {
    case 'loading':
      return <LoadingView label="Opening Canvass…" />;
    case 'unreachable':
      return (
        <StateView
          role="alert"
          testId="app-unreachable"
          icon={<IconAlert size={28} />}
          color="red"
          title="Canvass cannot start"
          description={phase.message}
          action={<Button onClick={() => void refresh()}>Try again</Button>}
        />
      );
    case 'setup':
      return <SetupScreen onDone={signedIn} />;
    case 'signin':
      return <SignInScreen notice={phase.notice} onSignedIn={signedIn} />;
    case 'workspace':
      if (!sessionApi) return null;
      return (
        <SessionContext.Provider value={sessionApi}>
          {phase.session.locked ? (
            <LockScreen reason={phase.lockReason ?? 'idle'} onUnlocked={signedIn} />
          ) : (
            <WorkspaceShell />
          )}
        </SessionContext.Provider>
      );
  }
}
