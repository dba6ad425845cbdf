import { accessLog } from '../../support/accessLog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertDetections } from '../../../main/store/repos/detections';
import { openTestWorkstation, startTestAgency, type TestAgency } from '../../agency/testing';
import { CAMERAS, detectionBatch } from '../../support/detectionsFixture';
import { testClock, workstation, type Workstation } from '../../support/workstation';
import { agencyUser, syncFromAgency } from '../../support/agencyWorkstation';
import { catchUpVocabularyFor, vocabularyCounts } from '../../../main/store/repos/vocabulary';
import { upsertCameras } from '../../../main/store/repos/cameras';

/**
 * The workspace's reference data and evidence images against the reference agency server on loopback: a
 * workstation set up, enrolled and synced through the contract, then an investigator of the dataset who signs in
 * through the server (so the workstation holds their server session) and opens a purpose.
 */
let ag: TestAgency;
let ws: Workstation;
/** Detections the server holds without rendered images (it renders them on request). */
let plainIds: number[];
const user = (name: string) => agencyUser(ag, name);

beforeAll(async () => {
  ag = await startTestAgency({ detections: 3000, seed: 23, images: 'evidence' });
  plainIds = (
    ag.server.db
      .prepare('SELECT id FROM detections WHERE deleted = 0 AND plate_image IS NULL ORDER BY id DESC LIMIT 2')
      .all() as { id: number }[]
  ).map((r) => r.id);
  ws = workstation({ clock: testClock(new Date().toISOString()) });
  await syncFromAgency(ws, ag, 'Bureau 3');
  const det = user('det.alvarez');
  await ws.call('auth.login', { username: det.username, password: det.password });
  const {
    purposes: [purpose],
  } = await ws.call('purposes.options');
  await ws.call('purposes.open', {
    numberKind: 'case',
    number: '26-011873',
    purposeId: purpose!.id,
    description: 'Shooting on El Camino Real; canvass for the suspect vehicle',
  });
}, 180_000);

afterAll(async () => {
  ws?.dispose();
  await ag?.close();
});

describe('reference data', () => {
  it('lists every camera of the store, fixed ones with their place', async () => {
    const cameras = await ws.call('cameras.list');
    expect(cameras).toHaveLength(26);
    const fixed = cameras.find((c) => c.id === 'SMPD-F13')!;
    expect(fixed).toMatchObject({ kind: 'fixed' });
    expect(fixed.lat).toEqual(expect.any(Number));
    expect(cameras.some((c) => c.kind === 'mobile')).toBe(true);
  });

  it('offers the makes, models, colors, bodies, states and headings of the store, most frequent first', async () => {
    const v = await ws.call('search.vocabulary');
    const total = v.makes.reduce((n, m) => n + m.count, 0);
    expect(total).toBeGreaterThan(2500);
    expect(v.makes.map((m) => m.count)).toEqual([...v.makes.map((m) => m.count)].sort((a, b) => b - a));
    const honda = v.makes.find((m) => m.value === 'Honda')!;
    expect(honda.models.map((m) => m.value)).toContain('Accord');
    expect(honda.models.reduce((n, m) => n + m.count, 0)).toBeLessThanOrEqual(honda.count);
    expect(v.colors.map((c) => c.value)).toContain('gray');
    expect(v.states).toContain('CA');
    expect(v.headings.length).toBeGreaterThan(1);
    expect(v.features).toContainEqual({ id: 'roof_rack', label: 'Roof rack' });
  });

  it('explains a plate pattern to anyone signed in, and refuses a bad one with its column', async () => {
    const ok = await ws.call('search.describePattern', { plate: '7ab?1*', similar: true });
    expect(ok.ok).toBe(true);
    const bad = await ws.call('search.describePattern', { plate: '7A[8B' });
    expect(bad).toMatchObject({ ok: false, column: 2 });
  });
});

describe('evidence images', () => {
  it('fetches a detection’s images from the agency server on first view, with their size, and audits the view', async () => {
    const id = ag.dataset.truth.shooting.suspectDetectionIds[0]!;
    const images = await ws.call('detections.images', { id });
    expect(images.note).toBeNull();
    expect(images.plate).toMatchObject({ mime: 'image/png', width: expect.any(Number), height: expect.any(Number) });
    expect(images.plate!.dataUrl.startsWith('data:image/png;base64,')).toBe(true);
    expect(images.overview!.width).toBeGreaterThan(images.plate!.width);
  });

  it('has the server render the images of a detection stored without them', async () => {
    const images = await ws.call('detections.images', { id: plainIds[0]! });
    expect(images.note).toBeNull();
    expect(images.plate?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('shows cached images offline, and says why when it cannot fetch them — not an error', async () => {
    const id = ag.dataset.truth.shooting.suspectDetectionIds[0]!;
    await ag.server.close();
    const cached = await ws.call('detections.images', { id });
    expect(cached.plate).not.toBeNull();
    expect(cached.note).toBeNull();
    const offline = await ws.call('detections.images', { id: plainIds[1]! });
    expect(offline.plate).toBeNull();
    expect(offline.note).toMatch(/could not be fetched from the agency server/);
  });

  it('answers NOT_FOUND for a detection the store does not hold', async () => {
    expect((await ws.refused('detections.images', { id: 987_654_321 })).code).toBe('NOT_FOUND');
  });

  it('is behind the purpose gate', async () => {
    await ws.call('purposes.close');
    expect((await ws.refused('detections.images', { id: 1 })).code).toBe('PURPOSE_REQUIRED');
  });

  it('writes every view to the access log with the detection and the purpose', async () => {
    const admin = user('admin.ramirez');
    const views = (await accessLog(ws.dir, admin.username, admin.password)).filter(
      (e) => e.action === 'detections.images',
    );
    const suspect = ag.dataset.truth.shooting.suspectDetectionIds[0]!;
    const data = views.map((v) => JSON.parse(String(v.data)) as { detectionIds: number[]; fetchedFromServer: boolean });
    expect(data).toContainEqual(expect.objectContaining({ detectionIds: [suspect], fetchedFromServer: true }));
    expect(data).toContainEqual(expect.objectContaining({ detectionIds: [suspect], fetchedFromServer: false }));
    expect(views.filter((v) => v.outcome === 'ok').every((v) => v.purpose?.includes('26-011873'))).toBe(true);
  });
});

describe('vocabulary counts', () => {
  it('catch up from the watermark in chunks and equal a full GROUP BY', () => {
    const store = openTestWorkstation();
    try {
      upsertCameras(store.db, CAMERAS);
      upsertDetections(store.db, detectionBatch(5, 1, 2500));
      expect(catchUpVocabularyFor(store.db, 10_000)).toEqual({ caughtUp: true, rows: 2500 });
      upsertDetections(store.db, detectionBatch(6, 2501, 700));
      expect(catchUpVocabularyFor(store.db, 10_000).rows).toBe(700);
      const truth = store.db
        .prepare('SELECT color AS value, count(*) AS count FROM detections WHERE color IS NOT NULL GROUP BY color')
        .all() as { value: string; count: number }[];
      const kept = vocabularyCounts(store.db).filter((c) => c.field === 'color');
      expect(new Map(kept.map((c) => [c.value, c.count]))).toEqual(new Map(truth.map((t) => [t.value, t.count])));
    } finally {
      store.close();
    }
  });
});
