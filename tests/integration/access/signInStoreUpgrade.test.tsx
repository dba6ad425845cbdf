// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MantineProvider } from '@mantine/core';
import type { Bridge, SessionInfo } from '../../../preload/contract';
import { migrations } from '../../../main/store/migrations';
import { SignInScreen } from '../../../renderer/src/features/access/SignInScreen';
import { ADMIN_PASSWORD, seedStore, setupArgs, workstation, type Workstation } from '../../support/workstation';
import { installMantineShims } from '../../unit/renderer/jsdomShims';

beforeAll(installMantineShims);

/**
 * The sign-in screen over the real Api (main's services in this process, the store and the upgrade worker real):
 * the bridge is what the preload exposes, each method a call and `on` main's events.
 */
function bridgeOver(ws: Workstation): Bridge {
  return new Proxy({} as Bridge, {
    get: (_, name: string) =>
      name === 'on' ? ws.api.on.bind(ws.api) : (args: unknown) => ws.api.call(name as never, args as never),
  });
}

describe('the sign-in screen while the store is upgraded', () => {
  let ws: Workstation;
  afterEach(() => {
    cleanup();
    ws.dispose();
  });

  it('says the store is being upgraded, step by step, until the sign-in ends', async () => {
    ws = workstation();
    await ws.call('setup.create', setupArgs());
    await ws.call('auth.logout');
    await seedStore(ws, (db) => {
      db.exec('DROP INDEX detections_featured_by_time');
      db.pragma(`user_version = ${migrations[migrations.length - 2]!.version}`);
    });
    (window as unknown as { canvass: Bridge }).canvass = bridgeOver(ws);
    let signedIn: SessionInfo | null = null;
    render(
      <MantineProvider>
        <SignInScreen notice={null} onSignedIn={(s) => (signedIn = s)} />
      </MantineProvider>,
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Username'), setupArgs().admin.username);
    await user.type(screen.getByLabelText('Password'), ADMIN_PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const note = await screen.findByTestId('store-upgrade');
    expect(note).toHaveProperty('textContent', expect.stringMatching(/Upgrading the store .* step 1 of 1\./));
    await waitFor(() => expect(signedIn).not.toBeNull(), { timeout: 30_000 });
    await waitFor(() => expect(screen.queryByTestId('store-upgrade')).toBeNull());
  });
});
