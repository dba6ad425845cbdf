/**
 * OCR benchmarks (issues 6 and 22), one run: the raw tesseract.js baseline and the Canvass reader on the real
 * photographs in ../shared/ocr-bench/us-dev (measuring only: they are never copied into the repo), split into
 * five folds by photo with a fixed seed. The ranking's weights are fit on four folds and the fifth is read with
 * them: the tuned figure is on the folds the weights were fit on, the held-out figure on the fold they never
 * saw. Plate-only crops are stood in for by tight crops of the labelled boxes (held-out folds) and of generated
 * plates. Also: the generator's plates per condition (the agency's plates, and the varied plates of many
 * states), the misread catch, worker start and warm throughput. Real-plate figures are skipped with a message
 * where that folder is absent.
 *
 *   npm run bench -- ocr        CANVASS_BENCH_OCR_LIMIT=40 for a quick subset
 *   npm run bench -- ocr.finder the plate finder alone (whole photos, no box given)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OcrEngine } from '../../native/ocr';
import { similarity } from '../../main/core/plates/formats';
import { readPhoto, readPlate } from '../../main/services/ocr/reader';
import { batchLanes } from '../../main/services/ocr/service';
import { findPlates, iou, type PlateBox } from '../../main/core/ocr/find';
import { grayWhole } from '../../native/image';
import { emit, round, wanted } from './report';
import { likelyMisread, originalDoubt } from '../../main/core/ocr/compare';
import { HAND_WEIGHTS, rankCandidates, type PlateRead } from '../../main/core/ocr/rank';
import { fitPlate, fitRanking } from '../../main/core/ocr/rankFit';
import { RANK_WEIGHTS } from '../../main/core/ocr/rankWeights';
import { overviewSvg, PLATE_CONDITIONS, renderPlateCondition, renderPng } from '../agency/generator/images';
import { PHOTO_CONDITIONS, platePhoto } from '../agency/generator/platePhotos';
import { Rng } from '../agency/generator/prng';
import { makePlate, misread } from '../agency/generator/vehicles';
import {
  add,
  FOLDS,
  foldsOf,
  hasUsDev,
  loadTruth,
  readUsDev,
  tally,
  tightCrop,
  US_DEV,
  type Reading,
  type Tally,
  type Truth,
} from '../../tools/ocr-usdev';

/** Runs for no filter, `ocr`, or a filter naming OCR figures (`ocr.us_dev`, `ocr.generated`, …). */
function ocrWanted(filter: string | undefined): boolean {
  return wanted(filter, 'ocr') || !!filter?.startsWith('ocr.');
}

const pct = (x: number, n: number): number => round((100 * x) / Math.max(1, n), 1);

/** Emits exact / top 3 / characters of a tally (and of its baseline, when given). */
function emitTally(prefix: string, t: Tally, note: string, base?: Tally): void {
  const figures = [
    ['exact', 'exact'],
    ['top3', 'top3'],
    ['char_accuracy', 'chars'],
  ] as const;
  for (const [name, key] of figures)
    emit({
      name: `${prefix}.${name}`,
      value: pct(t[key], t.n),
      unit: '%',
      baseline: base ? pct(base[key], base.n) : null,
      note,
    });
}

/** Raw tesseract.js on each photo's box (or tight crop): the baseline, one line, whitelist, nothing of ours. */
async function rawBaseline(
  engine: OcrEngine,
  truths: readonly Truth[],
  how: 'box' | 'crop',
): Promise<Tally & { ms: number }> {
  const t = { exact: 0, top3: 0, chars: 0, n: 0, ms: 0 };
  for (const truth of truths) {
    const bytes = readFileSync(join(US_DEV, truth.image));
    const read =
      how === 'box'
        ? await readPlate(engine, bytes, truth.box, { mode: 'raw' })
        : await readPlate(engine, await tightCrop(bytes, truth.box), null, { mode: 'raw' });
    t.n++;
    t.ms += read.ms;
    if (read.plate === truth.plate) t.exact++;
    if (read.candidates.slice(0, 3).some((c) => c.plate === truth.plate)) t.top3++;
    t.chars += similarity(read.plate, truth.plate);
  }
  return t;
}

const fitOf = (readings: readonly Reading[]) =>
  readings.map((r) => fitPlate(rankCandidates(r.evidence.raws, r.evidence.glyphRows), r.truth));

export async function run(filter: string | undefined): Promise<void> {
  if (!ocrWanted(filter)) return;
  const engine = new OcrEngine({ size: 1 });
  if (filter?.startsWith('ocr.finder')) {
    await runFinder(engine);
    await engine.close();
    return;
  }
  const t0 = performance.now();
  await engine.warm(1);
  emit({ name: 'ocr.worker_start', value: round(performance.now() - t0, 0), unit: 'ms', baseline: null });
  if (process.env.CANVASS_BENCH_OCR_GENERATED !== '0') await runGenerated(filter, engine);
  const varied = process.env.CANVASS_BENCH_OCR_VARIED !== '0' ? await runVaried(engine) : [];
  if (!hasUsDev()) {
    process.stderr.write(`ocr bench: ${US_DEV} is absent; skipping the real-plate figures.\n`);
    await engine.close();
    return;
  }
  const limit = Number(process.env.CANVASS_BENCH_OCR_LIMIT ?? 0);
  const all = loadTruth();
  const truths = limit > 0 ? all.slice(0, limit) : all;
  const folds = foldsOf(all);
  const note = `${truths.length} real plates (us-dev), box given`;

  const base = await rawBaseline(engine, truths, 'box');
  const boxed = await readUsDev(engine, truths, 'box');
  const cropBase = await rawBaseline(engine, truths, 'crop');
  const cropped = await readUsDev(engine, truths, 'crop');

  // Five folds: the weights fit on four, the fifth read with them.
  let tuned: Tally = { exact: 0, top3: 0, chars: 0, n: 0 };
  let held: Tally = { ...tuned };
  let heldCrop: Tally = { ...tuned };
  const boxFit = fitOf(boxed);
  for (let k = 0; k < FOLDS; k++) {
    const inFold = (r: Reading) => folds.get(r.id) === k;
    const { weights } = fitRanking(boxFit.filter((_, i) => !inFold(boxed[i]!)));
    tuned = add(
      tuned,
      tally(
        boxed.filter((r) => !inFold(r)),
        weights,
      ),
    );
    held = add(held, tally(boxed.filter(inFold), weights));
    heldCrop = add(heldCrop, tally(cropped.filter(inFold), weights));
  }
  const cv = `${truths.length} real plates (us-dev), box given; ranking weights fit on 4 of 5 folds by photo (seed 22)`;
  emitTally('ocr.us_dev.tuned', tuned, `${cv}: read on the 4 folds fit on (each plate 4 times)`, base);
  emitTally('ocr.us_dev.held_out', held, `${cv}: read on the fold not fit on`, base);
  emitTally(
    'ocr.plate_only.us_dev_held_out',
    heldCrop,
    `stand-in for plate-only crops: the labelled box cut out tight, read with no box, fold weights as above; baseline raw tesseract.js on the same crop`,
    cropBase,
  );
  // The weights in the tree (tools/ocr-rank.ts: fit on all of us-dev, so a tuned figure), the hand-set
  // weights of sessions 1–8 (also chosen on all of us-dev), and weights fit on generated plates alone.
  emitTally(
    'ocr.us_dev.product',
    tally(boxed, RANK_WEIGHTS),
    `${note}; the weights in the tree, fit on all of us-dev (tuned)`,
    base,
  );
  emitTally(
    'ocr.us_dev.hand_weights',
    tally(boxed, HAND_WEIGHTS),
    `${note}; the hand-set weights of sessions 1-8 (chosen on all of us-dev)`,
    base,
  );
  if (varied.length) {
    const { weights } = fitRanking(fitOf(varied));
    emitTally(
      'ocr.us_dev.from_generator',
      tally(boxed, weights),
      `${note}; weights fit on ${varied.length} generated varied plates only: every us-dev plate held out`,
      base,
    );
  }
  const rate = (readings: readonly Reading[]) =>
    round((1000 * readings.length) / readings.reduce((a, r) => a + r.ms, 0), 2);
  const rates: [string, number, { n: number; ms: number }, string][] = [
    ['us_dev', rate(boxed), base, `${note}; decode, preprocessing, engine and ranking; baseline raw tesseract.js`],
    ['plate_only', rate(cropped), cropBase, 'tight crops of the us-dev boxes, no box given'],
  ];
  for (const [set, value, b, n] of rates)
    emit({
      name: `ocr.${set}.plates_per_second_per_worker`,
      value,
      unit: 'plates/s',
      baseline: round((1000 * b.n) / b.ms, 2),
      note: `${n}; same run (a shared machine: compare within a run only)`,
    });
  await runBatchRate(engine, truths);
  if (process.env.CANVASS_BENCH_OCR_FINDER !== '0') await runFinder(engine);
  await engine.close();
}

/**
 * A batch's rate on one engine: the us-dev plates read in the batch's lanes (`batchLanes`: one plate segmented while
 * another's renders are read), against one at a time, by the wall clock, in the same run. The reads must agree.
 */
async function runBatchRate(engine: OcrEngine, truths: readonly Truth[]): Promise<void> {
  const bytes = truths.map((t) => readFileSync(join(US_DEV, t.image)));
  const pass = async (lanes: number): Promise<{ perSecond: number; plates: string[] }> => {
    const plates: string[] = [];
    let next = 0;
    const t0 = performance.now();
    const lane = async () => {
      for (let k = next++; k < truths.length; k = next++)
        plates[k] = (await readPlate(engine, bytes[k]!, truths[k]!.box)).plate ?? '';
    };
    await Promise.all(Array.from({ length: lanes }, lane));
    return { perSecond: (1000 * truths.length) / (performance.now() - t0), plates };
  };
  const lanes = batchLanes(1);
  const alone = await pass(1);
  const batch = await pass(lanes);
  const agree = batch.plates.every((p, k) => p === alone.plates[k]);
  emit({
    name: 'ocr.us_dev.batch_plates_per_second_per_worker',
    value: round(batch.perSecond, 2),
    unit: 'plates/s',
    baseline: round(alone.perSecond, 2),
    note: `${truths.length} us-dev plates, box given, one engine, ${lanes} at once as a batch reads them (baseline: one at a time); wall clock; ${agree ? 'the same reads' : 'READS DIFFER'}; a shared machine: compare within a run only`,
  });
}

if (require.main === module) void run(process.argv[2]);

/**
 * The varied plates of many states (platePhotos.ts), per camera condition, read with their box and, as a
 * stand-in for plate-only crops, cut out tight and read with none; the misread catch on them. Returns the box
 * reads' evidence (the bench fits weights on it to see how the generator transfers to us-dev).
 */
async function runVaried(engine: OcrEngine): Promise<Reading[]> {
  const perCondition = Number(process.env.CANVASS_BENCH_OCR_VARIED ?? 12);
  const readings: Reading[] = [];
  const crop: Tally = { exact: 0, top3: 0, chars: 0, n: 0 };
  let ms = 0;
  const rng = new Rng(2026, 'ocr-bench-varied');
  const catches = { misreads: 0, caught: 0, correct: 0, alarms: 0 };
  for (const condition of PHOTO_CONDITIONS) {
    let exact = 0;
    let top3 = 0;
    for (let i = 0; i < perCondition; i++) {
      const photo = await platePhoto(2026, i, condition);
      const read = await readPlate(engine, photo.png, photo.box, { evidence: true });
      ms += read.ms;
      readings.push({ truth: photo.plate, evidence: read.evidence!, ms: read.ms, id: `${condition}-${i}` });
      if (read.plate === photo.plate) exact++;
      if (read.candidates.slice(0, 3).some((c) => c.plate === photo.plate)) top3++;
      catchMisread(read, photo.plate, i % 2 === 1 ? misread(rng, photo.plate) : null, catches);
      const tight = await readPlate(engine, await tightCrop(photo.png, photo.box), null);
      crop.n++;
      if (tight.plate === photo.plate) crop.exact++;
      if (tight.candidates.slice(0, 3).some((c) => c.plate === photo.plate)) crop.top3++;
      crop.chars += similarity(tight.plate, photo.plate);
    }
    const note = `${perCondition} generated plates of many states and designs, box given`;
    emit({ name: `ocr.varied.${condition}.exact`, value: pct(exact, perCondition), unit: '%', baseline: null, note });
    emit({ name: `ocr.varied.${condition}.top3`, value: pct(top3, perCondition), unit: '%', baseline: null, note });
  }
  emitTally('ocr.plate_only.generated', crop, `${crop.n} varied generated plates cut out tight, no box given`);
  emit({
    name: 'ocr.varied.misreads_caught',
    value: pct(catches.caught, catches.misreads),
    unit: '%',
    baseline: null,
    note: `${catches.misreads} injected misreads on varied plates`,
  });
  emit({
    name: 'ocr.varied.false_alarms',
    value: pct(catches.alarms, catches.correct),
    unit: '%',
    baseline: null,
    note: `${catches.correct} correct originals on varied plates`,
  });
  emit({
    name: 'ocr.varied.plates_per_second_per_worker',
    value: round((1000 * readings.length) / ms, 2),
    unit: 'plates/s',
    baseline: null,
  });
  return readings;
}

/** Whether the re-read flags the original (a misread `wrong`, or the truth itself), counted in `into`. */
function catchMisread(
  read: PlateRead,
  truth: string,
  wrong: string | null,
  into: { misreads: number; caught: number; correct: number; alarms: number },
): boolean {
  const original = wrong ?? truth;
  const doubt = originalDoubt(original, {
    plate: read.plate,
    confidence: read.confidence,
    candidates: read.candidates.map((c) => ({ plate: c.plate, score: c.score })),
    charConfidence: read.charConfidence,
    occlusion: read.occlusion,
  });
  const flagged = likelyMisread(read.plate !== '' && read.plate !== original, doubt);
  if (wrong) {
    into.misreads++;
    if (flagged) into.caught++;
  } else {
    into.correct++;
    if (flagged) into.alarms++;
  }
  return flagged;
}

/** The generator's plates in graded conditions: accuracy per condition and the misread catch rate. */
export async function runGenerated(filter: string | undefined, engine: OcrEngine): Promise<void> {
  if (!ocrWanted(filter)) return;
  const perCondition = Number(process.env.CANVASS_BENCH_OCR_GENERATED ?? 30);
  const rng = new Rng(2026, 'ocr-bench');
  let caught = 0;
  let misreads = 0;
  let falseAlarms = 0;
  let correct = 0;
  let ms = 0;
  let reads = 0;
  let visibleMisreads = 0;
  let visibleCaught = 0;
  let visibleCorrect = 0;
  let visibleFalseAlarms = 0;
  for (const condition of PLATE_CONDITIONS) {
    let exact = 0;
    let top3 = 0;
    for (let i = 0; i < perCondition; i++) {
      const state = rng.chance(0.8) ? 'CA' : rng.pick(['AZ', 'NV', 'OR', 'TX']);
      const truth = makePlate(rng, state === 'CA' ? rng.pick(['9AAA000', '9AAA000', '0AAA000']) : 'AAA0000');
      const png = await renderPlateCondition(truth, state, condition, i);
      const read = await readPlate(engine, png, null);
      ms += read.ms;
      reads++;
      if (read.plate === truth) exact++;
      if (read.candidates.slice(0, 3).some((c) => c.plate === truth)) top3++;
      // Half the originals carry an injected misread (a confusable swapped, as the generator injects them).
      const wrong = i % 2 === 1 ? misread(rng, truth) : null;
      const tallied = { misreads: 0, caught: 0, correct: 0, alarms: 0 };
      const flagged = catchMisread(read, truth, wrong, tallied);
      if (process.env.CANVASS_BENCH_OCR_VERBOSE && flagged === !wrong)
        process.stderr.write(`${condition} ${wrong ? 'missed' : 'false alarm'}: truth ${truth} read ${read.plate}\n`);
      misreads += tallied.misreads;
      caught += tallied.caught;
      correct += tallied.correct;
      falseAlarms += tallied.alarms;
      // An occluded plate hides a character from any reader: report the catch rate without it too.
      if (condition !== 'occlusion') {
        if (wrong) {
          visibleMisreads++;
          if (flagged) visibleCaught++;
        } else {
          visibleCorrect++;
          if (flagged) visibleFalseAlarms++;
        }
      }
    }
    const note = `${perCondition} generated plates`;
    emit({
      name: `ocr.generated.${condition}.exact`,
      value: round((100 * exact) / perCondition, 1),
      unit: '%',
      baseline: null,
      note,
    });
    emit({
      name: `ocr.generated.${condition}.top3`,
      value: round((100 * top3) / perCondition, 1),
      unit: '%',
      baseline: null,
      note,
    });
  }
  emit({
    name: 'ocr.generated.misreads_caught',
    value: round((100 * caught) / misreads, 1),
    unit: '%',
    baseline: null,
    note: `${misreads} injected misreads, all conditions`,
  });
  emit({
    name: 'ocr.generated.false_alarms',
    value: round((100 * falseAlarms) / correct, 1),
    unit: '%',
    baseline: null,
    note: `${correct} correct reads, all conditions`,
  });
  emit({
    name: 'ocr.generated.misreads_caught_unoccluded',
    value: round((100 * visibleCaught) / visibleMisreads, 1),
    unit: '%',
    baseline: null,
    note: `${visibleMisreads} injected misreads, every condition but occlusion`,
  });
  emit({
    name: 'ocr.generated.false_alarms_unoccluded',
    value: round((100 * visibleFalseAlarms) / visibleCorrect, 1),
    unit: '%',
    baseline: null,
    note: `${visibleCorrect} correct reads, every condition but occlusion`,
  });
  emit({
    name: 'ocr.generated.plates_per_second_per_worker',
    value: round((1000 * reads) / ms, 2),
    unit: 'plates/s',
    baseline: null,
  });
}

/** Where overviewSvg draws the plate in its 640 × 360 overview (tests/agency/generator/images.ts). */
const OVERVIEW_PLATE: PlateBox = { x: 280, y: 256, width: 80, height: 28 };

/**
 * The plate finder on whole photos, no box given: how often its first (and any of its first three)
 * proposals covers the labelled plate (IoU ≥ 0.5), and the read end to end (finder, then the reader on its
 * regions) — on us-dev's real photographs and on the generator's overview images.
 */
async function runFinder(engine: OcrEngine): Promise<void> {
  const pct = (x: number, n: number): number => round((100 * x) / Math.max(1, n), 1);
  // The generator's overviews: a car, the road, a timestamp, and the plate small.
  const perSet = Number(process.env.CANVASS_BENCH_OCR_OVERVIEWS ?? 40);
  const rng = new Rng(2026, 'ocr-finder-bench');
  type Car = Parameters<typeof overviewSvg>[1];
  const colors: Car['color'][] = ['black', 'white', 'silver', 'gray', 'blue', 'red', 'green', 'beige'];
  const bodies: Car['body'][] = ['sedan', 'suv', 'pickup', 'van', 'hatchback'];
  let genHit1 = 0;
  let genHit3 = 0;
  let genExact = 0;
  let genTop3 = 0;
  for (let i = 0; i < perSet; i++) {
    const truth = makePlate(rng, rng.pick(['9AAA000', 'AAA0000', '0AAA000']));
    const svg = overviewSvg(
      truth,
      {
        color: rng.pick(colors),
        body: rng.pick(bodies),
        make: null,
        model: null,
        cameraId: `CAM-${rng.int(90) + 10}`,
        seenAt: Date.UTC(2026, 10, 1) + rng.int(30 * 86_400_000),
      },
      rng.chance(0.3),
    );
    const png = await renderPng(svg);
    const hits = await proposalHits(png, OVERVIEW_PLATE);
    if (hits.top1) genHit1++;
    if (hits.top3) genHit3++;
    const read = await readPhoto(engine, png);
    if (read.plate === truth) genExact++;
    if (read.candidates.slice(0, 3).some((c) => c.plate === truth)) genTop3++;
  }
  const genNote = `${perSet} generator overview images (640 × 360, plate 80 × 28), no box given`;
  emit({
    name: 'ocr.finder.generated_hit_top1',
    value: pct(genHit1, perSet),
    unit: '%',
    baseline: null,
    note: genNote,
  });
  emit({
    name: 'ocr.finder.generated_hit_top3',
    value: pct(genHit3, perSet),
    unit: '%',
    baseline: null,
    note: genNote,
  });
  emit({ name: 'ocr.finder.generated_exact', value: pct(genExact, perSet), unit: '%', baseline: null, note: genNote });
  emit({ name: 'ocr.finder.generated_top3', value: pct(genTop3, perSet), unit: '%', baseline: null, note: genNote });

  if (!hasUsDev()) {
    process.stderr.write(`ocr bench: ${US_DEV} is absent; skipping the finder's real-photo figures.\n`);
    return;
  }
  const limit = Number(process.env.CANVASS_BENCH_OCR_LIMIT ?? 0);
  const all = loadTruth();
  const truths = limit > 0 ? all.slice(0, limit) : all;
  let hit1 = 0;
  let hit3 = 0;
  let exact = 0;
  let top3 = 0;
  let wholeExact = 0;
  let findMs = 0;
  let readMs = 0;
  for (const t of truths) {
    const bytes = readFileSync(join(US_DEV, t.image));
    const hits = await proposalHits(bytes, t.box);
    findMs += hits.ms;
    if (hits.top1) hit1++;
    if (hits.top3) hit3++;
    const read = await readPhoto(engine, bytes);
    readMs += read.ms;
    if (read.plate === t.plate) exact++;
    if (read.candidates.slice(0, 3).some((c) => c.plate === t.plate)) top3++;
    // What re-reading an overview did before the finder: the whole photo as if it were a plate crop.
    if ((await readPlate(engine, bytes, null)).plate === t.plate) wholeExact++;
    if (process.env.CANVASS_BENCH_OCR_VERBOSE)
      process.stderr.write(`${hits.top1 ? 'HIT ' : hits.top3 ? 'hit3' : '    '} ${t.plate.padEnd(8)} ${read.plate}\n`);
  }
  const n = truths.length;
  const note = `${n} real photographs (us-dev), whole photo, no box given; IoU >= 0.5 with the labelled box`;
  emit({ name: 'ocr.finder.us_dev_hit_top1', value: pct(hit1, n), unit: '%', baseline: null, note });
  emit({ name: 'ocr.finder.us_dev_hit_top3', value: pct(hit3, n), unit: '%', baseline: null, note });
  const readNote = `${n} real photographs (us-dev), finder then reader; baseline: the whole photo read as a crop`;
  emit({
    name: 'ocr.finder.us_dev_exact',
    value: pct(exact, n),
    unit: '%',
    baseline: pct(wholeExact, n),
    note: readNote,
  });
  emit({ name: 'ocr.finder.us_dev_top3', value: pct(top3, n), unit: '%', baseline: null, note: readNote });
  emit({
    name: 'ocr.finder.ms_per_photo',
    value: round(findMs / n, 0),
    unit: 'ms',
    baseline: null,
    note: 'finder only',
  });
  emit({
    name: 'ocr.finder.photos_per_second_per_worker',
    value: round((1000 * n) / readMs, 2),
    unit: 'photos/s',
    baseline: null,
    note: 'finder + reading its regions',
  });
}

async function proposalHits(bytes: Buffer, truth: PlateBox): Promise<{ top1: boolean; top3: boolean; ms: number }> {
  const t0 = performance.now();
  const { px, scale } = await grayWhole(bytes, 1280);
  const boxes = findPlates(px, { limit: 3 }).map((p) => ({
    x: p.x * scale,
    y: p.y * scale,
    width: p.width * scale,
    height: p.height * scale,
  }));
  const ms = performance.now() - t0;
  const ious = boxes.map((b) => iou(b, truth));
  return { top1: (ious[0] ?? 0) >= 0.5, top3: ious.some((v) => v >= 0.5), ms };
}
