/**
 * The purge on a real SQCipher store through the Api (docs/retention.md): mixed ages under three profiles purge
 * exactly what each profile's rules say (the oracle is schedule.ts's per-record dates, not the purge's cutoffs);
 * held records survive until their hold is released; no plate of a purged detection is left in any page of the
 * database file or its WAL, decrypted with the key; the file shrinks.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PurgeRun } from '../../../preload/contract';
import { ruleFor, retentionDates } from '../../../main/core/retention/schedule';
import { localDate } from '../../../main/core/shared/calendar';
import { openStore } from '../../../main/store/db';
import { shippedProfile } from '../../support/profiles';
import { foundInStore } from '../../support/sqlcipherPages';
import {
  ADMIN_PASSWORD,
  INVESTIGATOR_PASSWORD,
  SHOOTING_PURPOSE,
  addInvestigator,
  seedStore,
  setupArgs,
  workstation,
  type Workstation,
} from '../../support/workstation';
import { agedDetections, bookEvidence, plateOf, seedAged, type Aged } from './fixture';

const open: Workstation[] = [];
afterEach(() => {
  for (const ws of open.splice(0)) ws.dispose();
});

/** What the profile says of one record today: due, or kept (by age, or because its hit is kept longer). */
function dueUnder(profileId: string, now: Date) {
  const profile = shippedProfile(profileId);
  const tz = profile.timeZone;
  const today = localDate(now, tz);
  const isDue = (at: number, rule: ReturnType<typeof ruleFor>) => {
    const purgeOn = retentionDates(new Date(at), rule, tz).purgeOn;
    return purgeOn !== null && purgeOn <= today;
  };
  return (r: Aged) =>
    isDue(r.seenAt, ruleFor(profile, 'detection', { cameras: r.camera })) &&
    (r.hitAt === null || isDue(r.hitAt, ruleFor(profile, 'hit')));
}

async function adminWorkstation(
  profileId: string,
  name: string,
  rows: Aged[],
): Promise<{ ws: Workstation; key: Buffer }> {
  const ws = workstation();
  open.push(ws);
  await ws.call('setup.create', setupArgs({ name, profileId }));
  const key = await seedStore(ws, (db) => seedAged(db, rows));
  await ws.call('auth.login', { username: setupArgs().admin.username, password: ADMIN_PASSWORD });
  return { ws, key };
}

function finished(ws: Workstation): Promise<PurgeRun> {
  return new Promise((resolve) => {
    const off = ws.api.on('retention.finished', (run) => {
      off();
      resolve(run);
    });
  });
}

async function purge(ws: Workstation): Promise<PurgeRun> {
  const done = finished(ws);
  await ws.call('retention.purge');
  return done;
}

function storedIds(ws: Workstation, key: Buffer): { detections: number[]; hits: number; images: number; free: number } {
  const db = openStore(join(ws.dir, 'canvass.db'), key, { readonly: true });
  try {
    return {
      detections: db.prepare('SELECT id FROM detections ORDER BY id').pluck().all() as number[],
      hits: db.prepare('SELECT count(*) FROM hits').pluck().get() as number,
      images: db.prepare('SELECT count(*) FROM images').pluck().get() as number,
      free: db.pragma('freelist_count', { simple: true }) as number,
    };
  } finally {
    db.close();
  }
}

describe('retention purge', () => {
  it.each([
    ['oakland-pd', 'Oakland Police Department'],
    ['la-port-police', 'Los Angeles Port Police'],
    ['los-altos-pd', 'Los Altos Police Department'],
  ])('purges exactly what %s says, previewed first', async (profileId, name) => {
    const rows = agedDetections(new Date('2026-11-22T09:00:00Z'), 1_200);
    const { ws, key } = await adminWorkstation(profileId, name, rows);
    const due = rows.filter(dueUnder(profileId, ws.clock.now));
    const kept = rows.filter((r) => !due.includes(r));
    expect(due.length).toBeGreaterThan(50);
    expect(kept.length).toBeGreaterThan(50);

    const preview = await ws.call('retention.preview');
    expect(preview.detections).toBe(due.length);
    expect(preview.held).toBe(0);
    expect(preview.byMonth.reduce((n, b) => n + b.count, 0)).toBe(due.length);
    expect(preview.hits).toBe(due.filter((r) => r.hitAt !== null).length);

    const run = await purge(ws);
    expect(run.error).toBeNull();
    expect(run.status).toBe('finished');
    expect(run.detections).toBe(due.length);
    expect(run.hits).toBe(due.filter((r) => r.hitAt !== null).length);
    expect(run.images).toBe(due.filter((r) => r.image !== null).length);
    expect(run.idsSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(run.firstSeenAt).toBe(new Date(Math.min(...due.map((r) => r.seenAt))).toISOString());
    expect(run.lastSeenAt).toBe(new Date(Math.max(...due.map((r) => r.seenAt))).toISOString());
    const after = storedIds(ws, key);
    expect(after.detections).toEqual(kept.map((r) => r.id).sort((a, b) => a - b));
    expect(after.hits).toBe(kept.filter((r) => r.hitAt !== null).length);
    expect(after.free).toBe(0);

    // A second run today finds nothing more.
    expect((await ws.call('retention.preview')).detections).toBe(0);
  });

  it('leaves no plate of a purged detection in any page of the file or its WAL, and the file shrinks', async () => {
    const rows = agedDetections(new Date('2026-11-22T09:00:00Z'), 1_200);
    const { ws, key } = await adminWorkstation('oakland-pd', 'Oakland Police Department', rows);
    const path = join(ws.dir, 'canvass.db');
    const due = rows.filter(dueUnder('oakland-pd', ws.clock.now));
    const kept = rows.filter((r) => !due.includes(r));
    const duePlates = due.map((r) => plateOf(r.id));
    // The reader works: before the purge every plate is found in the decrypted pages.
    expect(foundInStore(path, key, duePlates).size).toBe(duePlates.length);
    const sizeBefore = statSync(path).size;

    const run = await purge(ws);
    expect(run.bytesAfter).toBeLessThan(run.bytesBefore!);
    expect(foundInStore(path, key, duePlates)).toEqual(new Set());
    expect(
      foundInStore(
        path,
        key,
        kept.map((r) => plateOf(r.id)),
      ).size,
    ).toBe(kept.length);
    expect(statSync(path).size).toBeLessThan(sizeBefore);

    ws.api.close();
    expect(existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0).toBe(0);
    expect(foundInStore(path, key, duePlates)).toEqual(new Set());
    ws.reopen();
  });

  it('keeps held records through every run; a released hold lets the next run remove them', async () => {
    const rows = agedDetections(new Date('2026-11-22T09:00:00Z'), 600);
    const { ws, key } = await adminWorkstation('oakland-pd', 'Oakland Police Department', rows);
    const due = rows.filter(dueUnder('oakland-pd', ws.clock.now));
    const heldIds = due.slice(0, 5).map((r) => r.id);

    const refused = await ws.refused('retention.placeHold', {
      kind: 'court_order',
      detectionIds: heldIds,
      authority: 'Alameda County Superior Court order 26-CR-1182',
      reason: 'Preservation order in People v. Doe',
      reviewOn: '2026-01-01',
    });
    expect(refused.code).toBe('INVALID_ARGUMENT');
    const hold = await ws.call('retention.placeHold', {
      kind: 'court_order',
      detectionIds: heldIds,
      authority: 'Alameda County Superior Court order 26-CR-1182',
      reason: 'Preservation order in People v. Doe',
      reviewOn: '2027-01-15',
    });
    expect(hold.records).toBe(5);

    const preview = await ws.call('retention.preview');
    expect(preview.held).toBe(5);
    expect(preview.detections).toBe(due.length - 5);
    const run = await purge(ws);
    expect(run.held).toBe(5);
    expect(storedIds(ws, key).detections).toEqual(expect.arrayContaining(heldIds));

    // Wherever a held read is opened, it says what holds it.
    const detective = await addInvestigator(ws, { username: 'det.chen', fullName: 'Det. Mei Chen', badgeId: '5120' });
    await ws.call('training.record', {
      userId: detective,
      course: 'ALPR Operator, Oakland curriculum',
      completedOn: '2026-06-15',
      instructor: 'Lt. K. Osei',
      topics: shippedProfile('oakland-pd').training.topics.required.map((t) => t.id),
    });
    await ws.call('auth.logout');
    await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
    await ws.call('purposes.open', SHOOTING_PURPOSE);
    expect((await ws.call('detections.get', { id: heldIds[0]! })).heldBy).toBe(`hold #${hold.id}`);
    const notHeld = rows.find((r) => !due.includes(r))!;
    expect((await ws.call('detections.get', { id: notHeld.id })).heldBy).toBeUndefined();
    // … and in a search's rows and the case's collection.
    const heldRow = rows.find((r) => r.id === heldIds[0])!;
    const found = await ws.call('detections.search', {
      from: new Date(heldRow.seenAt - 60_000).toISOString(),
      to: new Date(heldRow.seenAt + 60_000).toISOString(),
    });
    expect(found.rows.find((r) => r.id === heldRow.id)?.heldBy).toBe(`hold #${hold.id}`);
    expect(found.rows.filter((r) => !heldIds.includes(r.id)).every((r) => r.heldBy === undefined)).toBe(true);
    await ws.call('cases.add', {
      detectionIds: [heldRow.id, notHeld.id],
      note: 'seen near the scene',
      source: 'search',
    });
    const collected = await ws.call('cases.collection');
    const heldOf = (id: number) => collected.items.find((i) => i.detectionId === id)?.detection?.heldBy;
    expect(heldOf(heldRow.id)).toBe(`hold #${hold.id}`);
    expect(heldOf(notHeld.id)).toBeUndefined();
    await ws.call('auth.logout');
    await ws.call('auth.login', { username: setupArgs().admin.username, password: ADMIN_PASSWORD });

    // The review date passes: the hold is listed for the administrator.
    ws.clock.advanceDays(60);
    await ws.call('auth.unlock', { password: ADMIN_PASSWORD });
    const later = await ws.call('retention.preview');
    expect(later.reviewDue.map((h) => h.id)).toEqual([hold.id]);

    expect((await ws.refused('retention.releaseHold', { holdId: hold.id, reason: 'done' })).code).toBe(
      'INVALID_ARGUMENT',
    );
    const released = await ws.call('retention.releaseHold', {
      holdId: hold.id,
      reason: 'The court vacated the preservation order on 2027-01-20.',
    });
    expect(released.released?.reason).toMatch(/vacated/);
    expect(
      (await ws.refused('retention.releaseHold', { holdId: hold.id, reason: 'Released a second time' })).code,
    ).toBe('CONFLICT');
    await purge(ws);
    const left = storedIds(ws, key).detections;
    for (const id of heldIds) expect(left).not.toContain(id);
  });

  it('holds booked evidence without a hold of its own', async () => {
    const rows = agedDetections(new Date('2026-11-22T09:00:00Z'), 400);
    const due = rows.filter(dueUnder('oakland-pd', new Date('2026-11-22T09:00:00Z')));
    const booked = due.slice(-3).map((r) => r.id);
    const ws = workstation();
    open.push(ws);
    await ws.call('setup.create', setupArgs({ name: 'Oakland Police Department', profileId: 'oakland-pd' }));
    const key = await seedStore(ws, (db) => {
      seedAged(db, rows);
      bookEvidence(db, booked);
    });
    await ws.call('auth.login', { username: setupArgs().admin.username, password: ADMIN_PASSWORD });
    expect((await ws.call('retention.preview')).held).toBe(3);
    const run = await purge(ws);
    expect(run.held).toBe(3);
    expect(storedIds(ws, key).detections).toEqual(expect.arrayContaining(booked));
  });

  it('stops on cancel between batches, reports progress, and the next run removes the rest', async () => {
    const rows = agedDetections(new Date('2026-11-22T09:00:00Z'), 600);
    const { ws, key } = await adminWorkstation('oakland-pd', 'Oakland Police Department', rows);
    const due = rows.filter(dueUnder('oakland-pd', ws.clock.now));
    const progress: string[] = [];
    ws.api.on('retention.progress', (p) => progress.push(`${p.status}/${p.phase}`));
    const done = finished(ws);
    const { runId } = await ws.call('retention.purge');
    expect(await ws.call('retention.purgeCancel', { runId })).toEqual({ cancelling: true });
    const run = await done;
    expect(run.status).toBe('cancelled');
    expect(run.error).toMatch(/Cancelled on request/);
    expect(run.certificate).not.toBeNull();
    expect(progress[0]).toBe('running/detections');
    expect(progress.at(-1)).toBe('cancelled/done');
    expect(storedIds(ws, key).detections.length).toBe(rows.length - run.detections);
    const next = await purge(ws);
    expect(next.status).toBe('finished');
    expect(run.detections + next.detections).toBe(due.length);
  });

  it('lets an administrator tighten a period within the bound, never loosen it', async () => {
    const rows = agedDetections(new Date('2026-11-22T09:00:00Z'), 300);
    const { ws } = await adminWorkstation('los-altos-pd', 'Los Altos Police Department', rows);
    const loosen = await ws.refused('retention.tighten', { keepDays: { detection: 400 } });
    expect(loosen.message).toMatch(/shorten that, not lengthen it; set 365 days or fewer/);
    const before = await ws.call('retention.preview');
    const tightened = await ws.call('retention.tighten', { keepDays: { detection: 90 } });
    expect(tightened.kinds.find((k) => k.kind === 'detection')!.keepDays).toBe(90);
    expect(tightened.detections).toBeGreaterThan(before.detections);

    const { ws: oak } = await adminWorkstation('oakland-pd', 'Oakland Police Department', rows);
    const fixed = await oak.refused('retention.tighten', { keepDays: { detection: 90 } });
    expect(fixed.message).toMatch(/fixes the period/);
  });
});
