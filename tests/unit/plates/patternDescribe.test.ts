import { describe, expect, it } from 'vitest';
import { describePlatePattern, lookalikes } from '../../../main/core/plates/patternDescribe';

function described(input: string, similar = true) {
  const d = describePlatePattern(input, { similar });
  if (!d.ok) throw new Error(`refused ${input}: ${d.reason}`);
  return d;
}

function refused(input: string) {
  const d = describePlatePattern(input);
  if (d.ok) throw new Error(`accepted ${input}`);
  return d;
}

describe('describing a plate pattern', () => {
  it('explains each part of a partial plate with its 0-based column as typed', () => {
    const d = described('7ab?1*');
    expect(d.normalized).toBe('7AB?1*');
    expect(d.parts.map((p) => [p.text, p.column, p.kind])).toEqual([
      ['7', 0, 'char'],
      ['A', 1, 'char'],
      ['B', 2, 'char'],
      ['?', 3, 'unknown'],
      ['1', 4, 'char'],
      ['*', 5, 'run'],
    ]);
    expect(d.parts[3]!.meaning).toBe('one unknown character');
    expect(d.parts[5]!.meaning).toBe('any run of characters, or none');
    expect(d.length).toEqual({ min: 5, max: null });
  });

  it('keeps spaces and dashes in the columns so the field can underline what was typed', () => {
    const d = described('7AB-1 23');
    expect(d.normalized).toBe('7AB-1 23');
    expect(d.parts.map((p) => p.column)).toEqual([0, 1, 2, 4, 6, 7]);
    expect(d.length).toEqual({ min: 6, max: 6 });
    expect(d.summary).toMatch(/^Plates of exactly 6 characters/);
  });

  it('lists the look-alikes a character also matches when similar characters are on', () => {
    const d = described('8B0X');
    expect(d.parts[0]!.similar).toEqual(['B']);
    expect(d.parts[1]!.similar).toEqual(['8']);
    expect(d.parts[2]!.similar).toEqual(['O', 'D', 'Q']);
    expect(d.parts[3]!.similar).toEqual([]);
    expect(d.summary).toContain('8→B');
  });

  it('lists no look-alikes with similar characters off', () => {
    const d = described('8B0', false);
    expect(d.parts.every((p) => p.similar.length === 0)).toBe(true);
    expect(d.summary).toContain('exact characters only');
  });

  it('explains a class and what its members look like, without repeating members', () => {
    const d = described('7[8B]C');
    expect(d.parts[1]).toMatchObject({ text: '[8B]', column: 1, kind: 'class', meaning: 'one of 8 or B', similar: [] });
    expect(described('[5Z]').parts[0]!.similar).toEqual(['S', '2']);
  });

  it('refuses a malformed pattern with the 0-based column and the reason', () => {
    expect(refused('7A[8B')).toMatchObject({ column: 2, reason: expect.stringContaining('never closed') });
    expect(refused('7A]')).toMatchObject({ column: 2, reason: expect.stringContaining('closes no class') });
    expect(refused('7A%1')).toMatchObject({
      column: 2,
      reason: expect.stringContaining('not part of a plate pattern'),
    });
    expect(refused('[8?]')).toMatchObject({ column: 2 });
    expect(refused('??*')).toMatchObject({ column: 0, reason: expect.stringContaining('no known character') });
    expect(refused('')).toMatchObject({ column: 0, reason: expect.stringContaining('at least one character') });
    expect(refused('123456789')).toMatchObject({ column: 8, reason: expect.stringContaining('at most 8') });
  });

  it('knows the look-alike classes', () => {
    expect(lookalikes('S')).toEqual(['5']);
    expect(lookalikes('X')).toEqual([]);
  });
});
