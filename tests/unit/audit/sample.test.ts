import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { drawSample, sampleRank, sampleSeed } from '../../../main/core/audit/sample';

const sha = (t: string) => createHash('sha256').update(t).digest('hex');
const keys = (n: number, ws = 'ws-1') => Array.from({ length: n }, (_, i) => `${ws}#${i + 1}`);

describe('the reproducible sample', () => {
  const seed = sampleSeed(sha, 'AUD-2026-01', 'ab'.repeat(32));

  it('draws the same sample from the same seed, whatever order the log is read in', () => {
    const a = drawSample(sha, seed, keys(5000), 10);
    const b = drawSample(sha, seed, keys(5000).reverse(), 10);
    expect(a).toHaveLength(10);
    expect(b).toEqual(a);
  });

  it('draws a different sample for another audit number or another log head', () => {
    const a = drawSample(sha, seed, keys(5000), 10);
    expect(drawSample(sha, sampleSeed(sha, 'AUD-2026-02', 'ab'.repeat(32)), keys(5000), 10)).not.toEqual(a);
    expect(drawSample(sha, sampleSeed(sha, 'AUD-2026-01', 'cd'.repeat(32)), keys(5000), 10)).not.toEqual(a);
  });

  it('takes everything when the population is smaller than the sample, and nothing for size 0', () => {
    expect(drawSample(sha, seed, keys(4), 10).sort()).toEqual(keys(4).sort());
    expect(drawSample(sha, seed, keys(4), 0)).toEqual([]);
  });

  it('is the lowest ranks, as sha256sum computes them (an outsider can redraw it)', () => {
    const outside = keys(200)
      .map((k) => ({
        k,
        r: execFileSync('sha256sum', { input: `${seed}\n${k}` })
          .toString()
          .slice(0, 64),
      }))
      .sort((x, y) => (x.r < y.r ? -1 : 1))
      .slice(0, 10)
      .map((x) => x.k);
    expect(drawSample(sha, seed, keys(200), 10)).toEqual(outside);
    expect(sampleRank(sha, seed, 'ws-1#1')).toBe(
      execFileSync('sha256sum', { input: `${seed}\nws-1#1` })
        .toString()
        .slice(0, 64),
    );
  });

  it('spreads over the population (no bias toward the start of the log)', () => {
    const picked = drawSample(sha, seed, keys(100_000), 200).map((k) => Number(k.split('#')[1]));
    const firstHalf = picked.filter((n) => n <= 50_000).length;
    expect(firstHalf).toBeGreaterThan(70);
    expect(firstHalf).toBeLessThan(130);
  });
});
