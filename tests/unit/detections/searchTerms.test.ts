import { describe, expect, it } from 'vitest';
import { boundingBox, distanceM, impliedKmh, inArea, inPolygon } from '../../../main/core/shared/geo';
import { canvassPreset, vehicleConditions } from '../../../main/core/detections/query';
import { CloneScan, type Sighting } from '../../../main/core/detections/clones';

describe('places and areas', () => {
  it('measures great-circle distance in metres', () => {
    // Two San Mateo cameras about 7.5 km apart.
    expect(distanceM(37.5826, -122.3395, 37.5232, -122.2979)).toBeGreaterThan(7400);
    expect(distanceM(37.5826, -122.3395, 37.5232, -122.2979)).toBeLessThan(7700);
    expect(distanceM(37.5, -122.3, 37.5, -122.3)).toBe(0);
  });

  it('a radius box contains the circle, and the exact test decides', () => {
    const area = { kind: 'radius' as const, lat: 37.54, lon: -122.3, radiusM: 800 };
    const b = boundingBox(area);
    for (const bearing of [0, 45, 90, 135, 180, 225, 270, 315]) {
      const r = (bearing * Math.PI) / 180;
      const lat = 37.54 + (Math.cos(r) * 799) / 111_195;
      const lon = -122.3 + (Math.sin(r) * 799) / (111_195 * Math.cos((37.54 * Math.PI) / 180));
      expect(inArea(area, lat, lon)).toBe(true);
      expect(lat >= b.minLat && lat <= b.maxLat && lon >= b.minLon && lon <= b.maxLon).toBe(true);
    }
    expect(inArea(area, 37.54 + 900 / 111_195, -122.3)).toBe(false);
  });

  it('tells inside from outside a polygon, concave ones included', () => {
    const ell: [number, number][] = [
      [0, 0],
      [0, 2],
      [1, 2],
      [1, 1],
      [2, 1],
      [2, 0],
    ];
    expect(inPolygon(ell, 0.5, 0.5)).toBe(true);
    expect(inPolygon(ell, 1.5, 0.5)).toBe(true);
    expect(inPolygon(ell, 1.5, 1.5)).toBe(false);
    expect(boundingBox({ kind: 'polygon', points: ell })).toEqual({ minLat: 0, maxLat: 2, minLon: 0, maxLon: 2 });
  });

  it('implies speed, infinite for two places at the same instant', () => {
    expect(impliedKmh(10_000, 6 * 60_000)).toBeCloseTo(100);
    expect(impliedKmh(5000, 0)).toBe(Infinity);
    expect(impliedKmh(0, 0)).toBe(0);
  });
});

describe('the canvass preset', () => {
  it('expands an incident into ±1 h and 800 m that the user can adjust', () => {
    const at = Date.parse('2026-11-17T06:47:00Z');
    expect(canvassPreset({ lat: 37.5379, lon: -122.301, at })).toEqual({
      from: at - 3_600_000,
      to: at + 3_600_000,
      area: { kind: 'radius', lat: 37.5379, lon: -122.301, radiusM: 800 },
    });
    expect(canvassPreset({ lat: 1, lon: 2, at, radiusM: 300, beforeMin: 30, afterMin: 90 })).toMatchObject({
      from: at - 30 * 60_000,
      to: at + 90 * 60_000,
      area: { radiusM: 300 },
    });
  });
});

describe('vehicle descriptions', () => {
  it('combines fields with AND and values with OR; makes ignore case', () => {
    const c = vehicleConditions({ make: ['Honda'], color: ['gray', 'black'], body: ['sedan'] });
    expect(c.where).toEqual(['(make COLLATE NOCASE IN (?))', '(color IN (?,?))', '(body IN (?))']);
    expect(c.params).toEqual(['Honda', 'gray', 'black', 'sedan']);
  });

  it('keeps unknown searchable: “color unknown” matches unread and unknown colors', () => {
    const c = vehicleConditions({ color: ['unknown'] });
    expect(c.where).toEqual(["(color IS NULL OR color = 'unknown')"]);
    const unsure = vehicleConditions({ color: ['silver'], includeUnknown: true });
    expect(unsure.where).toEqual(["(color IN (?) OR color IS NULL OR color = 'unknown')"]);
  });

  it('requires every unique feature asked for, through the bitmask', () => {
    const c = vehicleConditions({ features: ['roof_rack', 'damage'] });
    expect(c.where).toEqual(['(features & ?) = ?']);
    expect(c.params).toEqual([5, 5]);
  });
});

describe('cloned and switched plates', () => {
  const base = Date.parse('2026-11-10T16:00:00Z');
  let id = 0;
  const s = (
    plate: string,
    minutes: number,
    lat: number,
    lon: number,
    make: string | null,
    color = 'black',
  ): Sighting => ({
    id: ++id,
    plate,
    state: 'CA',
    seenAt: base + minutes * 60_000,
    lat,
    lon,
    make,
    color,
    body: 'sedan',
  });
  const NORTH = [37.5826, -122.3395] as const;
  const SOUTH = [37.5232, -122.2979] as const;

  it('flags a plate on two cars of different makes, each seen at least twice, side by side', () => {
    const scan = new CloneScan();
    for (const x of [
      s('7ABC123', 0, ...NORTH, 'Toyota'),
      s('7ABC123', 60, ...SOUTH, 'Nissan'),
      s('7ABC123', 24 * 60, ...NORTH, 'Toyota'),
      s('7ABC123', 25 * 60, ...SOUTH, 'Nissan'),
    ])
      scan.add(x);
    const [f] = scan.findings();
    expect(f).toMatchObject({ plate: '7ABC123', level: 'flagged', reasons: ['description'] });
    expect(f!.description[0]).toMatchObject({ field: 'make', values: ['toyota', 'nissan'] });
  });

  it('does not flag one odd read: a camera’s mistake is not a second car', () => {
    const scan = new CloneScan();
    for (let i = 0; i < 6; i++) scan.add(s('7ABC124', i * 600, ...NORTH, 'Toyota'));
    scan.add(s('7ABC124', 5000, ...NORTH, 'Honda'));
    expect(scan.findings()).toEqual([]);
  });

  it('explains a conflict away when a look-alike plate is mostly seen with that make (a misread)', () => {
    const scan = new CloneScan();
    for (let i = 0; i < 5; i++) scan.add(s('7ABC125', i * 600, ...NORTH, 'Toyota'));
    for (let i = 0; i < 2; i++) scan.add(s('7ABC125', 4000 + i * 600, ...NORTH, 'Honda'));
    for (let i = 0; i < 20; i++) scan.add(s('7A8C125', i * 300, ...SOUTH, 'Honda'));
    expect(scan.findings().filter((f) => f.level === 'flagged')).toEqual([]);
  });

  it('flags an impossible speed between sightings that differ, and lists repeated impossible speed alone for review', () => {
    const differ = new CloneScan();
    differ.add(s('7ABC126', 0, ...NORTH, 'Toyota'));
    differ.add(s('7ABC126', 1, ...SOUTH, 'Nissan'));
    const [f] = differ.findings();
    expect(f).toMatchObject({ level: 'flagged', reasons: ['speed'] });
    expect(f!.speed[0]!.kmh).toBeGreaterThan(400);

    const same = new CloneScan();
    for (const day of [0, 1]) {
      same.add(s('7ABC127', day * 1440, ...NORTH, 'Toyota'));
      same.add(s('7ABC127', day * 1440 + 1, ...SOUTH, 'Toyota'));
    }
    expect(same.findings()).toMatchObject([{ level: 'review', reasons: ['speed'] }]);
  });

  it('a drive of 7.5 km in 6 minutes is possible; once on one day is not enough either', () => {
    const t = new CloneScan();
    t.add(s('7ABC128', 0, ...NORTH, 'Toyota'));
    t.add(s('7ABC128', 6, ...SOUTH, 'Toyota'));
    t.add(s('7ABC128', 7, ...NORTH, 'Toyota'));
    expect(t.findings()).toEqual([]);
  });
});
