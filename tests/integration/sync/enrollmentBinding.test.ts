import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAgency, type TestAgency } from '../../agency/testing';
import { agencyUser, syncFromAgency, waitForSync } from '../../support/agencyWorkstation';
import { workstation, type Workstation } from '../../support/workstation';

/**
 * Enrollment cannot be redirected. enrollment.json is a copy beside the store; someone who can write the data
 * folder can point it at their own server. Canvass sends a password only to the server the store names (as
 * confirmed at a sign-in since it started), rewrites a changed or damaged record from the store at the next
 * sign-in of someone who already signs in here, and says so to the administrator and in the log. A damaged
 * keyring is a clear error with a way back: an administrator rebuilds it through the enrolled server.
 */
type Capture = { url: string; bodies: string[]; close: () => Promise<void> };

/** A server on loopback that records whatever is sent to it (a password, say) and refuses everything. */
async function captureServer(): Promise<Capture> {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      bodies.push(`${req.method} ${req.url} ${body}`);
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'WRONG_CREDENTIALS', message: 'no' } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let ag: TestAgency;
let ws: Workstation;
let capture: Capture;
const admin = () => agencyUser(ag, 'admin.ramirez');
const detective = () => agencyUser(ag, 'det.alvarez');
const enrollmentFile = () => join(ws.dir, 'enrollment.json');

beforeAll(async () => {
  ag = await startTestAgency({ detections: 400, seed: 53 });
  capture = await captureServer();
  ws = workstation();
  await syncFromAgency(ws, ag);
}, 120_000);

afterAll(async () => {
  ws.dispose();
  await capture.close();
  await ag.close();
});

describe('a forged enrollment.json', () => {
  it('sends no password to the server it names; a known user’s sign-in restores it and reports it', async () => {
    ws.reopen(); // Canvass starts again: nothing confirmed by the store yet
    const forged = JSON.parse(readFileSync(enrollmentFile(), 'utf8')) as Record<string, unknown>;
    writeFileSync(enrollmentFile(), JSON.stringify({ ...forged, serverUrl: capture.url, pinnedCert: null, ca: null }));

    // A new user's first sign-in, and a known user's typo: both would have gone to the forged server.
    const first = await ws.refused('auth.login', { username: detective().username, password: detective().password });
    expect(first.code).toBe('CONFLICT');
    expect(first.message).toMatch(/sends a password only to the server this workstation’s store was enrolled with/);
    const typo = await ws.refused('auth.login', { username: 'admin.ramirz', password: admin().password });
    expect(typo.code).toBe('CONFLICT');
    expect(capture.bodies).toEqual([]);

    await ws.call('auth.login', { username: admin().username, password: admin().password });
    expect((JSON.parse(readFileSync(enrollmentFile(), 'utf8')) as { serverUrl: string }).serverUrl).toBe(ag.url);
    const alert = (await ws.call('audit.alerts', { open: true })).find((a) => a.kind === 'enrollment.repaired');
    expect(alert?.message).toContain(`it named ${capture.url}`);
    const logged = (await ws.call('audit.list', { limit: 20 })).find((e) => e.action === 'integrity.alert');
    expect(logged?.data).toContain('enrollment.repaired');
    await ws.call('auth.logout');

    // From now on a first sign-in goes to the enrolled server only.
    const s = await ws.call('auth.login', { username: detective().username, password: detective().password });
    expect(s.username).toBe(detective().username);
    await ws.call('auth.logout');
    expect(capture.bodies).toEqual([]);
  }, 60_000);

  it('a damaged one is a clear error, not an internal one, and is rewritten at the next sign-in', async () => {
    ws.reopen();
    writeFileSync(enrollmentFile(), '{"format":"canvass-enrollment", this is not json');
    const err = await ws.refused('auth.login', {
      username: 'rc.okafor',
      password: agencyUser(ag, 'rc.okafor').password,
    });
    expect(err.code).not.toBe('INTERNAL');
    expect(err.code).toBe('CONFLICT');
    await ws.call('auth.login', { username: admin().username, password: admin().password });
    expect((JSON.parse(readFileSync(enrollmentFile(), 'utf8')) as { serverUrl: string }).serverUrl).toBe(ag.url);
    const alert = (await ws.call('audit.alerts', { open: true })).find((a) =>
      /was damaged \(it is not JSON\)/.test(a.message),
    );
    expect(alert?.kind).toBe('enrollment.repaired');
    await ws.call('auth.logout');
  }, 60_000);
});

describe('a damaged keyring', () => {
  it('is a clear error, and an administrator rebuilds it through the enrolled server whose address they type', async () => {
    ws.reopen();
    writeFileSync(join(ws.dir, 'keyring.json'), '{"format":"canvass-keyring","version":1,"entries":[{"username":');
    const err = await ws.refused('auth.login', { username: admin().username, password: admin().password });
    expect(err.code).toBe('KEYRING_DAMAGED');
    expect(err.message).toMatch(
      /Nobody can sign in until it is repaired\. An ALPR administrator restores keyring\.json from the backup of this data folder, or, on a workstation enrolled with the agency server, rebuilds it/,
    );
    expect((await ws.call('app.state')).setUp).toBe(true);

    // The address the administrator types is the root of trust: another one gets nothing.
    const wrongServer = await ws.refused('auth.recoverKeyring', {
      serverUrl: capture.url,
      username: admin().username,
      password: admin().password,
    });
    expect(wrongServer.code).toBe('CONFLICT');
    expect(capture.bodies).toEqual([]);
    const notAdmin = await ws.refused('auth.recoverKeyring', {
      serverUrl: ag.url,
      username: detective().username,
      password: detective().password,
    });
    expect(notAdmin.code).toBe('FORBIDDEN');

    const s = await ws.call('auth.recoverKeyring', {
      serverUrl: ag.url,
      username: admin().username,
      password: admin().password,
    });
    expect(s.username).toBe(admin().username);
    expect(readdirSync(ws.dir).some((f) => f.startsWith('keyring.json.damaged-'))).toBe(true);
    expect((await ws.call('audit.alerts', { open: true })).map((a) => a.kind)).toContain('keyring.recovered');
    await ws.call('auth.logout');
    // The rebuilt keyring works offline for the administrator; others come back through the server.
    expect((await ws.call('auth.login', { username: admin().username, password: admin().password })).username).toBe(
      admin().username,
    );
    await ws.call('auth.logout');
    expect(
      (await ws.call('auth.login', { username: detective().username, password: detective().password })).username,
    ).toBe(detective().username);
    await ws.call('auth.logout');
    expect(existsSync(join(ws.dir, 'keyring.json'))).toBe(true);
  }, 60_000);
});

describe('signing out', () => {
  it('forgets the server session here and ends it on the server', async () => {
    await ws.call('auth.login', { username: admin().username, password: admin().password });
    await ws.call('sync.start', { password: admin().password });
    await waitForSync(ws);
    const adminId = (
      ag.server.db.prepare('SELECT user_id AS id FROM credentials WHERE username = ?').get(admin().username) as {
        id: number;
      }
    ).id;
    const sessions = () =>
      (ag.server.db.prepare('SELECT count(*) AS n FROM sessions WHERE user_id = ?').get(adminId) as { n: number }).n;
    expect(sessions()).toBeGreaterThan(0);
    await ws.call('auth.logout');
    for (let i = 0; i < 50 && sessions() > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(sessions()).toBe(0);
    // Signing in again here does not bring the old server session back: the server wants the password.
    await ws.call('auth.login', { username: admin().username, password: admin().password });
    expect((await ws.refused('sync.start', {})).code).toBe('SERVER_SIGN_IN_REQUIRED');
    await ws.call('auth.logout');
  }, 90_000);
});
