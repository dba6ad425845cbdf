/**
 * Weights of the candidate ranking (main/core/ocr/rank.ts, RANK_FEATURES order). Placeholder: the hand-set
 * weights, until tools/ocr-rank.ts writes the fitted ones.
 */
export const RANK_WEIGHTS: readonly number[] = [0.45, 0.3, 0.25, -0.15, -0.15, -0.1, 0.3, 0, 0];
