import { describe, expect, it } from 'vitest';
import {
  boundsOf,
  circleRing,
  destination,
  distanceM,
  edgeMidpoints,
  formatDistance,
  headingDegrees,
  insertCorner,
  nearestWithin,
  polygonProblem,
  radiusHandle,
  removeCorner,
  snapRadius,
} from '../../../renderer/src/shared/map/geometry';
import { distanceM as coreDistance, inArea } from '../../../main/core/shared/geo';

const CENTRE = { lat: 34.0522, lon: -118.2437 };

describe('the map draws a radius the search will honour', () => {
  it('puts every vertex of the circle at the radius, as main measures it', () => {
    const ring = circleRing(CENTRE.lat, CENTRE.lon, 450);
    expect(ring).toHaveLength(97);
    expect(ring[0]).toEqual(ring[96]);
    for (const [lon, lat] of ring) {
      expect(coreDistance(CENTRE.lat, CENTRE.lon, lat, lon)).toBeCloseTo(450, 3);
    }
  });

  it('agrees with main/core/geo on distance, so "inside" on screen is inside in the search', () => {
    const [lon, lat] = destination(CENTRE.lat, CENTRE.lon, 1234, 37);
    expect(distanceM(CENTRE.lat, CENTRE.lon, lat, lon)).toBeCloseTo(1234, 3);
    expect(coreDistance(CENTRE.lat, CENTRE.lon, lat, lon)).toBeCloseTo(1234, 3);
    const area = { kind: 'radius' as const, lat: CENTRE.lat, lon: CENTRE.lon, radiusM: 1240 };
    expect(inArea(area, lat, lon)).toBe(true);
    expect(inArea({ ...area, radiusM: 1220 }, lat, lon)).toBe(false);
  });

  it('places the rim handle due east on the circle', () => {
    const [lon, lat] = radiusHandle(CENTRE.lat, CENTRE.lon, 800);
    expect(lat).toBeCloseTo(CENTRE.lat, 4);
    expect(lon).toBeGreaterThan(CENTRE.lon);
    expect(distanceM(CENTRE.lat, CENTRE.lon, lat, lon)).toBeCloseTo(800, 3);
  });

  it('wraps longitudes across the antimeridian', () => {
    const [lon] = destination(0, 179.999, 1000, 90);
    expect(lon).toBeLessThan(-179);
  });
});

describe('distances read the way a report quotes them', () => {
  it.each([
    [0, '0 m'],
    [85.4, '85 m'],
    [999.4, '999 m'],
    [1000, '1 km'],
    [1250, '1.25 km'],
    [12_500, '12.5 km'],
    [30_000, '30 km'],
    [-1, '—'],
    [Number.NaN, '—'],
  ])('%s m → %s', (m, text) => expect(formatDistance(m)).toBe(text));

  it('snaps a dragged radius to round numbers, never below 10 m', () => {
    expect(snapRadius(3)).toBe(10);
    expect(snapRadius(147)).toBe(145);
    expect(snapRadius(456)).toBe(460);
    expect(snapRadius(1234)).toBe(1250);
  });
});

describe('headings become arrows only when they are readable', () => {
  it.each([
    ['N', 0],
    ['NB', 0],
    ['SB', 180],
    ['eastbound', 90],
    ['Westbound', 270],
    ['SE', 135],
    ['NNW', 337.5],
    ['90', 90],
    ['360', 0],
  ])('%s → %s°', (h, deg) => expect(headingDegrees(h)).toBe(deg));

  it.each([[null], [''], ['unknown'], ['400'], ['X']])('%s → no arrow', (h) => expect(headingDegrees(h)).toBeNull());
});

describe('bounds to fit the results', () => {
  it('is null for nothing and skips unplaceable points', () => {
    expect(boundsOf([])).toBeNull();
    expect(boundsOf([{ lat: Number.NaN, lon: 1 }])).toBeNull();
  });
  it('covers every point', () => {
    expect(
      boundsOf([
        { lat: 34, lon: -118.3 },
        { lat: 34.2, lon: -118.1 },
        { lat: Number.NaN, lon: 0 },
      ]),
    ).toEqual([-118.3, 34, -118.1, 34.2]);
  });
  it('gives a single point a street-sized box instead of a zero-size one', () => {
    const [w, s, e, n] = boundsOf([{ lat: 34, lon: -118 }])!;
    expect(e - w).toBeCloseTo(0.002, 6);
    expect(n - s).toBeCloseTo(0.002, 6);
  });
});

describe('grabbing handles on screen', () => {
  const square = [
    { x: 0, y: 0 },
    { x: 100, y: 0 },
    { x: 100, y: 100 },
    { x: 0, y: 100 },
  ];
  it('finds the nearest vertex within the tolerance, or none', () => {
    expect(nearestWithin(square, { x: 96, y: 5 }, 10)).toBe(1);
    expect(nearestWithin(square, { x: 50, y: 50 }, 10)).toBe(-1);
  });
});

describe('a polygon must enclose something to be a search area', () => {
  it('refuses fewer than three distinct corners', () => {
    expect(
      polygonProblem([
        [34, -118],
        [34.1, -118],
      ]),
    ).toMatch(/three corners/);
    expect(
      polygonProblem([
        [34, -118],
        [34, -118],
        [34.1, -118.1],
      ]),
    ).toMatch(/three corners/);
  });
  it('refuses corners on one line', () => {
    expect(
      polygonProblem([
        [34, -118],
        [34.1, -118.1],
        [34.2, -118.2],
      ]),
    ).toMatch(/one line/);
  });
  it('accepts a triangle', () => {
    expect(
      polygonProblem([
        [34, -118],
        [34.1, -118],
        [34.1, -118.1],
      ]),
    ).toBeNull();
  });
});

describe('editing a finished polygon', () => {
  const square: [number, number][] = [
    [34, -118],
    [34, -117.9],
    [34.1, -117.9],
    [34.1, -118],
  ];

  it('puts a midpoint on every edge, the last one closing the ring', () => {
    const mids = edgeMidpoints(square);
    expect(mids).toHaveLength(4);
    expect(mids[0]![0]).toBeCloseTo(34);
    expect(mids[0]![1]).toBeCloseTo(-117.95);
    expect(mids[3]![0]).toBeCloseTo(34.05);
    expect(mids[3]![1]).toBeCloseTo(-118);
    expect(edgeMidpoints([[34, -118]])).toEqual([]);
  });

  it('inserts a corner on an edge between its two corners, the closing edge at the end', () => {
    expect(insertCorner(square, 0, [33.95, -117.95])).toEqual([
      [34, -118],
      [33.95, -117.95],
      [34, -117.9],
      [34.1, -117.9],
      [34.1, -118],
    ]);
    expect(insertCorner(square, 3, [34.05, -118.05]).at(-1)).toEqual([34.05, -118.05]);
    // The original is left as it was (the map hands it back on a cancelled gesture).
    expect(square).toHaveLength(4);
  });

  it('deletes a corner, never below three, and never leaving a polygon with no area', () => {
    const r = removeCorner(square, 2);
    expect(r).toEqual({
      ok: true,
      points: [
        [34, -118],
        [34, -117.9],
        [34.1, -118],
      ],
    });
    const triangle = (r as { points: [number, number][] }).points;
    expect(removeCorner(triangle, 0)).toEqual({ ok: false, reason: 'A polygon keeps at least three corners.' });
    expect(removeCorner(square, 9)).toMatchObject({ ok: false });
    // Removing the one corner off the line leaves three in a row: refused, with the reason.
    const bent: [number, number][] = [
      [34, -118],
      [34, -117.95],
      [34, -117.9],
      [34.1, -117.95],
    ];
    const flat = removeCorner(bent, 3);
    expect(flat.ok).toBe(false);
    expect(!flat.ok && flat.reason).toContain('no area');
  });
});
