import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../main/core/audit/chain';
import { inquiryFromRecord, isBrowsingInquiry } from '../../../main/core/audit/inquiries';

const rec = (action: string, data: AuditRecord['data'], outcome: AuditRecord['outcome'] = 'ok'): AuditRecord => ({
  at: '2026-06-02T18:00:00.000Z',
  action,
  outcome,
  username: 'jdoe',
  agency: 'X',
  purpose: null,
  data,
  workstation: 'ws',
});

describe('which log records are browsing inquiries', () => {
  it.each([
    ['detections.search', 'ok', true],
    ['search.commonVehicles', 'ok', true],
    ['search.travellingTogether', 'ok', true],
    ['detections.search', 'denied', false],
    ['search.cloneScan', 'ok', false],
    ['detections.view', 'ok', false],
    ['purposes.open', 'ok', false],
  ])('%s (%s) is an inquiry: %s', (action, outcome, yes) => {
    expect(isBrowsingInquiry(action, outcome)).toBe(yes);
  });

  it('reads the plate, the window and whether the search was bounded', () => {
    const q = inquiryFromRecord(
      'ws-1',
      7,
      rec('detections.search', {
        query: { plate: '7abc123', from: '2026-06-01T00:00:00Z', to: '2026-06-03T00:00:00Z' },
        resultCount: 4,
      }),
    )!;
    expect(q).toMatchObject({ key: 'ws-1#7', plates: ['7ABC123'], windowHours: 48, bounded: false, resultCount: 4 });
    const area = inquiryFromRecord(
      'ws-1',
      8,
      rec('detections.search', { query: { area: { kind: 'circle' }, from: 'x' } }),
    )!;
    expect(area).toMatchObject({ plates: [], windowHours: null, bounded: true });
  });
});
