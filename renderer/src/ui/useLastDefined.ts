import { useRef } from 'react';

/** Keeps showing the last non-null value, so a dialog's content stays put while it animates closed. */
export function useLastDefined<T>(value: T | null): T | null {
  const last = useRef<T | null>(value);
  if (value !== null) last.current = value;
  return last.current;
}
