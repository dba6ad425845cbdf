/**
 * OCR benchmarks (issue 6). On the real photographs in ../shared/ocr-bench/us-dev (measuring only: they are
 * never copied into the repo) the raw tesseract.js baseline and the Canvass pipeline are measured in the same
 * run: exact plate accuracy of the best candidate, truth in the top 3, character accuracy. Skipped with a
 * message where that folder is absent. Also worker start and warm throughput.
 *
 *   npm run bench -- ocr        CANVASS_BENCH_OCR_LIMIT=40 for a quick subset
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OcrEngine } from '../../native/ocr';
import { similarity } from '../../main/core/plateFormats';
import { readPlate, type PlateRead, type ReadOptions } from '../../main/services/ocr/reader';
import { emit, round, wanted } from './report';
import { FLAG_DOUBT, originalDoubt } from '../../main/core/ocrCompare';
import { PLATE_CONDITIONS, renderPlateCondition } from '../agency/generator/images';
import { Rng } from '../agency/generator/prng';
import { makePlate, misread } from '../agency/generator/vehicles';

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
      const flagged =
        read.plate !== '' &&
        read.plate !== original &&
        originalDoubt(original, {
          plate: read.plate,
          confidence: read.confidence,
          candidates,
          charConfidence: read.charConfidence,
        }) >= FLAG_DOUBT;
      if (process.env.CANVASS_BENCH_OCR_VERBOSE && flagged === !wrong)
        process.stderr.write(
          `${condition} ${wrong ? 'missed' : 'false alarm'}: truth ${truth} original ${original} read ${read.plate}\n`,
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
