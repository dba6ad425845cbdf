/**
 * Fits the candidate ranking's weights (main/core/ocr/rank.ts, RANK_FEATURES) and writes them to
 * main/core/ocr/rankWeights.ts.
 *
 *   npx tsx tools/ocr-rank.ts [out.ts]   (reads RANK_PLATES varied generated plates per camera condition,
 *                                        30 by default: about five minutes; deterministic: the plates, the engine
 *                                        and the reader are, and the fit is Newton's method from zero with
 *                                        the penalty chosen by a fixed 4-fold split)
 *
 * The weights are fit on generated plates only (tests/agency/generator/platePhotos.ts, seed 11: not the
 * bench's seed), read with their box, so every us-dev photo is held out from them: the bench's
 * `ocr.us_dev.product` figure is an honest one. The bench also fits the same procedure on four us-dev folds and
 * reads the fifth (`ocr.us_dev.tuned` / `ocr.us_dev.held_out`), to show what fitting on real plates would give.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OcrEngine } from '../native/ocr';
import { RANK_FEATURES, rankCandidates } from '../main/core/ocr/rank';
import { fitPlate, fitRanking } from '../main/core/ocr/rankFit';
import { readPlate } from '../main/services/ocr/reader';
import { PHOTO_CONDITIONS, platePhoto } from '../tests/agency/generator/platePhotos';

const PER_CONDITION = Number(process.env.RANK_PLATES ?? 30);
const SEED = 11;

async function main(): Promise<void> {
  const engine = new OcrEngine({ size: 1 });
  try {
    const plates = [];
    for (const condition of PHOTO_CONDITIONS)
      for (let i = 0; i < PER_CONDITION; i++) {
        const photo = await platePhoto(SEED, i, condition);
        const { evidence } = await readPlate(engine, photo.png, photo.box, { evidence: true });
        plates.push(fitPlate(rankCandidates(evidence!.raws, evidence!.glyphRows), photo.plate));
      }
    const { weights, lambda } = fitRanking(plates);
    const file = process.argv[2] ?? join(__dirname, '..', 'main', 'core', 'ocr', 'rankWeights.ts');
    const rounded = weights.map((w) => +w.toFixed(4));
    const used = plates.filter((p) => p.truth >= 0).length;
    writeFileSync(
      file,
      `/**\n * Weights of the candidate ranking (main/core/ocr/rank.ts), in RANK_FEATURES order:\n` +
        ` * ${RANK_FEATURES.join(', ')}.\n` +
        ` * Fit by tools/ocr-rank.ts on ${plates.length} generated varied plates (seed ${SEED}; ${used} with the truth among their\n` +
        ` * candidates; conditional logit, L2 penalty ${lambda} chosen by 4-fold cross-validation inside them). No us-dev\n * photo was used. Do not edit: run the tool again.\n */\n` +
        `export const RANK_WEIGHTS: readonly number[] = ${JSON.stringify(rounded)};\n`,
    );
    process.stdout.write(`${JSON.stringify({ plates: plates.length, used, lambda, weights: rounded, file })}\n`);
  } finally {
    await engine.close();
  }
}

if (require.main === module) void main();
