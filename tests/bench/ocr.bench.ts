/**
 * OCR benchmarks (issue 6). On the real photographs in ../shared/ocr-bench/us-dev (measuring only: they are
 * never copied into the repo) the raw tesseract.js baseline and the Canvass pipeline are measured in the same
 * run: exact plate accuracy of the best candidate, truth in the top 3, character accuracy. Skipped with a
 * message where that folder is absent. Also worker start and warm throughput.
 *
 *   npm run bench -- ocr        CANVASS_BENCH_OCR_LIMIT=40 for a quick subset
 *   npm run bench -- ocr.finder the plate finder alone (whole photos, no box given)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OcrEngine } from '../../native/ocr';
import { similarity } from '../../main/core/plates/formats';
import { readPhoto, readPlate, type ReadOptions } from '../../main/services/ocr/reader';
import { findPlates, iou, type PlateBox } from '../../main/core/ocr/find';
import { grayWhole } from '../../native/image';
import { emit, round, wanted } from './report';
import { likelyMisread, originalDoubt } from '../../main/core/ocr/compare';
import { overviewSvg, PLATE_CONDITIONS, renderPlateCondition, renderPng } from '../agency/generator/images';
import { Rng } from '../agency/generator/prng';
import { makePlate, misread } from '../agency/generator/vehicles';
import { type PlateRead } from '../../main/core/ocr/rank';

const ROOT = join(__dirname, '../..');
const US_DEV = join(ROOT, '../shared/ocr-bench/us-dev');

type Truth = { image: string; box: { x: number; y: number; width: number; height: number }; plate: string };

function loadTruth(): Truth[] {
  return readFileSync(join(US_DEV, 'groundtruth.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [image, x, y, width, height, plate] = line.split('\t');
      return { image: image!, box: { x: +x!, y: +y!, width: +width!, height: +height! }, plate: plate!.trim() };
    });
}

type Tally = { exact: number; top3: number; chars: number; n: number; ms: number };

async function measure(
  engine: OcrEngine,
  truths: Truth[],
  options: ReadOptions,
  log?: (t: Truth, r: PlateRead) => void,
): Promise<Tally> {
  const tally: Tally = { exact: 0, top3: 0, chars: 0, n: 0, ms: 0 };
  for (const t of truths) {
    const read = await readPlate(engine, readFileSync(join(US_DEV, t.image)), t.box, options);
    tally.n++;
    tally.ms += read.ms;
    if (read.plate === t.plate) tally.exact++;
    if (read.candidates.slice(0, 3).some((c) => c.plate === t.plate)) tally.top3++;
    tally.chars += similarity(read.plate, t.plate);
    log?.(t, read);
  }
  return tally;
}

/** Runs for no filter, `ocr`, or a filter naming OCR figures (`ocr.us_dev`, `ocr.generated`, …). */
function ocrWanted(filter: string | undefined): boolean {
  return wanted(filter, 'ocr') || !!filter?.startsWith('ocr.');
}

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
  if (!existsSync(join(US_DEV, 'groundtruth.tsv'))) {
    process.stderr.write(`ocr bench: ${US_DEV} is absent; skipping the real-plate figures.\n`);
    await engine.close();
    return;
  }
  const limit = Number(process.env.CANVASS_BENCH_OCR_LIMIT ?? 0);
  const all = loadTruth();
  const truths = limit > 0 ? all.slice(0, limit) : all;
  const verbose = !!process.env.CANVASS_BENCH_OCR_VERBOSE;

  const base = await measure(engine, truths, { mode: 'raw' });
  const full = await measure(
    engine,
    truths,
    { mode: 'full' },
    verbose
      ? (t, r) =>
          process.stderr.write(
            `${t.plate === r.plate ? 'OK ' : '   '}${t.plate.padEnd(8)} ${r.plate.padEnd(9)} ${r.variant.padEnd(18)} ${r.candidates
              .map((c) => `${c.plate}:${round(c.score)}`)
              .join(' ')}\n`,
          )
      : undefined,
  );
  const pct = (x: number, n: number): number => round((100 * x) / n, 1);
  const note = `${truths.length} real plates (us-dev)`;
  emit({
    name: 'ocr.us_dev.exact',
    value: pct(full.exact, full.n),
    unit: '%',
    baseline: pct(base.exact, base.n),
    note,
  });
  emit({ name: 'ocr.us_dev.top3', value: pct(full.top3, full.n), unit: '%', baseline: pct(base.top3, base.n), note });
  emit({
    name: 'ocr.us_dev.char_accuracy',
    value: pct(full.chars, full.n),
    unit: '%',
    baseline: pct(base.chars, base.n),
    note,
  });
  emit({
    name: 'ocr.us_dev.plates_per_second_per_worker',
    value: round((1000 * full.n) / full.ms, 2),
    unit: 'plates/s',
    baseline: round((1000 * base.n) / base.ms, 2),
    note,
  });
  if (process.env.CANVASS_BENCH_OCR_FINDER !== '0') await runFinder(engine);
  // The slower option: every character of the row also read on its own (more candidates to vote on).
  if (process.env.CANVASS_BENCH_OCR_PER_CHARACTER !== '0') {
    const chars = await measure(engine, truths, { mode: 'full', perCharacter: true });
    const n = `${note}, each character also read alone`;
    emit({
      name: 'ocr.us_dev.per_character.exact',
      value: pct(chars.exact, chars.n),
      unit: '%',
      baseline: pct(base.exact, base.n),
      note: n,
    });
    emit({
      name: 'ocr.us_dev.per_character.top3',
      value: pct(chars.top3, chars.n),
      unit: '%',
      baseline: pct(base.top3, base.n),
      note: n,
    });
    emit({
      name: 'ocr.us_dev.per_character.char_accuracy',
      value: pct(chars.chars, chars.n),
      unit: '%',
      baseline: pct(base.chars, base.n),
      note: n,
    });
    emit({
      name: 'ocr.us_dev.per_character.plates_per_second_per_worker',
      value: round((1000 * chars.n) / chars.ms, 2),
      unit: 'plates/s',
      baseline: null,
      note: n,
    });
  }
  await engine.close();
}

if (require.main === module) void run(process.argv[2]);

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
      const original = wrong ?? truth;
      const candidates = read.candidates.map((c) => ({ plate: c.plate, score: c.score }));
      const doubt = originalDoubt(original, {
        plate: read.plate,
        confidence: read.confidence,
        candidates,
        charConfidence: read.charConfidence,
        occlusion: read.occlusion,
      });
      const flagged = likelyMisread(read.plate !== '' && read.plate !== original, doubt);
      if (process.env.CANVASS_BENCH_OCR_VERBOSE && flagged === !wrong)
        process.stderr.write(
          `${condition} ${wrong ? 'missed' : 'false alarm'}: truth ${truth} original ${original} read ${read.plate} ` +
            `doubt ${doubt} candidates ${candidates.map((c) => `${c.plate}:${c.score.toFixed(2)}`).join(' ')}\n`,
        );
      if (wrong) {
        misreads++;
        if (flagged) caught++;
      } else {
        correct++;
        if (flagged) falseAlarms++;
      }
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

  if (!existsSync(join(US_DEV, 'groundtruth.tsv'))) {
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
