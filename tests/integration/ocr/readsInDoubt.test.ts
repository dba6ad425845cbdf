import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type WritableDB } from '../../../main/store/db';
import { insertCorrection, insertOcrRead, readsInDoubt, type OcrReadRow } from '../../../main/store/repos/ocr';

/** Which reads an audit memo lists as data errors, on a real SQLCipher store. */
const dir = mkdtempSync(join(tmpdir(), 'canvass-doubt-'));
let db: WritableDB;
let n = 0;

function reread(detectionId: number, plate: string | null, at: string, extra: Partial<OcrReadRow> = {}): number {
  return insertOcrRead(db, {
    detectionId,
    at,
    username: 'det.chen',
    batchId: null,
    purposeId: null,
    originalPlate: `ORIG${detectionId}`,
    plate,
    confidence: 80,
    charConfidence: [],
    variant: null,
    candidates: [],
    differs: plate !== null && plate !== `ORIG${detectionId}`,
    doubt: 0.5,
    errorCode: plate === null ? 'UNREADABLE' : null,
    errorMessage: plate === null ? 'no plate found' : null,
    occlusion: null,
    region: null,
    ...extra,
  });
}

function correct(detectionId: number, to: string, at: string): void {
  insertCorrection(db, {
    detectionId,
    originalPlate: `ORIG${detectionId}`,
    correctedPlate: to,
    chosen: to === `ORIG${detectionId}` ? 'original' : 'manual',
    ocrReadId: null,
    reason: 'checked the image',
    username: 'det.chen',
    at,
    outboxKey: `k${++n}`,
  });
}

beforeAll(() => {
  db = openStore(join(dir, 'store.db'), Buffer.alloc(32, 3)) as WritableDB;
  reread(1, 'NEW1', '2026-11-01T10:00:00Z'); // differs, not corrected: open
  reread(2, 'NEW2', '2026-11-01T10:00:00Z');
  correct(2, 'NEW2', '2026-11-01T11:00:00Z'); // corrected
  reread(3, 'NEW3', '2026-11-01T10:00:00Z');
  correct(3, 'ORIG3', '2026-11-01T11:00:00Z'); // a correction back to the camera's read settles the doubt
  reread(4, 'ORIG4', '2026-11-01T10:00:00Z'); // agrees: nothing to list
  reread(5, 'NEW5', '2026-11-01T10:00:00Z');
  reread(5, null, '2026-11-02T10:00:00Z'); // a later failed re-read does not hide the differing one
  reread(6, 'NEW6', '2026-11-01T10:00:00Z');
  reread(6, 'ORIG6', '2026-11-02T10:00:00Z'); // the latest successful re-read agrees
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reads in doubt among the detections an inquiry returned', () => {
  it('lists corrected reads and uncorrected differing re-reads, once each, and nothing else', () => {
    const found = readsInDoubt(db, [1, 2, 3, 4, 5, 6, 7, 2]);
    expect(found.map((d) => d.detectionId)).toEqual([1, 2, 5]);
    expect(found[0]).toMatchObject({ corrected: null, reread: { plate: 'NEW1' } });
    expect(found[1]).toMatchObject({ corrected: { plate: 'NEW2', username: 'det.chen' }, reread: null });
    expect(found[2]).toMatchObject({ corrected: null, reread: { plate: 'NEW5' } });
  });

  it('is empty for no ids or ids the store knows nothing about', () => {
    expect(readsInDoubt(db, [])).toEqual([]);
    expect(readsInDoubt(db, [99, 100])).toEqual([]);
  });
});
