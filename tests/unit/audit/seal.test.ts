import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  epochKey,
  evolveKey,
  makeSeal,
  SEAL_GENESIS,
  sealSeries,
  verifySeals,
  type HmacHex,
  type Seal,
} from '../../../main/core/audit/seal';

/**
 * Forward-secure seals: each epoch's key is the one-way evolution of the one before, so the holder of epoch j's
 * key can make seals for j and later, never for an earlier epoch; the root key verifies them all.
 */
const hmac: HmacHex = (k, t) => createHmac('sha256', Buffer.from(k, 'hex')).update(t).digest('hex');
const ROOT = 'ab'.repeat(32);
const hashOf = (seq: number) => (seq === 0 ? SEAL_GENESIS : `${String(seq).padStart(4, '0')}${'c'.repeat(60)}`);

/** Seals of epochs 0..n-1 over records 2, 4, 6, … as the workstation writes them. */
function sealed(n: number): Seal[] {
  const seals: Seal[] = [];
  let key = ROOT;
  let prevTag = SEAL_GENESIS;
  for (let e = 0; e < n; e++) {
    const s = makeSeal(hmac, key, {
      epoch: e,
      seq: 2 * e,
      hash: hashOf(2 * e),
      prevTag,
      at: `2026-11-22T09:${String(e).padStart(2, '0')}:00Z`,
    });
    seals.push(s);
    prevTag = s.tag;
    key = evolveKey(hmac, key);
  }
  return seals;
}

describe('forward-secure seals', () => {
  it('verify under the root key, in epoch order', () => {
    expect(verifySeals(hmac, ROOT, sealed(5), hashOf)).toEqual({ ok: true, count: 5, lastEpoch: 4, lastSeq: 8 });
    expect(epochKey(hmac, ROOT, 3)).toBe(evolveKey(hmac, evolveKey(hmac, evolveKey(hmac, ROOT))));
    expect(sealSeries(hmac, ROOT)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('name a record changed after it was sealed, and one that is gone', () => {
    const changed = (seq: number) => (seq === 6 ? 'f'.repeat(64) : hashOf(seq));
    const v = verifySeals(hmac, ROOT, sealed(5), changed);
    expect(v).toMatchObject({ ok: false, count: 3, problem: { epoch: 3, kind: 'rewritten' } });
    const gone = verifySeals(hmac, ROOT, sealed(5), (seq) => (seq > 5 ? null : hashOf(seq)));
    expect(gone.ok ? null : gone.problem.message).toMatch(
      /^Record 6, sealed at .* \(seal 3\), is no longer in the log/,
    );
  });

  it('a missing seal, and a seal made again with a later key, are caught', () => {
    const seals = sealed(5);
    const missing = verifySeals(hmac, ROOT, [...seals.slice(0, 2), ...seals.slice(3)], hashOf);
    expect(missing.ok ? null : missing.problem).toMatchObject({
      epoch: 2,
      kind: 'missing',
      message: 'Seal 2 is missing: removed from the store.',
    });
    // A thief holding epoch 4's key re-makes seal 1 over a rewritten record 2.
    const thief = epochKey(hmac, ROOT, 4);
    const forged = makeSeal(hmac, thief, { ...seals[1]!, hash: 'e'.repeat(64) });
    const v = verifySeals(hmac, ROOT, [seals[0]!, forged, ...seals.slice(2)], hashOf);
    expect(v.ok ? null : v.problem).toMatchObject({ epoch: 1, kind: 'forged' });
  });
});
