import { describe, expect, it } from 'vitest';
import { diffPlates, likelyMisread, originalDoubt } from '../../../main/core/ocr/compare';
import {
  editDistance,
  formatScore,
  rareLetters,
  shapeFits,
  shapeOf,
  similarity,
} from '../../../main/core/plates/formats';

describe('plate formats', () => {
  it('scores a California 7ABC123 shape above 7ABCI23', () => {
    expect(shapeOf('7ABC123')).toBe('DLLLDDD');
    expect(formatScore('7ABC123')).toBeGreaterThan(formatScore('7ABCI23'));
  });

  it('gives vanity plates a little credit and junk almost none', () => {
    expect(formatScore('GOBEARS')).toBeGreaterThan(0.05);
    expect(formatScore('A1')).toBeLessThan(0.05);
    expect(formatScore('ABCDEFGHIJ')).toBeLessThan(0.05);
    expect(formatScore('7AB-123')).toBe(0);
  });

  it('fixes confusable characters to fit a known shape, counting the swaps', () => {
    const fits = shapeFits('7ABCI23');
    expect(fits[0]).toEqual({ plate: '7ABCI23', swaps: 0 });
    expect(fits).toContainEqual({ plate: '7ABC123', swaps: 1 });
    expect(shapeFits('TABC123').map((f) => f.plate)).toContain('7ABC123');
  });

  it('makes a 0 where a letter belongs a D, not an O (states issue no O; a blurred D reads 0)', () => {
    const fits = shapeFits('0G2Z6U').map((f) => f.plate);
    expect(fits).toContain('DG2Z6U');
    expect(fits).not.toContain('OG2Z6U');
    // An O where a digit belongs is still a 0.
    expect(shapeFits('7ABC1O3').map((f) => f.plate)).toContain('7ABC103');
  });

  it('counts the letters most states do not issue (I, O, Q), not their digit look-alikes', () => {
    expect(rareLetters('HLOKTY1')).toBe(1);
    expect(rareLetters('HL0KTY1')).toBe(0);
    expect(rareLetters('QIO1')).toBe(3);
    expect(rareLetters('')).toBe(0);
  });

  it('measures how far two reads are apart', () => {
    expect(editDistance('7ABC123', '7ABC123')).toBe(0);
    expect(editDistance('7ABC123', '7A8C123')).toBe(1);
    expect(editDistance('7ABC123', 'ABC123')).toBe(1);
    expect(similarity('7ABC123', '7A8C123')).toBeCloseTo(6 / 7);
  });
});

describe('comparing an original read with a re-read', () => {
  it('names the characters that differ, in place', () => {
    expect(diffPlates('7ABC123', '7A8C123')).toEqual([{ index: 2, original: 'B', reread: '8', kind: 'changed' }]);
    expect(diffPlates('7ABC123', 'ABC123')).toEqual([{ index: 0, original: '7', reread: '', kind: 'missing' }]);
    expect(diffPlates('ABC123', 'ABC1234')).toEqual([{ index: 6, original: '', reread: '4', kind: 'extra' }]);
    expect(diffPlates('7ABC123', '7ABC123')).toEqual([]);
  });

  it('flags a confident re-read that the original is not among', () => {
    const doubt = originalDoubt('7A8C123', {
      plate: '7ABC123',
      confidence: 92,
      candidates: [{ plate: '7ABC123', score: 0.9 }],
      charConfidence: [95, 93, 90, 94, 96, 95, 97],
    });
    expect(likelyMisread(true, doubt)).toBe(true);
  });

  it('does not flag a re-read that agrees, or one unsure of the very character that differs', () => {
    expect(originalDoubt('7ABC123', { plate: '7ABC123', confidence: 90, candidates: [] })).toBe(0);
    expect(likelyMisread(false, 1)).toBe(false);
    const unsure = originalDoubt('7ABC123', {
      plate: '7A8C123',
      confidence: 80,
      candidates: [{ plate: '7A8C123', score: 0.7 }],
      charConfidence: [95, 93, 35, 94, 96, 95, 97],
    });
    expect(likelyMisread(true, unsure)).toBe(false);
  });

  it('flags an original holding an O, I or Q where the re-read sees 0 or 1, however unsure of that digit', () => {
    const reread = {
      plate: '8SPU570',
      confidence: 85,
      candidates: [{ plate: '8SPU570', score: 0.97 }],
      charConfidence: [95, 93, 90, 94, 96, 95, 40],
    };
    expect(likelyMisread(true, originalDoubt('8SPU57O', reread))).toBe(true);
    // The same doubtful digit against a letter states do issue: the engine's doubt still counts.
    expect(likelyMisread(true, originalDoubt('8SPU57D', reread))).toBe(false);
  });

  it('does not flag a re-read that lost a character', () => {
    const doubt = originalDoubt('7ABC123', {
      plate: 'ABC123',
      confidence: 90,
      candidates: [{ plate: 'ABC123', score: 0.8 }],
    });
    expect(likelyMisread(true, doubt)).toBe(false);
  });
});

describe('doubt where an occluder crosses the plate', () => {
  const sure = [95, 93, 90, 94, 96, 95, 97];

  it('does not trust a confident re-read of a character the occluder damaged', () => {
    const reread = {
      plate: '7ABC128',
      confidence: 95,
      candidates: [{ plate: '7ABC128', score: 0.9 }],
      charConfidence: sure,
    };
    expect(likelyMisread(true, originalDoubt('7ABC123', reread))).toBe(true);
    const damaged = { ...reread, occlusion: { damaged: [6], hiddenStart: false, hiddenEnd: false } };
    expect(likelyMisread(true, originalDoubt('7ABC123', damaged))).toBe(false);
    // A difference elsewhere is still caught: only the damaged position is discounted.
    expect(likelyMisread(true, originalDoubt('7A8C128', damaged))).toBe(true);
  });

  it('judges a re-read one character short by the characters it could see past a hidden end', () => {
    const hidden = { damaged: [], hiddenStart: false, hiddenEnd: true };
    const short = {
      plate: 'ABC123',
      confidence: 95,
      candidates: [{ plate: 'ABC123', score: 0.9 }],
      charConfidence: sure.slice(1),
    };
    // The first character hidden: the rest agrees, no doubt.
    expect(originalDoubt('7ABC123', { ...short, occlusion: { ...hidden, hiddenStart: true, hiddenEnd: false } })).toBe(
      0,
    );
    // The last character hidden: a single confident change among the characters it saw is caught, which the
    // length difference alone would have hidden.
    const seenShort = { ...short, plate: '7ABC12', charConfidence: sure.slice(0, 6) };
    expect(likelyMisread(true, originalDoubt('7A8C123', { ...seenShort, occlusion: hidden }))).toBe(true);
    expect(likelyMisread(true, originalDoubt('7A8C123', seenShort))).toBe(false);
    expect(originalDoubt('7ABC123', { ...seenShort, occlusion: hidden })).toBe(0);
  });
});
