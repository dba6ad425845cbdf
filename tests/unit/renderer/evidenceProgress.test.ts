import { describe, expect, it } from 'vitest';
import type { BagVerdict, EvidenceProgress } from '../../../preload/contract';
import {
  bytesText,
  etaText,
  fingerprintText,
  progressDetail,
  progressPercent,
  verdictText,
} from '../../../renderer/src/features/evidence/progressText';

const base: EvidenceProgress = {
  attemptId: '00000000-0000-4000-8000-000000000000',
  itemNumber: '26-04417-E01',
  phase: 'writing',
  status: 'running',
  files: 3,
  totalFiles: 17,
  bytes: 250_000,
  totalBytes: 1_000_000,
  rate: 125_000,
  etaSeconds: 6,
  message: null,
};

describe('the evidence screen’s progress and verdict words', () => {
  it('gives sizes in decimal units, as a drive’s label does', () => {
    expect(bytesText(999)).toBe('999 B');
    expect(bytesText(466_512)).toBe('467 kB');
    expect(bytesText(80_300_000_000)).toBe('80 GB');
    expect(bytesText(1_500_000)).toBe('1.5 MB');
    expect(bytesText(null)).toBe('—');
  });

  it('counts the bar by bytes while writing, by detections while fetching, and never past 100', () => {
    expect(progressPercent(base)).toBe(25);
    expect(progressPercent({ ...base, phase: 'fetching', files: 4, totalFiles: 5 })).toBe(80);
    expect(progressPercent({ ...base, bytes: 2_000_000 })).toBe(100);
    expect(progressPercent({ ...base, totalBytes: 0 })).toBe(0);
    expect(progressPercent({ ...base, phase: 'booking' })).toBe(100);
  });

  it('says files, bytes, rate and time left in the phase’s own terms', () => {
    expect(progressDetail(base)).toBe('3 of 17 files · 250 kB of 1.0 MB · 125 kB/s · 6 s left');
    expect(progressDetail({ ...base, rate: 0, etaSeconds: null })).toBe('3 of 17 files · 250 kB of 1.0 MB');
    expect(progressDetail({ ...base, phase: 'fetching', files: 4, totalFiles: 5, etaSeconds: null })).toBe(
      '4 of 5 detections’ images · estimating…',
    );
    expect(etaText(125)).toBe('2 min 5 s left');
    expect(etaText(3_700)).toBe('1 h 1 min left');
  });

  it('names the verdict: what matched, how it was read, the signature; or the first problem', () => {
    const ok: BagVerdict = {
      ok: true,
      files: 17,
      bytes: 466_512,
      tagFiles: 7,
      problem: null,
      signature: { state: 'valid', fingerprint: 'ab'.repeat(32), expectedKey: true, message: '' },
      readFrom: 'medium',
    };
    expect(verdictText(ok)).toBe('17 files, 467 kB match both manifests (read from the medium); signature valid.');
    expect(verdictText({ ...ok, signature: { ...ok.signature, expectedKey: false } })).toContain(
      'NOT by the agency’s key',
    );
    const bad: BagVerdict = {
      ...ok,
      ok: false,
      readFrom: 'cache',
      problem: { kind: 'differs', file: 'data/detections.csv', message: 'data/detections.csv differs.' },
      signature: { ...ok.signature, state: 'invalid' },
    };
    expect(verdictText(bad)).toBe('data/detections.csv differs. (signature INVALID).');
    expect(fingerprintText('2c3a8cceb1e9')).toBe('2c3a 8cce b1e9');
  });
});
