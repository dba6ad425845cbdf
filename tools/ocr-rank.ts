/**
 * Fits the candidate ranking's weights (main/core/ocr/rank.ts, RANK_FEATURES) and writes them to
 * main/core/ocr/rankWeights.ts.
 *
 *   npx tsx tools/ocr-rank.ts [out.ts]   (reads the 118 us-dev photos once, about a minute; deterministic:
 *                                        the engine and the reader are, and the fit is Newton's method from
 *                                        zero with the penalty chosen by a fixed 4-fold split)
 *
 * The weights are fit on every us-dev photo (../shared/ocr-bench/us-dev, read in place). That makes the
 * bench's figure for these weights on us-dev a tuned one; the bench reports the honest figure of this same
 * procedure by fitting it on four folds and reading the fifth (`ocr.us_dev.held_out`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OcrEngine } from '../native/ocr';
import { RANK_FEATURES, rankCandidates } from '../main/core/ocr/rank';
import { fitPlate, fitRanking } from '../main/core/ocr/rankFit';
import { hasUsDev, loadTruth, readUsDev } from './ocr-usdev';

async function main(): Promise<void> {
  if (!hasUsDev()) throw new Error('../shared/ocr-bench/us-dev is absent: the weights are fit on its photos');
  const engine = new OcrEngine({ size: 1 });
  try {
    const readings = await readUsDev(engine, loadTruth(), 'box');
    const plates = readings.map((r) => fitPlate(rankCandidates(r.evidence.raws, r.evidence.glyphRows), r.truth));
    const { weights, lambda } = fitRanking(plates);
    const file = process.argv[2] ?? join(__dirname, '..', 'main', 'core', 'ocr', 'rankWeights.ts');
    const rounded = weights.map((w) => +w.toFixed(4));
    writeFileSync(
      file,
      `/**\n * Weights of the candidate ranking (main/core/ocr/rank.ts), in RANK_FEATURES order:\n` +
        ` * ${RANK_FEATURES.join(', ')}.\n` +
        ` * Fit by tools/ocr-rank.ts on the ${plates.filter((p) => p.truth >= 0).length} us-dev plates whose truth is among their candidates\n` +
        ` * (conditional logit, L2 penalty ${lambda} chosen by 4-fold cross-validation inside them). Do not edit: run the tool again.\n */\n` +
        `export const RANK_WEIGHTS: readonly number[] = ${JSON.stringify(rounded)};\n`,
    );
    process.stdout.write(`${JSON.stringify({ plates: plates.length, lambda, weights: rounded, file })}\n`);
  } finally {
    await engine.close();
  }
}

if (require.main === module) void main();
