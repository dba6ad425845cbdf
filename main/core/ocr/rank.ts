/**
 * Ranking a plate's reads (pure): the engine's and the classifier's texts, their votes per character row, the
 * classifier's support and the plate formats decide the candidates and their order (docs/ocr.md has the
 * measurements behind every weight). The engine I/O that produces the reads is services/ocr/reader.ts.
 */
import { bestText, GLYPH_CLASSES, textLikelihood } from './glyph';
import type { Component, RowOcclusion } from './segment';
import { formatScore, rareLetters, shapeFits } from '../plates/formats';
import { RANK_WEIGHTS } from './rankWeights';

export type PlateCandidate = {
  plate: string;
  /** 0..1, comparable between candidates of one read. */
  score: number;
  /** The engine's mean confidence for this text, 0..100. */
  confidence: number;
  variant: string;
  /** How many voters read this text: per character row, the engine (any of its renders) and the classifier. */
  votes: number;
};

export type PlateRead = {
  plate: string;
  confidence: number;
  /** Per-character confidence of the winning text, 0..100 (empty when the winner was a format fix). */
  charConfidence: number[];
  variant: string;
  candidates: PlateCandidate[];
  ms: number;
  /**
   * Occluders across the rows that read as many characters as `plate`: positions whose evidence is damaged,
   * and whether a character may be hidden before or after the row (absent when nothing was found).
   */
  occlusion?: RowOcclusion;
};

export type Raw = {
  text: string;
  confidence: number;
  chars: number[];
  variant: string;
  trimmed?: number;
  /** A read of the plate-character classifier (its confidences are not the engine's). */
  classifier?: boolean;
};

/**
 * Whether the settling rows' reads decide the plate: no other row found more characters (one the two lost),
 * and every read of them says the same plate-shaped text of five or more — both engine renders of each, the
 * engine sure of every character, and the classifier's likeliest text of each.
 */
export function settled<T extends { row: Component[] }>(
  raws: readonly Raw[],
  first: readonly T[],
  rows: readonly T[],
  glyphsOf: (v: T) => Float32Array[],
): boolean {
  const fullest = Math.max(...rows.map((v) => v.row.length));
  if (first.length !== 2 || first.some((v) => v.row.length < fullest)) return false;
  const text = raws[0]?.text ?? '';
  if (text.length < 5 || formatScore(text) < 0.5 || raws.length < 4) return false;
  const sure = (r: Raw) =>
    r.text === text && r.chars.length === text.length && Math.min(...r.chars) >= SETTLED_CONFIDENCE;
  return raws.every(sure) && first.every((v) => bestText(glyphsOf(v)).text === text);
}

/**
 * The classifier's likeliest texts per row that become candidates: its best and four alternatives (3 and 5 read
 * the same in session 4; with the strips' reads beside them 5 puts one more us-dev plate in the top 3 and one
 * more generator plate first, docs/ocr.md session 8).
 */
export const KBEST = 5;

/** Per position, the classes the k-best search looks at (the likeliest few). */
const KBEST_CLASSES = 3;

/**
 * The `k` likeliest texts of a row under the classifier (product of per-position probabilities), best
 * first, each with its characters' probabilities: a beam over each position's likeliest few classes.
 */
export function kBestTexts(
  probs: readonly Float32Array[],
  k: number,
  classes = GLYPH_CLASSES,
): { text: string; chars: number[]; log: number }[] {
  let beam: { text: string; chars: number[]; log: number }[] = [{ text: '', chars: [], log: 0 }];
  for (const p of probs) {
    const top = [...p.keys()].sort((a, b) => p[b]! - p[a]! || a - b).slice(0, KBEST_CLASSES);
    const next: typeof beam = [];
    for (const b of beam)
      for (const c of top)
        next.push({
          text: b.text + classes[c]!,
          chars: [...b.chars, p[c]!],
          log: b.log + Math.log(Math.max(1e-6, p[c]!)),
        });
    next.sort((a, b) => b.log - a.log || (a.text < b.text ? -1 : 1));
    beam = next.slice(0, Math.max(1, k));
  }
  return beam;
}

/**
 * Character by character voting over the reads of the commonest length (weighted by the engine's
 * confidence in each character): variants that each get one character wrong still agree on the plate.
 */
export function characterVote(raws: readonly Raw[]): Raw | null {
  const usable = raws.filter((r) => r.text && r.chars.length === r.text.length);
  const weight = new Map<number, number>();
  for (const r of usable) weight.set(r.text.length, (weight.get(r.text.length) ?? 0) + r.confidence);
  const length = [...weight].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!length) return null;
  const same = usable.filter((r) => r.text.length === length);
  if (same.length < 3) return null;
  let text = '';
  const chars: number[] = [];
  for (let i = 0; i < length; i++) {
    const tally = new Map<string, number>();
    for (const r of same) tally.set(r.text[i]!, (tally.get(r.text[i]!) ?? 0) + r.chars[i]!);
    const [c, sum] = [...tally].sort((a, b) => b[1] - a[1])[0]!;
    text += c;
    chars.push(Math.min(100, sum / same.length));
  }
  return { text, confidence: mean(chars), chars, variant: 'vote' };
}

/**
 * The classifier's support for `plate`: its likelihood under the best row of the same length, or under a row
 * one piece longer without an inner piece the classifier takes for no character it knows (an emblem between
 * the character groups); null when no row fits.
 */
export function glyphSupport(plate: string, glyphRows: readonly Float32Array[][]): number | null {
  let best: number | null = null;
  const consider = (l: number | null) => {
    if (l !== null && (best === null || l > best)) best = l;
  };
  for (const probs of glyphRows) {
    consider(textLikelihood(plate, probs));
    if (probs.length !== plate.length + 1) continue;
    for (let i = 1; i < probs.length - 1; i++)
      if (Math.max(...probs[i]!) < NOT_A_CHARACTER) consider(textLikelihood(plate, probs.toSpliced(i, 1)));
  }
  return best;
}

/**
 * Weight of the classifier's support in a candidate's score, the support a length no row has gets, and the
 * discount on the classifier's own reads' confidence (its softmax is surer of itself than the engine).
 * Set on us-dev (docs/ocr.md lists the settings tried).
 */
const GLYPH_WEIGHT = 0.3;

const GLYPH_UNKNOWN = 0.2;

const GLYPH_CONF = 0.6;

/**
 * A piece the classifier gives no class this much is taken for an emblem or separator when support is
 * counted without it; an inner character read this doubtfully (0..100) is offered deleted. Set on us-dev,
 * where 0.5 / 0.7 / any and 25 / 30 / 40 read the same plates (docs/ocr.md, session 8).
 */
const NOT_A_CHARACTER = 0.5;

const INNER_DOUBT = 30;

/**
 * Price of each I, O or Q in a candidate (letters most states do not issue, `rareLetters`): a format swap's
 * price, so 0 beats O where the readers split between them. Set on us-dev (0.1 / 0.15 / 0.2 tried).
 */
const RARE_LETTER = 0.15;

/**
 * Price of each character a candidate lacks beyond one against the read length most voters gave. Set on
 * us-dev (0.05 / 0.1 / 0.2 tried, the same plates read right with each; characters right 89.4 → 90.7).
 */
const SHORT_READ = 0.1;

/**
 * What a read needs to count as a plate: four characters (fewer is a bolt, a smear or a fragment of the
 * frame, and a re-read that short says nothing about the camera's read), and a score no correct us-dev read
 * comes near (lowest 0.44; noise and blank images score 0.1–0.3 or read one or two characters).
 */
export const MIN_LENGTH = 4;

const MIN_SCORE = 0.3;

/**
 * What the ranking knows about one candidate text: the features its score weighs (RANK_FEATURES order) and
 * what the read reports about it.
 */
export type Ranked = {
  plate: string;
  features: number[];
  /** The best read's confidence for this text, 0..100 (the classifier's at its discount). */
  confidence: number;
  variant: string;
  votes: number;
  chars: number[];
};

/**
 * The features a candidate's score weighs, in this order: the engine's (or the discounted classifier's)
 * confidence 0..1, the plate-format score, the share of voters that read it, the swaps and trims that made it,
 * letters states seldom issue (I, O, Q), characters short of the row's usual length beyond one, the
 * classifier's support (GLYPH_UNKNOWN for a length no row has), whether only strip reads gave it, and whether
 * only the classifier did.
 */
export const RANK_FEATURES = [
  'confidence',
  'format',
  'votes',
  'swaps',
  'rare',
  'short',
  'glyph',
  'stripOnly',
  'classifierOnly',
] as const;

/** Weights of the features (RANK_FEATURES order); the score is their sum divided by `RankWeights.scale`. */
export type RankWeights = readonly number[];

/**
 * The weights set by hand over sessions 1–8 while looking at all of us-dev (docs/ocr.md): kept to compare
 * with, and for a reader without a classifier (its glyph weight is then zero).
 */
export const HAND_WEIGHTS: RankWeights = [0.45, 0.3, 0.25, -0.15, -RARE_LETTER, -SHORT_READ, GLYPH_WEIGHT, 0, 0];

/**
 * The candidates of a plate's reads (every text read, its trims and its format fixes, the character vote)
 * with their features, unsorted and unfiltered: `choose` scores and ranks them, and the weights are fit on them
 * (tools/ocr-rank.ts).
 */
export function rankCandidates(raws: Raw[], glyphRows: readonly Float32Array[][] = []): Ranked[] {
  // Over the engine's row reads only: the classifier's reads and the strips are candidates, not votes.
  const vote = characterVote(raws.filter((r) => !r.classifier && voter(r) !== null));
  if (vote && !raws.some((r) => r.text === vote.text)) raws = [...raws, vote];
  const byText = new Map<
    string,
    {
      conf: number[];
      voters: Set<string>;
      variant: string;
      chars: number[];
      swaps: number;
      strip: boolean;
      classifier: boolean;
    }
  >();
  const expanded: Raw[] = [];
  for (const r of raws) {
    if (!r.text) continue;
    expanded.push(r);
    if (r.text.length < 6 || r.chars.length !== r.text.length) continue;
    const without = (at: number): Raw => ({
      ...r,
      text: r.text.slice(0, at) + r.text.slice(at + 1),
      chars: [...r.chars.slice(0, at), ...r.chars.slice(at + 1)],
      trimmed: 1,
    });
    // A frame edge or bolt read as a character at either end: offer the read without it.
    if (r.chars[0]! < 80) expanded.push(without(0));
    if (r.chars[r.chars.length - 1]! < 80) expanded.push(without(r.chars.length - 1));
    // A separator or emblem between the character groups read as a character (980·YTB read 980PYTB): offer
    // the read without its least sure inner character, when that one is doubtful.
    let inner = 1;
    for (let i = 2; i < r.text.length - 1; i++) if (r.chars[i]! < r.chars[inner]!) inner = i;
    if (r.chars[inner]! < INNER_DOUBT) expanded.push(without(inner));
  }
  for (const r of expanded) {
    const strip = r.variant.endsWith('/strip');
    for (const fit of shapeFits(r.text)) {
      const swaps = fit.swaps + (r.trimmed ?? 0);
      const e = byText.get(fit.plate);
      // The classifier's softmax is surer of itself than the engine: its reads count at a discount.
      const conf = r.classifier ? r.confidence * GLYPH_CONF : r.confidence;
      const who = voter(r);
      // The most direct read of a text names its variant and gives its per-character confidence (a read
      // that got there by a format swap has none).
      const source = {
        variant: fit.swaps ? `${r.variant}+format` : r.trimmed ? `${r.variant}+trim` : r.variant,
        chars: fit.swaps ? [] : r.chars,
        swaps,
      };
      if (e) {
        e.conf.push(conf);
        if (who) e.voters.add(who);
        e.strip &&= strip;
        e.classifier &&= !!r.classifier;
        if (swaps < e.swaps) Object.assign(e, source);
      } else
        byText.set(fit.plate, {
          conf: [conf],
          voters: new Set(who ? [who] : []),
          ...source,
          strip,
          classifier: !!r.classifier,
        });
    }
  }
  // The read length most voters gave: a fragment far shorter (HO, 33 off a seven-character row) should
  // not take the place of a full read (a trimmed end, one character short, costs nothing more here).
  const lenVotes = new Map<number, Set<string>>();
  for (const r of raws) {
    const who = voter(r);
    if (r.text && who) lenVotes.set(r.text.length, (lenVotes.get(r.text.length) ?? new Set()).add(who));
  }
  const rowLength = [...lenVotes].sort((a, b) => b[1].size - a[1].size || b[0] - a[0])[0]?.[0] ?? 0;
  const total = Math.max(1, new Set([...lenVotes.values()].flatMap((v) => [...v])).size);
  return [...byText].map(([plate, e]) => {
    const confidence = Math.max(...e.conf);
    const votes = e.voters.size;
    const glyph = glyphRows.length ? (glyphSupport(plate, glyphRows) ?? GLYPH_UNKNOWN) : 0;
    const features = [
      confidence / 100,
      formatScore(plate),
      votes / total,
      e.swaps,
      rareLetters(plate),
      Math.max(0, rowLength - plate.length - 1),
      glyph,
      e.strip ? 1 : 0,
      e.classifier ? 1 : 0,
    ];
    return { plate, features, confidence, variant: e.variant, votes, chars: e.chars };
  });
}

/**
 * A candidate's score, 0..1: its features weighed, divided by `scaleOf` the weights (so a sure, well-shaped,
 * unanimous read the classifier supports scores about 1 whatever the weights, and the no-plate floor and the
 * misread doubt keep their meaning).
 */
export function scoreOf(features: readonly number[], weights: RankWeights, classifier: boolean): number {
  let s = 0;
  for (let i = 0; i < features.length; i++) s += weights[i]! * features[i]!;
  return Math.max(0, Math.min(1, s / scaleOf(weights, classifier)));
}

/** The score's divisor: the weights of confidence, format, votes and (with a classifier) its support. */
function scaleOf(weights: RankWeights, classifier: boolean): number {
  return Math.max(1e-6, weights[0]! + weights[1]! + weights[2]! + (classifier ? weights[6]! : 0));
}

/** Scores every text read (and its format fixes) and ranks them. */
export function choose(
  raws: Raw[],
  glyphRows: readonly Float32Array[][] = [],
  weights: RankWeights = RANK_WEIGHTS,
): Omit<PlateRead, 'ms'> {
  const classifier = glyphRows.length > 0;
  const candidates = rankCandidates(raws, glyphRows).map((c) => ({
    ...c,
    score: scoreOf(c.features, weights, classifier),
  }));
  candidates.sort((a, b) => b.score - a.score || b.votes - a.votes || (a.plate < b.plate ? -1 : 1));
  const plates = candidates.filter((c) => c.plate.length >= MIN_LENGTH && c.score >= MIN_SCORE);
  const best = plates[0];
  return {
    plate: best?.plate ?? '',
    confidence: best?.confidence ?? 0,
    charConfidence: best?.chars ?? [],
    variant: best?.variant ?? 'none',
    candidates: plates
      .slice(0, 5)
      .map(({ plate, score, confidence, variant, votes }) => ({ plate, score, confidence, variant, votes })),
  };
}

/**
 * Who a read votes as: each row has two voters, the engine (its grey and binary renders share its habits,
 * W read as H and D as 0, so together they are one vote) and the classifier's likeliest text (its
 * alternatives are not votes). Counting reads instead let the engine's two renders per row outvote a right
 * classifier read (docs/ocr.md, session 5). A strip read (`readStrip`) is no vote either.
 */
export function voter(r: Pick<Raw, 'variant' | 'classifier'>): string | null {
  if (r.variant.endsWith('/strip')) return null;
  if (!r.classifier) return `${rowOf(r.variant)}/engine`;
  return r.variant.endsWith('/glyph') ? `${rowOf(r.variant)}/glyph` : null;
}

/** The row a read came from: its variant without the render's name ('otsu+band/grey' → 'otsu+band'). */
function rowOf(variant: string): string {
  const slash = variant.lastIndexOf('/');
  return slash < 0 ? variant : variant.slice(0, slash);
}

export function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

/** The engine's confidence in every character of the settling rows' reads. */
const SETTLED_CONFIDENCE = 85;
