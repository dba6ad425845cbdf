import { describe, expect, it } from 'vitest';
import { choose, HAND_WEIGHTS, RANK_FEATURES, rankCandidates, scoreOf, type Raw } from '../../../main/core/ocr/rank';
import { chooseLambda, fitPlate, fitRanking, fitWeights, LAMBDAS, ranked } from '../../../main/core/ocr/rankFit';
import { rng } from '../../support/prng';

const raw = (text: string, confidence: number, variant: string): Raw => ({
  text,
  confidence,
  chars: [...text].map(() => confidence),
  variant,
});

/**
 * Plates whose truth is told by the second feature (format) while the first (confidence) is noise: what a fit
 * must find from the plates alone.
 */
function plates(n: number, seed: number) {
  const next = rng(seed);
  const d = RANK_FEATURES.length;
  return Array.from({ length: n }, () => {
    const features = Array.from({ length: 4 }, () => Array.from({ length: d }, () => next()));
    const truth = Math.floor(next() * 4);
    features[truth]![1] = 1 + next() * 0.2;
    return { features, truth };
  });
}

describe('fitting the ranking', () => {
  it('learns from the plates which feature tells the truth, and ranks held-out plates by it', () => {
    const { weights, lambda } = fitRanking(plates(80, 1));
    expect(LAMBDAS).toContain(lambda);
    expect(weights[1]).toBeGreaterThan(Math.abs(weights[0]!) * 3);
    const held = plates(40, 2);
    expect(ranked(held, weights)).toBeGreaterThanOrEqual(38);
  });

  it('is deterministic: the same plates give the same weights and penalty', () => {
    const p = plates(60, 3);
    expect(fitRanking(p)).toEqual(fitRanking(p));
    expect(chooseLambda(p)).toBe(chooseLambda(p));
  });

  it('ignores plates whose truth is not among their candidates, and a stronger penalty gives smaller weights', () => {
    const p = plates(40, 4);
    const none = p.map((q) => ({ ...q, truth: -1 }));
    expect(fitWeights(none, 0.01).every((w) => w === 0)).toBe(true);
    const weak = fitWeights(p, LAMBDAS[0]!);
    const strong = fitWeights(p, LAMBDAS.at(-1)!);
    const norm = (w: number[]) => Math.hypot(...w);
    expect(norm(strong)).toBeLessThan(norm(weak));
  });

  it("builds a plate's fit rows from the reader's candidates, the truth marked, fragments left out", () => {
    const raws = [raw('7ABC123', 90, 'otsu/grey'), raw('7ABCI23', 80, 'local/grey'), raw('AB1', 99, 'x/grey')];
    const fit = fitPlate(rankCandidates(raws), '7ABC123');
    expect(fit.features.every((f) => f.length === RANK_FEATURES.length)).toBe(true);
    expect(fit.truth).toBeGreaterThanOrEqual(0);
    expect(fitPlate(rankCandidates(raws), 'ZZZ999').truth).toBe(-1);
    expect(fitPlate(rankCandidates(raws), 'AB1').truth).toBe(-1);
  });

  it('scores on a 0..1 scale whatever the weights: the hand-set and doubled weights rank and score alike', () => {
    const raws = [raw('7ABC123', 90, 'otsu/grey'), raw('7ABC123', 88, 'local/grey'), raw('7A8C123', 70, 'x/grey')];
    const a = choose(raws, [], HAND_WEIGHTS);
    const b = choose(
      raws,
      [],
      HAND_WEIGHTS.map((w) => 2 * w),
    );
    expect(b.candidates).toEqual(a.candidates);
    const best = rankCandidates(raws).find((c) => c.plate === '7ABC123')!;
    expect(scoreOf(best.features, HAND_WEIGHTS, false)).toBeCloseTo(a.candidates[0]!.score, 6);
  });
});
