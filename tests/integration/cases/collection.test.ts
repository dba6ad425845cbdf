import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../main/core/audit/chain';
import { CASE_CSV_COLUMNS } from '../../../main/core/cases/csv';
import { parseCsvLine } from '../../../main/services/audit/export';
import { readCaseCollection } from '../../../main/services/cases';
import { openStore } from '../../../main/store/db';
import { upsertCameras } from '../../../main/store/repos/cameras';
import { upsertDetections } from '../../../main/store/repos/detections';
import { AgencyDataset, type GeneratedDetection } from '../../agency/generator/dataset';
import {
  ADMIN_PASSWORD,
  addInvestigator,
  INVESTIGATOR_PASSWORD,
  setupArgs,
  storeKey,
  testClock,
  workstation,
  type Workstation,
} from '../../support/workstation';

/**
 * The case's collection through the real API and the real encrypted store: detections collected from a search
 * and from an analysis under the open purpose's case number, listed with who added them and why, taken out with
 * a reason, exported as CSV through main, every step in the access log; and what the evidence domain reads.
 */
const END = Date.parse('2026-11-20T08:00:00Z');
const dataset = new AgencyDataset({ seed: 5, detections: 12_000, endMs: END, days: 28 });
const all: GeneratedDetection[] = [];
for (const chunk of dataset.detections()) all.push(...chunk.detections);
const truth = dataset.truth;
const camera = (id: string) => dataset.cameras.find((c) => c.id === id)!;

const CASE = truth.burglary.caseNumber;
const purpose = (
  number: string | null,
  description = 'Residential burglary series, Alameda de las Pulgas and Parrott Dr',
) => ({
  numberKind: number ? ('case' as const) : null,
  number,
  purposeId: 'criminal_investigation',
  description,
});

let ws: Workstation;

async function signIn(username: string, password = INVESTIGATOR_PASSWORD, number: string | null = CASE) {
  await ws.call('auth.login', { username, password });
  if (number !== undefined) await ws.call('purposes.open', purpose(number));
}

async function auditRecords(): Promise<AuditRecord[]> {
  const db = openStore(`${ws.dir}/canvass.db`, await storeKey(ws));
  try {
    return (db.prepare('SELECT body FROM audit_log ORDER BY seq').pluck().all() as string[]).map(
      (b) => JSON.parse(b) as AuditRecord,
    );
  } finally {
    db.close();
  }
}

async function rawStore<T>(fn: (db: ReturnType<typeof openStore>) => T): Promise<T> {
  const db = openStore(`${ws.dir}/canvass.db`, await storeKey(ws));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  ws = workstation({ clock: testClock('2026-11-20T09:00:00Z') });
  // Daly City's profile lets an inquiry go without a number (numberRequired: false), so a purpose can have
  // no case; Los Altos (§ 462.6(e)) would refuse such a purpose before the case rule is reached.
  await ws.call('setup.create', setupArgs({ name: 'Daly City Police Department', profileId: 'daly-city-pd' }));
  await addInvestigator(ws, { username: 'det.chen', fullName: 'Det. Mei Chen', badgeId: '5120' });
  await addInvestigator(ws, { username: 'det.ortiz', fullName: 'Det. Luis Ortiz', badgeId: '5188' });
  for (const [username, fullName, role] of [
    ['et.park', 'Jin Park', 'evidence_technician'],
    ['rc.lowe', 'Dana Lowe', 'records_custodian'],
  ] as const) {
    const u = await ws.call('users.create', {
      username,
      fullName,
      badgeId: username.toUpperCase(),
      classification: 'sworn_officer',
      roles: [role],
      password: INVESTIGATOR_PASSWORD,
    });
    await ws.call('training.record', {
      userId: u.id,
      course: 'ALPR Operator (POST 2024)',
      completedOn: '2026-06-15',
      instructor: 'Lt. K. Osei',
    });
  }
  await ws.call('auth.logout');
  await rawStore((db) => {
    upsertCameras(
      db,
      dataset.cameras.map((c) => ({ ...c, version: 1 })),
    );
    db.transaction(() =>
      upsertDetections(
        db,
        all.map((d) => ({ id: d.id, ...d.data, version: 1 })),
      ),
    )();
  });
}, 120_000);

afterAll(() => ws.dispose());

describe('the purpose gate', () => {
  it('refuses to collect or read without a purpose, and records the refusal', async () => {
    await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
    const refused = await ws.refused('cases.add', { detectionIds: [1], note: 'suspect van', source: 'search' });
    expect(refused.code).toBe('PURPOSE_REQUIRED');
    expect((await ws.refused('cases.collection')).code).toBe('PURPOSE_REQUIRED');
    const last = (await auditRecords()).at(-1)!;
    expect(last).toMatchObject({ action: 'cases.collection', outcome: 'denied', username: 'det.chen' });
  });

  it('a purpose without a case number has no case: collecting is refused with what to do, and nothing is stored', async () => {
    await ws.call(
      'purposes.open',
      purpose(null, 'Residential burglary at 1800 block of Alameda de las Pulgas, 10:15 on the 30th'),
    );
    const refused = await ws.refused('cases.add', { detectionIds: [1], note: 'suspect van', source: 'search' });
    expect(refused.code).toBe('INVALID_ARGUMENT');
    expect(refused.message).toMatch(/no case, incident, call or warrant number/);
    expect(await rawStore((db) => db.prepare('SELECT count(*) FROM case_items').pluck().get())).toBe(0);
    await ws.call('auth.logout');
  });
});

describe('collecting for a case', () => {
  const van = truth.burglary.van.plate;

  it('adds a read from a search and the van’s sightings from an analysis, with who, why and from where', async () => {
    await signIn('det.chen');
    const search = await ws.call('detections.search', { plate: van, similar: false, nearMisses: false });
    const first = search.rows.at(-1)!;
    const fromSearch = await ws.call('cases.add', {
      detectionIds: [first.id],
      note: '  White Transit,\n roof rack — first sighting  ',
      source: 'search',
    });
    expect(fromSearch.caseNumber).toBe(CASE);
    expect(fromSearch.added).toHaveLength(1);
    // One line, trimmed: the note as a reviewer reads it.
    expect(fromSearch.added[0]).toMatchObject({
      detectionId: first.id,
      note: 'White Transit, roof rack — first sighting',
      source: 'search',
      addedBy: { username: 'det.chen', fullName: 'Det. Mei Chen' },
    });

    const scenes = truth.burglary.sites.map((s) => ({
      lat: camera(s.cameraId).lat!,
      lon: camera(s.cameraId).lon!,
      radiusM: 600,
      from: new Date(s.at - 3_600_000).toISOString(),
      to: new Date(s.at + 3_600_000).toISOString(),
    }));
    const common = await ws.call('search.commonVehicles', { scenes });
    const vehicle = common.vehicles[0]!;
    expect(vehicle.plate).toBe(van);
    ws.clock.advanceMinutes(3);
    const fromAnalysis = await ws.call('cases.add', {
      detectionIds: vehicle.detections.map((d) => d.id),
      note: 'Seen near all three burglaries (common vehicles)',
      source: 'commonVehicles',
    });
    // The search's read was one of them: kept as it was, reported as already collected.
    const sceneIds = vehicle.detections.map((d) => d.id);
    expect(fromAnalysis.added.map((i) => i.detectionId).sort()).toEqual(
      sceneIds.filter((id) => id !== first.id).sort(),
    );
    expect(fromAnalysis.already.map((i) => i.detectionId)).toEqual(sceneIds.includes(first.id) ? [first.id] : []);

    const c = await ws.call('cases.collection');
    expect(c).toMatchObject({ caseNumber: CASE, numberKind: 'case' });
    expect(new Set(c.items.map((i) => i.detectionId))).toEqual(new Set([first.id, ...sceneIds]));
    expect(c.items[0]).toMatchObject({ detectionId: first.id, source: 'search', addedAt: '2026-11-20T09:00:00.000Z' });
    expect(c.items.every((i) => i.detection?.plate === van)).toBe(true);
    expect(
      c.items.filter((i) => i.source === 'commonVehicles').every((i) => i.addedAt === '2026-11-20T09:03:00.000Z'),
    ).toBe(true);

    const log = await auditRecords();
    const adds = log.filter((r) => r.action === 'cases.add' && r.outcome === 'ok');
    expect(adds.map((r) => r.data['source'])).toEqual(['search', 'commonVehicles']);
    expect(adds[1]!.data['detectionIds']).toEqual(fromAnalysis.added.map((i) => i.detectionId));
    expect(adds[1]!.purpose).toMatchObject({ number: CASE });
    const read = log.filter((r) => r.action === 'cases.collection').at(-1)!;
    expect(read).toMatchObject({ outcome: 'ok', data: { caseNumber: CASE, resultCount: c.items.length } });
    expect(read.data['detectionIds']).toEqual(c.items.map((i) => i.detectionId));
  });

  it('refuses bad input whole and changes nothing: an empty note, a detection the store does not hold', async () => {
    const before = (await ws.call('cases.collection')).items.length;
    const note = await ws.refused('cases.add', { detectionIds: [all[0]!.id], note: ' ', source: 'search' });
    expect(note).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(note.message).toMatch(/why this belongs to the case/);
    const missing = await ws.refused('cases.add', {
      detectionIds: [all[0]!.id, 99_999_999],
      note: 'two reads',
      source: 'search',
    });
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toMatch(/99999999 is not in this workstation's store.*nothing was added/);
    expect((await ws.refused('cases.add', { detectionIds: [], note: 'x', source: 'search' })).code).toBe(
      'INVALID_ARGUMENT',
    );
    expect(
      (await ws.refused('cases.add', { detectionIds: [1], note: 'ok note', source: 'elsewhere' as never })).code,
    ).toBe('INVALID_ARGUMENT');
    expect((await ws.call('cases.collection')).items.length).toBe(before);
  });

  it('is the case’s, not the person’s: another detective with the same number sees it and who added what', async () => {
    await ws.call('auth.logout');
    await signIn('det.ortiz', INVESTIGATOR_PASSWORD, ` ${CASE.toLowerCase()} `);
    const c = await ws.call('cases.collection');
    expect(c.caseNumber).toBe(CASE);
    expect(c.items.length).toBeGreaterThan(1);
    expect(new Set(c.items.map((i) => i.addedBy.username))).toEqual(new Set(['det.chen']));
    await ws.call('purposes.open', purpose('26-09999'));
    expect((await ws.call('cases.collection')).items).toEqual([]);
    await ws.call('auth.logout');
  });

  it('a records custodian reads a collection but does not add to it', async () => {
    await signIn('rc.lowe');
    expect((await ws.call('cases.collection')).items.length).toBeGreaterThan(0);
    expect((await ws.refused('cases.add', { detectionIds: [1], note: 'extra read', source: 'search' })).code).toBe(
      'FORBIDDEN',
    );
    await ws.call('auth.logout');
  });
});

describe('taking a detection out', () => {
  it('takes an item out with a reason and keeps its history; it can be added again; the store refuses rewrites', async () => {
    await signIn('det.chen');
    const c = await ws.call('cases.collection');
    const item = c.items[0]!;
    expect((await ws.refused('cases.remove', { itemId: item.id, reason: '' })).code).toBe('INVALID_ARGUMENT');
    expect(await ws.call('cases.remove', { itemId: item.id, reason: 'Wrong van: a misread of another plate' })).toEqual(
      {
        removed: true,
      },
    );
    expect((await ws.call('cases.collection')).items.map((i) => i.id)).not.toContain(item.id);
    expect(await ws.call('cases.remove', { itemId: item.id, reason: 'again' })).toEqual({ removed: false });
    const again = await ws.call('cases.add', {
      detectionIds: [item.detectionId],
      note: 'Re-checked: it is the van',
      source: 'detail',
    });
    expect(again.added).toHaveLength(1);
    expect(again.added[0]!.id).not.toBe(item.id);

    await rawStore((db) => {
      const row = db.prepare('SELECT removed_by, removed_reason FROM case_items WHERE id = ?').get(item.id) as Record<
        string,
        string
      >;
      expect(row).toEqual({ removed_by: 'det.chen', removed_reason: 'Wrong van: a misread of another plate' });
      expect(() => db.prepare('DELETE FROM case_items WHERE id = ?').run(item.id)).toThrow(/never deleted/);
      expect(() => db.prepare("UPDATE case_items SET note = 'edited' WHERE id = ?").run(again.added[0]!.id)).toThrow(
        /not rewritten/,
      );
    });
    const log = (await auditRecords()).filter((r) => r.action === 'cases.remove');
    expect(log.map((r) => r.outcome)).toEqual(['ok', 'failed']);
    expect(log[0]!.data).toMatchObject({ caseNumber: CASE, itemId: item.id, detectionIds: [item.detectionId] });
  });

  it('an item in another case cannot be taken out from this one', async () => {
    const item = (await ws.call('cases.collection')).items[0]!;
    await ws.call('purposes.open', purpose('26-09999'));
    expect((await ws.refused('cases.remove', { itemId: item.id, reason: 'not mine' })).code).toBe('NOT_FOUND');
    await ws.call('purposes.open', purpose(CASE));
  });
});

describe('the CSV export and the evidence domain’s read', () => {
  it('writes the collection through main, whole or not at all, checksummed and audited', async () => {
    // A note a spreadsheet would run as a formula, and one with a comma and a quote.
    const d = all.find((x) => x.data.plate !== truth.burglary.van.plate)!;
    await ws.call('cases.add', {
      detectionIds: [d.id],
      note: '=HYPERLINK("http://x") "decoy", check',
      source: 'search',
    });
    const c = await ws.call('cases.collection');
    const out = await ws.call('cases.export');
    expect(out.items).toBe(c.items.length);
    expect(readdirSync(dirname(out.path)).filter((f) => f.endsWith('.partial'))).toEqual([]);
    // The checksum an outsider computes is the one main recorded.
    expect(execFileSync('sha256sum', [out.path], { encoding: 'utf8' }).split(' ')[0]).toBe(out.sha256);

    const lines = readFileSync(out.path, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(CASE_CSV_COLUMNS.join(','));
    const rows = lines.slice(1).map((l) => Object.fromEntries(parseCsvLine(l).map((v, i) => [CASE_CSV_COLUMNS[i], v])));
    expect(rows.map((r) => Number(r['item_id']))).toEqual(c.items.map((i) => i.id));
    const tricky = rows.find((r) => Number(r['detection_id']) === d.id)!;
    expect(tricky['note']).toBe(`'=HYPERLINK("http://x") "decoy", check`);
    expect(tricky).toMatchObject({ case_number: CASE, status: 'present', plate: d.data.plate, added_by: 'det.chen' });
    expect(tricky['seen_at_utc']).toBe(new Date(d.data.seenAt).toISOString());
    // The agency's local time beside UTC (Los Altos: America/Los_Angeles).
    const local = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'America/Los_Angeles',
      dateStyle: 'short',
      timeStyle: 'medium',
    }).format(new Date(d.data.seenAt));
    expect(tricky['seen_at_local']).toBe(local);

    const rec = (await auditRecords()).filter((r) => r.action === 'cases.export').at(-1)!;
    expect(rec.data).toMatchObject({ caseNumber: CASE, path: out.path, sha256: out.sha256, items: c.items.length });
    expect(rec.data['detectionIds']).toEqual(c.items.map((i) => i.detectionId));
  });

  it('keeps a purged detection’s place in the collection, marked purged, in the list and the CSV', async () => {
    const c = await ws.call('cases.collection');
    const gone = c.items.at(-1)!;
    await rawStore((db) => db.prepare('DELETE FROM detections WHERE id = ?').run(gone.detectionId));
    const after = await ws.call('cases.collection');
    expect(after.items.find((i) => i.id === gone.id)).toMatchObject({ detection: null, note: gone.note });
    const out = await ws.call('cases.export');
    const row = readFileSync(out.path, 'utf8')
      .trimEnd()
      .split('\n')
      .map(parseCsvLine)
      .find((r) => r[1] === String(gone.id))!;
    expect(row[CASE_CSV_COLUMNS.indexOf('status')]).toBe('purged');
    expect(row[CASE_CSV_COLUMNS.indexOf('plate')]).toBe('');
  });

  it('gives the evidence domain the same collection, read-only: it writes no record of its own', async () => {
    const c = await ws.call('cases.collection');
    const before = (await auditRecords()).length;
    const items = await rawStore((db) => readCaseCollection(db, CASE.toLowerCase()));
    expect(items).toEqual(c.items);
    expect((await auditRecords()).length).toBe(before);
    expect(existsSync(`${ws.dir}/canvass.db`)).toBe(true);
  });
});

describe('the access log', () => {
  it('holds every case action, each under the purpose of its case', async () => {
    await ws.call('auth.logout');
    await ws.call('auth.login', { username: 'admin.rivera', password: ADMIN_PASSWORD });
    const entries = await ws.call('audit.list', { limit: 500 });
    const actions = new Set(entries.map((e) => e.action));
    for (const a of ['cases.add', 'cases.collection', 'cases.remove', 'cases.export']) expect(actions).toContain(a);
    expect(
      entries.filter((e) => e.action === 'cases.add' && e.outcome === 'ok').every((e) => e.purpose?.startsWith(CASE)),
    ).toBe(true);
  });
});
