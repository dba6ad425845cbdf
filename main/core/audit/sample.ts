import type { Sha256Hex } from './chain';

/**
 * The audit's random sample, drawn so that anyone with the log can draw it again (docs/audits.md):
 *
 *   seed = SHA-256("canvass-audit-sample\n" + audit number + "\n" + log head hash)
 *   rank(inquiry) = SHA-256(seed + "\n" + inquiry key)
 *
 * and the sample is the `size` inquiries with the lowest rank (ties cannot happen in practice; the key breaks
 * them). The seed is published in the memo; the rank needs nothing but `sha256sum`, and it does not depend on
 * the order the log was read in, so the agency-wide feed, a CSV export or a vendor's file give the same sample.
 */
export const SAMPLE_SEED_PREFIX = 'canvass-audit-sample';

export function sampleSeed(sha256: Sha256Hex, auditNumber: string, headHash: string): string {
  return sha256(`${SAMPLE_SEED_PREFIX}\n${auditNumber}\n${headHash}`);
}

export function sampleRank(sha256: Sha256Hex, seed: string, key: string): string {
  return sha256(`${seed}\n${key}`);
}

/**
 * Draws while the population streams past: keeps only the `size` best-ranked so far (with whatever the caller
 * attaches to each key), so a million inquiries never sit in memory to be sampled.
 */
export class Sampler<T> {
  private readonly best: { rank: string; key: string; item: T }[] = [];

  constructor(
    private readonly sha256: Sha256Hex,
    private readonly seed: string,
    private readonly size: number,
  ) {}

  push(key: string, item: T): void {
    if (this.size <= 0) return;
    const rank = sampleRank(this.sha256, this.seed, key);
    const best = this.best;
    // A sorted list of the best `size` so far; for the audit sizes (10–1000) an insertion is cheaper than a heap.
    if (best.length === this.size && !before(rank, key, best[this.size - 1]!)) return;
    let i = best.length;
    while (i > 0 && before(rank, key, best[i - 1]!)) i--;
    best.splice(i, 0, { rank, key, item });
    if (best.length > this.size) best.pop();
  }

  /** The sample in rank order. */
  result(): { key: string; item: T }[] {
    return this.best.map(({ key, item }) => ({ key, item }));
  }
}

/** The keys of the sample, in rank order. */
export function drawSample(sha256: Sha256Hex, seed: string, keys: Iterable<string>, size: number): string[] {
  const sampler = new Sampler<null>(sha256, seed, size);
  for (const key of keys) sampler.push(key, null);
  return sampler.result().map((s) => s.key);
}

function before(rank: string, key: string, other: { rank: string; key: string }): boolean {
  return rank < other.rank || (rank === other.rank && key < other.key);
}
