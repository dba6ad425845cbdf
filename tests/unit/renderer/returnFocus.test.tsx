// @vitest-environment jsdom
import { useState } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MantineProvider } from '@mantine/core';
import { ShortcutsHelp } from '../../../renderer/src/features/detections/ShortcutsHelp';
import { installMantineShims } from './jsdomShims';

beforeAll(installMantineShims);
afterEach(cleanup);

function Harness() {
  const [opened, setOpened] = useState(false);
  return (
    <MantineProvider>
      <button type="button" onClick={() => setOpened(true)}>
        Shortcuts
      </button>
      <button type="button">Elsewhere</button>
      <ShortcutsHelp opened={opened} onClose={() => setOpened(false)} />
    </MantineProvider>
  );
}

/** Opens the dialog with Enter on its button and waits until its focus trap has moved the focus inside. */
async function openFromKeyboard(): Promise<HTMLElement> {
  render(<Harness />);
  const opener = screen.getByRole('button', { name: 'Shortcuts' });
  opener.focus();
  await userEvent.keyboard('{Enter}');
  const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
  await waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true));
  return opener;
}

describe('a dialog gives the focus back to its opener', () => {
  it('after Escape, once the focus trap has moved into the dialog', async () => {
    const opener = await openFromKeyboard();
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(document.activeElement).toBe(opener));
  });

  it('not when the focus has already gone somewhere else outside the dialog', async () => {
    await openFromKeyboard();
    const elsewhere = screen.getByRole('button', { name: 'Elsewhere', hidden: true });
    elsewhere.focus();
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(elsewhere);
  });

  it('when Escape comes before the focus trap has moved into the dialog (a busy renderer runs input first)', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'] });
    try {
      render(<Harness />);
      const opener = screen.getByRole('button', { name: 'Shortcuts' });
      opener.focus();
      act(() => fireEvent.click(opener));
      act(() => vi.advanceTimersToNextFrame()); // the dialog mounts; its trap's timer is set, not yet run
      expect(screen.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeTruthy();
      // The trap's first timer is still pending when the Escape arrives.
      expect(document.activeElement).toBe(opener);
      act(() => fireEvent.keyDown(opener, { key: 'Escape' }));
      for (let i = 0; i < 20; i++) act(() => vi.advanceTimersByTime(50));
      expect(screen.queryByRole('dialog')).toBeNull();
      expect(document.activeElement).toBe(opener);
    } finally {
      vi.useRealTimers();
    }
  });
});
