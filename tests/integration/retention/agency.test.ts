/**
 * A legal hold reaches the agency server (the real reference server on loopback): placed on the workstation, pushed
 * at the next sync with the detections it keeps, the server's own purge leaves them; the release follows it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAgency, type TestAgency } from '../../agency/testing';
import { agencyUser, syncFromAgency, waitForSync } from '../../support/agencyWorkstation';
import { agencyDay } from '../../support/agencyDay';
import { testClock, workstation, type Workstation } from '../../support/workstation';

let ag: TestAgency;
let ws: Workstation;

beforeAll(async () => {
  ag = await startTestAgency({ detections: 3_000, seed: 21 });
  ws = workstation({ clock: testClock(new Date().toISOString()) });
  await syncFromAgency(ws, ag);
}, 180_000);

afterAll(async () => {
  ws?.dispose();
  await ag?.close();
});

describe('legal holds and the agency server', () => {
  it('pushes a hold with its detections; the server’s purge leaves them; the release follows', async () => {
    const admin = agencyUser(ag, 'admin.ramirez');
    await ws.call('auth.login', { username: admin.username, password: admin.password });
    const ids = ag.dataset.truth.shooting.suspectDetectionIds.slice(0, 4);
    expect(ids.length).toBeGreaterThan(0);
    const hold = await ws.call('retention.placeHold', {
      kind: 'court_order',
      detectionIds: ids,
      authority: 'San Mateo County Superior Court order 26-SC-4410',
      reason: 'Preservation order: civil suit over a collision at the intersection',
      reviewOn: agencyDay(-90, ws.clock.now),
    });
    await ws.call('sync.start', { password: admin.password });
    await waitForSync(ws);
    const onServer = ag.server.legalHolds();
    expect(onServer).toHaveLength(1);
    expect(onServer[0]!.detectionIds).toEqual([...ids].sort((a, b) => a - b));

    expect(ag.server.purgeBefore(Date.now() + 86_400_000)).toBeGreaterThan(1_000);
    // Everything else is gone on the server; the held detections are left.
    expect(ag.server.purgeBefore(Date.now() + 86_400_000)).toBe(0);

    await ws.call('retention.releaseHold', { holdId: hold.id, reason: 'The suit settled; the order was lifted.' });
    await ws.call('sync.start', { password: admin.password });
    await waitForSync(ws);
    expect(ag.server.legalHolds()[0]!.released).toBe(true);
    expect(ag.server.purgeBefore(Date.now() + 86_400_000)).toBe(ids.length);
  }, 180_000);
});
