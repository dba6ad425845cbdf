import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../../main/store/db';
import { upsertCameras } from '../../../main/store/repos/cameras';
import { upsertDetections } from '../../../main/store/repos/detections';
import { correctedReads, insertCorrection } from '../../../main/store/repos/ocr';
import { CONFUSABLE_CLASSES } from '../../../main/core/plates/plateQuery';
import { searchOnePlate, searchPlateList, type PlateListItem } from '../../../main/services/detections';
import { AgencyDataset } from '../../agency/generator/dataset';
import { openTestWorkstation, type TestWorkstation } from '../../agency/testing';
import { rng } from '../../support/prng';

/**
 * A whole hot list matched at once finds exactly what a search per entry finds (the naive plan the bench
 * measures it against), on a real encrypted store of the generator's traffic, through each of its plans.
 */
describe('retro-hits of a whole list', () => {
  let ws: TestWorkstation;
  let items: PlateListItem[];
  const END = Date.parse('2026-11-20T08:00:00Z');

  beforeAll(() => {
    ws = openTestWorkstation();
    const dataset = new AgencyDataset({ seed: 3, detections: 30_000, endMs: END });
    upsertCameras(
      ws.db,
      dataset.cameras.map((c) => ({
        id: c.id,
        name: c.name,
        kind: c.kind,
        lat: c.lat,
        lon: c.lon,
        heading: c.heading,
        version: 1,
      })),
    );
    const plates: string[] = [];
    inTransaction(ws.db, () => {
      for (const chunk of dataset.detections()) {
        upsertDetections(
          ws.db,
          chunk.detections.map((d) => ({ id: d.id, ...d.data, version: 1 })),
        );
        for (const d of chunk.detections) if (plates.length < 5000) plates.push(d.data.plate);
      }
    });
    // A list of plates seen here, their look-alikes and near misses, and plates nobody saw.
    const next = rng(11);
    const pick = () => plates[Math.floor(next() * plates.length)]!;
    items = [];
    for (let i = 0; i < 60; i++) items.push({ plate: pick(), state: next() < 0.5 ? 'CA' : null });
    for (let i = 0; i < 30; i++) {
      const p = pick();
      items.push({ plate: p.slice(0, 2) + p[3] + p[2] + p.slice(4), state: null });
    }
    for (let i = 0; i < 30; i++) items.push({ plate: `${pick().slice(0, 6)}`, state: 'CA' });
    items.push({ plate: 'QQ12345', state: 'NV' });
  });
  afterAll(() => ws.close());

  // The row as matching reads it (the pass reads back only these fields), and how it matched.
  const key = (m: {
    item: number;
    row: { id: number; plate: string; state: string | null; seenAt: number };
    match: { tier: string; cost: number };
  }) => `${m.item}:${m.row.id}:${m.row.plate}:${m.row.state}:${m.row.seenAt}:${m.match.tier}:${m.match.cost}`;

  it('one pass over the dictionary and the index finds what one search per entry finds', () => {
    const from = END - 60 * 86_400_000;
    const naive = items.flatMap((item, i) => searchOnePlate(ws.db, item, { from }).map((m) => ({ ...m, item: i })));
    expect(naive.length).toBeGreaterThan(500);
    expect(new Set(naive.map((m) => m.match.tier))).toEqual(new Set(['exact', 'similar', 'near']));
    const expected = naive.map(key).sort();
    const seeks = searchPlateList(ws.db, items, { from, plan: { listPassFrom: 1, seeksPerPass: Infinity } });
    expect(seeks.map(key).sort()).toEqual(expected);
    const pass = searchPlateList(ws.db, items, { from, plan: { listPassFrom: 1, seeksPerPass: 0 } });
    expect(pass.map(key).sort()).toEqual(expected);
    // Ranked: within an entry, the best match first.
    for (let i = 1; i < pass.length; i++)
      if (pass[i]!.item === pass[i - 1]!.item)
        expect(pass[i]!.match.cost).toBeGreaterThanOrEqual(pass[i - 1]!.match.cost);
  });

  it('reports progress and stops when cancelled', () => {
    const phases = new Set<string>();
    let calls = 0;
    expect(() =>
      searchPlateList(ws.db, items, {
        plan: { listPassFrom: 1, seeksPerPass: 0 },
        onProgress: (phase) => phases.add(phase),
        cancelled: () => ++calls > 1,
      }),
    ).toThrow('cancelled');
    expect(phases.has('dictionary')).toBe(true);
  });

  it('finds a corrected read under its corrected plate too, and only once, through each plan', () => {
    const from = END - 60 * 86_400_000;
    const rowsOf = (plate: string) =>
      ws.db
        .prepare('SELECT id, plate FROM detections WHERE plate = ? AND seen_at >= ? ORDER BY id')
        .all(plate, from) as {
        id: number;
        plate: string;
      }[];
    // One read of a listed plate corrected to a plate nobody saw, listed too; one corrected to a spelling that
    // the same entry also matches (found under both reads, it must be listed once).
    const listed = items.find(
      (i) =>
        !i.state &&
        rowsOf(i.plate).length >= 2 &&
        CONFUSABLE_CLASSES.some((c) => [...c].some((ch) => i.plate.includes(ch))),
    )!;
    const [a, b] = rowsOf(listed.plate);
    // A character swapped for one that looks the same (CONFUSABLE_CLASSES): the entry matches it as similar.
    const k = [...listed.plate].findIndex((ch) => CONFUSABLE_CLASSES.some((c) => c.includes(ch)));
    const swap = CONFUSABLE_CLASSES.find((c) => c.includes(listed.plate[k]!))!;
    const similar = listed.plate.slice(0, k) + swap.replace(listed.plate[k]!, '')[0] + listed.plate.slice(k + 1);
    const correct = (id: number, original: string, corrected: string) =>
      insertCorrection(ws.db, {
        detectionId: id,
        originalPlate: original,
        correctedPlate: corrected,
        chosen: 'manual',
        ocrReadId: null,
        reason: 'test',
        username: 'det.test',
        at: '2026-11-20T09:00:00.000Z',
        outboxKey: `test-${id}`,
      });
    inTransaction(ws.db, () => {
      correct(a!.id, a!.plate, 'ZZ9999Z');
      correct(b!.id, b!.plate, similar);
    });
    const list = [...items, { plate: 'ZZ9999Z', state: null }];
    const naive = list.flatMap((item, i) => searchOnePlate(ws.db, item, { from }).map((m) => ({ ...m, item: i })));
    const unseen = naive.filter((m) => m.item === items.length);
    expect(unseen.map((m) => m.row.id)).toEqual([a!.id]);
    expect(unseen[0]!.match.text).toContain('as corrected to ZZ9999Z');
    // The other read is found by the listed entry under its camera read, not again under its correction.
    expect(correctedReads(ws.db).map((c) => c.correctedPlate)).toContain(similar);
    expect(naive.filter((m) => m.row.id === b!.id && list[m.item] === listed)).toHaveLength(1);
    const expected = naive.map(key).sort();
    for (const seeksPerPass of [Infinity, 0]) {
      const found = searchPlateList(ws.db, list, { from, plan: { listPassFrom: 1, seeksPerPass } });
      expect(found.map(key).sort()).toEqual(expected);
    }
  });
});
