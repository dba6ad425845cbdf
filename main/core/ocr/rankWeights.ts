/**
 * Weights of the candidate ranking (main/core/ocr/rank.ts), in RANK_FEATURES order:
 * confidence, format, votes, swaps, rare, short, glyph, stripOnly, classifierOnly.
 * Fit by tools/ocr-rank.ts on 300 generated varied plates (seed 11; 234 with the truth among their
 * candidates; conditional logit, L2 penalty 0.0003 chosen by 4-fold cross-validation inside them). No us-dev
 * photo was used. Do not edit: run the tool again.
 */
export const RANK_WEIGHTS: readonly number[] = [
  4.2948, 6.5656, 2.7879, -2.1608, -5.5561, -2.1151, 6.1486, 0.8595, -1.7807,
];
