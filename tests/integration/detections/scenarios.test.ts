import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../main/core/audit/chain';
import { distanceM } from '../../../main/core/shared/geo';
import { foldPlate } from '../../../main/core/plates/plateQuery';
import { openStore } from '../../../main/store/db';
import { upsertDetections, type DetectionRow } from '../../../main/store/repos/detections';
import { byPlatesSql, byWindowSql } from '../../../main/store/repos/plateIndex';
import { AgencyDataset, type GeneratedDetection } from '../../agency/generator/dataset';
import { cameraRows } from '../../agency/testing';
import {
  ADMIN_PASSWORD,
  INVESTIGATOR_PASSWORD,
  testClock,
  withInvestigator,
  workstation,
  type Workstation,
  storeKey,
} from '../../support/workstation';
import { upsertCameras } from '../../../main/store/repos/cameras';

/**
 * Search against the agency generator's ground truth (issue 4 §5): the scenario vehicles found from what a
 * witness would give, every injected misread of a target plate found by similar characters, the cloned plate
 * flagged and nothing else. Through the real API: gate, purpose, audit.
 */
const END = Date.parse('2026-11-20T08:00:00Z');
const dataset = new AgencyDataset({ seed: 42, detections: 60_000, endMs: END, days: 28 });
const all: GeneratedDetection[] = [];
for (const chunk of dataset.detections()) all.push(...chunk.detections);
const truth = dataset.truth;
const camera = (id: string) => dataset.cameras.find((c) => c.id === id)!;
const toRow = (d: GeneratedDetection): DetectionRow => ({ id: d.id, ...d.data, version: 1 });

/** The store is seeded in two parts so the incremental cloned-plate scan can be checked on the second. */
const SPLIT_AT = END - 5 * 86_400_000;
const firstPart = all.filter((d) => d.data.seenAt < SPLIT_AT);
const secondPart = all.filter((d) => d.data.seenAt >= SPLIT_AT);

const PURPOSE = {
  numberKind: 'case' as const,
  number: '26-05102',
  purposeId: 'canvass_major_crime',
  description: 'Shooting at Hillsdale Blvd and El Camino Real at 22:47; canvass for the suspect vehicle',
};

let ws: Workstation;

async function seed(rows: GeneratedDetection[]): Promise<void> {
  const key = await storeKey(ws);
  const db = openStore(`${ws.dir}/canvass.db`, key);
  upsertCameras(db, cameraRows(dataset));
  db.transaction(() => upsertDetections(db, rows.map(toRow)))();
  db.close();
}

beforeAll(async () => {
  ws = workstation({ clock: testClock('2026-11-20T09:00:00Z') });
  await withInvestigator(ws);
  await seed(firstPart);
  await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
  await ws.call('purposes.open', PURPOSE);
}, 60_000);

afterAll(() => ws.dispose());

describe('the generator’s ground truth', () => {
  it('has the scenarios this suite relies on', () => {
    expect(truth.shooting.suspectDetectionIds).toHaveLength(3);
    expect(truth.burglary.vanDetectionIds).toHaveLength(9);
    expect(truth.clonedPlate.pairs).toHaveLength(2);
    expect(truth.clonedPlate.pairs.flat().every((id) => id > firstPart.length)).toBe(false);
    expect(truth.convoy.leadDetectionIds).toHaveLength(8);
    expect(truth.convoy.followerDetectionIds).toHaveLength(8);
  });
});

describe('the cloned plate, incrementally and over the whole store', () => {
  // Runs first, on the first part only: the clone's second day lies in the second part.
  it('is not flagged from one pair of sightings, then flagged once the second pair syncs — and nothing else is', async () => {
    const before = await ws.call('search.clonedPlates', { scan: 'full' });
    const flagged = (r: { flags: { plate: string; level: string }[] }) =>
      r.flags.filter((f) => f.level === 'flagged').map((f) => f.plate);
    expect(before.flags.map((f) => f.plate)).not.toContain(truth.clonedPlate.plate);
    await seed(secondPart);
    const after = await ws.call('search.clonedPlates', { scan: 'incremental' });
    expect(flagged(after)).toEqual([truth.clonedPlate.plate]);
    const full = await ws.call('search.clonedPlates', { scan: 'full' });
    expect(full.scanned).toBe(all.length);
    expect(flagged(full)).toEqual([truth.clonedPlate.plate]);
    // Impossible speed alone is listed for review, never flagged; the generator's commuters produce it.
    expect(full.flags.filter((f) => f.level === 'review').every((f) => f.reasons.join() === 'speed')).toBe(true);
    const flag = full.flags[0]!;
    expect(flag.reasons).toContain('description');
    const ids = flag.evidence.flatMap((e) => [e.a.id, e.b.id]);
    const clonePairs = truth.clonedPlate.pairs.flat();
    expect(ids.some((id) => clonePairs.includes(id))).toBe(true);
    // Side by side: one sighting of each car, with what differs.
    const e = flag.evidence[0]!;
    expect(new Set([e.a.make, e.b.make])).toEqual(new Set(['Toyota', 'Nissan']));
    expect(e.differs).toContain('make');
    // The second time the clone was 7.5 km away two minutes later: the impossible-travel pair, with its figures.
    const impossible = flag.evidence.find((x) => x.kmh !== null && x.kmh > 180)!;
    expect(flag.reasons).toContain('speed');
    expect([impossible.a.id, impossible.b.id].sort()).toEqual([...truth.clonedPlate.pairs[1]!].sort());
    expect(impossible.distanceM).toBeGreaterThan(7000);
    expect(impossible.minutes).toBe(2);
  });

  it('scans on a worker thread: main keeps answering, searches included, while the whole store is read', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    let scanDone = false;
    try {
      const scan = ws.call('search.clonedPlates', { scan: 'full' }).then((r) => ((scanDone = true), r));
      // A search sent after the scan answers before it: it neither waits in the call queue nor on main's thread.
      const search = await ws.call('detections.search', { plate: truth.clonedPlate.plate, limit: 5 });
      expect(search.rows.length).toBeGreaterThan(0);
      expect(scanDone).toBe(false);
      expect((await scan).scanned).toBe(all.length);
    } finally {
      clearInterval(timer);
    }
    // A scan on main's thread would leave no turn of the event loop free for the length of the scan.
    expect(ticks).toBeGreaterThan(5);
  });
});

describe('a clone scan asked for from the screen', () => {
  it('reports its progress, refuses a second one meanwhile, and stops when asked — saving nothing', async () => {
    const before = await ws.call('search.clonedPlates', {});
    const foundAt = async () => {
      const db = openStore(`${ws.dir}/canvass.db`, await storeKey(ws));
      try {
        return db.prepare('SELECT DISTINCT found_at FROM search_clone_flags').pluck().all();
      } finally {
        db.close();
      }
    };
    const saved = await foundAt();
    // A scan saved now would stamp its findings a minute later than the last one.
    ws.clock.advanceMinutes(1);
    const events: { status: string; done: number; total: number }[] = [];
    let stopped: Promise<unknown> | null = null;
    const off = ws.api.on('search.cloneScanProgress', (p) => {
      events.push(p);
      if (!stopped && p.status === 'running') stopped = ws.call('search.cloneScanCancel');
    });
    try {
      const scan = ws.call('search.clonedPlates', { scan: 'full' });
      const second = await ws.refused('search.clonedPlates', { scan: 'incremental' });
      expect(second.code).toBe('CONFLICT');
      const result = await scan;
      expect(await stopped).toEqual({ cancelling: true });
      expect(result.cancelled).toBe(true);
      expect(result.scanned).toBe(0);
      // The findings listed are the last complete scan's.
      expect(result.flags.map((f) => f.plate)).toEqual(before.flags.map((f) => f.plate));
      expect(await foundAt()).toEqual(saved);
      expect(events.at(-1)).toMatchObject({ status: 'cancelled' });
      expect(events.some((e) => e.status === 'running' && e.total >= firstPart.length)).toBe(true);
    } finally {
      off();
    }
    // Nothing to stop now; a full scan runs to the end and says so.
    expect(await ws.call('search.cloneScanCancel')).toEqual({ cancelling: false });
    const done: string[] = [];
    const off2 = ws.api.on('search.cloneScanProgress', (p) => done.push(p.status));
    const full = await ws.call('search.clonedPlates', { scan: 'full' });
    off2();
    expect(full.cancelled).toBe(false);
    expect(full.scanned).toBeGreaterThanOrEqual(firstPart.length);
    expect(done.at(-1)).toBe('finished');
    expect(await foundAt()).not.toEqual(saved);
  });
});

describe('partial plates with similar characters, against the injected misreads', () => {
  it('finds every injected misread of a target plate through similar characters, ranked below the exact reads', async () => {
    const misreadsByPlate = new Map<string, GeneratedDetection[]>();
    for (const d of all)
      if (d.truth.misread) misreadsByPlate.set(d.truth.plate, [...(misreadsByPlate.get(d.truth.plate) ?? []), d]);
    const targets = [...misreadsByPlate.entries()].sort((a, b) => b[1].length - a[1].length).slice(0, 12);
    expect(targets.length).toBe(12);
    for (const [plate, misreads] of targets) {
      const result = await ws.call('detections.search', { plate, limit: 500 });
      expect(result.truncated).toBe(false);
      const byId = new Map(result.rows.map((r) => [r.id, r]));
      for (const m of misreads) {
        const row = byId.get(m.id);
        expect(row, `misread ${m.data.plate} of ${plate} (detection ${m.id})`).toBeDefined();
        expect(row!.match!.tier).toBe('similar');
        expect(row!.match!.similar).toHaveLength(1);
      }
      const firstSimilar = result.rows.findIndex((r) => r.match!.tier !== 'exact');
      expect(result.rows.slice(firstSimilar).every((r) => r.match!.tier !== 'exact')).toBe(true);
      const exact = all.filter((d) => d.data.plate === plate).map((d) => d.id);
      expect(
        result.rows
          .filter((r) => r.match!.tier === 'exact')
          .map((r) => r.id)
          .sort(),
      ).toEqual(exact.sort());
    }
  });

  it('without similar characters, finds only the exact reads', async () => {
    const d = all.find((x) => x.truth.misread)!;
    const result = await ws.call('detections.search', { plate: d.truth.plate, similar: false, nearMisses: false });
    expect(result.rows.every((r) => r.plate === d.truth.plate)).toBe(true);
    expect(result.rows.map((r) => r.id)).not.toContain(d.id);
  });
});

describe('the shooting: fragment, description and canvass', () => {
  const s = truth.shooting;
  const cam = camera(s.cameraId);

  it('finds the suspect from “plate starts with 8K”, the description and the canvass area', async () => {
    const preset = await ws.call('search.canvassPreset', {
      lat: cam.lat!,
      lon: cam.lon!,
      at: new Date(s.at).toISOString(),
    });
    const result = await ws.call('detections.search', {
      plate: s.partialPlate,
      vehicle: { make: ['Honda'], color: ['gray', 'black'], body: ['sedan'], features: ['damage'] },
      ...preset,
    });
    expect(result.rows.map((r) => r.plate)).toEqual([s.suspect.plate]);
    expect(s.suspectDetectionIds).toContain(result.rows[0]!.id);
    expect(result.rows[0]!.match!.tier).toBe('exact');
  });

  it('city-wide around the time, the fragment and description find all three of the suspect’s sightings and no decoy', async () => {
    const result = await ws.call('detections.search', {
      plate: '8K*',
      vehicle: { make: ['Honda'], color: ['gray', 'black'], body: ['sedan'], features: ['damage'] },
      from: new Date(s.at - 3_600_000).toISOString(),
      to: new Date(s.at + 3_600_000).toISOString(),
    });
    const exact = result.rows.filter((r) => r.match!.tier === 'exact');
    expect(exact.map((r) => r.id).sort()).toEqual([...s.suspectDetectionIds].sort());
    for (const decoy of s.decoyPlates) expect(exact.map((r) => r.plate)).not.toContain(decoy);
  });

  it('the canvass alone (radius and ±1 h, no plate) lists the suspect among the vehicles at the scene', async () => {
    const preset = await ws.call('search.canvassPreset', {
      lat: cam.lat!,
      lon: cam.lon!,
      at: new Date(s.at).toISOString(),
    });
    const result = await ws.call('detections.search', { ...preset, limit: 500 });
    expect(result.rows.map((r) => r.plate)).toContain(s.suspect.plate);
    expect(result.rows.every((r) => distanceM(r.lat, r.lon, cam.lat!, cam.lon!) <= 800)).toBe(true);
  });

  it('a witness who swapped two characters still finds the suspect, as a near miss that says so', async () => {
    const p = s.suspect.plate;
    const swapped = p.slice(0, 3) + p[4] + p[3] + p.slice(5);
    const result = await ws.call('detections.search', { plate: swapped, limit: 500 });
    const row = result.rows.find((r) => r.plate === p)!;
    expect(row).toBeDefined();
    expect(row.match!.tier).toBe('near');
    expect(row.match!.nearMiss!.kind).toBe('swapped');
  });
});

describe('the burglary series: common vehicles across scenes', () => {
  it('finds the van near all three burglaries, and only the van', async () => {
    const b = truth.burglary;
    const scenes = b.sites.map((site) => ({
      label: site.address,
      lat: camera(site.cameraId).lat!,
      lon: camera(site.cameraId).lon!,
      radiusM: 600,
      from: new Date(site.at - 3_600_000).toISOString(),
      to: new Date(site.at + 3_600_000).toISOString(),
    }));
    const result = await ws.call('search.commonVehicles', { scenes });
    expect(result.vehicles.map((v) => v.plate)).toEqual([b.van.plate]);
    expect(result.vehicles[0]!.scenes).toEqual([0, 1, 2]);
    expect(result.vehicles[0]).toMatchObject({ make: 'Ford', color: 'white', body: 'van' });
    const twoOfThree = await ws.call('search.commonVehicles', { scenes, minScenes: 2 });
    expect(twoOfThree.vehicles[0]!.plate).toBe(b.van.plate);
    // Why it is listed: each sighting says which scene's place and window hold it.
    const van = result.vehicles[0]!;
    expect(van.detections.length).toBeGreaterThanOrEqual(3);
    expect(van.detections.every((d) => b.vanDetectionIds.includes(d.id))).toBe(true);
    expect(new Set(van.detections.flatMap((d) => d.scenes))).toEqual(new Set([0, 1, 2]));
  });

  it('takes a scene drawn as a polygon, and counts a sighting inside two overlapping scenes once', async () => {
    const b = truth.burglary;
    const square = (lat: number, lon: number, d: number): [number, number][] => [
      [lat - d, lon - d],
      [lat - d, lon + d],
      [lat + d, lon + d],
      [lat + d, lon - d],
    ];
    const scenes = b.sites.map((site) => {
      const c = camera(site.cameraId);
      return {
        area: { kind: 'polygon' as const, points: square(c.lat!, c.lon!, 0.004) },
        from: new Date(site.at - 3_600_000).toISOString(),
        to: new Date(site.at + 3_600_000).toISOString(),
      };
    });
    const polygons = await ws.call('search.commonVehicles', { scenes });
    expect(polygons.vehicles.map((v) => v.plate)).toEqual([b.van.plate]);
    // The first scene twice: each of its sightings is one detection near scenes 0 and 3.
    const twice = await ws.call('search.commonVehicles', { scenes: [...scenes, scenes[0]!], minScenes: 4 });
    const van = twice.vehicles.find((v) => v.plate === b.van.plate)!;
    const ids = van.detections.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(van.detections.filter((d) => d.scenes.includes(0)).every((d) => d.scenes.includes(3))).toBe(true);
  });

  it('a description alone over a week finds the van: white Ford van with a roof rack', async () => {
    const site = truth.burglary.sites[2]!;
    const result = await ws.call('detections.search', {
      vehicle: { make: ['Ford'], color: ['white'], body: ['van'], features: ['roof_rack', 'damage'] },
      from: new Date(site.at - 7 * 86_400_000).toISOString(),
      to: new Date(site.at + 3_600_000).toISOString(),
    });
    expect(result.rows.map((r) => r.plate)).toContain(truth.burglary.van.plate);
    expect(result.rows.every((r) => r.make === 'Ford' && r.body === 'van')).toBe(true);
  });
});

describe('where and when a plate is usually seen, and who travels with it', () => {
  it('counts a commuter’s cameras and hours', async () => {
    const counts = new Map<string, number>();
    for (const d of all)
      if (!d.truth.misread && d.truth.scenario === null) counts.set(d.data.plate, (counts.get(d.data.plate) ?? 0) + 1);
    const [plate, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const habits = await ws.call('search.plateHabits', { plate, timeZone: 'America/Los_Angeles' });
    expect(habits.sightings).toBe(all.filter((d) => d.data.plate === plate).length);
    expect(habits.sightings).toBeGreaterThanOrEqual(n);
    expect(habits.hours.reduce((a, b) => a + b, 0)).toBe(habits.sightings);
    expect(habits.weekdays.reduce((a, b) => a + b, 0)).toBe(habits.sightings);
    expect(habits.cameras[0]!.count).toBeGreaterThanOrEqual(habits.cameras.at(-1)!.count);
    // The hour of the week: each weekday's row sums to that weekday, each hour's column to that hour.
    expect(habits.hourOfWeek.map((day) => day.reduce((a, b) => a + b, 0))).toEqual(habits.weekdays);
    expect(habits.hours.map((_, h) => habits.hourOfWeek.reduce((n, day) => n + day[h]!, 0))).toEqual(habits.hours);
  });

  it('finds the suspect’s companions only when they repeatedly pass with it', async () => {
    const result = await ws.call('search.travellingTogether', {
      plate: truth.shooting.suspect.plate,
      withinSeconds: 60,
    });
    expect(result.targetSightings).toBe(3);
    // Three passes in a busy city: nobody follows the suspect through all three cameras by chance.
    expect(result.companions.filter((c) => c.occasions >= 3)).toEqual([]);
  });
});

describe('travelling together', () => {
  it('finds the Tahoe that follows the Charger at night from the Charger’s plate, on every pass, seconds behind', async () => {
    const c = truth.convoy;
    const result = await ws.call('search.travellingTogether', { plate: c.lead.plate });
    expect(result.targetSightings).toBe(c.leadDetectionIds.length);
    expect(result.target.map((d) => d.id).sort()).toEqual([...c.leadDetectionIds].sort());
    const first = result.companions[0]!;
    expect(first).toMatchObject({ plate: c.follower.plate, make: 'Chevrolet', occasions: c.leadDetectionIds.length });
    expect(first.detections.map((d) => d.id).sort()).toEqual([...c.followerDetectionIds].sort());
    expect(first.closestSeconds).toBeGreaterThanOrEqual(20);
    expect(first.closestSeconds).toBeLessThanOrEqual(45);
    // In time order, for the map.
    const times = first.detections.map((d) => Date.parse(d.seenAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('finds a car planted 30 s behind a commuter on five of its passes, with how often', async () => {
    const counts = new Map<string, GeneratedDetection[]>();
    for (const d of all)
      if (d.truth.scenario === null && !d.truth.misread)
        counts.set(d.data.plate, [...(counts.get(d.data.plate) ?? []), d]);
    const [target, passes] = [...counts.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
    const followed = passes.slice(0, 5);
    const follower: GeneratedDetection[] = followed.map((d, i) => ({
      id: all.length + 1000 + i,
      data: { ...d.data, plate: '6QZF001', seenAt: d.data.seenAt + 30_000, make: 'Dodge', model: 'Charger' },
      truth: { plate: '6QZF001', vehicle: -99, misread: false, scenario: 'convoy' },
    }));
    await seed(follower);
    const result = await ws.call('search.travellingTogether', { plate: target, withinSeconds: 60, minOccasions: 3 });
    expect(result.targetSightings).toBe(
      passes.length + all.filter((d) => d.data.plate === target && d.truth.misread).length,
    );
    const companion = result.companions.find((c) => c.plate === '6QZF001');
    expect(companion).toMatchObject({ occasions: 5, make: 'Dodge' });
    // Ranked by occasions (the generator's commuters that share a route and a clamped time rank with it).
    const occasions = result.companions.map((c) => c.occasions);
    expect(occasions).toEqual([...occasions].sort((a, b) => b - a));
  });
});

describe('the access log', () => {
  it('records each analysis with its exact terms', async () => {
    await ws.call('search.plateHabits', { plate: '8KAB123' });
    await ws.call('auth.logout');
    await ws.call('auth.login', { username: 'admin.rivera', password: ADMIN_PASSWORD });
    const { path } = await ws.call('audit.export', { format: 'ndjson' });
    const records = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { record: AuditRecord }).record);
    const actions = new Set(records.map((r) => r.action));
    for (const a of ['detections.search', 'search.commonVehicles', 'search.clonedPlates', 'search.plateHabits'])
      expect(actions).toContain(a);
    const habits = records.filter((r) => r.action === 'search.plateHabits').at(-1)!;
    expect(habits.data).toMatchObject({ query: { plate: '8KAB123' } });
    expect(habits.purpose).toMatchObject({ number: '26-05102' });
    await ws.call('auth.logout');
    await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
    await ws.call('purposes.open', PURPOSE);
  });
});

describe('query plans (an index is part of the contract)', () => {
  it('a plate-set fetch seeks the (day, plate) index; a window scan walks the time index', async () => {
    const key = await storeKey(ws);
    const db = openStore(`${ws.dir}/canvass.db`, key);
    try {
      const plan = (sql: string, params: unknown[]) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
          .map((r) => r.detail)
          .join('\n');
      const p = byPlatesSql(db, { from: 0, to: END, vehicle: { make: ['Honda'] } });
      const platePlan = plan(p.sql, ['[1]', '["8KAB123"]', ...p.params, 10]);
      expect(platePlan).toMatch(/SEARCH detections USING INDEX detections_by_day_plate \(day=\? AND plate=\?\)/);
      const w = byWindowSql(db, { from: 0, to: END, area: { kind: 'radius', lat: 37.5, lon: -122.3, radiusM: 500 } });
      const windowPlan = plan(w.sql, [...w.params, 10]);
      expect(windowPlan).toMatch(/SEARCH detections USING INDEX detections_by_time \(seen_at>\? AND seen_at<\?\)/);
      expect(windowPlan).not.toMatch(/TEMP B-TREE/);
      // The time index carries the place (0185): the area's box is tested on the entry before the row is read.
      const indexed = db.prepare("SELECT name FROM pragma_index_info('detections_by_time') ORDER BY seqno").pluck();
      expect(indexed.all()).toEqual(['seen_at', 'id', 'lat', 'lon']);
      // A description with a unique feature walks the featured detections' index (0195), which holds the
      // description: only matching rows are read from the table.
      const f = byWindowSql(db, {
        from: 0,
        to: END,
        vehicle: { make: ['Ford'], color: ['white'], features: ['roof_rack'] },
      });
      const featuredPlan = plan(f.sql, [...f.params, 10]);
      expect(featuredPlan).toMatch(
        /SEARCH detections USING INDEX detections_featured_by_time \(seen_at>\? AND seen_at<\?\)/,
      );
      expect(featuredPlan).not.toMatch(/TEMP B-TREE FOR (ORDER BY|RIGHT PART)/);
      expect(foldPlate('8KAB123')).toBe('8KA8123');
    } finally {
      db.close();
    }
  });
});
