import { test, expect } from './fixtures';
import { INVESTIGATOR, seedAgency } from './seed';

test.describe('training currency', () => {
  test('refuses an investigator whose training expired, with the expiry date and what to do', async ({
    app,
    host,
    shot,
  }) => {
    await seedAgency(host);
    // Training was recorded 30 days ago; the Oakland policy keeps it current for 365 days.
    await host.setClock({ offsetDays: 400 });

    const { signIn, workspace } = app;
    await signIn.signIn(INVESTIGATOR.username, INVESTIGATOR.password);
    await expect(workspace.root).toBeVisible();
    await expect(workspace.trainingBanner).toContainText('Your ALPR training expired on');

    await workspace.searchPlate('7ABC123');
    await expect(workspace.searchRefusal).toContainText('Training required');
    await expect(workspace.searchRefusal).toContainText(
      /Your ALPR training expired on \d{4}-\d{2}-\d{2} — ask the ALPR administrator to record your refresher\./,
    );
    await shot('search-training-expired');
  });
});
