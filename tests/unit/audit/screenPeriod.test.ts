import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../main/core/shared/canonicalJson';
import { withoutDetectionIds } from '../../../main/services/audit/screenPeriod';
import { searchRecord } from '../../bench/records';

describe('reading a log body for screening', () => {
  it('drops the detection ids and keeps everything screening reads', () => {
    const r = searchRecord(
      4,
      Array.from({ length: 200 }, (_, i) => i),
      '7ABC123',
    );
    const body = canonicalJson(r);
    const parsed = JSON.parse(withoutDetectionIds(body)) as typeof r;
    expect(parsed.data.detectionIds).toBe(0);
    expect({ ...parsed, data: { ...parsed.data, detectionIds: r.data.detectionIds } }).toEqual(JSON.parse(body));
  });

  it('leaves a body without ids alone, and is not fooled by the words inside a string', () => {
    const r = searchRecord(5);
    r.purpose!.description = 'note "detectionIds":[1] in the text';
    delete (r.data as { detectionIds?: unknown }).detectionIds;
    const body = canonicalJson(r);
    expect(withoutDetectionIds(body)).toBe(body);
  });
});
