import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcrBatchProgress } from '../../../preload/contract';
import { useOcrReader } from '../../../main/services/ocr/service';
import { OcrReaderThread } from '../../../main/services/ocr/readerThread';
import { startTestAgency, type TestAgency } from '../../agency/testing';
import { agencyUser, syncFromAgency } from '../../support/agencyWorkstation';
import { testClock, workstation, type Workstation } from '../../support/workstation';

/**
 * An OCR batch belongs to the purpose that started it: closing that purpose stops it (it used to read all 20
 * evidence images anyway), and its report opens only under that purpose (or one resumed from it), never under
 * another case.
 */
let ag: TestAgency;
let ws: Workstation;
let reader: OcrReaderThread;
let ids: number[];

const SHOOTING = {
  numberKind: 'case' as const,
  number: '26-011873',
  purposeId: 'canvass_major_crime',
  description: 'Shooting on El Camino Real; checking the reads of the canvass',
};

beforeAll(async () => {
  reader = new OcrReaderThread({ size: 1 });
  useOcrReader(() => reader);
  // Images are rendered on demand: each item of the batch asks the server first, so a batch takes a while.
  ag = await startTestAgency({ detections: 600, seed: 61, days: 7, images: 'none' });
  ids = (
    ag.server.db.prepare('SELECT id FROM detections WHERE deleted = 0 ORDER BY id LIMIT 20').all() as { id: number }[]
  ).map((r) => r.id);
  ws = workstation({ clock: testClock(new Date().toISOString()) });
  await syncFromAgency(ws, ag, 'B4');
  const det = agencyUser(ag, 'det.alvarez');
  await ws.call('auth.login', { username: det.username, password: det.password });
}, 180_000);

afterAll(async () => {
  ws?.dispose();
  await ag?.close();
  await reader?.close();
});

function next(event: 'ocr.progress' | 'ocr.finished', batchId: string): Promise<OcrBatchProgress> {
  return new Promise((resolve) => {
    const off = ws.api.on(event, (p) => {
      if (p.batchId !== batchId) return;
      off();
      resolve(p);
    });
  });
}

describe('an OCR batch and its purpose', () => {
  it('stops when its purpose is closed, and shows its report only under that purpose', async () => {
    const opened = await ws.call('purposes.open', SHOOTING);
    const { batchId } = await ws.call('ocr.batchStart', { detectionIds: ids });
    const finished = next('ocr.finished', batchId);
    await next('ocr.progress', batchId);
    await ws.call('purposes.close');
    const end = await finished;
    expect(end.status).toBe('cancelled');
    expect(end.done).toBeLessThan(ids.length);
    expect(end.message).toMatch(/The purpose this batch was started under was closed; it stopped after \d+ of 20/);

    // Under another case the report is refused, saying which purpose it belongs to.
    await ws.call('purposes.open', { ...SHOOTING, number: '26-099999', description: 'A different case altogether' });
    const refused = await ws.refused('ocr.report', { batchId });
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(
      /This batch was run under 26-011873, .*: its results are shown only under that purpose/,
    );

    // Resuming the shooting's purpose (a new record with the same case and reason) shows it.
    await ws.call('purposes.resume', { id: opened.id });
    const report = await ws.call('ocr.report', { batchId });
    expect(report.progress?.status).toBe('cancelled');
    expect(report.items.length).toBeLessThanOrEqual(end.done);
  }, 120_000);
});
