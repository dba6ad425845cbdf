import { accessLog } from '../../support/accessLog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcrBatchProgress } from '../../../preload/contract';
import { batchLanes, useOcrReader } from '../../../main/services/ocr/service';
import { OcrReaderThread } from '../../../main/services/ocr/readerThread';
import { startTestAgency, type TestAgency } from '../../agency/testing';
import { testClock, workstation, type Workstation } from '../../support/workstation';
import { agencyUser, syncFromAgency } from '../../support/agencyWorkstation';

/**
 * Re-reading a detection whose evidence image the workstation has not fetched yet: against the reference agency
 * server on loopback, the image is fetched (and the fetch audited) as the detail view fetches it, then read;
 * offline, the read says why it could not, and a batch does not wait on the network for every item.
 */
let ag: TestAgency;
let ws: Workstation;
let reader: OcrReaderThread;
/** Detections whose plate the generator misread on purpose, and some it read right, none fetched yet. */
let misreads: { id: number; truth: string; plate: string }[];
let correct: number[];

const user = (name: string) => agencyUser(ag, name);

type ImagesView = { detectionIds: number[]; fetchedFromServer: boolean; for?: string; batchId?: string };

/** The access log's views of evidence images, as an auditor reads the log. */
async function imageViews(): Promise<(ImagesView & { outcome: string; purpose: string | null })[]> {
  const admin = user('admin.ramirez');
  const views = (await accessLog(ws.dir, admin.username, admin.password)).filter(
    (e) => e.action === 'detections.images',
  );
  return views.map((v) => ({ ...(JSON.parse(String(v.data)) as ImagesView), outcome: v.outcome, purpose: v.purpose }));
}

function finishedOf(batchId: string): Promise<OcrBatchProgress> {
  return new Promise((resolve) => {
    const off = ws.api.on('ocr.finished', (p) => {
      if (p.batchId !== batchId) return;
      off();
      resolve(p);
    });
  });
}

beforeAll(async () => {
  reader = new OcrReaderThread({ size: 1 });
  useOcrReader(() => reader);
  // No images rendered at seeding: the server renders a detection's images when a workstation asks for them.
  ag = await startTestAgency({ detections: 1500, seed: 31, days: 7, images: 'none' });
  const truth = ag.server.db
    .prepare(
      `SELECT t.detection_id AS id, t.true_plate AS truth, d.plate AS plate FROM truth t
       JOIN detections d ON d.id = t.detection_id WHERE t.misread = 1 AND d.deleted = 0 ORDER BY t.detection_id LIMIT 4`,
    )
    .all() as { id: number; truth: string; plate: string }[];
  misreads = truth;
  correct = (
    ag.server.db
      .prepare(
        'SELECT id FROM detections WHERE deleted = 0 AND id NOT IN (SELECT detection_id FROM truth) ORDER BY id LIMIT 3',
      )
      .all() as { id: number }[]
  ).map((r) => r.id);
  ws = workstation({ clock: testClock(new Date().toISOString()) });
  await syncFromAgency(ws, ag, 'B3');
  // Signing in through the server gives the workstation the server session a fetch needs.
  const det = user('det.alvarez');
  await ws.call('auth.login', { username: det.username, password: det.password });
  await ws.call('purposes.open', {
    numberKind: 'case',
    number: '26-011873',
    purposeId: 'canvass_major_crime',
    description: 'Shooting on El Camino Real; checking the reads of the canvass',
  });
}, 180_000);

afterAll(async () => {
  ws?.dispose();
  await ag?.close();
  await reader?.close();
});

describe('re-reading a detection whose image is not on the workstation yet', () => {
  it('has the misreads and correct reads it needs', () => {
    expect(misreads.length).toBeGreaterThanOrEqual(3);
    expect(correct).toHaveLength(3);
  });

  it('fetches the image from the agency server, reads it, and audits the fetch', async () => {
    const m = misreads[0]!;
    const r = await ws.call('ocr.reread', { detectionId: m.id });
    expect(r.error).toBeNull();
    expect(r.originalPlate).toBe(m.plate);
    expect(r.plate).toBe(m.truth);
    expect(r.flagged).toBe(true);
    // The detail view now shows it from the encrypted store, without another fetch (see the access log below).
    const images = await ws.call('detections.images', { id: m.id });
    expect(images.note).toBeNull();
    expect(images.plate).not.toBeNull();
  }, 60_000);

  it('fetches each item of a batch, flags the injected misreads and agrees with the correct reads', async () => {
    const ids = [...correct, ...misreads.slice(1).map((m) => m.id)];
    const { batchId, total } = await ws.call('ocr.batchStart', { detectionIds: ids });
    expect(total).toBe(ids.length);
    const end = await finishedOf(batchId);
    expect(end).toMatchObject({ status: 'finished', done: ids.length, failed: 0 });
    const report = await ws.call('ocr.report', { batchId });
    expect(report.items.every((i) => i.error === null)).toBe(true);
    const flagged = report.items.filter((i) => i.flagged).map((i) => i.detectionId);
    // Every injected misread is caught and put first; the correct reads are not flagged.
    expect(flagged.sort()).toEqual(
      misreads
        .slice(1)
        .map((m) => m.id)
        .sort(),
    );
    expect(report.items.slice(0, flagged.length).every((i) => i.flagged)).toBe(true);
  }, 120_000);

  it('offline: the read says why it could not, and a batch answers every item at once instead of waiting', async () => {
    const unfetched = (
      ag.server.db.prepare('SELECT id FROM detections WHERE deleted = 0 ORDER BY id DESC LIMIT 6').all() as {
        id: number;
      }[]
    ).map((r) => r.id);
    await ag.server.close();
    const one = await ws.call('ocr.reread', { detectionId: unfetched[0]! });
    expect(one.plate).toBeNull();
    expect(one.error).toEqual({
      code: 'IMAGE_MISSING',
      message: expect.stringMatching(/not been fetched.*could not be fetched from the agency server/),
    });
    // A fetched image still reads offline.
    const cached = await ws.call('ocr.reread', { detectionId: misreads[0]!.id });
    expect(cached.error).toBeNull();

    const started = Date.now();
    const { batchId } = await ws.call('ocr.batchStart', { detectionIds: unfetched.slice(1) });
    const end = await finishedOf(batchId);
    expect(end).toMatchObject({ status: 'finished', done: 5, failed: 5 });
    expect(Date.now() - started).toBeLessThan(10_000);
    const report = await ws.call('ocr.report', { batchId });
    expect(report.items.map((i) => i.error?.code)).toEqual(Array(5).fill('IMAGE_MISSING'));
  }, 60_000);

  it('writes each fetch to the access log as a view of the detection’s images, with the purpose', async () => {
    const views = await imageViews();
    const first = misreads[0]!.id;
    expect(views).toContainEqual(
      expect.objectContaining({ detectionIds: [first], fetchedFromServer: true, for: 'ocr.reread', outcome: 'ok' }),
    );
    // The detail view after the re-read found the images in the store.
    expect(views).toContainEqual(
      expect.objectContaining({ detectionIds: [first], fetchedFromServer: false, outcome: 'ok' }),
    );
    // Every item of the online batch was fetched once, under the batch.
    const batchFetches = views.filter((v) => v.batchId && v.outcome === 'ok');
    expect(batchFetches).toHaveLength(correct.length + misreads.length - 1);
    // Offline: the single re-read and the batch's first items (one a lane, the lanes begin together) tried and
    // failed; the batch's other items did not try.
    expect(views.filter((v) => v.outcome === 'failed')).toHaveLength(1 + batchLanes(1));
    expect(views.every((v) => v.purpose?.includes('26-011873'))).toBe(true);
  });
});
