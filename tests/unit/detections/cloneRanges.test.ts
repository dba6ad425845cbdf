import { describe, expect, it } from 'vitest';
import { CloneScan, type Sighting } from '../../../main/core/detections/clones';
import { AgencyDataset } from '../../agency/generator/dataset';

/**
 * A scan cut into consecutive ranges, each scanned alone and joined in order (`append`, as the full scan on
 * several threads does), with the plates the join cannot continue replayed, has exactly the state of one scan
 * of every row: the same findings and the same summary for every plate.
 */
const END = Date.parse('2026-11-20T08:00:00Z');
const dataset = new AgencyDataset({ seed: 42, detections: 60_000, endMs: END, days: 28 });
const rows: Sighting[] = [];
for (const chunk of dataset.detections())
  for (const d of chunk.detections) rows.push({ id: d.id, ...d.data } as Sighting);

function picker(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    return (a >>> 8) % n;
  };
}

function whole(input: readonly Sighting[]): CloneScan {
  const scan = new CloneScan();
  for (const s of input) scan.add(s);
  return scan;
}

function joined(input: readonly Sighting[], cuts: number[]): { scan: CloneScan; unjoined: number } {
  const bounds = [0, ...cuts, input.length];
  const scan = whole(input.slice(0, bounds[1]));
  for (let k = 1; k < bounds.length - 1; k++)
    scan.append(structuredClone(whole(input.slice(bounds[k], bounds[k + 1])).exportState()));
  const unjoined = new Set(scan.unjoined);
  for (const p of unjoined) scan.replay(p);
  for (const s of input) if (unjoined.has(s.plate)) scan.add(s);
  return { scan, unjoined: unjoined.size };
}

function expectSame(a: CloneScan, b: CloneScan): void {
  expect(JSON.stringify(b.findings())).toBe(JSON.stringify(a.findings()));
  expect([...b.plates].sort()).toEqual([...a.plates].sort());
  for (const p of a.plates) expect(JSON.stringify(b.summary(p)), p).toBe(JSON.stringify(a.summary(p)));
}

describe('a scan joined from ranges', () => {
  it('equals one scan of the generator’s rows, cut in two and in five', () => {
    const one = whole(rows);
    expect(one.findings().length).toBeGreaterThan(5);
    expectSame(one, joined(rows, [30_000]).scan);
    expectSame(one, joined(rows, [7_000, 19_000, 30_001, 52_000]).scan);
  });

  it('equals one scan with late rows, whose plates are replayed, and with empty ranges', () => {
    const pick = picker(3);
    const changed = rows.map((s) => ({ ...s }));
    for (let i = 0; i < changed.length - 500; i++)
      if (pick(100) < 3) {
        const [late] = changed.splice(i, 1);
        changed.splice(i + 100 + pick(400), 0, late!);
      }
    // Same times on both sides of a cut: a tie decides by id.
    changed[20_000] = { ...changed[20_000]!, seenAt: changed[19_999]!.seenAt, plate: changed[19_999]!.plate };
    const r = joined(changed, [10_000, 10_000, 20_000, 40_000]);
    expect(r.unjoined).toBeGreaterThan(0);
    expectSame(whole(changed), r.scan);
  });
});
