/**
 * Weights of the candidate ranking (main/core/ocr/rank.ts), in RANK_FEATURES order:
 * confidence, format, votes, swaps, rare, short, glyph, stripOnly, classifierOnly.
 * Fit by tools/ocr-rank.ts on the 107 us-dev plates whose truth is among their candidates
 * (conditional logit, L2 penalty 0.001 chosen by 4-fold cross-validation inside them). Do not edit: run the tool again.
 */
export const RANK_WEIGHTS: readonly number[] = [
  3.1824, 5.1271, 3.6423, -0.8424, -2.1963, -2.1378, 6.9815, 1.2441, -1.1044,
];
