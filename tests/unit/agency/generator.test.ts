import { describe, expect, it } from 'vitest';
import { detectionDataSchema, isFastDetection, parseRecordLine } from '../../../main/core/sync/protocol';
import { maskToFeatures } from '../../../main/core/plates/vehicle';
import { distanceM } from '../../agency/generator/city';
import { AgencyDataset, type GeneratedDetection, type GeneratedHit } from '../../agency/generator/dataset';
import { renderDetectionImages, sha256 } from '../../agency/generator/images';
import { CONFUSABLE } from '../../agency/generator/vehicles';

const END = Date.parse('2026-11-20T08:00:00Z');
const dataset = new AgencyDataset({ seed: 99, detections: 40_000, endMs: END, days: 28 });
const all: GeneratedDetection[] = [];
const hits: GeneratedHit[] = [];
for (const chunk of dataset.detections()) {
  all.push(...chunk.detections);
  hits.push(...chunk.hits);
}
const byId = new Map(all.map((d) => [d.id, d]));
const hourFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  hour: 'numeric',
  hourCycle: 'h23',
});
const hourCache = new Map<number, number>();
const localHour = (ms: number) => {
  const bucket = Math.floor(ms / 3_600_000);
  let h = hourCache.get(bucket);
  if (h === undefined) hourCache.set(bucket, (h = Number(hourFormat.format(bucket * 3_600_000))));
  return h;
};

describe('the synthetic city generator', () => {
  it('is deterministic for a seed and different for another', () => {
    const firstHour = (ds: AgencyDataset) => {
      for (const chunk of ds.detections()) return chunk;
      throw new Error('no detections');
    };
    const again = firstHour(new AgencyDataset({ seed: 99, detections: 40_000, endMs: END, days: 28 }));
    expect(again.detections).toEqual(all.slice(0, again.detections.length));
    const other = firstHour(new AgencyDataset({ seed: 100, detections: 40_000, endMs: END, days: 28 }));
    expect(other.detections.map((d) => d.data.plate)).not.toEqual(again.detections.map((d) => d.data.plate));
  });

  it('generates exactly the detections asked for, in time order, with consecutive ids, inside the window', () => {
    expect(all).toHaveLength(40_000);
    expect(all.every((d, i) => d.id === i + 1)).toBe(true);
    expect(all.every((d, i) => i === 0 || d.data.seenAt >= all[i - 1]!.data.seenAt)).toBe(true);
    expect(all[0]!.data.seenAt).toBeGreaterThanOrEqual(dataset.startMs);
    expect(all.at(-1)!.data.seenAt).toBeLessThan(dataset.endMs);
  });

  it('every record is valid on the wire', () => {
    for (const d of all.slice(0, 5000)) {
      const parsed = parseRecordLine(
        JSON.stringify({ kind: 'detection', id: d.id, version: 1, data: d.data }),
        'detections',
      );
      expect(parsed.ok).toBe(true);
    }
  });

  it('follows a daily rhythm: the morning commute is busier than 3 a.m.', () => {
    const perHour = new Array(24).fill(0) as number[];
    for (const d of all) perHour[localHour(d.data.seenAt)]!++;
    expect(perHour[8]!).toBeGreaterThan(perHour[3]! * 8);
    expect(perHour[17]!).toBeGreaterThan(perHour[3]! * 8);
  });

  it('has commuters who pass the same camera on many days', () => {
    const days = new Map<string, Set<number>>();
    for (const d of all) {
      if (d.truth.misread) continue;
      const key = `${d.data.plate}@${d.data.cameraId}`;
      let set = days.get(key);
      if (!set) days.set(key, (set = new Set()));
      set.add(Math.floor(d.data.seenAt / 86_400_000));
    }
    const regulars = [...days.values()].filter((s) => s.size >= 10).length;
    expect(regulars).toBeGreaterThan(50);
  });

  it('reads California plates in their formats and a realistic share of out-of-state plates', () => {
    const ca = all.filter((d) => d.data.state === 'CA' && !d.truth.misread).map((d) => d.data.plate);
    const modern = ca.filter((p) => /^[1-9][A-Z]{3}\d{3}$/.test(p)).length;
    const older = ca.filter((p) => /^\d{3}[A-Z]{3}$/.test(p)).length;
    const commercial = ca.filter((p) => /^[1-9][A-Z]\d{5}$/.test(p)).length;
    expect(modern / ca.length).toBeGreaterThan(0.6);
    expect(older).toBeGreaterThan(0);
    expect(commercial).toBeGreaterThan(0);
    const outOfState = all.filter((d) => d.data.state !== null && d.data.state !== 'CA').length / all.length;
    expect(outOfState).toBeGreaterThan(0.02);
    expect(outOfState).toBeLessThan(0.12);
  });

  it('describes vehicles with makes, colors, bodies and unique features', () => {
    const makes = new Set(all.map((d) => d.data.make).filter(Boolean));
    expect(makes.size).toBeGreaterThan(15);
    const withFeatures = all.filter((d) => d.data.features !== 0);
    expect(withFeatures.length / all.length).toBeGreaterThan(0.1);
    expect(new Set(withFeatures.flatMap((d) => maskToFeatures(d.data.features)))).toContain('roof_rack');
    const white = all.filter((d) => d.data.color === 'white').length / all.length;
    expect(white).toBeGreaterThan(0.12);
  });

  it('misreads about 3 % of plates by one confusable character, and keeps the truth', () => {
    const wrong = all.filter((d) => d.truth.misread);
    expect(wrong.length / all.length).toBeGreaterThan(0.015);
    expect(wrong.length / all.length).toBeLessThan(0.045);
    // The misread-hit scenario's read is planted (a T read for an L, as the search's classes have it).
    for (const d of wrong.filter((x) => x.truth.scenario === null)) {
      const diffs = [...d.data.plate].map((c, i) => [c, d.truth.plate[i]] as const).filter(([a, b]) => a !== b);
      expect(diffs).toHaveLength(1);
      expect(CONFUSABLE[diffs[0]![1]!]).toBe(diffs[0]![0]);
      expect(d.data.confidence).toBeLessThan(0.87);
    }
  });

  it('plants the shooting: the partially described suspect passes three cameras within minutes, among decoys', () => {
    const s = dataset.truth.shooting;
    expect(s.suspectDetectionIds).toHaveLength(3);
    for (const id of s.suspectDetectionIds) {
      const d = byId.get(id)!;
      expect(d.data.plate.startsWith('8K')).toBe(true);
      expect(Math.abs(d.data.seenAt - s.at)).toBeLessThan(15 * 60_000);
      expect(d.data).toMatchObject({ make: 'Honda', model: 'Accord', color: 'gray' });
      expect(maskToFeatures(d.data.features)).toContain('damage');
    }
    const decoys = all.filter((d) => d.truth.scenario === 'shooting:decoy');
    expect(decoys.length).toBeGreaterThanOrEqual(4);
    expect(decoys.filter((d) => d.data.plate.startsWith('8K')).length).toBeGreaterThanOrEqual(2);
  });

  it('plants the serial burglary: one van near each of three sites around each burglary, and a BOLO hit on the third', () => {
    const b = dataset.truth.burglary;
    for (const site of b.sites) {
      const near = b.vanDetectionIds
        .map((id) => byId.get(id)!)
        .filter((d) => d.data.cameraId === site.cameraId && Math.abs(d.data.seenAt - site.at) < 30 * 60_000);
      expect(near).toHaveLength(1);
    }
    const boloHits = hits.filter((h) => h.data.entryId === b.boloEntryId);
    expect(boloHits.length).toBeGreaterThanOrEqual(1);
    expect(Math.min(...boloHits.map((h) => h.data.at))).toBeGreaterThan(b.sites[1]!.at);
  });

  it('plants a cloned plate: the same plate on two different cars, too far apart too quickly to be one', () => {
    const c = dataset.truth.clonedPlate;
    expect(c.pairs).toHaveLength(2);
    for (const [a, b] of c.pairs) {
      const da = byId.get(a)!.data;
      const db = byId.get(b)!.data;
      expect(da.plate).toBe(db.plate);
      expect(da.make).not.toBe(db.make);
      expect(db.seenAt - da.seenAt).toBeLessThan(10 * 60_000);
      expect(distanceM(da.lat, da.lon, db.lat, db.lon)).toBeGreaterThan(5_000);
    }
  });

  it('raises hits only for plates on a hot list entered before the read', () => {
    expect(hits.length).toBeGreaterThan(50);
    const entries = new Map(dataset.entries.map((e) => [e.id, e.data]));
    for (const h of hits) {
      const e = entries.get(h.data.entryId)!;
      expect(h.data.plate).toBe(e.plate);
      expect(Date.parse(e.enteredAt)).toBeLessThanOrEqual(h.data.at);
      expect(byId.get(h.data.detectionId)!.data.plate).toBe(h.data.plate);
    }
    expect(new Set(hits.map((h) => h.data.listId))).toContain('DMV');
  });

  it('streams: a million-detection window is generated without holding it in memory', () => {
    const big = new AgencyDataset({ seed: 5, detections: 1_000_000, endMs: END });
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let n = 0;
    let peak = 0;
    for (const chunk of big.detections()) {
      n += chunk.detections.length;
      if (n > 300_000) break;
      if ((n & 0x3fff) < chunk.detections.length) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    }
    expect(n).toBeGreaterThan(300_000);
    expect(peak).toBeLessThan(150 * 1024 * 1024);
  });

  it('renders a plate crop and an overview, content-addressed and deterministic', async () => {
    const d = byId.get(dataset.truth.shooting.suspectDetectionIds[0]!)!;
    const [plate, overview] = await renderDetectionImages(d.truth.plate, d.data);
    expect(plate.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(plate.sha256).toBe(sha256(plate.bytes));
    expect(overview.sha256).not.toBe(plate.sha256);
    const [again] = await renderDetectionImages(d.truth.plate, d.data);
    expect(again.sha256).toBe(plate.sha256);
  });
});

describe('the wire records', () => {
  const good = { kind: 'detection', id: 7, version: 1, data: all[0]!.data };
  it('accepts a record and a tombstone', () => {
    expect(parseRecordLine(JSON.stringify(good), 'detections').ok).toBe(true);
    expect(parseRecordLine('{"kind":"detection","id":7,"version":2,"deleted":true}', 'detections')).toEqual({
      ok: true,
      record: { kind: 'detection', id: 7, version: 2, deleted: true },
    });
  });
  it.each([
    ['not JSON', '{"kind":', /not valid JSON/],
    ['a bad plate', JSON.stringify({ ...good, data: { ...good.data, plate: '8K L!' } }), /plate/],
    ['a confidence above 1', JSON.stringify({ ...good, data: { ...good.data, confidence: 7 } }), /confidence/],
    ['a record of another feed', JSON.stringify({ ...good, kind: 'camera' }), /does not belong/],
    ['a string id for a detection', JSON.stringify({ ...good, id: 'x' }), /must be a number/],
  ])('rejects %s with the reason', (_name, line, reason) => {
    const r = parseRecordLine(line, 'detections');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it('the fast detection check never accepts what the schema refuses', () => {
    const mutations: [string, unknown][] = [
      ['plate', 'abc'],
      ['plate', ''],
      ['plate', '123456789'],
      ['plate', 7],
      ['state', 'California'],
      ['state', null],
      ['seenAt', 1.5],
      ['seenAt', 0],
      ['lat', 91],
      ['lat', Number.NaN],
      ['lon', -181],
      ['cameraId', ''],
      ['heading', 'x'.repeat(17)],
      ['make', null],
      ['model', 'm'.repeat(41)],
      ['color', 'teal'],
      ['color', null],
      ['body', 'tank'],
      ['features', 256],
      ['features', -1],
      ['confidence', 1.01],
      ['confidence', '0.9'],
      ['plateImage', 'ABC'],
      ['plateImage', 'a'.repeat(64)],
      ['overviewImage', 'F'.repeat(64)],
      ['extra', 1],
      ['plate', undefined],
    ];
    for (const [field, value] of mutations) {
      const data: Record<string, unknown> = { ...all[1]!.data, [field]: value };
      if (value === undefined) delete data[field];
      const fast = isFastDetection({ kind: 'detection', id: 3, version: 1, data }, 'detections');
      const zod = detectionDataSchema.safeParse(data);
      if (fast) expect(zod.success, `${field}=${String(value)}`).toBe(true);
      if (fast && zod.success) expect(zod.data).toEqual(data);
    }
    expect(isFastDetection({ kind: 'detection', id: 3, version: 1, data: all[1]!.data }, 'detections')).toBe(true);
  });
});
