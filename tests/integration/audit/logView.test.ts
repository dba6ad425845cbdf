import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../main/core/audit/chain';
import { openStore } from '../../../main/store/db';
import { iterateAudit } from '../../../main/store/repos/audit';
import { upsertCameras } from '../../../main/store/repos/cameras';
import { upsertDetections } from '../../../main/store/repos/detections';
import { CAMERAS, detectionBatch } from '../../support/detectionsFixture';
import {
  ADMIN_PASSWORD,
  INVESTIGATOR_PASSWORD,
  seedStore,
  setupArgs,
  SHOOTING_PURPOSE,
  withInvestigator,
  workstation,
  type Workstation,
} from '../../support/workstation';

/**
 * Viewing the access log is itself logged, and the ALPR data elements in it (plates, patterns, detection ids)
 * are shown only to someone who reviews the log acting under a purpose of their own: not to an
 * administrator-only account, not to a custodian with no purpose open. Cameras and the pickers' vocabulary are
 * reference data: no purpose, no record, and nothing in them names a vehicle, a time or a place it was seen.
 */
const PURPOSE = SHOOTING_PURPOSE;
const AUDIT = {
  ...PURPOSE,
  number: '26-A-0007',
  description: 'Semi-annual audit of browsing inquiries (sample of 10)',
};
const CUSTODIAN_PASSWORD = 'records custodian passphrase';

let ws: Workstation;
let key: Buffer;
let plates: string[];

beforeAll(async () => {
  ws = workstation();
  await withInvestigator(ws);
  const rows = detectionBatch(77, 1, 40);
  key = await seedStore(ws, (db) => {
    upsertCameras(db, CAMERAS);
    upsertDetections(db, rows);
  });
  plates = rows.map((r) => r.plate);
  await ws.call('auth.login', { username: setupArgs().admin.username, password: ADMIN_PASSWORD });
  const rc = await ws.call('users.create', {
    username: 'rc.okafor',
    fullName: 'Daniel Okafor',
    badgeId: 'R-7',
    classification: 'sworn_officer',
    roles: ['records_custodian'],
    password: CUSTODIAN_PASSWORD,
  });
  await ws.call('training.record', {
    userId: rc.id,
    course: 'ALPR Operator (POST 2024)',
    completedOn: '2026-06-15',
    instructor: 'Lt. K. Osei',
  });
  await ws.call('auth.logout');
  await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
  await ws.call('purposes.open', PURPOSE);
  await ws.call('detections.search', { plate: 'QZ*' });
  await ws.call('detections.get', { id: 3 });
  await ws.call('auth.logout');
}, 60_000);
afterAll(() => ws.dispose());

function records(): AuditRecord[] {
  const db = openStore(join(ws.dir, 'canvass.db'), key, { migrate: false });
  try {
    return [...iterateAudit(db)].map((l) => JSON.parse(l.body) as AuditRecord);
  } finally {
    db.close();
  }
}

/** A plate, or the pattern the investigator searched. */
const showsAPlate = (text: string) => text.includes('QZ*') || plates.some((p) => text.includes(p));

describe('the access log view', () => {
  it('hides plates and detection ids from an administrator-only account, and records the viewing', async () => {
    await ws.call('auth.login', { username: setupArgs().admin.username, password: ADMIN_PASSWORD });
    const entries = await ws.call('audit.list', { limit: 200 });
    await ws.call('auth.logout');
    const search = entries.find((e) => e.action === 'detections.search')!;
    expect(search.redacted).toBe(true);
    expect(JSON.parse(search.data)).toEqual({ resultCount: 40, hidden: ['detectionIds', 'query'] });
    expect(entries.find((e) => e.action === 'detections.view')).toMatchObject({ redacted: true });
    expect(entries.some((e) => showsAPlate(e.data) || /"detectionIds"\s*:\s*\[/.test(e.data))).toBe(false);
    // Administration stays readable: who was created, with which roles.
    expect(entries.find((e) => e.action === 'users.create')).toMatchObject({ redacted: false });

    const viewed = records().filter((r) => r.action === 'audit.list');
    expect(viewed).toHaveLength(1);
    expect(viewed[0]).toMatchObject({
      username: 'admin.rivera',
      purpose: null,
      data: { count: entries.length, toSeq: entries[0]!.seq, fromSeq: entries.at(-1)!.seq, alprDataShown: false },
    });
  });

  it('shows them to a records custodian acting under a purpose, and the record says so', async () => {
    await ws.call('auth.login', { username: 'rc.okafor', password: CUSTODIAN_PASSWORD });
    const closed = await ws.call('audit.list', { limit: 200 });
    expect(closed.find((e) => e.action === 'detections.search')?.redacted).toBe(true);
    await ws.call('purposes.open', AUDIT);
    const open = await ws.call('audit.list', { limit: 200 });
    await ws.call('auth.logout');
    const search = open.find((e) => e.action === 'detections.search')!;
    expect(search.redacted).toBe(false);
    expect(JSON.parse(search.data)).toMatchObject({ query: { plate: 'QZ*' }, resultCount: 40 });
    expect((JSON.parse(search.data) as { detectionIds: number[] }).detectionIds).toHaveLength(40);
    const viewed = records().filter((r) => r.action === 'audit.list' && r.username === 'rc.okafor');
    expect(viewed.map((v) => v.data.alprDataShown)).toEqual([false, true]);
    expect(viewed[1]!.purpose).toMatchObject({ number: '26-A-0007' });
  });
});

describe('reference data: cameras and the vocabulary', () => {
  it('need no purpose, write no record, and name no vehicle, time or place seen', async () => {
    await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
    const before = records().length;
    const cameras = await ws.call('cameras.list');
    const vocabulary = await ws.call('search.vocabulary');
    const after = records();
    await ws.call('auth.logout');
    expect(cameras.map((c) => c.id).sort()).toEqual(CAMERAS.map((c) => c.id).sort());
    expect(after.length).toBe(before);
    const text = JSON.stringify({ cameras, vocabulary });
    expect(showsAPlate(text)).toBe(false);
    expect(text).not.toMatch(/seenAt|detectionId|"id":\d/);
    expect(text).not.toMatch(/20\d\d-\d\d-\d\dT/);
  });
});
