import { useCallback, useState } from 'react';

/**
 * The workspace's adjustable layout: the form column can be folded away and the split between the map and the
 * results dragged. Both are the user's preference on this workstation, kept in localStorage (not secret, not
 * ALPR data).
 */
export const FORM_COLLAPSED_KEY = 'canvass.search.formCollapsed';
export const MAP_SHARE_KEY = 'canvass.search.mapShare';

/** The map's share of the height the map and the results divide between them. */
export const MAP_SHARE = { min: 0.2, max: 0.85, default: 0.52, step: 0.05 } as const;

export function clampShare(share: number): number {
  if (!Number.isFinite(share)) return MAP_SHARE.default;
  return Math.min(MAP_SHARE.max, Math.max(MAP_SHARE.min, share));
}

/** The share after a drag of `dy` pixels from a split where the map had `mapPx` of `totalPx` (map + results). */
export function shareAfterDrag(mapPx: number, totalPx: number, dy: number): number {
  if (totalPx <= 0) return MAP_SHARE.default;
  return clampShare((mapPx + dy) / totalPx);
}

/** The grid rows of the right column: map, split handle, results header, results. */
export function mainRows(share: number): string {
  const map = Math.round(clampShare(share) * 1000);
  return `minmax(160px, ${map}fr) auto auto minmax(140px, ${1000 - map}fr)`;
}

function readStored<T>(key: string, parse: (raw: string) => T | null, fallback: T): T {
  try {
    const raw = window.localStorage.getItem(key);
    return raw === null ? fallback : (parse(raw) ?? fallback);
  } catch {
    return fallback;
  }
}

function store(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // A full or disabled storage only loses the preference.
  }
}

export function useFormCollapsed(): [boolean, (next: boolean | ((v: boolean) => boolean)) => void] {
  const [collapsed, setState] = useState(() =>
    readStored(FORM_COLLAPSED_KEY, (raw) => (raw === 'true' ? true : raw === 'false' ? false : null), false),
  );
  const set = useCallback((next: boolean | ((v: boolean) => boolean)) => {
    setState((v) => {
      const value = typeof next === 'function' ? next(v) : next;
      store(FORM_COLLAPSED_KEY, String(value));
      return value;
    });
  }, []);
  return [collapsed, set];
}

export function useMapShare(): [number, (share: number) => void] {
  const [share, setState] = useState(() =>
    readStored(
      MAP_SHARE_KEY,
      (raw) => {
        const n = Number(raw);
        return Number.isFinite(n) ? clampShare(n) : null;
      },
      MAP_SHARE.default,
    ),
  );
  const set = useCallback((next: number) => {
    const value = clampShare(next);
    store(MAP_SHARE_KEY, value.toFixed(3));
    setState(value);
  }, []);
  return [share, set];
}
