/**
 * Moving between the workspace's screens from inside one (features never import each other, and the shell owns
 * which screen shows): a feature asks to go somewhere, the shell listens and switches, and the screen asked for
 * takes the request (a plate to analyse) when it is shown. Memory only; one pending request.
 */
import { useEffect, useSyncExternalStore } from 'react';

export type WorkspaceView =
  'search' | 'commonVehicles' | 'travellingTogether' | 'plateHabits' | 'clonedPlates' | 'case';

export type NavRequest = { view: WorkspaceView; plate?: string; seq: number };

let pending: NavRequest | null = null;
let seq = 0;
const listeners = new Set<() => void>();

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** Asks the shell to show `view`, with a plate for the screen to start from. */
export function navigate(view: WorkspaceView, plate?: string): void {
  pending = { view, seq: ++seq, ...(plate ? { plate } : {}) };
  for (const l of listeners) l();
}

/** The shell: called with each view asked for. */
export function useNavigation(onView: (view: WorkspaceView) => void): void {
  const request = useSyncExternalStore(subscribe, () => pending);
  useEffect(() => {
    if (request) onView(request.view);
  }, [request?.seq]);
}

/** A screen: the request addressed to it, taken once (a plate to run with), or null. */
export function useNavRequest(view: WorkspaceView, take: (request: NavRequest) => void): void {
  const request = useSyncExternalStore(subscribe, () => pending);
  useEffect(() => {
    if (request?.view !== view) return;
    pending = null;
    take(request);
  }, [request?.seq]);
}
