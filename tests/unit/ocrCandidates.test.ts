import { describe, expect, it } from 'vitest';
import { characterVote, choose, type Raw } from '../../main/services/ocr/reader';

const raw = (text: string, confidence = 80, variant = 'otsu/grey'): Raw => ({
  text,
  confidence,
  chars: [...text].map(() => confidence),
  variant,
});

describe('choosing among the reads of a plate', () => {
  it('votes character by character: three reads each one character wrong agree on the plate', () => {
    const vote = characterVote([raw('7ABC12B'), raw('7A8C123'), raw('TABC123'), raw('ABC12', 60)]);
    expect(vote?.text).toBe('7ABC123');
  });

  it('prefers the read that fits a plate format when the engine is equally sure', () => {
    const read = choose([raw('7ABCI23', 85, 'otsu/grey'), raw('7ABC123', 85, 'local/grey')], 0);
    expect(read.plate).toBe('7ABC123');
    expect(read.candidates.map((c) => c.plate)).toContain('7ABCI23');
  });

  it('names the variant that read the winner directly, with its per-character confidence', () => {
    // The first read reaches 7ABC123 only by a format swap (I → 1); two later ones read it as it is.
    const read = choose([raw('7ABCI23', 85, 'a/grey'), raw('7ABC123', 80, 'b/grey'), raw('7ABC123', 80, 'c/grey')], 0);
    expect(read.plate).toBe('7ABC123');
    expect(read.variant).toBe('b/grey');
    expect(read.charConfidence).toHaveLength(7);
  });

  it('offers a read without a doubtful character at an end (a frame edge read as a 1)', () => {
    const r: Raw = { text: '1RZN384', confidence: 70, chars: [40, 90, 90, 90, 90, 90, 90], variant: 'otsu/grey' };
    const read = choose([r], 0);
    expect(read.candidates.map((c) => c.plate)).toContain('RZN384');
  });

  it('returns no plate, not an exception, when nothing was read', () => {
    const read = choose([raw('')], 0);
    expect(read.plate).toBe('');
    expect(read.candidates).toEqual([]);
  });
});
