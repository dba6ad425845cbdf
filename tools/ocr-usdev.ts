/**
 * The us-dev photographs (../shared/ocr-bench/us-dev, AGPL: read in place for measuring and tuning, never
 * copied into the repo) as the OCR bench and tools/ocr-rank.ts use them: the ground truth, the five folds by
 * photo (fixed seed), a tight crop of a labelled box (the stand-in for plate-only crops), and a reading pass
 * that keeps each plate's evidence for ranking again.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { similarity } from '../main/core/plates/formats';
import { choose, type RankWeights } from '../main/core/ocr/rank';
import { readPlate, type Evidence, type ReadOptions } from '../main/services/ocr/reader';
import type { OcrEngine } from '../native/ocr';
import { Rng } from '../tests/agency/generator/prng';

export const US_DEV = join(__dirname, '../../shared/ocr-bench/us-dev');

export type Truth = { image: string; box: { x: number; y: number; width: number; height: number }; plate: string };

export function hasUsDev(): boolean {
  return existsSync(join(US_DEV, 'groundtruth.tsv'));
}

export function loadTruth(): Truth[] {
  return readFileSync(join(US_DEV, 'groundtruth.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [image, x, y, width, height, plate] = line.split('\t');
      return { image: image!, box: { x: +x!, y: +y!, width: +width!, height: +height! }, plate: plate!.trim() };
    });
}

export const FOLDS = 5;
/** The folds' seed: fixed, so every run and every tool splits us-dev the same way. */
const FOLD_SEED = 22;

/** Fold (0..FOLDS-1) of each photo: the photos' names shuffled with a fixed seed, dealt in turn. */
export function foldsOf(truths: readonly Truth[]): Map<string, number> {
  const names = truths.map((t) => t.image).sort();
  const rng = new Rng(FOLD_SEED, 'us-dev-folds');
  for (let i = names.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [names[i], names[j]] = [names[j]!, names[i]!];
  }
  return new Map(names.map((n, i) => [n, i % FOLDS]));
}

/**
 * The labelled box alone, cut out of the photo in memory (EXIF orientation applied, as the box is given): what a
 * plate-only crop looks like, read with no box.
 */
export async function tightCrop(bytes: Buffer, box: Truth['box']): Promise<Buffer> {
  const img = sharp(bytes).rotate();
  const meta = await sharp(bytes).metadata();
  const shown = meta.autoOrient ?? meta;
  const left = Math.max(0, Math.round(box.x));
  const top = Math.max(0, Math.round(box.y));
  const width = Math.min(shown.width! - left, Math.round(box.width));
  const height = Math.min(shown.height! - top, Math.round(box.height));
  return img.extract({ left, top, width, height }).png().toBuffer();
}

/** One plate read, with what its ranking saw. */
export type Reading = { truth: string; evidence: Evidence; ms: number; id: string };

/**
 * Reads every photo's plate (with its box, or its tight crop with none) and keeps the evidence; `ms` is the
 * reader's own time per plate (decode, preprocessing, engine, ranking).
 */
export async function readUsDev(
  engine: OcrEngine,
  truths: readonly Truth[],
  how: 'box' | 'crop',
  options: ReadOptions = {},
): Promise<Reading[]> {
  const out: Reading[] = [];
  for (const t of truths) {
    const bytes = readFileSync(join(US_DEV, t.image));
    const read =
      how === 'box'
        ? await readPlate(engine, bytes, t.box, { ...options, evidence: true })
        : await readPlate(engine, await tightCrop(bytes, t.box), null, { ...options, evidence: true });
    out.push({ truth: t.plate, evidence: read.evidence!, ms: read.ms, id: t.image });
  }
  return out;
}

export type Tally = { exact: number; top3: number; chars: number; n: number };

/** Exact, top-3 and character accuracy of readings ranked with `weights`. */
export function tally(readings: readonly Reading[], weights: RankWeights): Tally {
  const t: Tally = { exact: 0, top3: 0, chars: 0, n: 0 };
  for (const r of readings) {
    const read = choose(r.evidence.raws, r.evidence.glyphRows, weights);
    t.n++;
    if (read.plate === r.truth) t.exact++;
    if (read.candidates.slice(0, 3).some((c) => c.plate === r.truth)) t.top3++;
    t.chars += similarity(read.plate, r.truth);
  }
  return t;
}

export function add(a: Tally, b: Tally): Tally {
  return { exact: a.exact + b.exact, top3: a.top3 + b.top3, chars: a.chars + b.chars, n: a.n + b.n };
}
