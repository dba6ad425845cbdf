import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store/db';
import { readKeyring, findEntry, unwrapKey } from '../../../main/store/keyring';
import { upsertDetections } from '../../../main/store/repos/detections';
import {
  ADMIN_PASSWORD,
  INVESTIGATOR_PASSWORD,
  auditRecords,
  setupArgs,
  withInvestigator,
  workstation,
  type Workstation,
  storeKey,
} from '../../support/workstation';
import { upsertCameras } from '../../../main/store/repos/cameras';

const GOOD_PURPOSE = {
  numberKind: 'case' as const,
  number: '26-004512',
  purposeId: 'canvass_major_crime',
  description:
    'Shooting at El Camino Real and San Antonio Rd on 2026-11-21 about 23:40; canvass for the suspect vehicle',
};

describe('first run and accounts', () => {
  let ws: Workstation;
  beforeEach(() => {
    ws = workstation();
  });
  afterEach(() => ws.dispose());

  it('creates the agency and its first administrator, signed in', async () => {
    expect((await ws.call('app.state')).setUp).toBe(false);
    const session = await ws.call('setup.create', setupArgs());
    expect(session.roles).toContain('administrator');
    expect(session.agencyName).toBe('Los Altos Police Department');
    expect(session.training.current).toBe(true);
    expect(session.training.expiresOn).toBe('2027-03-01');
    expect((await ws.call('app.state')).setUp).toBe(true);
  });

  it('refuses a second setup', async () => {
    await ws.call('setup.create', setupArgs());
    expect((await ws.refused('setup.create', setupArgs())).code).toBe('ALREADY_SET_UP');
  });

  it('refuses a job classification the policy does not allow', async () => {
    const args = setupArgs();
    args.admin.classification = 'volunteer';
    const err = await ws.refused('setup.create', args);
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toMatch(/Sworn police officer/);
    expect((await ws.call('app.state')).setUp).toBe(false);
  });

  it('refuses a short password with the rule', async () => {
    const args = setupArgs();
    args.admin.password = 'short';
    expect((await ws.refused('setup.create', args)).message).toMatch(/at least 12 characters/);
  });

  it('signs an investigator in with individual credentials and keeps administrator tools from them', async () => {
    await withInvestigator(ws);
    const s = await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
    expect(s.roles).toEqual(['investigator']);
    const err = await ws.refused('users.list');
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toMatch(/ALPR administrator role/);
  });

  it('gives a clear message for a wrong password and the same one for an unknown user', async () => {
    await withInvestigator(ws);
    const wrong = await ws.refused('auth.login', { username: 'det.chen', password: 'not the password' });
    expect(wrong.code).toBe('WRONG_PASSWORD');
    expect(wrong.message).toMatch(/incorrect\. 4 attempts left/);
    const unknown = await ws.refused('auth.login', { username: 'nobody', password: 'not the password' });
    expect(unknown.code).toBe('WRONG_PASSWORD');
  });

  it('locks an account after five failed attempts until an administrator unlocks it', async () => {
    const invId = await withInvestigator(ws);
    for (let i = 0; i < 4; i++) await ws.refused('auth.login', { username: 'det.chen', password: `wrong ${i}` });
    const fifth = await ws.refused('auth.login', { username: 'det.chen', password: 'wrong 5' });
    expect(fifth.code).toBe('ACCOUNT_LOCKED');
    // Even the right password is refused now.
    expect((await ws.refused('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD })).code).toBe(
      'ACCOUNT_LOCKED',
    );

    await ws.call('auth.login', { username: 'admin.rivera', password: ADMIN_PASSWORD });
    const listed = (await ws.call('users.list')).find((u) => u.id === invId)!;
    expect(listed.lockedOut).toBe(true);
    await ws.call('users.unlock', { userId: invId });
    const records = await auditRecords(ws);
    expect(records.filter((r) => r.action === 'auth.login_failed' && r.username === 'det.chen')).toHaveLength(5);
    expect(records.some((r) => r.action === 'auth.lockout' && r.username === 'det.chen')).toBe(true);
    expect(records.some((r) => r.action === 'users.unlock')).toBe(true);
    await ws.call('auth.logout');
    await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
  });

  it('disabling a user removes their key: they cannot sign in, and re-enabling sets a new password', async () => {
    const invId = await withInvestigator(ws);
    await ws.call('auth.login', { username: 'admin.rivera', password: ADMIN_PASSWORD });
    await ws.call('users.disable', { userId: invId, reason: 'Transferred to another division' });
    expect(findEntry(readKeyring(`${ws.dir}/keyring.json`), 'det.chen')).toBeUndefined();
    await ws.call('auth.logout');
    expect((await ws.refused('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD })).code).toBe(
      'WRONG_PASSWORD',
    );
    await ws.call('auth.login', { username: 'admin.rivera', password: ADMIN_PASSWORD });
    await ws.call('users.enable', { userId: invId, password: 'a brand new passphrase' });
    await ws.call('auth.logout');
    await ws.call('auth.login', { username: 'det.chen', password: 'a brand new passphrase' });
  });

  it('will not disable the last administrator', async () => {
    const s = await ws.call('setup.create', setupArgs());
    expect((await ws.refused('users.disable', { userId: s.userId, reason: 'testing' })).code).toBe('CONFLICT');
  });

  it('never writes a password or the store key to disk in the clear', async () => {
    await withInvestigator(ws);
    await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
    await ws.call('auth.changePassword', { current: INVESTIGATOR_PASSWORD, next: 'another good passphrase' });
    await ws.refused('auth.login', { username: 'admin.rivera', password: 'a wrong guess here' });
    const ring = readKeyring(`${ws.dir}/keyring.json`);
    const key = (await unwrapKey(ring, findEntry(ring, 'det.chen')!, 'another good passphrase'))!;
    const secrets: Buffer[] = [
      ADMIN_PASSWORD,
      INVESTIGATOR_PASSWORD,
      'another good passphrase',
      'a wrong guess here',
    ].map((p) => Buffer.from(p, 'utf8'));
    secrets.push(key, Buffer.from(key.toString('hex'), 'utf8'), Buffer.from(key.toString('base64'), 'utf8'));
    for (const file of readdirSync(ws.dir, { recursive: true }) as string[]) {
      const path = join(ws.dir, file);
      if (!statSync(path).isFile()) continue;
      const bytes = readFileSync(path);
      for (const secret of secrets) expect(bytes.includes(secret), `${file} holds a secret`).toBe(false);
    }
  });

  it('changing a password re-wraps the store key under the new password only', async () => {
    await withInvestigator(ws);
    await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
    await ws.call('auth.changePassword', { current: INVESTIGATOR_PASSWORD, next: 'another good passphrase' });
    const ring = readKeyring(`${ws.dir}/keyring.json`);
    const entry = findEntry(ring, 'det.chen')!;
    expect(await unwrapKey(ring, entry, INVESTIGATOR_PASSWORD)).toBeNull();
    expect(await unwrapKey(ring, entry, 'another good passphrase')).not.toBeNull();
  });

  it('locks an idle session, keeps it, and needs the password again', async () => {
    await withInvestigator(ws);
    await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
    await ws.call('purposes.open', GOOD_PURPOSE);
    ws.clock.advanceMinutes(16);
    expect((await ws.refused('purposes.recent')).code).toBe('LOCKED');
    const state = await ws.call('app.state');
    expect(state.session?.locked).toBe(true);
    expect((await ws.refused('auth.unlock', { password: 'wrong one here' })).code).toBe('WRONG_PASSWORD');
    const s = await ws.call('auth.unlock', { password: INVESTIGATOR_PASSWORD });
    expect(s.locked).toBe(false);
    expect(s.purpose?.number).toBe('26-004512');
  });
});

describe('the purpose gate', () => {
  let ws: Workstation;
  beforeEach(async () => {
    ws = workstation();
    await withInvestigator(ws);
    const db = openStore(`${ws.dir}/seed.db`, Buffer.alloc(32, 1));
    db.close();
  });
  afterEach(() => ws.dispose());

  async function seedDetections() {
    // Seed through the store with the real key, as sync would.
    const key = await storeKey(ws);
    ws.api.close();
    const db = openStore(`${ws.dir}/canvass.db`, key);
    upsertCameras(db, [
      {
        id: 'cam-1',
        name: 'El Camino Real & San Antonio Rd NB',
        kind: 'fixed',
        lat: 37.401,
        lon: -122.112,
        heading: 'N',
        version: 1,
      },
    ]);
    const t = Date.parse('2026-11-21T23:45:00Z');
    upsertDetections(
      db,
      ['7ABC123', '7ABC124', '8XYZ999'].map((plate, i) => ({
        id: i + 1,
        plate,
        state: 'CA',
        seenAt: t + i * 1000,
        lat: 37.401,
        lon: -122.112,
        cameraId: 'cam-1',
        heading: 'N',
        make: 'Honda',
        model: 'Civic',
        color: 'silver',
        body: 'sedan',
        features: 1,
        confidence: 0.93,
        plateImage: null,
        overviewImage: null,
        version: 1,
      })),
    );
    db.close();
    ws.reopen();
  }

  it('refuses a search without an open purpose, and records the refusal', async () => {
    await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
    const err = await ws.refused('detections.search', { plate: '7ABC123' });
    expect(err.code).toBe('PURPOSE_REQUIRED');
    expect(err.message).toMatch(/Open a purpose first/);
  });

  it('does not open ALPR data to administration alone: an administrator who investigates holds that role too', async () => {
    await ws.call('auth.login', { username: 'admin.rivera', password: ADMIN_PASSWORD });
    const err = await ws.refused('purposes.open', GOOD_PURPOSE);
    expect(err.code).toBe('FORBIDDEN');
    expect((await ws.refused('detections.search', { plate: '7ABC123' })).code).toBe('FORBIDDEN');
    const me = (await ws.call('users.list')).find((u) => u.username === 'admin.rivera')!;
    await ws.call('users.setRoles', { userId: me.id, roles: ['administrator', 'investigator'] });
    await ws.call('purposes.open', GOOD_PURPOSE);
    expect((await ws.call('detections.search', { plate: '7ABC123' })).rows).toEqual([]);
  });

  it('refuses a purpose a reviewer could not tie to an incident', async () => {
    await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
    const generic = await ws.refused('purposes.open', {
      numberKind: null,
      number: null,
      purposeId: 'criminal_investigation',
      description: 'investigation',
    });
    expect(generic.code).toBe('PURPOSE_REJECTED');
    const vague = await ws.refused('purposes.open', {
      numberKind: 'case',
      number: '26-1234',
      purposeId: 'criminal_investigation',
      description: 'general follow up on vehicle',
    });
    expect(vague.message).toMatch(/too generic/);
    const notAuthorized = await ws.refused('purposes.open', { ...GOOD_PURPOSE, purposeId: 'immigration_enforcement' });
    expect(notAuthorized.message).toMatch(/authorized purposes/);
    // Los Altos asks for the case or incident number on every inquiry (462.6(e)): a description alone is refused.
    const numberless = await ws.refused('purposes.open', {
      numberKind: null,
      number: null,
      purposeId: 'missing_person',
      description: 'AMBER alert for a 6-year-old taken from Grant Park, Los Altos, at 15:10 today in a blue minivan',
    });
    expect(numberless).toEqual({
      code: 'PURPOSE_REJECTED',
      message:
        'Your agency’s policy (§ 462.6(e)) requires the case or incident number with every inquiry, and the reason. Enter the number.',
    });
    const p = await ws.call('purposes.open', {
      numberKind: 'incident',
      number: 'LA-2026-118842',
      purposeId: 'missing_person',
      description: 'AMBER alert for a 6-year-old taken from Grant Park, Los Altos, at 15:10 today in a blue minivan',
    });
    expect(p.purposeLabel).toMatch(/missing/i);
  });

  it('records every search with the Civil Code § 1798.90.52 fields: when, who, agency, what and why', async () => {
    await seedDetections();
    await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
    await ws.call('purposes.open', GOOD_PURPOSE);
    const result = await ws.call('detections.search', { plate: '7ABC*' });
    expect(result.rows.map((r) => r.plate).sort()).toEqual(['7ABC123', '7ABC124']);
    expect(result.rows[0]!.cameraName).toMatch(/El Camino/);
    await ws.call('detections.get', { id: 1 });
    await ws.call('auth.logout');
    await ws.call('auth.login', { username: 'admin.rivera', password: ADMIN_PASSWORD });
    const records = await auditRecords(ws);
    const search = records.find((r) => r.action === 'detections.search')!;
    expect(search.at).toBe('2026-11-22T09:00:00.000Z');
    expect(search.username).toBe('det.chen');
    expect(search.agency).toBe('Los Altos Police Department');
    expect(search.purpose).toMatchObject({ number: '26-004512', purposeId: 'canvass_major_crime' });
    expect(search.data).toMatchObject({ query: { plate: '7ABC*' }, resultCount: 2 });
    const view = records.find((r) => r.action === 'detections.view')!;
    expect(view.data).toEqual({ detectionIds: [1] });
    const verdict = await ws.call('audit.verify');
    expect(verdict.ok).toBe(true);
  });

  it('blocks ALPR data when training is older than the policy allows, saying when it expired and who can fix it', async () => {
    await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
    await ws.call('purposes.open', GOOD_PURPOSE);
    ws.clock.advanceDays(220); // training of 2026-06-15 + one year expires on 2027-06-15
    await ws.call('session.activity').catch(() => undefined);
    await ws.call('auth.logout').catch(() => undefined);
    ws.reopen();
    const s = await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
    expect(s.training).toEqual({
      current: false,
      lastCompletedOn: '2026-06-15',
      expiresOn: '2027-06-15',
      missingTopics: [],
    });
    const err = await ws.refused('purposes.open', GOOD_PURPOSE);
    expect(err.code).toBe('TRAINING_REQUIRED');
    expect(err.message).toBe(
      'Your ALPR training expired on 2027-06-15 — ask the ALPR administrator to record your refresher.',
    );
    expect((await ws.refused('detections.search', { plate: '7ABC123' })).code).toBe('TRAINING_REQUIRED');
  });

  it('audits policy changes with what changed', async () => {
    await ws.call('auth.login', { username: 'admin.rivera', password: ADMIN_PASSWORD });
    const { profile } = await ws.call('policy.get');
    await ws.call('policy.update', { profile: { ...profile, security: { ...profile.security, maxFailedLogins: 3 } } });
    const rec = (await auditRecords(ws)).find((r) => r.action === 'policy.update')!;
    expect(rec.data).toMatchObject({
      changes: expect.arrayContaining([
        { path: 'security.maxFailedLogins', from: 5, to: 3 },
        { path: 'security.cite.kind', from: 'default', to: 'agency' },
      ]),
    });
    // The changed value no longer claims the product's default: it is the administrator's setting, with who and when.
    const after = (await ws.call('policy.get')).profile.security.cite;
    expect(after).toEqual({
      kind: 'agency',
      note: expect.stringMatching(
        /^Set by Sgt\. Ana Rivera \(admin\.rivera\) on 2026-11-22\. Before, the product’s default\.$/,
      ),
    });
    expect(readKeyring(`${ws.dir}/keyring.json`).lockoutAfter).toBe(3);
    const bad = await ws.refused('policy.update', {
      profile: {
        ...profile,
        training: { ...profile.training, validity: { ...profile.training.validity, period: { days: -1 } } },
      },
    });
    expect(bad.code).toBe('INVALID_ARGUMENT');
    expect(bad.message).toMatch(/\(profile\.training\.validity\.period\.days\)$/);
  });
});
