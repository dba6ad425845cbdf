import { accessLog } from '../../support/accessLog';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcrBatchProgress } from '../../../preload/contract';
import { OcrEngine } from '../../../native/ocr';
import { useOcrReader } from '../../../main/services/ocr/service';
import { OcrReaderThread } from '../../../main/services/ocr/readerThread';
import { readPlate } from '../../../main/services/ocr/reader';
import sharp from 'sharp';
import { rng } from '../../support/prng';
import { openStore } from '../../../main/store/db';
import { upsertDetections } from '../../../main/store/repos/detections';
import { renderPlateCondition } from '../../agency/generator/images';
import { CAMERAS, detectionBatch } from '../../support/detectionsFixture';
import {
  ADMIN_PASSWORD,
  addInvestigator,
  INVESTIGATOR_PASSWORD,
  withInvestigator,
  workstation,
  type Workstation,
  storeKey,
} from '../../support/workstation';
import { upsertCameras } from '../../../main/store/repos/cameras';

/**
 * The re-read workflow against the real engine (tesseract.js, offline) and the generator's realistic plates:
 * agreement, an injected misread flagged in place, bad images as errors of their own items in a batch that
 * goes on, and a corrected read that keeps the original, is audited and waits in the outbox for the server.
 */
const PURPOSE = {
  numberKind: 'case' as const,
  number: '26-004512',
  purposeId: 'canvass_major_crime',
  description:
    'Shooting at El Camino Real and San Antonio Rd on 2026-11-21 about 23:40; canvass for the suspect vehicle',
};

const TRUTHS = ['7ABC123', '8WXM402', '5TRK881'];
const MISREAD = { id: 4, truth: '6MNB224', original: '6MN8224' };
const BAD = { truncated: 5, unsupported: 6, missing: 7 };
/** A right camera read whose image has a bar across the plate's last character. */
const OCCLUDED = { id: 9, plate: '6MNB224', seed: 9 };

let ws: Workstation;
let key: Buffer;
let engine: OcrEngine;
let reader: OcrReaderThread;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  engine = new OcrEngine({ size: 1 });
  reader = new OcrReaderThread({ size: 1 });
  useOcrReader(() => reader);
  ws = workstation();
  await withInvestigator(ws);
  key = await storeKey(ws);
  ws.api.close();

  const db = openStore(join(ws.dir, 'canvass.db'), key);
  const rows = detectionBatch(61, 1, 9);
  const images: { sha: string; bytes: Buffer | null }[] = [];
  for (const [i, truth] of TRUTHS.entries()) {
    const png = await renderPlateCondition(truth, 'CA', 'clean', i);
    rows[i]!.plate = truth;
    images.push({ sha: sha(png), bytes: png });
  }
  const misread = await renderPlateCondition(MISREAD.truth, 'CA', 'clean', 9);
  rows[3]!.plate = MISREAD.original;
  images.push({ sha: sha(misread), bytes: misread });
  const truncated = misread.subarray(0, Math.floor(misread.length / 2));
  images.push({ sha: sha(truncated), bytes: truncated });
  const unsupported = Buffer.from('%PDF-1.7 this is not a plate photograph');
  images.push({ sha: sha(unsupported), bytes: unsupported });
  images.push({ sha: 'ab'.repeat(32), bytes: null }); // named by the detection, never fetched
  images.forEach((img, i) => (rows[i]!.plateImage = img.sha));
  const occluded = await renderPlateCondition(OCCLUDED.plate, 'CA', 'occlusion', OCCLUDED.seed);
  rows[OCCLUDED.id - 1]!.plate = OCCLUDED.plate;
  rows[OCCLUDED.id - 1]!.plateImage = sha(occluded);
  images.push({ sha: sha(occluded), bytes: occluded });
  upsertCameras(db, CAMERAS);
  upsertDetections(db, rows);
  const put = db.prepare(
    'INSERT INTO images (sha256, kind, mime, byte_length, bytes, fetched_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const img of images)
    put.run(
      img.sha,
      'plate',
      'image/png',
      img.bytes?.length ?? 1000,
      img.bytes,
      img.bytes ? '2026-11-22T08:00:00Z' : null,
    );
  db.close();
  ws.reopen();
  await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
  await ws.call('purposes.open', PURPOSE);
}, 60_000);

afterAll(async () => {
  ws?.dispose();
  await engine?.close();
  await reader?.close();
});

describe('re-reading a plate from its evidence image', () => {
  it('reads the generator’s plates and agrees with correct original reads', async () => {
    for (const [i, truth] of TRUTHS.entries()) {
      const r = await ws.call('ocr.reread', { detectionId: i + 1 });
      expect(r.error).toBeNull();
      expect(r.plate).toBe(truth);
      expect(r.diff).toEqual([]);
      expect(r.flagged).toBe(false);
      expect(r.charConfidence).toHaveLength(truth.length);
    }
  }, 60_000);

  it('flags an injected misread and shows the character that differs, in place', async () => {
    const r = await ws.call('ocr.reread', { detectionId: MISREAD.id });
    expect(r.originalPlate).toBe(MISREAD.original);
    expect(r.plate).toBe(MISREAD.truth);
    expect(r.diff).toEqual([{ index: 3, original: '8', reread: 'B', kind: 'changed' }]);
    expect(r.flagged).toBe(true);
    expect(r.candidates[0]!.plate).toBe(MISREAD.truth);
  }, 30_000);

  it('gives a missing, truncated or unsupported image a clear error of its own', async () => {
    const truncated = await ws.call('ocr.reread', { detectionId: BAD.truncated });
    expect(truncated.error?.code).toBe('IMAGE_CORRUPT');
    expect(truncated.error?.message).toMatch(/damaged or cut short/);
    const unsupported = await ws.call('ocr.reread', { detectionId: BAD.unsupported });
    expect(unsupported.error?.code).toBe('IMAGE_UNSUPPORTED');
    const missing = await ws.call('ocr.reread', { detectionId: BAD.missing });
    expect(missing.error).toEqual({ code: 'IMAGE_MISSING', message: expect.stringMatching(/not been fetched/) });
    const none = await ws.call('ocr.reread', { detectionId: 8 });
    expect(none.error?.code).toBe('IMAGE_MISSING');
  }, 30_000);

  it('keeps what covered the plate with the read, and does not flag a difference under it', async () => {
    const r = await ws.call('ocr.reread', { detectionId: OCCLUDED.id });
    expect(r.error).toBeNull();
    // The strap covers the last character: the read keeps it as damaged, or reads one short with the end hidden.
    const last = OCCLUDED.plate.length - 1;
    expect(r.occlusion?.damaged.includes(last) || (r.occlusion?.hiddenEnd && r.plate?.length === last)).toBe(true);
    expect(r.flagged).toBe(false);
    const { reads } = await ws.call('ocr.history', { detectionId: OCCLUDED.id });
    expect(reads.at(-1)).toMatchObject({ readId: r.readId, occlusion: r.occlusion });
    // A clean plate's read has none, nor a finder's region (it read the plate crop).
    const clean = await ws.call('ocr.reread', { detectionId: 1 });
    expect(clean.occlusion).toBeNull();
    expect(clean.region).toBeNull();
  }, 30_000);

  it('settles a clean plate on two binarizations that read it alike, and reads every row of a hard one', async () => {
    let reads = 0;
    const counted = { read: (png: Buffer, mode?: 7 | 10) => (reads++, engine.read(png, mode)) };
    const clean = await readPlate(counted, await renderPlateCondition(TRUTHS[0]!, 'CA', 'clean', 0), null);
    expect(clean.plate).toBe(TRUTHS[0]);
    expect(reads).toBe(4);
    reads = 0;
    await readPlate(counted, await renderPlateCondition(OCCLUDED.plate, 'CA', 'occlusion', OCCLUDED.seed), null);
    expect(reads).toBeGreaterThan(4);
  }, 30_000);

  it('reads an image with no plate on it as no plate, not as a few stray characters', async () => {
    const next = rng(7);
    const noise = Buffer.from(Array.from({ length: 320 * 240 }, () => Math.floor(next() * 256)));
    const raw = { raw: { width: 320, height: 240, channels: 1 as const } };
    const images = [
      await sharp({ create: { width: 320, height: 240, channels: 3, background: '#777777' } })
        .jpeg()
        .toBuffer(),
      await sharp(noise, raw).jpeg().toBuffer(),
      await sharp(noise, raw).blur(3).jpeg().toBuffer(),
    ];
    for (const bytes of images)
      for (const box of [null, { x: 80, y: 80, width: 160, height: 60 }]) {
        const read = await readPlate(engine, bytes, box);
        expect(read.plate).toBe('');
        expect(read.candidates).toEqual([]);
      }
  }, 60_000);

  it('survives bytes the engine itself cannot decode, offline, and reads the next image', async () => {
    await expect(engine.read(Buffer.from('not an image at all'))).rejects.toThrow(/read image/);
    const png = await renderPlateCondition(TRUTHS[0]!, 'CA', 'clean', 0);
    expect((await engine.read(png)).text).toContain('ABC');
    // The model comes from the npm package, or from resources/ocr once a build has copied it there.
    expect(existsSync(join(engine.langPath, 'eng.traineddata.gz'))).toBe(true);
  }, 30_000);

  it('re-reads a result set in the background: bad images fail alone, the batch goes on, the report puts the likeliest misread first', async () => {
    const progress: OcrBatchProgress[] = [];
    const off = ws.api.on('ocr.progress', (p) => progress.push(p));
    const finished = new Promise<OcrBatchProgress>((resolve) => ws.api.on('ocr.finished', resolve));
    // One plate more at once than the reader has engines: one is segmented while another's renders are read.
    let reading = 0;
    let most = 0;
    useOcrReader(() => ({
      size: reader.size,
      readPhoto: (bytes) => reader.readPhoto(bytes),
      close: () => reader.close(),
      readPlate: async (bytes, box) => {
        most = Math.max(most, ++reading);
        try {
          return await reader.readPlate(bytes, box);
        } finally {
          reading--;
        }
      },
    }));
    const { batchId, total } = await ws.call('ocr.batchStart', {
      detectionIds: [BAD.truncated, BAD.unsupported, BAD.missing, 1, MISREAD.id],
    });
    expect(total).toBe(5);
    const end = await finished;
    useOcrReader(() => reader);
    off();
    expect(most).toBe(2);
    expect(end).toMatchObject({ batchId, status: 'finished', done: 5, total: 5, failed: 3, flagged: 1 });
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5]);
    const report = await ws.call('ocr.report', { batchId });
    expect(report.items[0]).toMatchObject({ detectionId: MISREAD.id, flagged: true, plate: MISREAD.truth });
    expect(
      report.items
        .slice(1)
        .map((i) => i.error?.code)
        .sort(),
    ).toEqual(['IMAGE_CORRUPT', 'IMAGE_MISSING', 'IMAGE_UNSUPPORTED']);
    expect(report.items.some((i) => i.detectionId === 1)).toBe(false); // agreed: not a disagreement
  }, 60_000);

  it('stops a batch when asked', async () => {
    const finished = new Promise<OcrBatchProgress>((resolve) => ws.api.on('ocr.finished', resolve));
    const { batchId } = await ws.call('ocr.batchStart', { detectionIds: [1, 2, 3, 4, 1, 2, 3] });
    expect(await ws.call('ocr.batchCancel', { batchId })).toEqual({ cancelling: true });
    const end = await finished;
    expect(end.status).toBe('cancelled');
    expect(end.done).toBeLessThan(4);
  }, 60_000);

  it("lists the person's batches for a reloaded window, and keeps them from anyone else", async () => {
    const scope = '4 detections of the search results';
    const { batchId } = await ws.call('ocr.batchStart', { detectionIds: [1, 2, 3, 4], scope });
    const { batches } = await ws.call('ocr.batches');
    expect(batches[0]).toMatchObject({ scope, progress: { batchId, total: 4, status: 'running' } });
    expect(Date.parse(batches[0]!.startedAt)).toBeGreaterThan(Date.now() - 60_000);
    // Older batches of this run follow, newest first.
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.every((b) => b.progress.batchId !== batchId || b === batches[0])).toBe(true);

    // Signing out stops it; another investigator can neither see, stop nor read it.
    const stopped = new Promise<OcrBatchProgress>((resolve) => ws.api.on('ocr.finished', resolve));
    await ws.call('auth.logout');
    expect(await stopped).toMatchObject({ batchId, status: 'failed' });
    await ws.call('auth.login', { username: 'admin.rivera', password: ADMIN_PASSWORD });
    await addInvestigator(ws, { username: 'det.ruiz', fullName: 'Det. Ana Ruiz', badgeId: '5188' });
    await ws.call('auth.logout');
    await ws.call('auth.login', { username: 'det.ruiz', password: INVESTIGATOR_PASSWORD });
    await ws.call('purposes.open', PURPOSE);
    expect((await ws.call('ocr.batches')).batches).toEqual([]);
    expect(await ws.call('ocr.batchCancel', { batchId })).toEqual({ cancelling: false });
    await expect(ws.call('ocr.report', { batchId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await ws.call('auth.logout');

    await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
    await ws.call('purposes.open', PURPOSE);
    expect((await ws.call('ocr.batches')).batches[0]!.progress).toMatchObject({ batchId, status: 'failed' });
    expect((await ws.call('ocr.report', { batchId })).progress).toMatchObject({ status: 'failed' });
  }, 60_000);
});

describe('recording a corrected read', () => {
  it('keeps the original, records who, when, why and which read, audits it and queues it for the agency server', async () => {
    const read = await ws.call('ocr.reread', { detectionId: MISREAD.id });
    const c = await ws.call('ocr.correct', {
      detectionId: MISREAD.id,
      chosen: 'reread',
      readId: read.readId,
      reason: 'The fourth character is a B on the plate image; the camera read an 8.',
    });
    expect(c).toMatchObject({
      originalPlate: MISREAD.original,
      correctedPlate: MISREAD.truth,
      chosen: 'reread',
      username: 'det.chen',
      readId: read.readId,
    });
    // The original read is never overwritten.
    expect((await ws.call('detections.get', { id: MISREAD.id })).plate).toBe(MISREAD.original);
    const history = await ws.call('ocr.history', { detectionId: MISREAD.id });
    expect(history.corrections).toHaveLength(1);
    expect(history.reads.length).toBeGreaterThanOrEqual(2);

    const typed = await ws.call('ocr.correct', {
      detectionId: 2,
      chosen: 'original',
      reason: 'Checked against the image: the camera read is right.',
    });
    expect(typed.correctedPlate).toBe(TRUTHS[1]);

    // Search finds the detection under the corrected read too, and says so; the camera's read still finds it.
    const exactly = { similar: false, nearMisses: false };
    const found = await ws.call('detections.search', { plate: MISREAD.truth, ...exactly });
    expect(found.rows.find((r) => r.id === MISREAD.id)?.match?.text).toContain(`as corrected to ${MISREAD.truth}`);
    const asRead = await ws.call('detections.search', { plate: MISREAD.original, ...exactly });
    expect(asRead.rows.map((r) => r.id)).toContain(MISREAD.id);

    await ws.call('auth.logout');
    const audit = await accessLog(ws.dir, 'admin.rivera', ADMIN_PASSWORD);
    const entry = audit.find(
      (a) =>
        a.action === 'ocr.correct' && (JSON.parse(a.data) as { detectionIds: number[] }).detectionIds[0] === MISREAD.id,
    );
    expect(entry?.username).toBe('det.chen');
    expect(JSON.parse(entry!.data)).toMatchObject({ correctedPlate: MISREAD.truth, originalPlate: MISREAD.original });
    expect(entry?.purpose).toContain('26-004512');

    ws.api.close();
    const db = openStore(join(ws.dir, 'canvass.db'), key, { readonly: true });
    const outbox = db.prepare("SELECT kind, body FROM sync_outbox WHERE kind = 'plate_correction'").all() as {
      kind: string;
      body: string;
    }[];
    expect(outbox).toHaveLength(2);
    expect(JSON.parse(outbox[0]!.body)).toMatchObject({ detectionId: MISREAD.id, correctedPlate: MISREAD.truth });
    // Search finds the detection under its corrected plate as well as its original one.
    db.close();
    ws.reopen();
    await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
    await ws.call('purposes.open', PURPOSE);
  }, 60_000);

  it('refuses a re-read or a correction without an open purpose, and a correction without a reason', async () => {
    expect(
      (await ws.refused('ocr.correct', { detectionId: MISREAD.id, chosen: 'manual', plate: '6MNB224', reason: '' }))
        .code,
    ).toBe('INVALID_ARGUMENT');
    expect(
      (await ws.refused('ocr.correct', { detectionId: MISREAD.id, chosen: 'manual', reason: 'Typed from the image' }))
        .message,
    ).toMatch(/Type the plate/);
    await ws.call('purposes.close');
    expect((await ws.refused('ocr.reread', { detectionId: 1 })).code).toBe('PURPOSE_REQUIRED');
    expect(
      (await ws.refused('ocr.correct', { detectionId: 1, chosen: 'original', reason: 'Checked the image' })).code,
    ).toBe('PURPOSE_REQUIRED');
  });
});
