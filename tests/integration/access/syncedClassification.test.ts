import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAgency, type TestAgency } from '../../agency/testing';
import { agencyUser, syncFromAgency, waitForSync } from '../../support/agencyWorkstation';
import { auditRecords, workstation, type Workstation } from '../../support/workstation';

/**
 * Job classifications are checked when an account is made, and again for accounts that arrive from the agency
 * server and at the gate on every ALPR access: the reference agency server runs Daly City's policy, whose
 * classifications (product defaults: sworn officers, crime analysts, ALPR administrator staff) do not include
 * parking enforcement.
 */
describe('a synced user of a classification the policy does not allow', () => {
  let ag: TestAgency;
  let ws: Workstation;

  async function syncAsAdministrator(): Promise<void> {
    const admin = agencyUser(ag, 'admin.ramirez');
    await ws.call('auth.login', { username: admin.username, password: admin.password });
    await ws.call('sync.start', { password: admin.password });
    await waitForSync(ws);
  }

  beforeAll(async () => {
    ag = await startTestAgency({ detections: 400, seed: 15 });
    ws = workstation();
    await syncFromAgency(ws, ag);
  });
  afterAll(async () => {
    ws.dispose();
    await ag.close();
  });

  it('arrives flagged: the account is listed, marked, and its arrival is in the access log', async () => {
    await syncAsAdministrator();
    expect((await ws.call('policy.get')).profile.id).toBe('daly-city-pd');
    const ortiz = (await ws.call('users.list')).find((u) => u.username === 'pe.ortiz')!;
    expect(ortiz).toMatchObject({ classification: 'parking_enforcement', classificationAllowed: false });
    const alvarez = (await ws.call('users.list')).find((u) => u.username === 'det.alvarez')!;
    expect(alvarez.classificationAllowed).toBe(true);
    const arrival = (await auditRecords(ws)).find((r) => r.action === 'users.classification_not_allowed')!;
    expect(arrival.data).toEqual({
      username: 'pe.ortiz',
      classification: 'parking_enforcement',
      profile: 'daly-city-pd',
    });
    await ws.call('auth.logout');
  });

  it('cannot sign in here for the first time: the agency server refuses the classification too', async () => {
    const ortiz = agencyUser(ag, 'pe.ortiz');
    const err = await ws.refused('auth.login', { username: ortiz.username, password: ortiz.password });
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toMatch(
      /job classification of pe\.ortiz \(parking_enforcement\) is not one the agency's ALPR policy lets use/,
    );
  });

  it('reclassified on the server after signing in here, an investigator is refused ALPR data at the gate', async () => {
    const alvarez = agencyUser(ag, 'det.alvarez');
    const purpose = {
      numberKind: 'case' as const,
      number: ag.dataset.truth.shooting.caseNumber,
      purposeId: 'canvass_major_crime',
      description: 'Shooting at the Hillsdale transit center; canvass for the suspect’s silver Accord',
    };
    // First sign-in here, vouched for by the server; ALPR data is open to him.
    await ws.call('auth.login', { username: alvarez.username, password: alvarez.password });
    await ws.call('purposes.open', purpose);
    expect(
      (await ws.call('detections.search', { plate: ag.dataset.truth.shooting.suspect.plate })).rows.length,
    ).toBeGreaterThan(0);
    await ws.call('auth.logout');

    // The agency moves him to parking enforcement; the next sync brings the change.
    ag.server.updateUser('det.alvarez', { classification: 'parking_enforcement' });
    await syncAsAdministrator();
    await ws.call('auth.logout');

    // He still signs in here (his key wrap is local), but the gate refuses every ALPR access.
    await ws.call('auth.login', { username: alvarez.username, password: alvarez.password });
    const open = await ws.refused('purposes.open', purpose);
    expect(open).toEqual({
      code: 'FORBIDDEN',
      message: expect.stringMatching(
        /^The ALPR policy of San Mateo Police Department \(synthetic\) does not let your job classification \(parking_enforcement\) use ALPR data; it allows: Sworn officer, Crime analyst/,
      ),
    });
    const search = await ws.refused('detections.search', { plate: ag.dataset.truth.shooting.suspect.plate });
    expect(search.code).toBe('FORBIDDEN');
    await ws.call('auth.logout');

    // The refusals are in the access log, with the reason.
    const admin = agencyUser(ag, 'admin.ramirez');
    await ws.call('auth.login', { username: admin.username, password: admin.password });
    const denied = (await auditRecords(ws)).filter((r) => r.username === 'det.alvarez' && r.outcome === 'denied');
    expect(denied).toContainEqual(
      expect.objectContaining({ action: 'detections.search', data: { reason: 'classification' } }),
    );
    await ws.call('auth.logout');
  });
});
