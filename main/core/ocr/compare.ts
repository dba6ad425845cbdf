/**
 * Comparing an original ALPR read with a re-read (pure): which characters differ, and how likely the
 * original read is wrong given the re-read's candidates.
 */
import { DIGIT_FOR_LETTER, formatScore, RARE_LETTERS } from '../plates/formats';

export type CharDiff = {
  /** Index in the original read (for a character the re-read adds, where it goes). */
  index: number;
  original: string;
  reread: string;
  kind: 'changed' | 'missing' | 'extra';
};

/** The edit script from `original` to `reread`, character by character (Levenshtein alignment). */
export function diffPlates(original: string, reread: string): CharDiff[] {
  const n = original.length;
  const m = reread.length;
  const d: number[][] = Array.from({ length: n + 1 }, (_, i) =>
    Array.from({ length: m + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= n; i++)
    for (let j = 1; j <= m; j++)
      d[i]![j] = Math.min(
        d[i - 1]![j]! + 1,
        d[i]![j - 1]! + 1,
        d[i - 1]![j - 1]! + (original[i - 1] === reread[j - 1] ? 0 : 1),
      );
  const out: CharDiff[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && d[i]![j] === d[i - 1]![j - 1]! + (original[i - 1] === reread[j - 1] ? 0 : 1)) {
      if (original[i - 1] !== reread[j - 1])
        out.push({ index: i - 1, original: original[i - 1]!, reread: reread[j - 1]!, kind: 'changed' });
      i--;
      j--;
    } else if (i > 0 && d[i]![j] === d[i - 1]![j]! + 1) {
      out.push({ index: i - 1, original: original[i - 1]!, reread: '', kind: 'missing' });
      i--;
    } else {
      out.push({ index: i, original: '', reread: reread[j - 1]!, kind: 'extra' });
      j--;
    }
  }
  return out.reverse();
}

export type RereadSummary = {
  plate: string;
  confidence: number;
  candidates: { plate: string; score: number }[];
  /** Per-character confidence of `plate` (0–100), when the engine gave it. */
  charConfidence?: readonly number[];
  /**
   * Occluders the re-read saw across its characters: positions (in `plate`) whose evidence is damaged, and
   * whether a character may be hidden before or after them.
   */
  occlusion?: { damaged: readonly number[]; hiddenStart: boolean; hiddenEnd: boolean };
};

/** How much a differing character read through an occluder is worth: no more than a guess. */
const DAMAGED_SURE = 0.3;

/**
 * 0..1: how likely the original read is wrong. Zero when the re-read agrees; high when the re-read is
 * confident, fits a plate format at least as well, and the original is not among its close candidates.
 */
export function originalDoubt(original: string, reread: RereadSummary): number {
  if (!reread.plate) return 0;
  if (reread.plate === original) return 0;
  // One character short where an occluder covers an end: the re-read could not see that character, so judge
  // the original by the characters it could see.
  const occ = reread.occlusion;
  if (occ && (occ.hiddenStart || occ.hiddenEnd) && reread.plate.length === original.length - 1) {
    const seen = { ...reread, occlusion: { ...occ, hiddenStart: false, hiddenEnd: false } };
    const doubts = [
      ...(occ.hiddenStart ? [originalDoubt(original.slice(1), seen)] : []),
      ...(occ.hiddenEnd ? [originalDoubt(original.slice(0, -1), seen)] : []),
    ];
    return Math.min(...doubts);
  }
  const best = reread.candidates[0]?.score ?? 0;
  const mine = reread.candidates.find((c) => c.plate === original);
  const conf = reread.confidence / 100;
  const shape = formatScore(reread.plate) >= formatScore(original) ? 1 : 0.75;
  // A re-read of another length more often lost or gained a character than caught a misread.
  const length = reread.plate.length === original.length ? 1 : 0.5;
  // The characters that differ: how sure the engine was of its own reading of them.
  let sure = 1;
  const cc = reread.charConfidence;
  // Damaged positions index the re-read; they line up with the diff only when the lengths agree.
  const damaged = new Set(length === 1 ? (occ?.damaged ?? []) : []);
  if ((cc && cc.length === reread.plate.length) || damaged.size) {
    const changed = diffPlates(original, reread.plate).filter((d) => d.kind === 'changed' && !issuedNever(d));
    for (const d of changed) {
      // The alignment index is in the original; for same-length reads it is the re-read's index too.
      const c = cc?.length === reread.plate.length ? cc[d.index] : undefined;
      if (c !== undefined) sure = Math.min(sure, Math.max(0.3, c / 100));
      // A character partly covered reads as something else with confidence (a 3 half hidden reads 8).
      if (damaged.has(d.index)) sure = Math.min(sure, DAMAGED_SURE);
    }
  }
  const certainty = sure * Math.sqrt(sure);
  // The original is one of the re-read's candidates: the doubt grows with how far behind it came.
  if (mine) return clamp01((0.3 + 4 * (best - mine.score)) * shape * length * certainty);
  return clamp01((0.35 + 0.65 * conf) * shape * length * certainty);
}

/**
 * The original holds a letter states do not issue (I, O, Q) where the re-read sees its digit twin: the
 * original is wrong however unsure the engine was of the digit, so that difference does not lower the doubt.
 */
function issuedNever(d: CharDiff): boolean {
  return RARE_LETTERS.includes(d.original) && DIGIT_FOR_LETTER[d.original] === d.reread;
}

/** The threshold above which a disagreement is flagged as a likely misread. */
const FLAG_DOUBT = 0.5;

/** A re-read that differs from the original with a doubt of at least FLAG_DOUBT: the one rule for "flagged". */
export function likelyMisread(differs: boolean, doubt: number): boolean {
  return differs && doubt >= FLAG_DOUBT;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : Math.round(x * 1000) / 1000;
}
