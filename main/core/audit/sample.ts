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

/** The keys of the sample, in rank order. Keeps only `size` candidates in memory, so a million keys stream through. */
export function drawSample(sha256: Sha256Hex, seed: string, keys: Iterable<string>, size: number): string[] {
  if (size <= 0) return [];
  // A sorted list of the best `size` so far; for the audit sizes (10–1000) an insertion is cheaper than a heap.
  const best: { rank: string; key: string }[] = [];
  for (const key of keys) {
    const rank = sampleRank(sha256, seed, key);
    if (best.length === size && !before(rank, key, best[size - 1]!)) continue;
    let i = best.length;
    while (i > 0 && before(rank, key, best[i - 1]!)) i--;
    best.splice(i, 0, { rank, key });
    if (best.length > size) best.pop();
  }
  return best.map((b) => b.key);
}

function before(rank: string, key: string, other: { rank: string; key: string }): boolean {
  return rank < other.rank || (rank === other.rank && key < other.key);
}
