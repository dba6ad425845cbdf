/**
 * Evidence figures (issue 18), on a workstation synced from the reference agency server (images for every
 * detection) whose case collection holds at least 1,000 detections:
 *
 * - evidence.package_1000.*: a package of 1,000 detections with their images, built through `evidence.build` on
 *   the app's evidence worker. `write_verify_rate` is the payload's bytes over the time from the first file written
 *   to the booking (every file hashed twice, written, flushed to the disk (syncfs, or fsync per file), then read
 *   back and verified against both manifests and the signature). Its baseline, in the same run on the same disk:
 *   `cp -r` of the booked package's data/ and `sha256sum` of every copied file (target: at least 0.7 of it).
 *   `cp -r` does not fsync and `sha256sum` reads through the cache, so a second baseline adds `sync` of the copy,
 *   and a third (the same work as the package's: written, on the disk, read back from the disk) also drops the
 *   copy's pages from the cache (`dd iflag=nocache`, untimed) before `sha256sum` reads them.
 *   `prepare_seconds` is gathering the content and rendering the report PDF inside the build; `seconds` the whole
 *   build.
 * - evidence.report_1000.*: printing the booked report of those 1,000 detections (`evidence.report`: the cover,
 *   the table, a page a detection with its images and map, the access log, custody) — target under 15 s — and its
 *   size and pages.
 *
 *   npm run bench -- evidence
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { evidenceFixture } from '../integration/evidence/fixture';
import { emit, round, wanted } from './report';

const DETECTIONS = Number(process.env.CANVASS_BENCH_EVIDENCE_DETECTIONS ?? 1_000);
const BASELINE_RUNS = 3;

export async function run(filter: string | undefined): Promise<void> {
  if (!wanted(filter, 'evidence')) return;
  const fx = await evidenceFixture({ detections: DETECTIONS + 400, seed: 31, images: 'all', extra: DETECTIONS });
  try {
    await fx.asTechnician();
    const ids = (await fx.ws.call('evidence.overview')).items.map((i) => i.detectionId).slice(0, DETECTIONS);
    if (ids.length < DETECTIONS) throw new Error(`the case collected ${ids.length} detections, not ${DETECTIONS}`);

    const medium = fx.medium();
    const t0 = performance.now();
    const started = await fx.ws.call('evidence.build', { detectionIds: ids, medium });
    let firstWrite: number | null = null;
    let firstVerify: number | null = null;
    let booking: number | null = null;
    const end = await fx.finished(started.attemptId, (p) => {
      if (p.phase === 'writing' && firstWrite === null) firstWrite = performance.now();
      if (p.phase === 'verifying' && firstVerify === null) firstVerify = performance.now();
      if (p.phase === 'booking' && booking === null) booking = performance.now();
    });
    const t1 = performance.now();
    if (end.status !== 'booked' || !end.package || firstWrite === null || firstVerify === null || booking === null)
      throw new Error(`the package did not book: ${JSON.stringify(end.error)}`);
    const bag = join(medium, end.package.folder);
    const bytes = end.package.bytes!;
    const rate = bytes / 1e6 / ((booking - firstWrite) / 1000);

    // The baseline: the same payload files, copied and hashed by the stock tools, on the same disk; the median of
    // BASELINE_RUNS, plain and with `sync` taking turns (one run alone swung 2x on a shared machine).
    const copied = dirBytes(join(bag, 'data'));
    const plain: number[] = [];
    const withSync: number[] = [];
    const cold: number[] = [];
    for (let i = 0; i < BASELINE_RUNS; i++) {
      plain.push(copied / 1e6 / copyAndHash(join(bag, 'data'), fx.medium(), 'cached'));
      withSync.push(copied / 1e6 / copyAndHash(join(bag, 'data'), fx.medium(), 'synced'));
      cold.push(copied / 1e6 / copyAndHash(join(bag, 'data'), fx.medium(), 'cold'));
    }
    const baseline = median(plain);
    const baselineSynced = median(withSync);
    const baselineCold = median(cold);

    const name = `evidence.package_${DETECTIONS}`;
    const out = (suffix: string, value: number, unit: string, base: number | null = null, note?: string) => {
      if (wanted(filter, `${name}.${suffix}`))
        emit({ name: `${name}.${suffix}`, value, unit, baseline: base, ...(note ? { note } : {}) });
    };
    out(
      'write_verify_rate',
      round(rate),
      'MB/s',
      round(baseline),
      'baseline: cp -r + sha256sum of the same files, median of 3',
    );
    out('write_verify_ratio', round(rate / baseline), 'x', 0.7, 'against cp -r + sha256sum; target ≥ 0.7');
    out(
      'write_verify_rate_vs_synced_copy',
      round(rate),
      'MB/s',
      round(baselineSynced),
      'baseline: cp -r + sync + sha256sum, median of 3',
    );
    out(
      'write_verify_rate_vs_cold_copy',
      round(rate),
      'MB/s',
      round(baselineCold),
      'baseline: cp -r + sync + sha256sum read from the disk (the copy dropped from the cache), median of 3',
    );
    out(
      'write_verify_ratio_vs_cold_copy',
      round(rate / baselineCold),
      'x',
      0.7,
      'against cp -r + sync + cold sha256sum',
    );
    out('load_average', round(loadavg()[0]!), 'load', null, `${cpus().length} cores`);
    out(
      'write_seconds',
      round((firstVerify - firstWrite) / 1000),
      's',
      null,
      'hash and write every file, flush them to the disk',
    );
    out(
      'verify_seconds',
      round((booking - firstVerify) / 1000),
      's',
      null,
      'read back (O_DIRECT where allowed) and verify',
    );
    out('bytes', bytes, 'B');
    out('files', end.package.files!, 'files');
    out('read_back_from', end.package.readFrom === 'medium' ? 1 : 0, 'medium=1/cache=0');
    out('prepare_seconds', round((firstWrite - t0) / 1000), 's', null, 'gather + report PDF inside the build');
    out('seconds', round((t1 - t0) / 1000), 's');

    const report = `evidence.report_${DETECTIONS}`;
    if (wanted(filter, report)) {
      const r0 = performance.now();
      const c0 = process.cpuUsage();
      const doc = await fx.ws.call('evidence.report', { packageId: end.package.id });
      const cpu = process.cpuUsage(c0);
      const seconds = (performance.now() - r0) / 1000;
      emit({ name: `${report}.seconds`, value: round(seconds), unit: 's', baseline: 15, note: 'target < 15 s' });
      // The process's CPU time (the worker's layout and sharp's threads): what a loaded machine does not change.
      emit({ name: `${report}.cpu_seconds`, value: round((cpu.user + cpu.system) / 1e6), unit: 's', baseline: null });
      emit({
        name: `${report}.load_average`,
        value: round(loadavg()[0]!),
        unit: 'load',
        baseline: null,
        note: `${cpus().length} cores`,
      });
      emit({ name: `${report}.bytes`, value: doc.bytes, unit: 'B', baseline: null });
      emit({ name: `${report}.pages`, value: doc.pages, unit: 'pages', baseline: null });
    }
  } finally {
    await fx.close();
  }
}

/**
 * Seconds to `cp -r` a folder into `into` and `sha256sum` every copied file; `synced` and `cold` `sync` the copy
 * first, and `cold` then drops its pages from the cache (not timed), so `sha256sum` reads them from the disk. The
 * copy is removed.
 */
function copyAndHash(from: string, into: string, how: 'cached' | 'synced' | 'cold'): number {
  const to = join(into, 'data');
  const t0 = performance.now();
  execFileSync('cp', ['-r', from, to]);
  if (how !== 'cached') execFileSync('sync', ['-f', to]);
  const files = walk(to);
  let seconds = (performance.now() - t0) / 1000;
  if (how === 'cold') dropFromCache(files);
  const t1 = performance.now();
  sha256Every(files);
  seconds += (performance.now() - t1) / 1000;
  rmSync(into, { recursive: true, force: true });
  return seconds;
}

/** POSIX_FADV_DONTNEED on each file (clean pages only: the files were synced), by coreutils' dd. */
function dropFromCache(files: string[]): void {
  for (let i = 0; i < files.length; i += 500)
    execFileSync('sh', [
      '-c',
      'for f in "$@"; do dd if="$f" iflag=nocache count=0 status=none; done',
      'sh',
      ...files.slice(i, i + 500),
    ]);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function sha256Every(files: string[]): void {
  for (let i = 0; i < files.length; i += 500)
    execFileSync('sha256sum', files.slice(i, i + 500), { maxBuffer: 1 << 26 });
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

function dirBytes(dir: string): number {
  return walk(dir).reduce((s, f) => s + statSync(f).size, 0);
}
