import { useCallback, useLayoutEffect, useRef } from 'react';
import { Modal, type ModalProps } from '@mantine/core';

/**
 * Gives the focus back to whatever had it when a dialog opened. Mantine's own return loses it when Escape comes
 * before its focus trap's first timer (the browser runs input ahead of timers, so a busy renderer does this): the
 * trap then moves the focus into the closing dialog after the return was decided, and it ends on <body>.
 *
 * The opener is recorded in a layout effect (in the commit, before any timer). On close, and again when the exit
 * transition ends (after any timer the trap had pending), the focus goes back to the opener if it is lost —
 * nowhere, or still inside a modal dialog; focus something else meanwhile and it stays there.
 * Every dialog of the app is a `Dialog` (below), which does this.
 */
export function useReturnFocus(opened: boolean): () => void {
  const opener = useRef<HTMLElement | null>(null);
  const giveBack = useCallback(() => {
    const target = opener.current;
    const active = document.activeElement;
    const lost = active === null || active === document.body || active.closest('[aria-modal="true"]') !== null;
    if (target?.isConnected && lost && active !== target) target.focus({ preventScroll: true });
  }, []);
  useLayoutEffect(() => {
    if (!opened) {
      giveBack();
      return;
    }
    const active = document.activeElement;
    opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
  }, [opened, giveBack]);
  return giveBack;
}

/** Mantine's Modal with the focus given back to its opener (`useReturnFocus`): the app's one dialog. */
export function Dialog({ opened, transitionProps, ...props }: ModalProps) {
  const giveBack = useReturnFocus(opened);
  return (
    <Modal
      {...props}
      opened={opened}
      returnFocus={false}
      transitionProps={{
        ...transitionProps,
        onExited: () => {
          giveBack();
          transitionProps?.onExited?.();
        },
      }}
    />
  );
}
