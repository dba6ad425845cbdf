import { describe, expect, it } from 'vitest';
import { alignReads, diffSummary } from '../../../renderer/src/features/ocr/plateAlign';
import { diffPlates } from '../../../main/core/ocr/compare';

/** The renderer aligns the server's diff; feed it the real one from main/core. */
function align(original: string, reread: string) {
  return alignReads(original, reread, diffPlates(original, reread));
}

describe('original and re-read side by side', () => {
  it('marks nothing when the reads agree', () => {
    const cells = align('7ABC123', '7ABC123');
    expect(cells.every((c) => c.mark === 'same' && c.original === c.reread)).toBe(true);
    expect(diffSummary([])).toBe('The reads agree');
  });

  it('marks a confusable in place', () => {
    const cells = align('7ABC1Z3', '7ABC123');
    expect(cells.map((c) => c.mark)).toEqual(['same', 'same', 'same', 'same', 'same', 'changed', 'same']);
    expect(cells[5]).toEqual({ original: 'Z', reread: '2', mark: 'changed' });
    expect(diffSummary(diffPlates('7ABC1Z3', '7ABC123'))).toBe('1 character differs');
  });

  it('leaves a gap where the re-read lost a character and keeps the rest aligned', () => {
    const cells = align('7ABC123', '7AB123');
    expect(cells.map((c) => c.original).join('')).toBe('7ABC123');
    expect(cells.map((c) => c.reread || '_').join('')).toBe('7AB_123');
    expect(cells.filter((c) => c.mark === 'missing')).toHaveLength(1);
  });

  it('opens a column where the re-read added a character', () => {
    const cells = align('ABC123', 'ABC1234');
    expect(cells.map((c) => c.original || '_').join('')).toBe('ABC123_');
    expect(cells.map((c) => c.reread).join('')).toBe('ABC1234');
    expect(cells[6]!.mark).toBe('extra');
  });

  it('handles a re-read that produced nothing', () => {
    const cells = align('8XYZ', '');
    expect(cells.map((c) => c.mark)).toEqual(['missing', 'missing', 'missing', 'missing']);
    expect(diffSummary(diffPlates('8XYZ', ''))).toBe('4 characters differ');
  });
});
