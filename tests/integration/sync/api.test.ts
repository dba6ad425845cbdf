import { keptDays } from '../../../main/core/retention/schedule';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncFinishedInfo, SyncProgressInfo } from '../../../preload/contract';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../../main/store/db';
import { enrollmentPath, firstSignInWithServer, readEnrollment } from '../../../main/services/sync/enrollment';
import { findEntry, readKeyring } from '../../../main/store/keyring';
import { ADMIN_PASSWORD, setupArgs, workstation, type Workstation } from '../../support/workstation';
import { startTestAgency, type TestAgency } from '../../agency/testing';

describe('sync through the contract', () => {
  let ag: TestAgency;
  let ws: Workstation;
  const serverPassword = (u: string) => ag.dataset.users.find((x) => x.data.username === u)!.password;

  beforeAll(async () => {
    ag = await startTestAgency({ detections: 3000, seed: 31, images: 'evidence' });
    ws = workstation();
    const args = setupArgs();
    // The first administrator has the same username on the agency server: enrollment links the two.
    await ws.call('setup.create', { ...args, admin: { ...args.admin, username: 'admin.ramirez' } });
  });
  afterAll(async () => {
    ws.dispose();
    await ag.close().catch(() => undefined);
  });

  it('refuses to sync a workstation that was never enrolled', async () => {
    expect(await ws.call('sync.status')).toMatchObject({ enrolled: false, running: false, lastRun: null });
    const err = await ws.refused('sync.start', {});
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/not enrolled/);
  });

  it('refuses plain HTTP to another computer at enrollment', async () => {
    const err = await ws.refused('sync.enroll', {
      serverUrl: 'http://alpr.smpd.example.org',
      username: 'admin.ramirez',
      password: 'x',
      name: 'Laptop 3',
    });
    expect(err.message).toMatch(/HTTPS/);
  });

  it('an administrator enrolls the workstation, then a sync runs on the worker and reports progress', async () => {
    const enrolled = await ws.call('sync.enroll', {
      serverUrl: ag.url,
      username: 'admin.ramirez',
      password: serverPassword('admin.ramirez'),
      name: 'Detective bureau laptop 3',
    });
    expect(enrolled.workstationId).toMatch(/^ws-/);
    const progress: SyncProgressInfo[] = [];
    const offProgress = ws.api.on('sync.progress', (p) => progress.push(p));
    const finished = new Promise<SyncFinishedInfo>((resolve) => {
      const off = ws.api.on('sync.finished', (f) => {
        off();
        resolve(f);
      });
    });
    expect(await ws.call('sync.start', { password: serverPassword('admin.ramirez') })).toEqual({ started: true });
    expect((await ws.refused('sync.start', {})).code).toBe('CONFLICT');
    const done = await finished;
    offProgress();
    expect(done.outcome).toBe('ok');
    expect(progress.at(-1)?.status).toBe('finished');

    const status = await ws.call('sync.status');
    expect(status).toMatchObject({
      enrolled: true,
      running: false,
      quarantined: 0,
      lastRun: { outcome: 'ok', username: 'admin.ramirez' },
    });
    expect(status.cursors.find((c) => c.feed === 'detections')?.records).toBe(3000);
    // Users and training came from the server; the local administrator was linked, not duplicated.
    const users = await ws.call('users.list');
    expect(users.map((u) => u.username).sort()).toEqual(ag.dataset.users.map((u) => u.data.username).sort());
    const policy = await ws.call('policy.get');
    expect(policy.agencyName).toBe('San Mateo Police Department (synthetic)');
    // Enrollment and the sync are in the access log.
    const actions = (await ws.call('audit.list', { limit: 50 })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['sync.enroll', 'sync.run']));
    expect(await ws.call('sync.quarantine')).toEqual([]);
  });

  it("the administrator sets the window, never beyond the policy's retention", async () => {
    // The policy keeps detections a calendar year at most: the window reaches back less than that.
    const max = keptDays((await ws.call('policy.get')).profile, 'detection', ws.clock.now)!;
    expect(max).toBeGreaterThanOrEqual(364);
    expect(max).toBeLessThanOrEqual(365);
    const err = await ws.refused('sync.setWindow', { days: max + 1 });
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect((await ws.call('sync.setWindow', { days: 30 })).windowDays).toBe(30);
    expect((await ws.call('audit.list', { limit: 5 })).map((a) => a.action)).toContain('sync.window');
  });

  it('a second sync reuses the server session without the password', async () => {
    const finished = new Promise<SyncFinishedInfo>((resolve) => {
      const off = ws.api.on('sync.finished', (f) => {
        off();
        resolve(f);
      });
    });
    await ws.call('sync.start', {});
    expect((await finished).outcome).toBe('ok');
  });

  it("a server user's first sign-in here is vouched for by the server, which releases the store key", async () => {
    const storePath = join(ws.dir, 'canvass.db');
    expect(statSync(enrollmentPath(storePath)).mode & 0o777).toBe(0o600);
    const enrollment = readEnrollment(storePath)!;
    const { dataKey, session } = await firstSignInWithServer(enrollment, 'det.alvarez', serverPassword('det.alvarez'));
    expect(session.user).toMatchObject({ username: 'det.alvarez', roles: ['investigator'] });
    // The released key opens this workstation's store: the auth service wraps it under the user's password next.
    const db = openStore(storePath, dataKey, { migrate: false });
    expect(
      (
        db.prepare("SELECT count(*) AS n FROM users WHERE username = 'det.alvarez' AND disabled_at IS NULL").get() as {
          n: number;
        }
      ).n,
    ).toBe(1);
    db.close();
    await expect(firstSignInWithServer(enrollment, 'det.alvarez', 'wrong password')).rejects.toMatchObject({
      code: 'WRONG_PASSWORD',
    });
    await expect(firstSignInWithServer(enrollment, 'det.baker', serverPassword('det.baker'))).rejects.toMatchObject({
      code: 'TRAINING_REQUIRED',
    });
    await expect(firstSignInWithServer(enrollment, 'ofc.nguyen', serverPassword('ofc.nguyen'))).rejects.toMatchObject({
      code: 'ACCOUNT_DISABLED',
    });
  });

  it('refuses local account changes once the agency server manages the accounts', async () => {
    const err = await ws.refused('users.create', {
      username: 'local.only',
      fullName: 'Local Only',
      badgeId: '9',
      classification: 'sworn_officer',
      roles: ['investigator'],
      password: 'a long local password',
    });
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/managed by the agency server/);
  });

  it('a server user signs in here for the first time through the server, and later without it', async () => {
    const ringPath = join(ws.dir, 'keyring.json');
    await ws.call('auth.logout');
    expect(findEntry(readKeyring(ringPath), 'det.alvarez')).toBeUndefined();
    expect((await ws.refused('auth.login', { username: 'det.alvarez', password: 'wrong password' })).code).toBe(
      'WRONG_PASSWORD',
    );
    const s = await ws.call('auth.login', { username: 'det.alvarez', password: serverPassword('det.alvarez') });
    expect(s.roles).toEqual(['investigator']);
    expect(findEntry(readKeyring(ringPath), 'det.alvarez')).toBeDefined();
    await ws.call('auth.logout');
    expect(
      (await ws.refused('auth.login', { username: 'det.baker', password: serverPassword('det.baker') })).code,
    ).toBe('TRAINING_REQUIRED');

    // Disabled on the server: the next sync removes the local key wrap and ends the session.
    await ws.call('auth.login', { username: 'det.alvarez', password: serverPassword('det.alvarez') });
    await ws.call('auth.logout');
    // The administrator who set the workstation up keeps the local password their key was wrapped with.
    await ws.call('auth.login', { username: 'admin.ramirez', password: ADMIN_PASSWORD });
    ag.server.updateUser('det.alvarez', { disabled: true });
    const finished = new Promise<SyncFinishedInfo>((resolve) => {
      const off = ws.api.on('sync.finished', (f) => {
        off();
        resolve(f);
      });
    });
    await ws.call('sync.start', { password: serverPassword('admin.ramirez') });
    expect((await finished).outcome).toBe('ok');
    expect(findEntry(readKeyring(ringPath), 'det.alvarez')).toBeUndefined();
    await ws.call('auth.logout');
    ag.server.updateUser('det.alvarez', { disabled: false });

    // Offline: with the server gone, someone who holds a key wrap here still signs in; a user whose wrap
    // was removed needs the server again and is told it cannot be reached.
    await ag.close();
    const again = await ws.call('auth.login', { username: 'admin.ramirez', password: ADMIN_PASSWORD });
    expect(again.username).toBe('admin.ramirez');
    await ws.call('auth.logout');
    const offline = await ws.refused('auth.login', {
      username: 'det.alvarez',
      password: serverPassword('det.alvarez'),
    });
    expect(offline.message).toMatch(/Cannot reach the agency server/);
  });
});
