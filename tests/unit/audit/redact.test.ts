import { describe, expect, it } from 'vitest';
import { redactAlprData } from '../../../main/core/audit/redact';

/** What the log view shows of a record to someone who may review the log but not read ALPR data. */
describe('redacting ALPR data elements', () => {
  it('hides plates, patterns and ids of ALPR accesses, keeping counts and outcomes', () => {
    const search = { query: { plate: '7AB*' }, resultCount: 3, detectionIds: [1, 2, 3] };
    expect(redactAlprData('detections.search', 'ok', true, search)).toEqual({
      data: { resultCount: 3, hidden: ['query', 'detectionIds'] },
      redacted: true,
    });
    const correction = {
      detectionIds: [4],
      originalPlate: '7ABC123',
      correctedPlate: '7ABC128',
      reason: 'the 3 is an 8',
      chosen: 'manual',
    };
    expect(redactAlprData('ocr.correct', 'ok', true, correction).data).toEqual({
      chosen: 'manual',
      hidden: ['detectionIds', 'originalPlate', 'correctedPlate', 'reason'],
    });
  });

  it('keeps the gate’s reason for a refusal, and administration as it is', () => {
    expect(redactAlprData('detections.search', 'denied', false, { reason: 'no purpose' })).toEqual({
      data: { reason: 'no purpose' },
      redacted: false,
    });
    const change = { changes: [{ path: 'security.maxFailedLogins', from: 5, to: 3 }] };
    expect(redactAlprData('policy.update', 'ok', false, change)).toEqual({ data: change, redacted: false });
  });
});
