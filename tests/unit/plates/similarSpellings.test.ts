import { describe, expect, it } from 'vitest';
import { foldPlate, similarSpellings } from '../../../main/core/plates/plateQuery';

describe('similar spellings of a plate', () => {
  it('are every member of each character’s class, all with the same folded key', () => {
    const s = similarSpellings('8O1X', 100)!;
    expect(s).toHaveLength(2 * 4 * 4);
    expect(s).toContain('8O1X');
    expect(s).toContain('BD7X'.replace('7', 'T'));
    expect(new Set(s.map(foldPlate))).toEqual(new Set([foldPlate('8O1X')]));
  });

  it('are refused past the limit', () => {
    expect(similarSpellings('0O0O0O0', 4096)).toBeNull();
    expect(similarSpellings('XYW', 1)).toEqual(['XYW']);
  });
});
