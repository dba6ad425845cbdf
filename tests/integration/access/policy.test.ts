import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store/db';
import {
  ADMIN_PASSWORD,
  INVESTIGATOR_PASSWORD,
  addInvestigator,
  auditRecords,
  setupArgs,
  storeKey,
  workstation,
  type Workstation,
} from '../../support/workstation';

const CANVASS = {
  purposeId: 'canvass_major_crime',
  description: 'Shooting at El Camino Real and San Antonio Rd on 2026-11-21 about 23:40; canvass for a grey sedan',
};

/** A workstation on `profileId` with its administrator and one trained investigator (det.chen), nobody signed in. */
async function agencyOn(profileId: string): Promise<Workstation> {
  const ws = workstation();
  await ws.call('setup.create', setupArgs({ profileId }));
  await addInvestigator(ws, { username: 'det.chen', fullName: 'Det. Mei Chen', badgeId: '5120' });
  await ws.call('auth.logout');
  return ws;
}

const signIn = (ws: Workstation, who: 'admin' | 'investigator') =>
  who === 'admin'
    ? ws.call('auth.login', { username: 'admin.rivera', password: ADMIN_PASSWORD })
    : ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });

describe('the number a purpose carries, as each policy asks', () => {
  const open: Workstation[] = [];
  afterEach(() => open.splice(0).forEach((w) => w.dispose()));

  it('refuses a numberless purpose under Los Altos (462.6(e)) and accepts the same one under Daly City (457.6(d))', async () => {
    const losAltos = await agencyOn('los-altos-pd');
    const dalyCity = await agencyOn('daly-city-pd');
    open.push(losAltos, dalyCity);
    const numberless = { numberKind: null, number: null, ...CANVASS };

    await signIn(losAltos, 'investigator');
    expect(await losAltos.call('purposes.options')).toMatchObject({
      numberKinds: ['case', 'incident'],
      numberRequired: true,
      rule: '§ 462.6(e)',
    });
    expect(await losAltos.refused('purposes.open', numberless)).toEqual({
      code: 'PURPOSE_REJECTED',
      message:
        'Your agency’s policy (§ 462.6(e)) requires the case or incident number with every inquiry, and the reason. Enter the number.',
    });
    expect((await losAltos.refused('detections.search', { plate: '7ABC123' })).code).toBe('PURPOSE_REQUIRED');
    await losAltos.call('auth.logout');
    await signIn(losAltos, 'admin');
    const refusal = (await auditRecords(losAltos)).findLast((r) => r.action === 'purposes.open')!;
    expect(refusal).toMatchObject({
      username: 'det.chen',
      outcome: 'denied',
      data: { number: null, purposeId: 'canvass_major_crime' },
    });

    await signIn(dalyCity, 'investigator');
    expect(await dalyCity.call('purposes.options')).toMatchObject({
      numberKinds: ['case', 'call', 'warrant'],
      numberRequired: false,
      rule: '§ 457.6(d)',
    });
    const opened = await dalyCity.call('purposes.open', numberless);
    expect(opened).toMatchObject({ number: null, numberKind: null, purposeId: 'canvass_major_crime' });
    expect((await dalyCity.call('detections.search', { plate: '7ABC123' })).rows).toEqual([]);
    // Daly City names case, call or warrant numbers: an incident number is not one of them.
    const incident = await dalyCity.refused('purposes.open', {
      ...numberless,
      numberKind: 'incident',
      number: 'DC-26-1180',
    });
    expect(incident.message).toMatch(/names case, call or warrant numbers for an inquiry, not incident numbers/);
  });
});

describe('training that covers what the policy lists (Hayward 429.4(c))', () => {
  let ws: Workstation;
  afterEach(() => ws.dispose());

  it('refuses ALPR data to a person whose training missed a required topic, until a course covers it', async () => {
    ws = workstation();
    await ws.call('setup.create', setupArgs({ name: 'Hayward Police Department', profileId: 'hayward-pd' }));
    const inv = await ws.call('users.create', {
      username: 'det.chen',
      fullName: 'Det. Mei Chen',
      badgeId: '5120',
      classification: 'crime_analyst',
      roles: ['investigator'],
      password: INVESTIGATOR_PASSWORD,
    });
    const course = { course: 'HPD ALPR user course', completedOn: '2026-06-15', instructor: 'Lt. K. Osei' };
    const unknown = await ws.refused('training.record', {
      userId: inv.id,
      ...course,
      topics: ['memoranda_of_understanding'],
    });
    expect(unknown.message).toMatch(
      /Hayward Police Department's policy lists no training topic “memoranda_of_understanding”/,
    );
    const recorded = await ws.call('training.record', {
      userId: inv.id,
      ...course,
      topics: ['privacy_civil_liberties', 'legal_authorities', 'current_policy', 'security_measures'],
    });
    expect(recorded.topics).toEqual([
      'privacy_civil_liberties',
      'legal_authorities',
      'current_policy',
      'security_measures',
    ]);
    const listed = (await ws.call('users.list')).find((u) => u.id === inv.id)!;
    expect(listed.training).toMatchObject({
      current: false,
      missingTopics: ['Practical exercises in the use of the ALPR system'],
    });
    await ws.call('auth.logout');

    await signIn(ws, 'investigator');
    const refused = await ws.refused('purposes.open', { numberKind: 'case', number: '26-004512', ...CANVASS });
    expect(refused).toEqual({
      code: 'TRAINING_REQUIRED',
      message:
        'Your recorded ALPR training does not cover what the policy requires: Practical exercises in the use of the ALPR system. Ask the ALPR administrator to record training that covers it.',
    });
    expect((await ws.refused('detections.search', { plate: '7ABC123' })).code).toBe('TRAINING_REQUIRED');
    await ws.call('auth.logout');

    await signIn(ws, 'admin');
    await ws.call('training.record', {
      userId: inv.id,
      course: 'HPD ALPR practical exercises',
      completedOn: '2026-07-01',
      instructor: 'Sgt. R. Okafor',
      topics: ['practical_exercises'],
    });
    const history = await ws.call('training.list', { userId: inv.id });
    expect(history.map((t) => t.topics)).toEqual([
      ['practical_exercises'],
      ['privacy_civil_liberties', 'legal_authorities', 'current_policy', 'security_measures'],
    ]);
    await ws.call('auth.logout');
    const s = await signIn(ws, 'investigator');
    // Current until the oldest covered topic runs out: a year from the first course.
    expect(s.training).toEqual({
      current: true,
      lastCompletedOn: '2026-07-01',
      expiresOn: '2027-06-15',
      missingTopics: [],
    });
    await ws.call('purposes.open', { numberKind: 'case', number: '26-004512', ...CANVASS });
  });
});

describe('the ALPR Administrator’s designee', () => {
  let ws: Workstation;
  afterEach(() => ws.dispose());

  it('records who oversees the ALPR operation and since when; each change is in the access log with who it replaced', async () => {
    ws = await agencyOn('modesto-pd');
    await signIn(ws, 'admin');
    const before = await ws.call('policy.get');
    expect(before.designee).toBeNull();
    expect(before.profile.designee.record).toBe('title_and_name'); // 462.3.1(e)
    expect(before.profile.administrator.title).toBe('Operations Division Commander or authorized designee');

    await ws.call('policy.setDesignee', {
      title: 'Operations Division Commander',
      name: 'Capt. L. Moreno',
      since: '2026-01-05',
    });
    const now = await ws.call('policy.setDesignee', {
      title: 'Operations Lieutenant',
      name: 'Lt. D. Park',
      since: '2026-09-01',
    });
    expect(now.designee).toMatchObject({
      title: 'Operations Lieutenant',
      name: 'Lt. D. Park',
      since: '2026-09-01',
      recordedBy: 'admin.rivera',
    });
    expect(now.designees.map((d) => d.name)).toEqual(['Lt. D. Park', 'Capt. L. Moreno']);
    const change = (await auditRecords(ws)).findLast((r) => r.action === 'policy.designee')!;
    expect(change).toMatchObject({
      username: 'admin.rivera',
      data: {
        title: 'Operations Lieutenant',
        name: 'Lt. D. Park',
        since: '2026-09-01',
        replaced: { title: 'Operations Division Commander', name: 'Capt. L. Moreno', since: '2026-01-05' },
      },
    });

    const future = await ws.refused('policy.setDesignee', { title: 'Captain', name: 'Capt. X', since: '2027-01-01' });
    expect(future.message).toMatch(/cannot be in the future/);
    await ws.call('auth.logout');
    await signIn(ws, 'investigator');
    expect((await ws.call('policy.get')).designee?.name).toBe('Lt. D. Park');
    expect(
      (await ws.refused('policy.setDesignee', { title: 'Captain', name: 'Capt. X', since: '2026-10-01' })).code,
    ).toBe('FORBIDDEN');
  });
});

describe('the administrator edits the policy within the law’s bounds', () => {
  let ws: Workstation;
  afterEach(() => ws.dispose());

  it('refuses an edit that breaks the law, and re-cites a value it changes as the administrator’s setting', async () => {
    ws = await agencyOn('los-altos-pd');
    await signIn(ws, 'admin');
    const { profile } = await ws.call('policy.get');
    const immigration = await ws.refused('policy.update', {
      profile: {
        ...profile,
        sharing: {
          ...profile.sharing,
          immigrationEnforcement: { ...profile.sharing.immigrationEnforcement, prohibited: false },
        },
      },
    });
    expect(immigration).toEqual({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(
        /^California law forbids sharing ALPR data for immigration enforcement \(Gov\. Code § 7284\.6/,
      ),
    });
    const log = await ws.refused('policy.update', {
      profile: {
        ...profile,
        retention: profile.retention.map((r) => (r.data === 'audit_log' ? { ...r, minimum: { years: 1 } } : r)),
      },
    });
    expect(log.message).toMatch(/at least two years \(Gov\. Code § 34090\)/);

    // Tightening the fixed-camera period is the agency's call: the rule now cites the administrator, not § 462.5.
    const edited = await ws.call('policy.update', {
      profile: {
        ...profile,
        retention: profile.retention.map((r) =>
          r.data === 'detection' && r.cameras === 'fixed' ? { ...r, maximum: { days: 14 } } : r,
        ),
      },
    });
    const fixed = edited.profile.retention.find((r) => r.data === 'detection' && r.cameras === 'fixed')!;
    expect(fixed.maximum).toEqual({ days: 14 });
    expect(fixed.cite).toEqual({
      kind: 'agency',
      note: 'Set by Sgt. Ana Rivera (admin.rivera) on 2026-11-22. Before, § 462.5: “The vendor will purge their data at the end of 30 days of storage.”.',
    });
    // Everything else keeps its citation.
    const general = edited.profile.retention.find((r) => r.data === 'detection' && !r.cameras)!;
    expect(general.cite).toMatchObject({ kind: 'policy', section: '462.5' });
  });
});

describe('a profile stored before citations', () => {
  let ws: Workstation;
  afterEach(() => ws.dispose());

  it('becomes the shipped profile of its id when the store opens, keeping the administrator’s own limits, and says so', async () => {
    ws = await agencyOn('oakland-pd');
    const key = await storeKey(ws);
    const db = openStore(join(ws.dir, 'canvass.db'), key);
    const legacy = {
      schemaVersion: 1,
      id: 'oakland-pd',
      agencyName: 'Oakland Police Department',
      timeZone: 'America/Los_Angeles',
      source: 'Oakland Police Department Policy 430',
      retention: { detection: { minDays: 183, maxDays: 183 } },
      training: { validityDays: 300 },
      security: { maxFailedLogins: 3, idleLockMinutes: 10, minPasswordLength: 12 },
    };
    db.prepare('UPDATE agency SET profile_json = ? WHERE id = 1').run(JSON.stringify(legacy));
    db.close();
    ws.reopen();

    await signIn(ws, 'admin');
    const { profile } = await ws.call('policy.get');
    expect(profile.schemaVersion).toBe(2);
    expect(profile.retention.find((r) => r.data === 'detection')).toMatchObject({ maximum: { months: 6 } });
    expect(profile.security).toMatchObject({ maxFailedLogins: 3, idleLockMinutes: 10, cite: { kind: 'agency' } });
    expect(profile.training.validity).toMatchObject({ period: { days: 300 }, cite: { kind: 'agency' } });
    expect(profile.training.topics.required).toHaveLength(9);
    const upgrade = (await auditRecords(ws)).find((r) => r.action === 'policy.upgrade')!;
    expect(upgrade).toMatchObject({
      username: null,
      data: { profile: 'oakland-pd', fromSchema: 1, toSchema: 2, kept: ['security', 'training.validity'] },
    });
    expect(upgrade.data.replacedRetention).toEqual({ detection: { minDays: 183, maxDays: 183 } });
  });
});
