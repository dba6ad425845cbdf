import { describe, expect, it } from 'vitest';
import type { CloneEvidence, CommonVehicle, Companion, Detection } from '../../../preload/contract';
import {
  cloneWhy,
  commonVehicleNote,
  commonVehicleWhy,
  companionWhy,
  differsText,
  listWords,
  pairOccasions,
  travelText,
} from '../../../renderer/src/features/detections/analyses/why';
import { toCommonVehiclesArgs, type SceneDraft } from '../../../renderer/src/features/detections/analyses/scenes';

const read = (id: number, at: string, cameraId: string, patch: Partial<Detection> = {}): Detection => ({
  id,
  plate: '9ABC123',
  state: 'CA',
  seenAt: at,
  lat: 37.5,
  lon: -122.3,
  cameraId,
  cameraName: null,
  heading: null,
  make: 'Ford',
  model: 'Transit',
  color: 'white',
  body: 'van',
  features: [],
  confidence: 0.95,
  plateImage: null,
  overviewImage: null,
  ...patch,
});

describe('why a common vehicle is listed', () => {
  const van: CommonVehicle = {
    plate: '9ABC123',
    readings: ['9A8C123', '9ABC123'],
    state: 'CA',
    make: 'Ford',
    model: 'Transit',
    color: 'white',
    body: 'van',
    scenes: [0, 2],
    detections: [
      { ...read(1, '2026-11-01T10:00:00Z', 'F15'), scenes: [0] },
      { ...read(2, '2026-11-15T11:00:00Z', 'F16', { plate: '9A8C123' }), scenes: [2] },
    ],
  };

  it('names the scenes, how many of how many, the sightings and the look-alike readings', () => {
    expect(commonVehicleWhy(van, 3, ['Alameda', 'Parrott Dr', 'Bermuda Dr'])).toBe(
      'Seen near Alameda and Bermuda Dr (2 of 3 scenes) · 2 sightings · also read as 9A8C123 (similar-looking characters)',
    );
    expect(commonVehicleNote(van, 3, [])).toMatch(
      /^9ABC123 \(white Ford Transit · van\) Seen near scene 1 and scene 3/,
    );
  });

  it('lists words as a person writes them', () => {
    expect(listWords([])).toBe('');
    expect(listWords([1])).toBe('1');
    expect(listWords([1, 2, 3])).toBe('1, 2 and 3');
  });
});

describe('a pair travelling together', () => {
  const target = [
    read(1, '2026-11-01T23:10:00Z', 'F03'),
    read(2, '2026-11-01T23:14:00Z', 'F13'),
    read(3, '2026-11-03T01:40:00Z', 'F19'),
  ];
  const follower = [
    read(11, '2026-11-01T23:10:31Z', 'F03', { plate: '7TAH001' }),
    read(12, '2026-11-01T23:14:22Z', 'F13', { plate: '7TAH001' }),
    // At the same camera but ten minutes later: not together.
    read(13, '2026-11-03T01:50:00Z', 'F19', { plate: '7TAH001' }),
  ];

  it('pairs each of the target’s sightings with the companion’s at the same camera within the window', () => {
    expect(pairOccasions(target, follower, 120).map((o) => [o.target.id, o.companion.id, o.seconds])).toEqual([
      [1, 11, 31],
      [2, 12, 22],
    ]);
  });

  it('says how often, where and how close', () => {
    const c: Companion = {
      plate: '7TAH001',
      state: 'CA',
      make: 'Chevrolet',
      model: 'Tahoe',
      color: 'black',
      body: 'suv',
      occasions: 2,
      cameras: ['F03', 'F13'],
      detectionIds: [11, 12],
      detections: follower.slice(0, 2),
      closestSeconds: 22,
    };
    expect(companionWhy(c, '8CHG001', 3, 120)).toBe(
      'Passed the same camera within 120 s of 8CHG001 on 2 of its 3 sightings · at 2 cameras · closest 22 s apart',
    );
  });
});

describe('a cloned plate', () => {
  const e: CloneEvidence = {
    a: read(1, '2026-11-10T17:41:00Z', 'F05', { make: 'Toyota', model: 'Camry', color: 'black', body: 'sedan' }),
    b: read(2, '2026-11-10T17:43:00Z', 'F06', { make: 'Nissan', model: 'Altima', color: 'black', body: 'sedan' }),
    distanceM: 7512,
    minutes: 2,
    kmh: 225,
    differs: ['make'],
  };

  it('gives the impossible travel and what differs', () => {
    expect(travelText(e)).toBe('7.51 km in 2 min: 225 km/h needed');
    expect(differsText(e)).toBe('make Toyota ≠ Nissan');
    expect(
      cloneWhy(
        { plate: '9ABC123', state: 'CA', level: 'flagged', reasons: ['description', 'speed'], score: 3, evidence: [e] },
        180,
      ),
    ).toBe(
      "Two vehicles' descriptions, each seen more than once (make Toyota ≠ Nissan) · Sightings too far apart for one vehicle (over 180 km/h): 7.51 km in 2 min: 225 km/h needed",
    );
  });
});

describe('the scenes of a series, as terms', () => {
  const scene = (p: Partial<SceneDraft>): SceneDraft => ({
    key: 1,
    label: '',
    place: { kind: 'radius', lat: 37.54, lon: -122.33, radiusM: 600 },
    at: '2026-11-01T10:15',
    margin: 60,
    ...p,
  });

  it('turns each scene’s time and margin into a window, and caps “at least” at the number of scenes', () => {
    const r = toCommonVehiclesArgs([scene({ label: ' 1800 Alameda ' }), scene({})], 5, true);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.args.minScenes).toBe(2);
    expect(r.args.scenes[0]).toMatchObject({ label: '1800 Alameda', area: { kind: 'radius', radiusM: 600 } });
    const s = r.args.scenes[1]!;
    expect(Date.parse(s.to) - Date.parse(s.from)).toBe(2 * 3_600_000);
  });

  it('says which scene lacks a place or a time', () => {
    expect(toCommonVehiclesArgs([scene({}), scene({ place: null, label: 'Parrott Dr' })], 2, true)).toEqual({
      ok: false,
      problem: { scene: 1, message: 'Parrott Dr: draw its place on the map or type a point.' },
    });
    expect(toCommonVehiclesArgs([scene({ at: '' }), scene({})], 2, true)).toMatchObject({
      ok: false,
      problem: { scene: 0, message: 'Scene 1: give the time of the incident.' },
    });
    expect(toCommonVehiclesArgs([scene({})], 2, true)).toMatchObject({ ok: false, problem: { scene: null } });
  });
});
