import { useRef } from 'react';
import { useHotkeys } from '@mantine/hooks';

/**
 * The search screen's keys: `/` the plate, `?` the shortcuts, Alt+R the results, Esc closes the detail or stops
 * drawing (unless a dialog has it), Ctrl+Enter searches from anywhere (even inside a picker whose Enter chooses
 * an option), Ctrl+B folds the form. They act only while the search screen is the one shown.
 */
export function useSearchHotkeys(
  active: boolean,
  keys: {
    focusPlate: () => void;
    showShortcuts: () => void;
    /** Esc: whether a dialog of the screen is open (then the dialog has the key). */
    dialogOpen: boolean;
    closeDetailOrDrawing: () => void;
    run: () => void;
    toggleForm: () => void;
  },
): void {
  const activeRef = useRef(active);
  activeRef.current = active;
  const latest = useRef(keys);
  latest.current = keys;
  const whenActive =
    <A extends unknown[]>(fn: (...a: A) => void) =>
    (...a: A) => {
      if (activeRef.current) fn(...a);
    };
  useHotkeys([
    ['/', whenActive(keys.focusPlate)],
    ['shift+?', whenActive(keys.showShortcuts)],
    ['alt+R', whenActive(() => document.querySelector<HTMLElement>('[data-testid="results-body"]')?.focus())],
    [
      'Escape',
      whenActive(() => {
        if (!keys.dialogOpen) keys.closeDetailOrDrawing();
      }),
      { preventDefault: false },
    ],
  ]);
  useHotkeys(
    [
      ['mod+Enter', whenActive(() => latest.current.run())],
      ['mod+B', whenActive(() => latest.current.toggleForm())],
    ],
    [],
  );
}
