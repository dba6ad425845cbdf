/**
 * Sync benchmarks (issue 3): a full sync of 1,000,000 detections (no images) from the reference agency server
 * on loopback into a fresh SQLCipher store, and an incremental sync of 10,000 new detections into that
 * 1,000,000-row store. The server runs in its own process (as a real server would); the sync runs on the
 * worker thread the app uses. Prints one JSON line per figure: {"name","value","unit","baseline"}.
 *
 *   npx tsx -e "require('./tests/bench/sync.bench.ts').run()"      (or through tests/bench/run.ts)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgencyClient } from '../../main/services/sync/client';
import type { SyncResult } from '../../main/services/sync/engine';
import { startSyncWorker } from '../../main/services/sync/runner';
import type { Figure } from './report';
import { GENERATOR, sourceDigest } from './sourceDigest';
import { randomBytes } from 'node:crypto';
import { openStore, type WritableDB } from '../../main/store/db';
import { type CloneScanSummary } from '../../main/core/detections/clones';
import { runCloneScan } from '../../main/services/detections/clones';

const ROOT = join(__dirname, '../..');
const DETECTIONS = Number(process.env.CANVASS_BENCH_SYNC_DETECTIONS ?? 1_000_000);
const SEED = 7;

const NAMES = [
  'sync.full.detections',
  'sync.full.rate',
  'sync.full.seconds',
  'sync.full.peak_rss',
  'sync.full.rss_before',
  'sync.full.clone_scan_seconds',
  'sync.full.engine_rate',
  'sync.full.server_share',
  'sync.full.bytes',
  'sync.full.pages_per_commit',
  'sync.full.wait_seconds',
  'sync.full.apply_seconds',
  'sync.full.commit_seconds',
  'sync.incremental_10k.seconds',
  'sync.incremental_10k.wall_seconds_incl_worker_start',
  'sync.incremental_10k.clone_scan_seconds',
  'sync.incremental_10k.server_share',
];
let only: string | undefined;

const wanted = (name: string) => !only || name.includes(only);

function emit(f: Figure): void {
  if (!wanted(f.name)) return;
  process.stdout.write(`${JSON.stringify(f)}\n`);
}

function startServer(dataDir: string, extra: string[] = []): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(ROOT, 'tests/agency/main.ts'),
        '--port',
        '0',
        '--data',
        dataDir,
        '--seed',
        String(SEED),
        '--detections',
        String(DETECTIONS),
        '--images',
        'none',
        '--test-hooks',
        ...extra,
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, child });
    });
    child.on('exit', (code) => reject(new Error(`agency server exited (${code}): ${out}`)));
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  await new Promise<void>((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * The seeded server store is cached between runs, keyed by size, seed and what makes it (the generator, the
 * server's store and seeding code); each run serves a fresh copy of it.
 */
async function agencyCopy(): Promise<string> {
  const made = sourceDigest([GENERATOR, 'tests/agency/server/store.ts', 'tests/agency/server/seed.ts']);
  const cache = join(tmpdir(), `canvass-bench-agency-${DETECTIONS}-s${SEED}-g${made}`);
  if (!existsSync(join(cache, 'ground-truth.json'))) {
    rmSync(cache, { recursive: true, force: true });
    mkdirSync(cache, { recursive: true });
    const { child } = await startServer(cache);
    await stopServer(child);
  }
  const run = mkdtempSync(join(tmpdir(), 'canvass-bench-agency-run-'));
  copyFileSync(join(cache, 'agency.db'), join(run, 'agency.db'));
  copyFileSync(join(cache, 'ground-truth.json'), join(run, 'ground-truth.json'));
  return run;
}

type Workstation = { db: WritableDB; dir: string; path: string; key: Buffer };

/** A fresh SQLCipher store (not through tests/agency/testing, which loads sharp and would inflate the RSS figure). */
function openWorkstation(): Workstation {
  const dir = mkdtempSync(join(tmpdir(), 'canvass-bench-ws-'));
  const path = join(dir, 'canvass.db');
  const key = randomBytes(32);
  return { db: openStore(path, key), dir, path, key };
}

async function syncInWorker(
  ws: Workstation,
  url: string,
  client: AgencyClient,
): Promise<{ result: SyncResult; wallMs: number; peakRss: number; clones: CloneScanSummary | null }> {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
  const t0 = performance.now();
  const job = startSyncWorker({
    storePath: ws.path,
    dataKey: ws.key,
    serverUrl: url,
    pinnedCert: null,
    // With its expiry, as the app passes it: the worker renews a token about to end (a 50 M sync outlasts one).
    token: client.token!,
    tokenExpiresAt: client.tokenExpiresAt,
    // The renewed token comes back, as in the app: the next sync (the incremental) needs it.
    onToken: (token, expiresAt) => {
      client.token = token;
      client.tokenExpiresAt = expiresAt;
    },
    userId: 2,
    username: 'det.alvarez',
    agencyName: 'San Mateo Police Department (synthetic)',
    workstation: 'bench',
    // The policy (365 days) bounds the window; the seeded city is 90 days long whenever it was seeded.
    options: { windowDays: 3650 },
  });
  const result = await job.result;
  const wallMs = performance.now() - t0;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  // The clone scan that follows on the worker (after the sync reported finished); the next sync waits for it.
  const clones = await job.clones;
  return { result, wallMs, peakRss, clones };
}

/** Runs when a figure's name contains `filter` (or always without one), as tests/bench/run.ts expects. */
export async function run(filter?: string): Promise<void> {
  if (filter && !NAMES.some((n) => n.includes(filter))) return;
  only = filter;
  const agencyDir = await agencyCopy();
  const { url, child } = await startServer(agencyDir);
  const ws = openWorkstation();
  try {
    const truth = JSON.parse(readFileSync(join(agencyDir, 'ground-truth.json'), 'utf8')) as {
      demoAccounts: { username: string; password: string }[];
    };
    const pw = (u: string) => truth.demoAccounts.find((a) => a.username === u)!.password;
    const admin = new AgencyClient(url);
    await admin.signIn('admin.ramirez', pw('admin.ramirez'), null);
    const enrolled = await admin.enroll('bench workstation');
    admin.close();
    const client = new AgencyClient(url);
    await client.signIn('det.alvarez', pw('det.alvarez'), { id: enrolled.workstationId, secret: enrolled.secret });

    const rssBefore = process.memoryUsage().rss;
    const full = await syncInWorker(ws, url, client);
    if (full.result.outcome !== 'ok') throw new Error(`full sync failed: ${JSON.stringify(full.result.error)}`);
    const detections = full.result.feeds.detections!.upserted;
    emit({ name: 'sync.full.detections', value: detections, unit: 'detections', baseline: DETECTIONS });
    emit({
      name: 'sync.full.rate',
      value: Math.round(detections / (full.wallMs / 1000)),
      unit: 'detections/s',
      baseline: 50_000,
    });
    emit({
      name: 'sync.full.seconds',
      value: round(full.wallMs / 1000),
      unit: 's',
      baseline: round(DETECTIONS / 50_000),
    });
    emit({ name: 'sync.full.peak_rss', value: Math.round(full.peakRss / 1048576), unit: 'MB', baseline: 400 });
    emit({ name: 'sync.full.rss_before', value: Math.round(rssBefore / 1048576), unit: 'MB', baseline: null });
    emit({
      name: 'sync.full.engine_rate',
      value: Math.round(detections / (full.result.durationMs / 1000)),
      unit: 'detections/s',
      baseline: 50_000,
    });
    emit({
      name: 'sync.full.server_share',
      value: round((100 * full.result.serverMs) / full.wallMs),
      unit: '%',
      baseline: null,
    });
    emit({ name: 'sync.full.bytes', value: Math.round(full.result.bytes / 1048576), unit: 'MB', baseline: null });
    const feed = full.result.feeds.detections!;
    emit({
      name: 'sync.full.pages_per_commit',
      value: round(feed.pages / feed.commits),
      unit: 'pages',
      baseline: null,
      note: `${feed.pages} pages of detections in ${feed.commits} transactions`,
    });
    for (const [part, ms, doing] of [
      ['wait', feed.waitMs, 'waiting for pages'],
      ['apply', feed.applyMs, 'applying them'],
      ['commit', feed.commitMs, 'committing them'],
    ] as const)
      emit({
        name: `sync.full.${part}_seconds`,
        value: round(ms / 1000),
        unit: 's',
        baseline: null,
        note: `the detections feed's time ${doing}`,
      });
    // The store's first clone scan, a full one, on the worker after the sync finished: on range threads. Baseline:
    // the same full scan on one thread over the store just synced (it stores the same findings again).
    if (wanted('sync.full.clone_scan_seconds')) {
      const t = performance.now();
      runCloneScan(ws.db, 'full', new Date().toISOString());
      emit({
        name: 'sync.full.clone_scan_seconds',
        value: round((full.clones?.durationMs ?? NaN) / 1000),
        unit: 's',
        baseline: round((performance.now() - t) / 1000),
        note: `${full.clones?.mode ?? 'no'} scan of ${full.clones?.scanned ?? 0} detections on ${full.clones?.threads ?? 0} thread(s); baseline: the same scan on one thread`,
      });
    }

    const append = await fetch(`${url}/v1/_test/append`, { method: 'POST', body: JSON.stringify({ count: 10_000 }) });
    if (!append.ok) throw new Error(`append failed: ${append.status}`);
    // The investigator signs in for the next sync, as the app asks (sync.start takes the password): the session of
    // the full sync may have ended during the scans above.
    await client.signIn('det.alvarez', pw('det.alvarez'), { id: enrolled.workstationId, secret: enrolled.secret });
    const inc = await syncInWorker(ws, url, client);
    if (inc.result.outcome !== 'ok' || inc.result.feeds.detections!.upserted !== 10_000)
      throw new Error(
        `incremental sync: ${inc.result.outcome}, ${JSON.stringify(inc.result.error ?? inc.result.feeds.detections)}`,
      );
    emit({ name: 'sync.incremental_10k.seconds', value: round(inc.result.durationMs / 1000), unit: 's', baseline: 1 });
    emit({
      name: 'sync.incremental_10k.wall_seconds_incl_worker_start',
      value: round(inc.wallMs / 1000),
      unit: 's',
      baseline: null,
    });
    emit({
      name: 'sync.incremental_10k.clone_scan_seconds',
      value: round((inc.clones?.durationMs ?? NaN) / 1000),
      unit: 's',
      baseline: null,
      note: `after the sync reported finished, on its worker: ${inc.clones?.mode ?? 'no'} scan of ${inc.clones?.scanned ?? 0} detections (${inc.clones?.plates ?? 0} plates)`,
    });
    emit({
      name: 'sync.incremental_10k.server_share',
      value: round((100 * inc.result.serverMs) / inc.result.durationMs),
      unit: '%',
      baseline: null,
    });
    client.close();
  } finally {
    ws.db.close();
    rmSync(ws.dir, { recursive: true, force: true });
    await stopServer(child);
    rmSync(agencyDir, { recursive: true, force: true });
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

if (require.main === module) {
  run(process.argv[2]).catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(1);
  });
}
