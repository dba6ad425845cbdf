import { describe, expect, it } from 'vitest';
import type { Detection } from '../../../preload/contract';
import { overlayPoints, sceneFeatures, trackFeatures, weightFeatures } from '../../../renderer/src/shared/map/overlays';

const read = (id: number, minute: number, lat: number, lon: number): Detection => ({
  id,
  plate: '7ABC123',
  state: 'CA',
  seenAt: new Date(Date.parse('2026-11-20T06:00:00Z') + minute * 60_000).toISOString(),
  lat,
  lon,
  cameraId: `cam-${id}`,
  cameraName: null,
  heading: null,
  make: null,
  model: null,
  color: null,
  body: null,
  features: [],
  confidence: 0.9,
  plateImage: null,
  overviewImage: null,
});

describe('the analyses’ overlays', () => {
  it('join a vehicle’s sightings in time order and number them from the first seen', () => {
    const { lines, points } = trackFeatures([
      {
        id: 'van',
        tone: 'primary',
        detections: [read(3, 30, 37.53, -122.33), read(1, 0, 37.54, -122.3), read(2, 12, 37.55, -122.31)],
      },
    ]);
    expect(lines.features[0]!.geometry.coordinates).toEqual([
      [-122.3, 37.54],
      [-122.31, 37.55],
      [-122.33, 37.53],
    ]);
    expect(points.features.map((f) => [f.properties.id, f.properties.order])).toEqual([
      [1, '1'],
      [2, '2'],
      [3, '3'],
    ]);
  });

  it('draw a pair in two tones, and a lone sighting as a point without a line', () => {
    const { lines, points } = trackFeatures([
      { id: 'a', tone: 'primary', detections: [read(1, 0, 37.5, -122.3), read(2, 5, 37.51, -122.31)] },
      { id: 'b', tone: 'secondary', detections: [read(3, 1, 37.5, -122.3)] },
    ]);
    expect(lines.features.map((f) => f.properties.tone)).toEqual(['primary']);
    expect(points.features.map((f) => f.properties.tone)).toEqual(['primary', 'primary', 'secondary']);
  });

  it('outline each scene and label it at its top', () => {
    const { areas, labels } = sceneFeatures([
      { area: { kind: 'radius', lat: 37.54, lon: -122.33, radiusM: 500 }, label: '1' },
      {
        area: {
          kind: 'polygon',
          points: [
            [37.5, -122.3],
            [37.52, -122.3],
            [37.51, -122.28],
          ],
        },
        label: '2',
      },
    ]);
    expect(areas.features).toHaveLength(2);
    expect(labels.features.map((f) => f.properties.label)).toEqual(['1', '2']);
    // The polygon's label sits on its northernmost corner.
    expect(labels.features[1]!.geometry.coordinates).toEqual([-122.3, 37.52]);
    expect(labels.features[0]!.geometry.coordinates[1]).toBeGreaterThan(37.54);
  });

  it('size places by their share of the busiest one', () => {
    const w = weightFeatures([
      { lat: 37.5, lon: -122.3, count: 12, label: 'F13 · 12' },
      { lat: 37.6, lon: -122.4, count: 3, label: 'F02 · 3' },
    ]);
    expect(w.features.map((f) => f.properties.share)).toEqual([1, 0.25]);
  });

  it('give every drawn point for fitting the view', () => {
    const pts = overlayPoints(
      [
        {
          area: {
            kind: 'polygon',
            points: [
              [1, 2],
              [3, 4],
              [5, 6],
            ],
          },
          label: '1',
        },
      ],
      [{ id: 't', tone: 'primary', detections: [read(1, 0, 7, 8)] }],
      [{ lat: 9, lon: 10, count: 1, label: '' }],
    );
    expect(pts.map((p) => [p.lat, p.lon])).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
      [1, 2],
      [7, 8],
      [9, 10],
    ]);
  });
});
