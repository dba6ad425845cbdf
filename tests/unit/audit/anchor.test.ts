import { describe, expect, it } from 'vitest';
import { compareWithAnchor } from '../../../main/core/audit/anchor';

/** A log against an anchor: it holds it, continues it, lacks records up to it, or holds another record there. */
const log = (n: number, changedAt?: number) => (seq: number) =>
  seq >= 1 && seq <= n ? (seq === changedAt ? 'x'.repeat(64) : `h${seq}`) : null;

describe('a log against an anchor', () => {
  it('matches or continues it', () => {
    expect(
      compareWithAnchor({ seq: 22, hash: 'h22' }, { seq: 22, hash: 'h22' }, log(22), 'the agency server').status,
    ).toBe('matches');
    const v = compareWithAnchor({ seq: 20, hash: 'h20' }, { seq: 22, hash: 'h22' }, log(22), 'the agency server');
    expect(v).toMatchObject({ status: 'continues', after: 2 });
  });

  it('names the missing range of a dropped tail', () => {
    const v = compareWithAnchor({ seq: 22, hash: 'h22' }, { seq: 14, hash: 'h14' }, log(14), 'the agency server');
    expect(v).toMatchObject({ status: 'missing', missingFrom: 15, missingTo: 22 });
    expect(v.message).toMatch(
      /^Records 15–22 are missing: the agency server holds the chain head at record 22, but the log ends at record 14\./,
    );
  });

  it('says when the record at the anchor is another one (rolled back, then written again)', () => {
    const v = compareWithAnchor({ seq: 22, hash: 'h22' }, { seq: 30, hash: 'h30' }, log(30, 22), 'the agency server');
    expect(v).toMatchObject({ status: 'differs', at: 22 });
  });
});
