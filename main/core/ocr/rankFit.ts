/**
 * Fitting the ranking's weights (pure): a conditional logit over each plate's candidates — the probability of a
 * candidate is the softmax of its weighted features over the plate's candidates — fit by Newton's method to
 * the plates whose truth is among their candidates, with an L2 penalty. The penalty's strength is chosen by
 * cross-validation inside the plates given, so nothing outside them sets it. tools/ocr-rank.ts writes the
 * product's weights with it; the bench fits one set per us-dev fold with it (docs/ocr.md, session 9).
 */
import { MIN_LENGTH, RANK_FEATURES, type RankWeights, type Ranked } from './rank';

/** One plate as the fit sees it: its candidates' features and which of them is the truth (-1: none). */
export type FitPlate = { features: number[][]; truth: number };

export function fitPlate(candidates: readonly Ranked[], truth: string): FitPlate {
  const kept = candidates.filter((c) => c.plate.length >= MIN_LENGTH);
  return { features: kept.map((c) => c.features), truth: kept.findIndex((c) => c.plate === truth) };
}

/** Penalty strengths tried, weakest to strongest (per plate: the penalty is λ × plates / 2 × |w|²). */
export const LAMBDAS = [0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3];

/** Weights maximizing the plates' log-likelihood less `lambda` × plates / 2 × |w|². */
export function fitWeights(plates: readonly FitPlate[], lambda: number): number[] {
  const d = RANK_FEATURES.length;
  const used = plates.filter((p) => p.truth >= 0 && p.features.length > 1);
  const w = new Array<number>(d).fill(0);
  const penalty = lambda * Math.max(1, used.length);
  for (let iter = 0; iter < 50; iter++) {
    const grad = w.map((v) => -penalty * v);
    const hess = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? penalty : 0)));
    for (const p of used) {
      const s = p.features.map((f) => f.reduce((a, v, i) => a + v * w[i]!, 0));
      const max = Math.max(...s);
      const e = s.map((v) => Math.exp(v - max));
      const z = e.reduce((a, v) => a + v, 0);
      const prob = e.map((v) => v / z);
      const mu = new Array<number>(d).fill(0);
      p.features.forEach((f, c) => f.forEach((v, i) => (mu[i]! += prob[c]! * v)));
      const t = p.features[p.truth]!;
      for (let i = 0; i < d; i++) grad[i]! += t[i]! - mu[i]!;
      p.features.forEach((f, c) => {
        for (let i = 0; i < d; i++)
          for (let j = 0; j < d; j++) hess[i]![j]! += prob[c]! * (f[i]! - mu[i]!) * (f[j]! - mu[j]!);
      });
    }
    const step = solve(hess, grad);
    let size = 0;
    for (let i = 0; i < d; i++) {
      w[i]! += step[i]!;
      size = Math.max(size, Math.abs(step[i]!));
    }
    if (size < 1e-7) break;
  }
  return w;
}

/** How many plates the weights put the truth first (or within the first `k`) of its candidates. */
export function ranked(plates: readonly FitPlate[], w: RankWeights, k = 1): number {
  let n = 0;
  for (const p of plates) {
    if (p.truth < 0) continue;
    const s = p.features.map((f) => f.reduce((a, v, i) => a + v * w[i]!, 0));
    const mine = s[p.truth]!;
    // Ties count against the truth: the order among equals is not the fit's doing.
    const ahead = s.filter((v, c) => c !== p.truth && v >= mine).length;
    if (ahead < k) n++;
  }
  return n;
}

/**
 * The penalty strength the plates themselves pick: `folds`-fold cross-validation inside them (plates dealt
 * to folds in the order given), the strength whose held-out log-likelihood is highest.
 */
export function chooseLambda(plates: readonly FitPlate[], folds = 4): number {
  let best = { lambda: LAMBDAS[0]!, ll: -Infinity };
  for (const lambda of LAMBDAS) {
    let ll = 0;
    for (let k = 0; k < folds; k++) {
      const w = fitWeights(
        plates.filter((_, i) => i % folds !== k),
        lambda,
      );
      for (const p of plates.filter((_, i) => i % folds === k)) ll += logLikelihood(p, w);
    }
    if (ll > best.ll) best = { lambda, ll };
  }
  return best.lambda;
}

/** Fits weights on `plates` with the penalty they choose themselves. */
export function fitRanking(plates: readonly FitPlate[]): { weights: number[]; lambda: number } {
  const lambda = chooseLambda(plates);
  return { weights: fitWeights(plates, lambda), lambda };
}

function logLikelihood(p: FitPlate, w: RankWeights): number {
  if (p.truth < 0 || p.features.length < 2) return 0;
  const s = p.features.map((f) => f.reduce((a, v, i) => a + v * w[i]!, 0));
  const max = Math.max(...s);
  return s[p.truth]! - max - Math.log(s.reduce((a, v) => a + Math.exp(v - max), 0));
}

/** Solves A x = b (Gaussian elimination with partial pivoting; A is symmetric positive definite here). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[piv]![c]!)) piv = r;
    [m[c], m[piv]] = [m[piv]!, m[c]!];
    const p = m[c]![c]!;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / p;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => (Math.abs(row[i]!) < 1e-12 ? 0 : row[n]! / row[i]!));
}
