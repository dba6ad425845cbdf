/**
 * What a plate pattern means, in words, for the plate field's feedback as the user types (`search.describePattern`).
 * Pure: it parses with `parsePlatePattern` (the same parser the search uses, so the feedback can never promise
 * what the search does not do) and explains each part with the similar-character classes.
 *
 * Columns are 0-based into `normalized`, which is the input upper-cased character by character and otherwise as
 * typed (spaces and dashes kept), so the field can underline exactly what the user typed.
 */
import { CONFUSABLE_CLASSES, MAX_PLATE_LENGTH, parsePlatePattern, type PlateToken } from './plateQuery';

export type PatternPartKind = 'char' | 'unknown' | 'run' | 'class';

export type DescribedPart = {
  text: string;
  column: number;
  kind: PatternPartKind;
  meaning: string;
  similar: string[];
};

export type PatternDescription =
  | {
      ok: true;
      normalized: string;
      parts: DescribedPart[];
      length: { min: number; max: number | null };
      summary: string;
    }
  | { ok: false; normalized: string; column: number; reason: string };

/** Upper case without changing the length (a character whose upper case is longer, like ß, stays as typed). */
export function normalizePatternInput(input: string): string {
  let out = '';
  for (const c of input) {
    const u = c.toUpperCase();
    out += u.length === c.length ? u : c;
  }
  return out;
}

/** The other characters that look like `c` (its confusable class without itself). */
export function lookalikes(c: string): string[] {
  const cls = CONFUSABLE_CLASSES.find((k) => k.includes(c));
  return cls ? [...cls].filter((x) => x !== c) : [];
}

function orList(chars: readonly string[]): string {
  if (chars.length <= 1) return chars.join('');
  return `${chars.slice(0, -1).join(', ')} or ${chars.at(-1)}`;
}

function describeToken(t: PlateToken, similar: boolean): DescribedPart {
  // PlateToken columns are 1-based (parsePlatePattern's refusal convention).
  const column = t.column - 1;
  if (t.kind === 'run')
    return { text: '*', column, kind: 'run', meaning: 'any run of characters, or none', similar: [] };
  if (t.chars === null) return { text: '?', column, kind: 'unknown', meaning: 'one unknown character', similar: [] };
  const members = [...t.chars];
  const extra = similar ? [...new Set(members.flatMap(lookalikes))].filter((c) => !members.includes(c)) : [];
  if (t.source.startsWith('[')) {
    const meaning = members.length === 1 ? `${members[0]} (a class of one)` : `one of ${orList(members)}`;
    return { text: t.source, column, kind: 'class', meaning, similar: extra };
  }
  return { text: t.source, column, kind: 'char', meaning: t.source, similar: extra };
}

function lengthPhrase(min: number, max: number | null): string {
  if (max === null) return min === MAX_PLATE_LENGTH ? `${min} characters` : `${min} to ${MAX_PLATE_LENGTH} characters`;
  return `exactly ${min} character${min === 1 ? '' : 's'}`;
}

export function describePlatePattern(input: string, options: { similar?: boolean } = {}): PatternDescription {
  const similar = options.similar !== false;
  const normalized = normalizePatternInput(input);
  const parsed = parsePlatePattern(normalized);
  if (!parsed.ok) return { ok: false, normalized, column: parsed.refusal.column - 1, reason: parsed.refusal.reason };
  const p = parsed.pattern;
  const parts = p.tokens.map((t) => describeToken(t, similar));
  const known = parts.filter((x) => x.kind === 'char' || x.kind === 'class').length;
  const unknown = parts.filter((x) => x.kind === 'unknown').length;
  const runs = parts.filter((x) => x.kind === 'run').length;
  const bits = [`Plates of ${lengthPhrase(p.minLength, p.maxLength)}`];
  bits.push(`${known} known`);
  if (unknown) bits.push(`${unknown} unknown`);
  if (runs) bits.push(runs === 1 ? 'one open run' : `${runs} open runs`);
  const lookalike = parts.filter((x) => x.similar.length > 0);
  const tail = !similar
    ? 'exact characters only.'
    : lookalike.length
      ? `also matching look-alikes (${lookalike.map((x) => `${x.text}→${x.similar.join('/')}`).join(', ')}).`
      : 'no character here has a look-alike.';
  return {
    ok: true,
    normalized,
    parts,
    length: { min: p.minLength, max: p.maxLength },
    summary: `${bits.join(', ')}; ${tail}`,
  };
}
