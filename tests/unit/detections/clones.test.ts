import { describe, expect, it } from 'vitest';
import { CloneScan, type Sighting, differingDescriptors } from '../../../main/core/detections/clones';
import { AgencyDataset } from '../../agency/generator/dataset';
import { ReferenceCloneScan } from './cloneScanReference';

/**
 * The typed-array scan (numeric plate keys, one record per plate, description runs) must give exactly the
 * findings of the straightforward one, including for what the fast paths special-case: plates that are not
 * 1–8 characters of 0-9/A-Z, late rows, unknown and missing values, changing states, and table growth.
 */
const END = Date.parse('2026-11-20T08:00:00Z');
const dataset = new AgencyDataset({ seed: 42, detections: 60_000, endMs: END, days: 28 });
const rows: Sighting[] = [];
for (const chunk of dataset.detections())
  for (const d of chunk.detections)
    rows.push({
      id: d.id,
      plate: d.data.plate,
      state: d.data.state,
      seenAt: d.data.seenAt,
      lat: d.data.lat,
      lon: d.data.lon,
      make: d.data.make,
      color: d.data.color,
      body: d.data.body,
    });

function both(input: readonly Sighting[]): { fast: string; reference: string; count: number } {
  const fast = new CloneScan();
  const reference = new ReferenceCloneScan();
  for (const s of input) {
    fast.add(s);
    reference.add({ ...s });
  }
  const f = fast.findings();
  return { fast: JSON.stringify(f), reference: JSON.stringify(reference.findings()), count: f.length };
}

/** Deterministic pseudo-random picks. */
function picker(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    return (a >>> 8) % n;
  };
}

describe('the cloned-plate scan agrees with the reference implementation', () => {
  it('on the generator’s data, in store order', () => {
    const r = both(rows);
    expect(r.count).toBeGreaterThan(5);
    expect(r.fast).toBe(r.reference);
    expect(r.fast).toContain(dataset.truth.clonedPlate.plate);
  });

  it('with late rows, odd plate strings, unknown or missing values and changing states', () => {
    const pick = picker(7);
    const odd = ['abc123', '7ABC1234X', 'AB-1234', '', 'ÅBC123', '7abc123'];
    const changed = rows.map((s) => {
      const t = { ...s };
      const k = pick(100);
      if (k < 3) t.plate = odd[pick(odd.length)]!;
      else if (k < 5) t.color = ['unknown', 'Unknown', '', null][pick(4)]!;
      else if (k < 7) t.make = [null, 'UNKNOWN', 'toyota', 'TOYOTA'][pick(4)]!;
      else if (k < 9) t.state = [null, 'NV', 'OR'][pick(3)]!;
      return t;
    });
    // About 3 % of rows arrive late: moved a few hundred places further on.
    for (let i = 0; i < changed.length - 500; i++)
      if (pick(100) < 3) {
        const [late] = changed.splice(i, 1);
        changed.splice(i + 100 + pick(400), 0, late!);
      }
    const r = both(changed);
    expect(r.count).toBeGreaterThan(5);
    expect(r.fast).toBe(r.reference);
  });

  it('across table growth, with more plates than the first allocation holds', () => {
    const pick = picker(11);
    const input: Sighting[] = [];
    let id = 0;
    // 90,000 plates; every tenth is a clone (two makes, two sightings each, far apart within minutes).
    for (let k = 0; k < 90_000; k++) {
      const plate = (k * 7919).toString(36).toUpperCase().padStart(7, '7');
      const clone = k % 10 === 0;
      for (let j = 0; j < 4; j++)
        input.push({
          id: ++id,
          plate,
          state: 'CA',
          seenAt: END - 86_400_000 * (4 - j) + pick(3_600_000),
          lat: 37.5 + (j % 2) * (clone ? 0.2 : 0.001),
          lon: -122.3,
          make: clone && j % 2 ? 'Nissan' : 'Toyota',
          color: 'black',
          body: 'sedan',
        });
    }
    input.sort((a, b) => a.seenAt - b.seenAt);
    const r = both(input);
    expect(r.count).toBe(9000);
    expect(r.fast).toBe(r.reference);
  });
});

describe('what differs between two sightings, as the evidence shows it', () => {
  it('follows the scan: make compared without case, unknown or missing values agree with anything', () => {
    const car = (make: string | null, color: string | null, body: string | null) => ({ make, color, body });
    expect(differingDescriptors(car('Toyota', 'red', 'sedan'), car('toyota', 'red', 'sedan'))).toEqual([]);
    expect(differingDescriptors(car('Unknown', '', null), car('Nissan', 'blue', 'suv'))).toEqual([]);
    expect(differingDescriptors(car('Toyota', 'red', 'sedan'), car('Nissan', 'blue', 'sedan'))).toEqual([
      'make',
      'color',
    ]);
  });
});
