import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAgency, type TestAgency } from '../../agency/testing';
import { agencyUser } from '../../support/agencyWorkstation';
import { selfSignedCert } from '../../support/tlsCert';
import { ADMIN_PASSWORD, withInvestigator, workstation, type Workstation } from '../../support/workstation';

/**
 * An agency server whose certificate comes from the agency's own authority, through the contract: the
 * administrator gives the authority at enrollment; syncs, image fetches and server users' first sign-ins then
 * trust it. Without it the server is refused, and text that is not a certificate is refused before any network.
 */
let ag: TestAgency;
let ws: Workstation;
let cert: string;

beforeAll(async () => {
  const tls = selfSignedCert();
  cert = tls.cert;
  ag = await startTestAgency({ detections: 400, seed: 9, server: { tls } });
  ws = workstation();
  await withInvestigator(ws, { username: 'admin.ramirez' });
  await ws.call('auth.login', { username: 'admin.ramirez', password: ADMIN_PASSWORD });
}, 60_000);

afterAll(async () => {
  ws?.dispose();
  await ag?.close();
});

describe("an agency server certified by the agency's own authority", () => {
  const enroll = (extra: { ca?: string } = {}) => ({
    serverUrl: ag.url,
    username: 'admin.ramirez',
    password: agencyUser(ag, 'admin.ramirez').password,
    name: 'Records unit 2',
    ...extra,
  });

  it('refuses text that is not a certificate, before any network', async () => {
    const err = await ws.refused('sync.enroll', enroll({ ca: 'my agency CA' }));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toMatch(/PEM/);
    const broken = await ws.refused('sync.enroll', enroll({ ca: cert.replace(/[A-Za-z]{8}\n/, 'xxxxxxxx\n') }));
    expect(broken.message).toMatch(/not a readable PEM certificate/);
    expect((await ws.call('sync.status')).enrolled).toBe(false);
  });

  it('refuses the server without its authority', async () => {
    const err = await ws.refused('sync.enroll', enroll());
    expect(err.message).toMatch(/certificate/i);
    expect((await ws.call('sync.status')).enrolled).toBe(false);
  });

  it('enrolls with the authority, syncs, and lets a server user sign in here for the first time', async () => {
    expect(ag.url).toMatch(/^https:/);
    await ws.call('sync.enroll', enroll({ ca: cert }));
    const finished = new Promise<string>((resolve) => {
      const off = ws.api.on('sync.finished', (f) => {
        off();
        resolve(f.outcome);
      });
    });
    await ws.call('sync.start', { password: agencyUser(ag, 'admin.ramirez').password });
    expect(await finished).toBe('ok');
    const served = ag.server.db.prepare('SELECT count(*) AS n FROM detections').get() as { n: number };
    expect((await ws.call('sync.status')).cursors.find((c) => c.feed === 'detections')?.records).toBe(served.n);
    await ws.call('auth.logout');
    // No key wrap here for this detective yet: the server vouches for them over the same trusted connection.
    const det = agencyUser(ag, 'det.alvarez');
    expect((await ws.call('auth.login', { username: det.username, password: det.password })).username).toBe(
      det.username,
    );
  }, 60_000);
});
