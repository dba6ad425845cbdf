import { describe, expect, it } from 'vitest';
import { CloneScan, type Sighting } from '../../../main/core/detections/clones';
import { decodeSummary, encodeSummary } from '../../../main/core/detections/cloneSummary';

/** The positional spelling of a plate's summary (0190) decodes to what was encoded, and the 0170 objects still decode. */
const base = { plate: 'ABC123', state: 'CA', make: 'Toyota', color: 'Blue', body: 'Sedan' };
const rows: Sighting[] = [
  { id: 1, ...base, seenAt: 0, lat: 37.7, lon: -122.4 },
  { id: 2, ...base, seenAt: 60_000, lat: 38.7, lon: -122.4, make: 'Honda', color: null },
  { id: 3, ...base, seenAt: 120_000, lat: 37.7, lon: -122.4, body: 'unknown', state: null },
  { id: 4, ...base, seenAt: 120_000, lat: 37.70001, lon: -122.40001, make: 'Honda', color: 'Red "dark"' },
];

describe('clone summary encoding', () => {
  it('round-trips a summary with speed pairs, unknown values and repeated descriptions', () => {
    const scan = new CloneScan();
    for (const r of rows) scan.add(r);
    const s = scan.summary('ABC123')!;
    expect(s.speed.length).toBeGreaterThan(0);
    expect(s.speed.some((p) => p.differs.length > 0)).toBe(true);
    const text = encodeSummary(s);
    expect(decodeSummary(text)).toEqual(JSON.parse(JSON.stringify(s)));
    expect(text.length).toBeLessThan(JSON.stringify(s).length * 0.7);
  });

  it('decodes the 0170 object spelling and a stored null as they were', () => {
    const scan = new CloneScan();
    for (const r of rows) scan.add(r);
    const s = scan.summary('ABC123')!;
    expect(decodeSummary(JSON.stringify(s))).toEqual(JSON.parse(JSON.stringify(s)));
    expect(decodeSummary('null')).toBeNull();
  });
});
