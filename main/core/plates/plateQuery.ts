/**
 * The partial-plate pattern language a witness's fragment maps onto, similar-looking characters and near
 * misses. Pure: the store's plate dictionary is matched with the regular expressions compiled here, and each
 * matched plate is explained with `explainMatch`.
 *
 * Syntax (case-insensitive; spaces and dashes are ignored, as people type "7AB 123" or "7AB-123"):
 * - a letter or digit: that character (or, with similar characters on, any character that looks like it);
 * - `?`: exactly one unknown character;
 * - `*`: any run of characters, possibly empty;
 * - `[8B]`: one character out of a class.
 * A pattern without `*` has a known length. It needs at least one known character.
 */

/** A plate is at most this long (the longest US format is 8). */
export const MAX_PLATE_LENGTH = 8;

/**
 * Characters that OCR engines and witnesses confuse on plates, as disjoint classes. The first six are the
 * classes of the issue; the agency generator's misread model (tests/agency/generator/vehicles.ts CONFUSABLE:
 * 0/O, D/0, 8/B, 1/I, 5/S, 2/Z, 6/G) falls entirely inside them. Classes are kept disjoint and small on
 * purpose: a class only adds candidates, and a wider one (4/A, U/V, M/N) would multiply them for little gain.
 */
export const CONFUSABLE_CLASSES: readonly string[] = ['0ODQ', '1ILT', '2Z', '5S', '8B', '6G'];

const FOLD = new Map<string, string>();
for (const cls of CONFUSABLE_CLASSES) for (const c of cls) FOLD.set(c, cls[0]!);

/** The representative of a character's class (itself if it has none). */
export function foldChar(c: string): string {
  return FOLD.get(c) ?? c;
}

/**
 * Every plate that folds to the same key as `plate` (itself included): each character replaced by each member
 * of its similar-character class. Null when there would be more than `max`.
 */
export function similarSpellings(plate: string, max: number): string[] | null {
  let out = [''];
  for (const c of plate) {
    const members = CONFUSABLE_CLASSES.find((k) => k.includes(c)) ?? c;
    if (out.length * members.length > max) return null;
    out = out.flatMap((prefix) => [...members].map((m) => prefix + m));
  }
  return out;
}

/** A plate with every character replaced by its class representative: the key similar-looking plates share. */
export function foldPlate(plate: string): string {
  let out = '';
  for (const c of plate) out += FOLD.get(c) ?? c;
  return out;
}

export function similarChars(a: string, b: string): boolean {
  return a === b || foldChar(a) === foldChar(b);
}

/** One position of a pattern: a known character, a class, `?` (chars null), or a run `*`. */
export type PlateToken =
  { kind: 'one'; chars: string | null; source: string; column: number } | { kind: 'run'; column: number };

export type PlatePattern = {
  /** The normalized pattern text: upper case, no separators. */
  text: string;
  tokens: PlateToken[];
  minLength: number;
  /** null when the pattern has a `*`. */
  maxLength: number | null;
  /** Literal prefix before the first wildcard or class (may be empty). */
  prefix: string;
};

/** A refused pattern: where (1-based column in what was typed) and why, in words a person can act on. */
export type PatternRefusal = { column: number; reason: string };

export type ParseResult = { ok: true; pattern: PlatePattern } | { ok: false; refusal: PatternRefusal };

const PLATE_CHAR = /^[A-Z0-9]$/;

export function parsePlatePattern(input: string): ParseResult {
  const tokens: PlateToken[] = [];
  const refuse = (column: number, reason: string): ParseResult => ({ ok: false, refusal: { column, reason } });
  const s = input.toUpperCase();
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    const column = i + 1;
    if (c === ' ' || c === '-' || c === '\t') {
      i++;
    } else if (PLATE_CHAR.test(c)) {
      tokens.push({ kind: 'one', chars: c, source: c, column });
      i++;
    } else if (c === '?') {
      tokens.push({ kind: 'one', chars: null, source: '?', column });
      i++;
    } else if (c === '*') {
      if (tokens.at(-1)?.kind !== 'run') tokens.push({ kind: 'run', column });
      i++;
    } else if (c === '[') {
      const close = s.indexOf(']', i + 1);
      const inner = close < 0 ? s.slice(i + 1) : s.slice(i + 1, close);
      for (let j = 0; j < inner.length; j++) {
        const d = inner[j]!;
        if (d === '[') return refuse(i + 2 + j, 'A class cannot contain another “[”: close the first with “]”.');
        if (d === '?' || d === '*')
          return refuse(i + 2 + j, `“${d}” cannot be inside a class: list the characters it may be, e.g. [8B].`);
        if (!PLATE_CHAR.test(d))
          return refuse(i + 2 + j, `“${d}” is not a plate character: a class lists letters and digits, e.g. [8B].`);
      }
      if (close < 0) return refuse(column, 'This “[” is never closed: end the class with “]”, e.g. [8B].');
      if (inner.length === 0)
        return refuse(column, 'An empty class “[]” matches nothing: list the characters, e.g. [8B].');
      const chars = [...new Set(inner)].join('');
      tokens.push({ kind: 'one', chars, source: `[${inner}]`, column });
      i = close + 1;
    } else if (c === ']') {
      return refuse(column, 'This “]” closes no class: a class starts with “[”, e.g. [8B].');
    } else {
      return refuse(
        column,
        `“${input[i]}” is not part of a plate pattern: use letters, digits, ? for one unknown character, * for any run, and [8B] for “8 or B”.`,
      );
    }
  }
  const ones = tokens.filter((t) => t.kind === 'one');
  if (tokens.length === 0) return refuse(1, 'Enter at least one character of the plate.');
  if (!ones.some((t) => t.chars !== null))
    return refuse(1, 'The pattern has no known character: enter at least one letter, digit or class.');
  if (ones.length > MAX_PLATE_LENGTH) {
    const over = ones[MAX_PLATE_LENGTH]!;
    return refuse(
      over.column,
      `A plate has at most ${MAX_PLATE_LENGTH} characters; this pattern needs at least ${ones.length}.`,
    );
  }
  let prefix = '';
  for (const t of tokens) {
    if (t.kind !== 'one' || t.chars === null || t.chars.length !== 1) break;
    prefix += t.chars;
  }
  const hasRun = tokens.some((t) => t.kind === 'run');
  return {
    ok: true,
    pattern: {
      text: tokens.map((t) => (t.kind === 'run' ? '*' : t.source)).join(''),
      tokens,
      minLength: ones.length,
      maxLength: hasRun ? null : ones.length,
      prefix,
    },
  };
}

export type MatchOptions = {
  /** Similar-looking characters (on by default). */
  similar?: boolean;
  /** One missing, extra or swapped character (on by default). */
  nearMisses?: boolean;
};

/** How a plate matched, best first: exact < similar characters < near miss. */
export type MatchTier = 'exact' | 'similar' | 'near';

export type MatchExplanation = {
  tier: MatchTier;
  /** Lower is better: 0 exact, +1 per similar character, +10 for a near miss. */
  cost: number;
  /** Characters taken as similar: 1-based position in the plate, the character read, the one asked for. */
  similar: { position: number; read: string; asked: string }[];
  /** The near miss, if any. */
  nearMiss:
    | { kind: 'missing'; position: number; asked: string }
    | { kind: 'extra'; position: number; read: string }
    | { kind: 'swapped'; position: number; read: string; asked: string }
    | null;
  /** One sentence for the results list. */
  text: string;
};

const NEAR_COST = 10;

/**
 * A pattern character may be missing from the plate only if the pattern has at least three known characters:
 * otherwise the near miss of "4T*" would be every plate that starts with 4 (a ninth of the store).
 */
export function missingAllowed(p: PlatePattern): boolean {
  return p.tokens.filter((t) => t.kind === 'one' && t.chars !== null).length >= 3;
}

function escapeClass(chars: string): string {
  return chars.length === 1 ? chars : `[${chars}]`;
}

function tokenSource(t: PlateToken, fold: boolean): string {
  if (t.kind === 'run') return '.*';
  if (t.chars === null) return '.';
  return escapeClass(fold ? [...new Set([...t.chars].map(foldChar))].join('') : t.chars);
}

/**
 * Regular expressions (source text, to be anchored per plate) over the store's plate dictionary: `exact` over
 * raw plates, `similar` over folded plates (null when similar characters are off), `near` over folded plates
 * (raw ones when similar characters are off; null when near misses are off). `near` is the union of the one-edit variants of the
 * pattern (a pattern character missing from the plate, an extra plate character, two adjacent characters
 * swapped); it includes what `similar` matches, so callers test tiers in order.
 */
export type RegexSources = {
  exact: string;
  similar: string | null;
  near: string | null;
  /**
   * The pattern starts with `*`: the sources leave the leading `.*` out and must be anchored at the end only
   * (`plateRegexSource`), so the engine searches for the literal tail instead of trying every line start.
   */
  leadingRun: boolean;
};

/** A source of `patternRegexSources` anchored to match whole plates (one per line with the `m` flag). */
export function plateRegexSource(source: string, leadingRun: boolean): string {
  return `${leadingRun ? '' : '^'}${source}$`;
}

export function patternRegexSources(p: PlatePattern, options: MatchOptions = {}): RegexSources {
  const fold = options.similar !== false;
  const leadingRun = p.tokens[0]?.kind === 'run';
  // Every variant keeps a leading run (near misses never remove or swap it), so it can be cut off.
  const cut = (src: string) => (leadingRun ? src.slice(2) : src);
  const exact = cut(p.tokens.map((t) => tokenSource(t, false)).join(''));
  const similar = cut(p.tokens.map((t) => tokenSource(t, true)).join(''));
  if (options.nearMisses === false) return { exact, similar: fold ? similar : null, near: null, leadingRun };
  const parts = p.tokens.map((t) => tokenSource(t, fold));
  const variants = new Set<string>([parts.join('')]);
  for (let i = 0; i < p.tokens.length; i++) {
    const t = p.tokens[i]!;
    if (t.kind === 'one' && missingAllowed(p)) variants.add([...parts.slice(0, i), ...parts.slice(i + 1)].join(''));
    const next = p.tokens[i + 1];
    if (t.kind === 'one' && next?.kind === 'one' && parts[i] !== parts[i + 1])
      variants.add([...parts.slice(0, i), parts[i + 1], parts[i], ...parts.slice(i + 2)].join(''));
  }
  if (p.minLength < MAX_PLATE_LENGTH) {
    for (let i = 0; i <= p.tokens.length; i++) {
      // An extra character next to a run is already covered by the run.
      if (p.tokens[i - 1]?.kind === 'run' || p.tokens[i]?.kind === 'run') continue;
      variants.add([...parts.slice(0, i), '.', ...parts.slice(i)].join(''));
    }
  }
  return {
    exact,
    similar: fold ? similar : null,
    near: `(?:${[...variants].map(cut).join('|')})`,
    leadingRun,
  };
}

/** Best alignment of a plate to a pattern with at most `edits` near-miss edits, or null. */
export function explainMatch(p: PlatePattern, plate: string, options: MatchOptions = {}): MatchExplanation | null {
  const allowSimilar = options.similar !== false;
  const edits = options.nearMisses === false ? 0 : 1;
  const tokens = p.tokens;
  type Step = { cost: number; similar: MatchExplanation['similar']; nearMiss: MatchExplanation['nearMiss'] };
  const memo = new Map<number, Step | null>();
  const better = (a: Step | null, b: Step | null) => (a === null ? b : b === null || a.cost <= b.cost ? a : b);
  // Character-level cost of token t reading plate char c: 0 exact, 1 similar, null no.
  const charCost = (t: PlateToken & { kind: 'one' }, c: string): number | null => {
    if (t.chars === null || t.chars.includes(c)) return 0;
    if (allowSimilar && [...t.chars].some((a) => similarChars(a, c))) return 1;
    return null;
  };
  const askedFor = (t: PlateToken & { kind: 'one' }, c: string) =>
    t.chars === null ? '?' : ([...t.chars].find((a) => similarChars(a, c)) ?? t.chars[0]!);
  const go = (ti: number, pi: number, e: number): Step | null => {
    const key = (ti * 16 + pi) * 4 + e;
    if (memo.has(key)) return memo.get(key)!;
    let best: Step | null = null;
    if (ti === tokens.length && pi === plate.length) best = { cost: 0, similar: [], nearMiss: null };
    const t = tokens[ti];
    if (t?.kind === 'run') {
      // The run takes zero characters, or one more.
      best = better(best, go(ti + 1, pi, e));
      if (pi < plate.length) best = better(best, go(ti, pi + 1, e));
    } else if (t) {
      if (pi < plate.length) {
        const c = plate[pi]!;
        const cc = charCost(t, c);
        if (cc !== null) {
          const rest = go(ti + 1, pi + 1, e);
          if (rest)
            best = better(best, {
              cost: rest.cost + cc,
              similar: cc ? [{ position: pi + 1, read: c, asked: askedFor(t, c) }, ...rest.similar] : rest.similar,
              nearMiss: rest.nearMiss,
            });
        }
      }
      if (e > 0) {
        // The plate lacks this pattern character.
        const rest = go(ti + 1, pi, e - 1);
        if (rest && missingAllowed(p))
          best = better(best, {
            cost: rest.cost + NEAR_COST,
            similar: rest.similar,
            nearMiss: { kind: 'missing', position: pi + 1, asked: t.chars ?? '?' },
          });
        // Two adjacent characters swapped.
        const u = tokens[ti + 1];
        if (u?.kind === 'one' && pi + 1 < plate.length) {
          const c1 = charCost(t, plate[pi + 1]!);
          const c0 = charCost(u, plate[pi]!);
          if (c0 !== null && c1 !== null && plate[pi] !== plate[pi + 1]) {
            const rest2 = go(ti + 2, pi + 2, e - 1);
            if (rest2)
              best = better(best, {
                cost: rest2.cost + NEAR_COST + c0 + c1,
                similar: rest2.similar,
                nearMiss: {
                  kind: 'swapped',
                  position: pi + 1,
                  read: plate.slice(pi, pi + 2),
                  asked: `${askedFor(t, plate[pi + 1]!)}${askedFor(u, plate[pi]!)}`,
                },
              });
          }
        }
      }
    }
    // An extra plate character the pattern does not account for (not next to a run, which absorbs it).
    if (e > 0 && pi < plate.length && tokens[ti - 1]?.kind !== 'run' && t?.kind !== 'run') {
      const rest = go(ti, pi + 1, e - 1);
      if (rest)
        best = better(best, {
          cost: rest.cost + NEAR_COST,
          similar: rest.similar,
          nearMiss: { kind: 'extra', position: pi + 1, read: plate[pi]! },
        });
    }
    memo.set(key, best);
    return best;
  };
  if (plate.length > 15) return null;
  const step = go(0, 0, edits);
  if (!step) return null;
  const tier: MatchTier = step.nearMiss ? 'near' : step.similar.length ? 'similar' : 'exact';
  return { tier, cost: step.cost, similar: step.similar, nearMiss: step.nearMiss, text: describe(step, tier) };
}

function describe(step: Omit<MatchExplanation, 'tier' | 'text'>, tier: MatchTier): string {
  const parts: string[] = [];
  if (tier === 'exact') return 'Matches the pattern exactly.';
  for (const s of step.similar) parts.push(`“${s.read}” at position ${s.position} taken as “${s.asked}”`);
  const n = step.nearMiss;
  if (n?.kind === 'missing') parts.push(`the pattern's “${n.asked}” is missing before position ${n.position}`);
  if (n?.kind === 'extra') parts.push(`an extra “${n.read}” at position ${n.position}`);
  if (n?.kind === 'swapped')
    parts.push(`“${n.asked}” read swapped as “${n.read}” at positions ${n.position}–${n.position + 1}`);
  const head = tier === 'near' ? 'Near miss' : 'Similar characters';
  return `${head}: ${parts.join('; ')}.`;
}
