import { describe, expect, it } from 'vitest';
import type { CameraInfo, Detection } from '../../../preload/contract';
import {
  areaFeatures,
  areaSummary,
  cameraFeatures,
  detectionFeatures,
  draftFeatures,
  handleFeatures,
  withinTime,
} from '../../../renderer/src/shared/map/features';
import { rng } from '../../support/prng';

/** Reads around downtown Los Angeles over six hours, from a seeded generator. */
function reads(n: number, seed = 7): Detection[] {
  // Seeded, so the set is the same on every run.
  const rnd = rng(seed);
  const start = Date.parse('2026-03-01T18:00:00Z');
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    plate: `7ABC${String(100 + i).slice(-3)}`,
    state: 'CA',
    seenAt: new Date(start + Math.floor(rnd() * 6 * 3600_000)).toISOString(),
    lat: 34.04 + rnd() * 0.03,
    lon: -118.26 + rnd() * 0.03,
    cameraId: `cam-${i % 5}`,
    cameraName: null,
    heading: ['NB', 'SB', null, 'E'][i % 4] ?? null,
    make: null,
    model: null,
    color: null,
    body: null,
    features: [],
    confidence: 0.9,
    plateImage: null,
    overviewImage: null,
  }));
}

describe('detections become map features', () => {
  it('keeps the detection id as the feature id and carries time, label and bearing', () => {
    const rows = reads(4);
    const fc = detectionFeatures(rows).collection;
    expect(fc.features.map((f) => f.id)).toEqual([1, 2, 3, 4]);
    const first = fc.features[0]!;
    expect(first.geometry.coordinates).toEqual([rows[0]!.lon, rows[0]!.lat]);
    expect(first.properties.t).toBe(Date.parse(rows[0]!.seenAt));
    expect(first.properties.label.split('\n')[0]).toBe(rows[0]!.plate);
    expect(first.properties.label.split('\n')[1]).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(fc.features.map((f) => f.properties.bearing)).toEqual([0, 180, -1, 90]);
  });

  it('skips a read without a usable place but still counts its time', () => {
    const rows = reads(3);
    rows[1] = { ...rows[1]!, lat: Number.NaN };
    const { collection: fc, times } = detectionFeatures(rows);
    expect(fc.features).toHaveLength(2);
    expect(times).toHaveLength(3);
  });

  it('filters 10,000 reads to a time window quickly and exactly', () => {
    const fc = detectionFeatures(reads(10_000)).collection;
    const from = Date.parse('2026-03-01T19:00:00Z');
    const to = Date.parse('2026-03-01T20:00:00Z');
    const t0 = performance.now();
    const part = withinTime(fc, from, to);
    const ms = performance.now() - t0;
    const expected = fc.features.filter((f) => f.properties.t >= from && f.properties.t <= to).length;
    expect(part.features).toHaveLength(expected);
    expect(expected).toBeGreaterThan(1000);
    expect(expected).toBeLessThan(2400);
    expect(part.features.every((f) => f.properties.t >= from && f.properties.t <= to)).toBe(true);
    expect(ms).toBeLessThan(50);
  });
});

describe('cameras', () => {
  const cams: CameraInfo[] = [
    { id: 'c1', name: 'Main & 1st', kind: 'fixed', lat: 34.05, lon: -118.25, heading: 'NB' },
    { id: 'c2', name: 'Patrol 12', kind: 'mobile', lat: null, lon: null, heading: null },
    { id: 'c3', name: 'Spring & 4th', kind: 'fixed', lat: 34.049, lon: -118.249, heading: null },
  ];
  it('draws fixed cameras only and marks the chosen ones', () => {
    const fc = cameraFeatures(cams, ['c3']);
    expect(fc.features.map((f) => f.properties)).toEqual([
      { id: 'c1', name: 'Main & 1st', chosen: false },
      { id: 'c3', name: 'Spring & 4th', chosen: true },
    ]);
  });
});

describe('the search area and its handles', () => {
  it('draws nothing for no area or an unfinished polygon', () => {
    expect(areaFeatures(null).features).toHaveLength(0);
    expect(
      areaFeatures({
        kind: 'polygon',
        points: [
          [34, -118],
          [34.1, -118],
        ],
      }).features,
    ).toHaveLength(0);
    expect(handleFeatures(null).features).toHaveLength(0);
  });

  it('closes a polygon ring and swaps [lat, lon] to [lon, lat]', () => {
    const fc = areaFeatures({
      kind: 'polygon',
      points: [
        [34, -118],
        [34.1, -118],
        [34.1, -118.1],
      ],
    });
    expect(fc.features[0]!.geometry.coordinates[0]).toEqual([
      [-118, 34],
      [-118, 34.1],
      [-118.1, 34.1],
      [-118, 34],
    ]);
  });

  it('gives a radius a centre and a rim handle, a polygon a handle per edge midpoint and per corner', () => {
    const radius = handleFeatures({ kind: 'radius', lat: 34, lon: -118, radiusM: 500 });
    expect(radius.features.map((f) => f.properties.role)).toEqual(['centre', 'rim']);
    const area = {
      kind: 'polygon' as const,
      points: [
        [34, -118],
        [34.1, -118],
        [34.1, -118.1],
      ] as [number, number][],
    };
    const poly = handleFeatures(area, 1);
    expect(poly.features.map((f) => f.properties)).toEqual([
      { role: 'midpoint', index: 0 },
      { role: 'midpoint', index: 1 },
      { role: 'midpoint', index: 2 },
      { role: 'vertex', index: 0 },
      { role: 'vertex', index: 1, selected: true },
      { role: 'vertex', index: 2 },
    ]);
    // Midpoints sit halfway along each edge, the last closing the ring ([lon, lat] in GeoJSON).
    expect(poly.features[0]!.geometry.coordinates).toEqual([-118, 34.05]);
    expect(poly.features[2]!.geometry.coordinates[0]).toBeCloseTo(-118.05);
    expect(poly.features[2]!.geometry.coordinates[1]).toBeCloseTo(34.05);
  });

  it('draws a polygon in progress with a rubber band to the pointer', () => {
    const fc = draftFeatures(
      [
        [34, -118],
        [34.1, -118],
      ],
      [-118.1, 34.1],
    );
    const line = fc.features.find((f) => f.geometry.type === 'LineString')!;
    expect(line.geometry.coordinates).toEqual([
      [-118, 34],
      [-118, 34.1],
      [-118.1, 34.1],
    ]);
    expect(draftFeatures([[34, -118]], null).features).toHaveLength(1);
  });

  it('summarises the area in words', () => {
    expect(areaSummary(null)).toBeNull();
    expect(areaSummary({ kind: 'radius', lat: 34, lon: -118, radiusM: 1250 })).toBe('Radius 1.25 km');
    expect(
      areaSummary({
        kind: 'polygon',
        points: [
          [34, -118],
          [34.1, -118],
          [34.1, -118.1],
        ],
      }),
    ).toBe('Polygon · 3 corners');
  });
});
