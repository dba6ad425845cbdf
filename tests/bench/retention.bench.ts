import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PurgeCutoffs } from '../../main/core/retention/plan';
import { publicFigures, transparencySpec, type TransparencyFacts } from '../../main/core/retention/transparency';
import { inTransaction, openStore, type WritableDB } from '../../main/store/db';
import {
  correctionsCount,
  countCameras,
  countDetections,
  hitsByState,
  searchesByPurpose,
  startRun,
} from '../../main/store/repos/retention';
import { renderDocument } from '../../main/services/documents';
import { runSearch } from '../../main/services/detections/search';
import { startWorker } from '../../main/services/kernel/workers';
import type { PurgeWorkerReply, PurgeWorkerRequest } from '../../main/services/retention/purgeWorker';
import { PURGE_BATCH } from '../../main/services/retention/purge';
import { emit, round, wanted } from './report';
import { agencyDay } from '../support/agencyDay';

/**
 * Retention figures of issue 21: `npm run bench -- retention`. The purge of the oldest half of a store on the real
 * worker (batches, secure delete, incremental vacuum), with plate searches on main's connection while it runs and the
 * same searches before it as the baseline; file sizes before and after; the transparency report's figures and PDF for
 * a year. The store is a copy of the search bench's cached store (CANVASS_RETENTION_BENCH_ROWS, default 1,000,000 —
 * the issue's 10 M of which 5 M purged would take hours to build on this machine); the cache itself is never touched.
 */
const ROWS = Number(process.env.CANVASS_RETENTION_BENCH_ROWS ?? 1_000_000);
const KEY = Buffer.alloc(32, 7);
const FONTS = resolve(__dirname, '../../resources/fonts');

function cachedStore(rows: number): string | null {
  const name = new RegExp(`^canvass-search-bench-s7-n${rows}-v(\\d+)\\.db$`);
  const found = readdirSync(tmpdir())
    .map((f) => ({ f, v: Number(name.exec(f)?.[1] ?? NaN) }))
    .filter((x) => !Number.isNaN(x.v))
    .sort((a, b) => b.v - a.v);
  return found.length ? join(tmpdir(), found[0]!.f) : null;
}

const fileBytes = (p: string) => (existsSync(p) ? statSync(p).size : 0);
const storeBytes = (p: string) => fileBytes(p) + fileBytes(`${p}-wal`);

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]!;
}

function timed<T>(fn: () => T): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function searches(db: WritableDB): string[] {
  const plates = db.prepare('SELECT plate FROM detections ORDER BY random() LIMIT 40').pluck().all() as string[];
  return plates.flatMap((p) => [p, `${p.slice(0, 3)}*`]);
}

export async function run(filter: string | undefined): Promise<void> {
  if (!wanted(filter, 'retention')) return;
  const cached = cachedStore(ROWS);
  if (!cached) {
    emit({
      name: 'retention.skipped',
      value: 0,
      unit: 'n/a',
      baseline: null,
      note: `no cached search-bench store of ${ROWS} detections under ${tmpdir()}: run \`CANVASS_SEARCH_BENCH_ROWS=${ROWS} npm run bench -- search\` first`,
    });
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'canvass-retention-bench-'));
  const path = join(dir, 'canvass.db');
  try {
    copyFileSync(cached, path);
    const db = openStore(path, KEY);
    db.pragma('cache_size = -65536');
    // The copy predates 0150: made incremental once, as a store created since is from its first page.
    const convertMs = timed(() => {
      db.pragma('auto_vacuum = INCREMENTAL');
      db.exec('VACUUM');
    });
    db.pragma('wal_checkpoint(TRUNCATE)');
    const total = db.prepare('SELECT count(*) FROM detections').pluck().get() as number;
    const half = Math.floor(total / 2);
    const cutoff = db
      .prepare('SELECT seen_at FROM detections ORDER BY seen_at LIMIT 1 OFFSET ?')
      .pluck()
      .get(half) as number;
    const due = db.prepare('SELECT count(*) FROM detections WHERE seen_at < ?').pluck().get(cutoff) as number;
    const cutoffs: PurgeCutoffs = {
      fixed: cutoff,
      mobile: cutoff,
      hit: cutoff,
      imageFixed: cutoff,
      imageMobile: cutoff,
    };
    // The transparency report of a year of the whole store (the issue's figure), before the purge.
    const fullMs = await transparencyYear(db, { runs: 0, detections: 0 });
    emit({
      name: 'retention.transparency_year_s',
      value: round(fullMs / 1000, 2),
      unit: 's',
      baseline: null,
      note: `figures and PDF for a year of the ${total}-detection store, before the purge. Target < 30 s (on 10 M).`,
    });
    const queries = searches(db);
    for (const q of queries.slice(0, 10)) runSearch(db, { plate: q, limit: 50 });
    const before: number[] = queries.map((q) => timed(() => runSearch(db, { plate: q, limit: 50 })));
    const bytesBefore = storeBytes(path);

    const runId = inTransaction(db, () =>
      startRun(db, {
        trigger: 'request',
        startedBy: 'bench',
        startedAt: new Date().toISOString(),
        plan: '{}',
        bytesBefore,
      }),
    );
    const worker = startWorker('retention');
    const key = new ArrayBuffer(32);
    new Uint8Array(key).set(KEY);
    let done: PurgeWorkerReply | null = null;
    worker.on('message', (m: PurgeWorkerReply) => {
      if (m.type === 'done') done = m;
    });
    const t0 = performance.now();
    worker.postMessage(
      {
        storePath: path,
        key,
        runId,
        cutoffs,
        batch: PURGE_BATCH,
        cancel: new SharedArrayBuffer(4),
        total: due,
        clockOffsetMs: 0,
      } satisfies PurgeWorkerRequest,
      [key],
    );
    const during: number[] = [];
    for (let i = 0; !done; i++) {
      during.push(timed(() => runSearch(db, { plate: queries[i % queries.length]!, limit: 50 })));
      await new Promise((r) => setTimeout(r, 20));
    }
    const purgeMs = performance.now() - t0;
    await worker.terminate();
    const outcome = done as unknown as Extract<PurgeWorkerReply, { type: 'done' }>;
    const left = db.prepare('SELECT count(*) FROM detections').pluck().get() as number;
    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytesAfter = storeBytes(path);
    const note = `${ROWS} detection store (copy of the search bench's), oldest ${due} purged on the worker in batches of ${PURGE_BATCH}; outcome ${outcome.outcome}${outcome.error ? `: ${outcome.error}` : ''}; ${total - left} removed`;
    emit({ name: 'retention.purge_total_s', value: round(purgeMs / 1000, 1), unit: 's', baseline: null, note });
    emit({
      name: 'retention.purge_rate',
      value: Math.round((total - left) / (purgeMs / 1000)),
      unit: 'detections/s',
      baseline: null,
      note,
    });
    emit({
      name: 'retention.search_p95_during_purge_ms',
      value: round(p95(during), 1),
      unit: 'ms',
      baseline: round(p95(before), 1),
      note: `plate searches (full and 3-character prefix) on main's connection while the worker purged (${during.length} searches); baseline: the same searches just before, same run. Target < 1000 ms.`,
    });
    emit({ name: 'retention.store_bytes_before', value: bytesBefore, unit: 'bytes', baseline: null, note });
    emit({ name: 'retention.store_bytes_after', value: bytesAfter, unit: 'bytes', baseline: bytesBefore, note });
    emit({
      name: 'retention.convert_vacuum_s',
      value: round(convertMs / 1000, 1),
      unit: 's',
      baseline: null,
      note: 'one-time VACUUM that turns a store made before migration 0150 into an incrementally vacuumed one',
    });

    const afterMs = await transparencyYear(db, { runs: 1, detections: total - left });
    emit({
      name: 'retention.transparency_year_after_purge_s',
      value: round(afterMs / 1000, 2),
      unit: 's',
      baseline: round(fullMs / 1000, 2),
      note: `figures and PDF for a year of the ${left}-detection store after the purge; baseline: the same on all ${total} before it`,
    });
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The transparency report of the store's last year: its figures and the PDF, timed. */
async function transparencyYear(db: WritableDB, purged: { runs: number; detections: number }): Promise<number> {
  const end = db.prepare('SELECT max(seen_at) FROM detections').pluck().get() as number;
  const from = end - 365 * 86_400_000;
  const fromIso = new Date(from).toISOString();
  const toIso = new Date(end + 1).toISOString();
  const t1 = performance.now();
  const byState = hitsByState(db, from, end + 1);
  const facts: TransparencyFacts = {
    agency: { name: 'Bench Police Department', ori: null },
    profileSource: 'bench',
    timeZone: 'America/Los_Angeles',
    from: agencyDay(0, new Date(from)),
    to: agencyDay(0, new Date(end)),
    issuedAt: new Date().toISOString(),
    issuedBy: { username: 'bench', fullName: null },
    cameras: countCameras(db).map((c) => ({ label: c.kind, count: c.count })),
    detections: countDetections(db, from, end + 1),
    hits: byState.reduce((n, h) => n + h.count, 0),
    hitsByState: byState.map((h) => ({ label: h.status, count: h.count })),
    searchesByPurpose: searchesByPurpose(db, fromIso, toIso).map((s) => ({ label: s.purpose, count: s.count })),
    releases: 'none recorded',
    retention: [],
    audits: 'none recorded',
    correctionsMade: correctionsCount(db, fromIso, toIso),
    purges: { ...purged, hits: 0, images: 0 },
  };
  const rows = publicFigures(facts);
  await renderDocument(transparencySpec(facts, rows), { fontsDir: FONTS });
  return performance.now() - t1;
}
