import { accessLog } from '../../support/accessLog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, SyncFinishedInfo } from '../../../preload/contract';
import type { DetectionData } from '../../../main/core/sync/protocol';
import { detectionInserter, nextRevs, openAgencyStore } from '../../agency/server/store';
import { startTestAgency, type TestAgency } from '../../agency/testing';
import {
  ADMIN_PASSWORD,
  INVESTIGATOR_PASSWORD,
  withInvestigator,
  workstation,
  type Workstation,
} from '../../support/workstation';

/**
 * Cloned plates "as new detections sync" (issue 4): the sync worker checks what each sync committed, so the
 * findings are listed without anyone asking for a scan, and a later sync updates them incrementally. A real
 * agency server on loopback, the real worker, the real encrypted store.
 */
const END = Date.parse('2026-11-20T08:00:00Z');

let ag: TestAgency;
let ws: Workstation;
const serverPassword = (u: string) => ag.dataset.users.find((x) => x.data.username === u)!.password;

async function syncAsAdmin(password?: string): Promise<SyncFinishedInfo> {
  await ws.call('auth.logout').catch(() => undefined);
  await ws.call('auth.login', { username: 'admin.ramirez', password: ADMIN_PASSWORD });
  const finished = new Promise<SyncFinishedInfo>((resolve) => {
    const off = ws.api.on('sync.finished', (f) => {
      off();
      resolve(f);
    });
  });
  await ws.call('sync.start', password ? { password } : {});
  return finished;
}

async function asInvestigator(): Promise<void> {
  await ws.call('auth.logout');
  await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
  // The agency's own policy (it came with the sync): its first authorized purpose.
  const {
    purposes: [purpose],
  } = await ws.call('purposes.options');
  await ws.call('purposes.open', {
    numberKind: 'case',
    number: '26-05230',
    purposeId: purpose!.id,
    description: 'Vehicle with a plate reported stolen seen with a different car',
  });
}

/** The clone scan follows the finished sync on its worker: wait until its record is in the access log. */
async function cloneScansAfter(n: number): Promise<Awaited<ReturnType<typeof cloneScans>>> {
  await expect.poll(async () => (await cloneScans()).length, { timeout: 30_000, interval: 100 }).toBe(n);
  return cloneScans();
}

const flagged = (r: { flags: { plate: string; level: string }[] }) =>
  r.flags
    .filter((f) => f.level === 'flagged')
    .map((f) => f.plate)
    .sort();

/** The access-log records of the sync worker's clone scans, oldest first, as an auditor reads them. */
async function cloneScans(): Promise<{ scan: string; scanned: number; plates: number; flagged: string[] }[]> {
  const entries: AuditEntry[] = await accessLog(ws.dir, 'admin.ramirez', ADMIN_PASSWORD);
  return entries
    .filter((e) => e.action === 'search.cloneScan')
    .sort((a, b) => a.seq - b.seq)
    .map((e) => JSON.parse(e.data));
}

beforeAll(async () => {
  ag = await startTestAgency({ detections: 60_000, seed: 42, days: 28, endMs: END });
  ws = workstation();
  await withInvestigator(ws, { username: 'admin.ramirez' });
  await ws.call('auth.login', { username: 'admin.ramirez', password: ADMIN_PASSWORD });
  await ws.call('sync.enroll', {
    serverUrl: ag.url,
    username: 'admin.ramirez',
    password: serverPassword('admin.ramirez'),
    name: 'Detective bureau laptop 3',
  });
}, 120_000);

afterAll(async () => {
  ws?.dispose();
  await ag?.close().catch(() => undefined);
});

describe('cloned plates as detections sync', () => {
  it('after the first sync the generator’s cloned plate is listed, and nothing else is flagged, without a scan', async () => {
    expect((await syncAsAdmin(serverPassword('admin.ramirez'))).outcome).toBe('ok');
    const scans = await cloneScansAfter(1);
    await asInvestigator();
    const listed = await ws.call('search.clonedPlates', { scan: 'none' });
    expect(listed.scanned).toBe(0);
    expect(flagged(listed)).toEqual([ag.dataset.truth.clonedPlate.plate]);
    // The worker's scan is in the access log: a full one, since the store had never been scanned.
    expect(scans).toHaveLength(1);
    expect(scans[0]).toMatchObject({ scan: 'full', scanned: 60_000, flagged: [ag.dataset.truth.clonedPlate.plate] });
  }, 120_000);

  it('a second sync with new detections updates the findings incrementally: a newly cloned plate is flagged', async () => {
    // A genuine car the generator saw often, with one make; then three sightings of its plate on a car of
    // another make arrive at the agency, among ordinary new traffic.
    const counts = new Map<string, { n: number; make: string | null; d: DetectionData }>();
    for (const chunk of ag.dataset.detections())
      for (const d of chunk.detections) {
        const c = counts.get(d.data.plate);
        if (c) c.n++;
        else counts.set(d.data.plate, { n: 1, make: d.data.make, d: d.data });
      }
    const clone = ag.dataset.truth.clonedPlate.plate;
    const [plate, car] = [...counts].filter(([p, c]) => p !== clone && c.make).sort((a, b) => b[1].n - a[1].n)[0]!;
    const otherMake = car.make === 'Nissan' ? 'Toyota' : 'Nissan';
    const agency = openAgencyStore(ag.dir);
    try {
      const maxId = (agency.prepare('SELECT max(id) AS m FROM detections').get() as { m: number }).m;
      const insert = detectionInserter(agency);
      agency.transaction(() => {
        const rev = nextRevs(agency, 'detections', 3);
        for (let k = 0; k < 3; k++)
          insert({
            id: maxId + 1 + k,
            rev: rev + k,
            version: 1,
            data: { ...car.d, seenAt: END + (k + 1) * 3_600_000, make: otherMake, model: null },
          });
      })();
    } finally {
      agency.close();
    }
    ag.server.appendDetections(500);

    expect((await syncAsAdmin(serverPassword('admin.ramirez'))).outcome).toBe('ok');
    const scans = await cloneScansAfter(2);
    await asInvestigator();
    const listed = await ws.call('search.clonedPlates', { scan: 'none' });
    expect(flagged(listed)).toEqual([clone, plate].sort());
    const flag = listed.flags.find((f) => f.plate === plate)!;
    expect(flag.reasons).toContain('description');
    expect(flag.evidence.some((e) => new Set([e.a.make, e.b.make]).has(otherMake))).toBe(true);
    // Incremental and proportional to what arrived (0170): every plate taken up from its stored summary, so only
    // the 503 new rows were read (before, the whole histories of their plates).
    expect(scans).toHaveLength(2);
    expect(scans[1]).toMatchObject({ scan: 'incremental' });
    expect(scans[1]!.scanned).toBe(503);
    expect(scans[1]!.flagged).toContain(plate);
    // A full scan over the whole store agrees with what the increments left.
    const full = await ws.call('search.clonedPlates', { scan: 'full' });
    expect(full.scanned).toBe(60_503);
    expect(flagged(full)).toEqual(flagged(listed));
  }, 120_000);

  it('corrected records below the watermark are found by their plates, not their ids', async () => {
    // The agency corrects two old reads of a plate to another make (new versions of rows the store already
    // holds, with ids far below the clone scan's watermark).
    const clone = ag.dataset.truth.clonedPlate.plate;
    const agency = openAgencyStore(ag.dir);
    let plate = '';
    try {
      const rows = agency
        .prepare(
          `SELECT id, plate, make FROM detections WHERE id < 30000 AND make IS NOT NULL AND plate IN (
             SELECT plate FROM detections WHERE id < 30000 GROUP BY plate HAVING count(*) BETWEEN 8 AND 20) ORDER BY plate, id`,
        )
        .all() as { id: number; plate: string; make: string }[];
      plate = rows.find((r) => r.plate !== clone)!.plate;
      const mine = rows.filter((r) => r.plate === plate).slice(0, 2);
      const make = mine[0]!.make === 'Nissan' ? 'Toyota' : 'Nissan';
      agency.transaction(() => {
        const rev = nextRevs(agency, 'detections', 2);
        mine.forEach((r, k) =>
          agency
            .prepare('UPDATE detections SET rev = ?, version = version + 1, make = ? WHERE id = ?')
            .run(rev + k, make, r.id),
        );
      })();
    } finally {
      agency.close();
    }
    expect((await syncAsAdmin(serverPassword('admin.ramirez'))).outcome).toBe('ok');
    const scans = await cloneScansAfter(3);
    await asInvestigator();
    expect(scans).toHaveLength(3);
    expect(scans[2]).toMatchObject({ scan: 'incremental', plates: expect.any(Number) });
    expect(scans[2]!.flagged).toContain(plate);
    expect(flagged(await ws.call('search.clonedPlates', { scan: 'none' }))).toContain(plate);
  }, 120_000);
});
