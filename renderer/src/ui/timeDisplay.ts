import { useSyncExternalStore } from 'react';

/**
 * How this user wants times shown on this workstation: the workstation's zone or UTC. One module store is the
 * source of truth: the Settings toggle writes it (and localStorage, so it lasts), every formatter reads it, and
 * screens that show times subscribe with `useTimeDisplay()` so open screens re-render when it changes.
 */
export type TimeDisplay = 'local' | 'utc';
export const TIME_DISPLAY_KEY = 'canvass.timeDisplay';

const listeners = new Set<() => void>();
let current: TimeDisplay = readStored();

function readStored(): TimeDisplay {
  try {
    return globalThis.localStorage?.getItem(TIME_DISPLAY_KEY) === 'utc' ? 'utc' : 'local';
  } catch {
    return 'local';
  }
}

export function timeDisplay(): TimeDisplay {
  return current;
}

export function setTimeDisplay(next: TimeDisplay): void {
  try {
    globalThis.localStorage?.setItem(TIME_DISPLAY_KEY, next);
  } catch {
    /* storage refused: the choice lasts until the window closes */
  }
  if (next === current) return;
  current = next;
  for (const l of [...listeners]) l();
}

export function subscribeTimeDisplay(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The preference, re-rendering the caller when it changes. */
export function useTimeDisplay(): TimeDisplay {
  return useSyncExternalStore(subscribeTimeDisplay, timeDisplay, timeDisplay);
}

// Another window of the app changed it (same origin, same storage).
globalThis.addEventListener?.('storage', (e: StorageEvent) => {
  if (e.key !== TIME_DISPLAY_KEY) return;
  const next = readStored();
  if (next === current) return;
  current = next;
  for (const l of [...listeners]) l();
});
