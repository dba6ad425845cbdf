import type {
  ClonedPlatesArgs,
  ClonedPlatesResult,
  CloneEvidence,
  CloneFlag,
  CloneScanProgress,
} from '../../../preload/contract';
import { CanvassError } from '../../core/shared/errors';
import { distanceM, impliedKmh } from '../../core/shared/geo';
import { similarSpellings } from '../../core/plates/plateQuery';
import {
  CLONE_DEFAULTS,
  CloneScan,
  type CloneFinding,
  type CloneOptions,
  type CloneScanSummary,
  type Sighting,
  continuesSummary,
  differingDescriptors,
} from '../../core/detections/clones';
import { decodeSummary, encodeSummary } from '../../core/detections/cloneSummary';
import { type DetectionRow } from '../../store/repos/detections';
import { dayNumbers, detectionsByIds, getSearchState, setSearchState, timeSpan } from '../../store/repos/plateIndex';
import {
  listCloneFlags,
  platesAbove,
  saveCloneFlags,
  sightingsAbove,
  sightingsOfPlates,
  plateSummaries,
  saveRecentSummaries,
  foldRecentSummaries,
  CLONE_SUMMARIES_THROUGH,
  CLONES_THROUGH,
  summariesStatus,
  type SightingRow,
  type SummariesStatus,
} from '../../store/repos/clones';
import { maxDetectionId } from '../../store/repos/detections';
import { record, type AuditWriter } from '../audit';
import { storeOf, type Context } from '../kernel/context';
import { toDetection } from './detections';
import { lookalikePlates } from './plateDictionary';
import { scanInWorker } from './cloneScan';
import { rangeCount, scanRanges, type StoreSource } from './cloneRanges';
import { saveFullScan, startSaver } from './cloneSave';
import { durabilityOf, inTransaction, type ReadableDB, type WritableDB } from '../../store/db';
import type { WireRecord } from '../../core/sync/protocol';
import { cameraNames } from '../../store/repos/cameras';

/** The cloned-plate scan (core/searchClones.ts): over the whole store, or only the plates of new detections. */

type Stored = { speed: CloneFinding['speed']; description: CloneFinding['description'] };

const toSighting = (r: SightingRow): Sighting => ({
  id: r[0],
  plate: r[1],
  state: r[2],
  seenAt: r[3],
  lat: r[4],
  lon: r[5],
  make: r[6],
  color: r[7],
  body: r[8],
});

function toRows(findings: CloneFinding[], at: string) {
  return findings.map((f) => ({
    plate: f.plate,
    state: f.state ?? '',
    level: f.level,
    reasons: f.reasons.join(','),
    score: f.score,
    evidence: JSON.stringify({ speed: f.speed, description: f.description } satisfies Stored),
    foundAt: at,
  }));
}

/**
 * How a requested scan reports and stops: `step(done, total)` before each page; it throws `ScanCancelled` once
 * the person asked to stop, before anything is saved (the findings and the watermark stay the last scan's).
 */
export type ScanWatch = { step: (done: number, total: number) => void };
export const UNWATCHED: ScanWatch = { step: () => undefined };
export class ScanCancelled extends Error {
  constructor() {
    super('the scan was stopped');
  }
}

/**
 * Streams every detection through the tracks in store order (a sequential read of the table; synced
 * detections arrive in time order, and a late one is still compared with its plate's previous sighting).
 * Read in pages by rowid rather than with `iterate()`: one call per 2,000 rows instead of one per row cut
 * the read's CPU time by a quarter (measured 4.2 s against 5.9 s per 3 M rows). Given where to open the store,
 * the table is cut into rowid ranges scanned on `threads` threads and joined (cloneRanges.ts): the same
 * findings and summaries. Returns the findings and how many were read.
 */
export function scanAll(
  db: ReadableDB,
  options: CloneOptions = CLONE_DEFAULTS,
  watch: ScanWatch = UNWATCHED,
  parallel: Parallel | null = null,
): {
  findings: () => CloneFinding[];
  scanned: number;
  threads: number;
  summaries: Generator<[string, string]>;
} {
  const { scan, scanned, threads } = scanRanges(
    db,
    parallel?.source ?? null,
    parallel?.threads ?? 1,
    options,
    watch.step,
    parallel?.minRowsPerThread,
  );
  function* summaries(): Generator<[string, string]> {
    for (const p of [...scan.plates].sort()) yield [p, encodeSummary(scan.summary(p)!)];
  }
  return { findings: () => scan.findings(), scanned, threads, summaries: summaries() };
}

/**
 * A full scan on several threads: where they open the store, how many (the calling one included), and the fewest
 * rows worth a thread (default `MIN_ROWS_PER_THREAD`).
 */
export type Parallel = { source: StoreSource; threads: number; minRowsPerThread?: number };

/**
 * The incremental scan. The plates of detections above `afterId` and `alsoPlates` (rows that arrived below the
 * watermark: late or corrected records) are brought up to date in a fresh scan; the histories of plates that
 * look the same, which may explain a conflicting description away, are taken second and only for plates with
 * a conflict.
 *
 * With the per-plate summaries of 0170 (kept since the last full scan), a plate is taken up from its summary
 * and continued with its new rows only — read by one rowid range, no history fetched — when those rows come
 * after its latest sighting; a plate without one had no earlier detection. Otherwise (a stale or out-of-order
 * summary, a late row, or a store without summaries) the plate's whole history is replayed in time order, as
 * every plate was before 0170 (each history costs ~90 index probes). Either way the scan sees the plate's
 * rows in time order, so the findings are the same.
 */
export function scanNewPlates(
  db: WritableDB,
  afterId: number,
  options: CloneOptions = CLONE_DEFAULTS,
  alsoPlates: Iterable<string> = [],
  watch: ScanWatch = UNWATCHED,
): { findings: CloneFinding[]; plates: string[]; scanned: number; summaries: Map<string, string | null> | null } {
  const late = new Set(alsoPlates);
  const summarized = afterId > 0 && storedSummaries(db, afterId).status === 'usable';
  const fresh = summarized ? sightingsAbove(db, afterId).map(toSighting) : null;
  const plates = [...new Set([...(fresh ? fresh.map((r) => r.plate) : platesAbove(db, afterId)), ...late])].sort();
  const span = timeSpan(db);
  if (plates.length === 0 || !span) return { findings: [], plates, scanned: 0, summaries: null };
  const days = JSON.stringify(dayNumbers(span));
  const sightings = sightingsOfPlates(db);
  const scan = new CloneScan(options);
  // Progress counts plate histories: the plates' own, then their look-alikes' (known only after the first).
  let total = plates.length;
  let replayed = 0;
  const replay = (list: readonly string[]): number => {
    const rows: Sighting[] = [];
    for (let i = 0; i < list.length; i += 500) {
      watch.step(replayed + i, total);
      for (const r of sightings(days, JSON.stringify(list.slice(i, i + 500)))) rows.push(toSighting(r));
    }
    replayed += list.length;
    rows.sort((a, b) => a.seenAt - b.seenAt || a.id - b.id);
    for (const s of rows) scan.add(s);
    return rows.length;
  };
  /** Takes up the plates whose summaries can be continued by rows from `first`; returns the others. */
  const takeUp = (list: readonly string[], first: Map<string, Sighting>): string[] => {
    const stored = plateSummaries(db, list);
    const rest: string[] = [];
    for (const p of list) {
      if (!stored.has(p) && !late.has(p)) continue; // no detection at or below the watermark
      const text = stored.get(p);
      const s = text ? decodeSummary(text) : null;
      const next = first.get(p);
      if (s && s.ordered && !late.has(p) && (!next || continuesSummary(s, next.seenAt, next.id))) scan.restore(p, s);
      else rest.push(p);
    }
    return rest;
  };
  let scanned = 0;
  if (fresh) {
    const first = new Map<string, Sighting>();
    for (const r of fresh) if (!first.has(r.plate)) first.set(r.plate, r);
    const replay1 = takeUp(plates, first);
    scanned += replay(replay1);
    const replayedSet = new Set(replay1);
    for (const r of fresh) if (!replayedSet.has(r.plate)) scan.add(r);
    scanned += fresh.length - fresh.filter((r) => replayedSet.has(r.plate)).length;
  } else scanned += replay(plates);
  const have = new Set(plates);
  const lookalikes = new Set<string>();
  // With summaries, a look-alike with any history at or below the watermark has a summary row (one without is
  // new, so among `plates`): its spellings are probed there instead of loading the whole plate dictionary.
  const alike = (p: string) => (fresh ? summarizedSpellings(db, p) : lookalikePlates(db, p));
  for (const p of scan.conflicted(plates)) for (const q of alike(p)) if (!have.has(q)) lookalikes.add(q);
  total += lookalikes.size;
  scanned += replay(fresh ? takeUp([...lookalikes], new Map()) : [...lookalikes]);
  // A plate left without rows (a corrected record moved its only one away) is stored stale: replayed next time.
  const encoded = (p: string) => {
    const s = scan.summary(p);
    return s ? encodeSummary(s) : null;
  };
  const summaries = fresh ? new Map(plates.map((p) => [p, encoded(p)])) : null;
  return { findings: scan.findings(plates), plates, scanned, summaries };
}

/** Above this many spellings of a plate (each similar character multiplies them), the dictionary is cheaper. */
const MAX_SPELLINGS = 4096;

/** The plates with a clone summary that look the same as `plate` (every spelling by similar characters). */
function summarizedSpellings(db: WritableDB, plate: string): string[] {
  const spellings = similarSpellings(plate, MAX_SPELLINGS);
  if (!spellings) return lookalikePlates(db, plate);
  return [...plateSummaries(db, spellings).keys()];
}

function summary(
  mode: CloneScanSummary['mode'],
  scanned: number,
  plates: number,
  findings: CloneFinding[],
  started: number,
  threads = 1,
): CloneScanSummary {
  return {
    mode,
    scanned,
    threads,
    plates,
    flagged: findings.filter((f) => f.level === 'flagged').map((f) => f.plate),
    review: findings.filter((f) => f.level === 'review').length,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * A full scan replaces every finding; an incremental one those of the plates it looked at. An incremental
 * scan on a store never scanned is a full one.
 */
export function runCloneScan(
  db: WritableDB,
  mode: 'full' | 'incremental',
  at: string,
  options: CloneOptions = CLONE_DEFAULTS,
  alsoPlates: Iterable<string> = [],
  watch: ScanWatch = UNWATCHED,
  parallel: Parallel | null = null,
): CloneScanSummary {
  const started = performance.now();
  const through = maxDetectionId(db);
  const since = cloneWatermark(db);
  if (mode === 'incremental' && since === 0) mode = 'full';
  if (mode === 'full') {
    // Read on several threads, and saved on another (started now, so it is open when the read ends) while this
    // one finds and encodes.
    const saver =
      parallel && rangeCount(through, parallel.threads, parallel.minRowsPerThread) > 1
        ? startSaver(parallel.source)
        : null;
    try {
      const full = scanAll(db, options, watch, parallel);
      let findings: CloneFinding[] = [];
      const flags = () => toRows((findings = full.findings()), at);
      const save = { flags, summaries: full.summaries, through, at };
      // A saver that never started (given up on after 10 s) leaves the save to this connection.
      if (!saver?.save(save, durabilityOf(db))) saveFullScan(db, save);
      const plates = new Set(findings.map((f) => f.plate)).size;
      return summary('full', full.scanned, plates, findings, started, full.threads);
    } finally {
      saver?.close();
    }
  }
  const { findings, plates, scanned, summaries } = scanNewPlates(db, since, options, alsoPlates, watch);
  const kept = inTransaction(db, () => {
    saveCloneFlags(db, toRows(findings, at), plates);
    // Continued from the summaries as they were when this scan began: not if a full scan has begun rewriting them.
    const keep = summaries !== null && storedSummaries(db, since).status === 'usable';
    if (keep) {
      saveRecentSummaries(db, summaries);
      setSearchState(db, CLONE_SUMMARIES_THROUGH, String(through));
    }
    setSearchState(db, CLONES_THROUGH, String(through));
    return keep;
  });
  // In transactions of its own: the recent summaries mean the same folded or not.
  if (kept) foldRecentSummaries(db);
  return summary('incremental', scanned, plates.length, findings, started);
}

/** What the stored summaries are good for after the findings' watermark `since`. */
function storedSummaries(db: ReadableDB, since: number): SummariesStatus {
  return summariesStatus(getSearchState(db, CLONE_SUMMARIES_THROUGH), since);
}

/**
 * A full scan's save whose mark is older than this is taken for one that died (a crash, a full disk): at 50 M the
 * save takes ~15 s after a read of 1.5–2.5 min.
 */
export const REWRITE_ABANDONED_MS = 30 * 60_000;

/**
 * Whether the summaries are gone until a full scan writes them again: never written (a store scanned before 0170),
 * or marked by a save that died. Meanwhile every incremental scan replays its plates' whole histories (at 50 M,
 * 35.7 s after 10,000 detections against 0.61 s continuing the summaries). A save still running is not: its own
 * end writes them.
 */
export function summariesLost(db: ReadableDB, since: number, at: string): boolean {
  const s = storedSummaries(db, since);
  if (s.status !== 'rewriting') return s.status === 'missing';
  return s.startedAt === null || Math.abs(Date.parse(at) - Date.parse(s.startedAt)) > REWRITE_ABANDONED_MS;
}

/** The highest detection id the stored findings have seen (0: never scanned). */
export function cloneWatermark(db: ReadableDB): number {
  return Number(getSearchState(db, CLONES_THROUGH) ?? 0);
}

/** The stored findings with their evidence as detections side by side; pairs whose detections were purged drop out. */
export function storedFlags(db: ReadableDB): CloneFlag[] {
  const flags = listCloneFlags(db);
  const parsed = flags.map((f) => ({ f, e: JSON.parse(f.evidence) as Stored }));
  const ids = parsed.flatMap(({ e }) => [...e.speed, ...e.description].flatMap((p) => [p.a, p.b]));
  const rows = new Map<number, DetectionRow>(detectionsByIds(db, ids).map((r) => [r.id, r]));
  const names = cameraNames(
    db,
    [...rows.values()].map((r) => r.cameraId),
  );
  const out: CloneFlag[] = [];
  for (const { f, e } of parsed) {
    const evidence: CloneEvidence[] = [];
    for (const p of [...e.description, ...e.speed]) {
      const a = rows.get(p.a);
      const b = rows.get(p.b);
      if (!a || !b) continue;
      const [first, second] = a.seenAt <= b.seenAt ? [a, b] : [b, a];
      const d = distanceM(first.lat, first.lon, second.lat, second.lon);
      const ms = second.seenAt - first.seenAt;
      const kmh = impliedKmh(d, ms);
      evidence.push({
        a: toDetection(first, names),
        b: toDetection(second, names),
        distanceM: Math.round(d),
        minutes: Math.round(ms / 600) / 100,
        kmh: Number.isFinite(kmh) ? Math.round(kmh) : null,
        differs: differingDescriptors(first, second),
      });
    }
    if (evidence.length === 0) continue;
    out.push({
      plate: f.plate,
      state: f.state || null,
      level: f.level,
      reasons: f.reasons.split(',') as CloneFlag['reasons'],
      score: f.score,
      evidence,
    });
  }
  return out;
}

/** The requested scan running on a workstation (one at a time), its stop flag and its last progress. */
type RequestedScan = { username: string; stop: Int32Array; progress: CloneScanProgress };
const requested = new WeakMap<Context, RequestedScan>();
const PROGRESS_EVERY_MS = 200;

/**
 * `search.clonedPlates`, part one: the rescan asked for, on its own worker thread and connection (nothing is
 * read on main), reporting `search.cloneScanProgress` about five times a second. Returns the detections read,
 * and whether the person stopped it.
 */
export async function rescanClones(
  ctx: Context,
  a: ClonedPlatesArgs,
): Promise<{ scanned: number; cancelled: boolean }> {
  if (!a.scan || a.scan === 'none' || !ctx.dataKey) return { scanned: 0, cancelled: false };
  const running = requested.get(ctx);
  if (running) {
    throw new CanvassError(
      'CONFLICT',
      `A clone scan asked for by ${running.username} is running (${running.progress.done.toLocaleString('en-US')} of ${running.progress.total.toLocaleString('en-US')}). Wait for it, or list the findings without a scan.`,
    );
  }
  const options = { ...CLONE_DEFAULTS, ...(a.maxKmh ? { maxKmh: a.maxKmh } : {}) };
  const mode = a.scan;
  const run: RequestedScan = {
    username: ctx.session!.username,
    stop: new Int32Array(new SharedArrayBuffer(4)),
    progress: { mode, status: 'running', done: 0, total: 0, username: ctx.session!.username, message: null },
  };
  requested.set(ctx, run);
  const emit = (p: Partial<CloneScanProgress>) => {
    run.progress = { ...run.progress, ...p };
    ctx.events.emit('search.cloneScanProgress', run.progress);
  };
  let sent = 0;
  try {
    const summary = await scanInWorker(
      ctx.storePath,
      ctx.dataKey,
      { mode, at: ctx.nowIso(), options },
      {
        stop: run.stop,
        onProgress: (done, total) => {
          run.progress = { ...run.progress, mode, done, total };
          const now = performance.now();
          if (now - sent < PROGRESS_EVERY_MS && done < total) return;
          sent = now;
          emit({});
        },
      },
    );
    if (!summary) {
      emit({
        status: 'cancelled',
        message: `Stopped after ${run.progress.done.toLocaleString('en-US')} of ${run.progress.total.toLocaleString('en-US')}; nothing was saved.`,
      });
      return { scanned: 0, cancelled: true };
    }
    emit({ status: 'finished', mode: summary.mode, done: run.progress.total, message: null });
    return { scanned: summary.scanned, cancelled: false };
  } catch (err) {
    emit({ status: 'failed', message: (err as Error).message });
    throw err;
  } finally {
    requested.delete(ctx);
  }
}

/** `search.cloneScanCancel`: asks the running requested scan to stop (its worker checks before each page). */
export function cancelRequestedScan(ctx: Context): { cancelling: boolean } {
  const run = requested.get(ctx);
  if (!run) return { cancelling: false };
  if (run.username !== ctx.session!.username)
    throw new CanvassError('FORBIDDEN', `This scan was asked for by ${run.username}; only they can stop it.`);
  Atomics.store(run.stop, 0, 1);
  return { cancelling: true };
}

/** Part two: lists the stored findings, audited with the plates flagged. */
export function listClones(
  ctx: Context,
  a: ClonedPlatesArgs,
  scan: { scanned: number; cancelled: boolean },
  started: number,
): ClonedPlatesResult {
  const db = storeOf(ctx);
  const flags = storedFlags(db);
  record(ctx, db, 'search.clonedPlates', 'ok', {
    query: { scan: a.scan ?? 'none', maxKmh: a.maxKmh ?? CLONE_DEFAULTS.maxKmh },
    ...(scan.cancelled ? { cancelled: true } : {}),
    resultCount: flags.length,
    plates: flags.map((f) => f.plate),
    detectionIds: [...new Set(flags.flatMap((f) => f.evidence.flatMap((e) => [e.a.id, e.b.id])))],
  });
  return {
    flags,
    scanned: scan.scanned,
    durationMs: Math.round(performance.now() - started),
    cancelled: scan.cancelled,
  };
}

/** Above this many plates of rows that arrived below the watermark, a full scan beats replaying each history. */
export const LATE_PLATES_FOR_FULL = 20_000;

/**
 * The plates of detections a sync brings at or below the scan's watermark (late or corrected records, or a
 * window that grew back in time): rows above it are found by id after the sync, these are not. The sync engine
 * shows it each page of detections (`SyncOptions.onDetections`); one comparison per row.
 */
export type LateArrivals = { observe: (records: readonly WireRecord[]) => void; readonly plates: ReadonlySet<string> };

export function lateArrivals(db: ReadableDB): LateArrivals {
  const through = cloneWatermark(db);
  const plates = new Set<string>();
  return {
    plates,
    observe(records) {
      if (through === 0 || plates.size > LATE_PLATES_FOR_FULL) return;
      for (const r of records)
        if (!('deleted' in r) && (r.id as number) <= through) plates.add((r.data as { plate: string }).plate);
    },
  };
}

/**
 * After a sync committed detections, on the sync's worker thread: the findings of the plates of the new rows
 * are brought up to date, so the list is waiting when an investigator opens it (`search.clonedPlates` with
 * `scan: 'none'`). Null when nothing new arrived.
 */
export function scanAfterSync(
  db: WritableDB,
  at: string,
  latePlates: ReadonlySet<string>,
  parallel: Parallel | null = null,
): CloneScanSummary | null {
  const since = cloneWatermark(db);
  if (since > 0 && maxDetectionId(db) <= since && latePlates.size === 0) return null;
  // A full scan also when the summaries are lost: one full scan instead of a replay after every sync.
  const full = latePlates.size > LATE_PLATES_FOR_FULL || (since > 0 && summariesLost(db, since, at));
  const mode = full ? 'full' : 'incremental';
  return runCloneScan(db, mode, at, CLONE_DEFAULTS, latePlates, UNWATCHED, parallel);
}

/**
 * The clone scan of what a sync committed, run by the sync worker after it has reported the sync finished (the
 * sync's own time does not wait for it), audited like the search it stands in for. A failure (say another
 * connection held the write lock) does not fail anything: the watermark did not move, so the next sync covers
 * these rows.
 */
export function scanClonesAfterSync(
  db: WritableDB,
  late: LateArrivals,
  at: string,
  audit: AuditWriter,
  parallel: Parallel | null = null,
): CloneScanSummary | null {
  try {
    const s = scanAfterSync(db, at, late.plates, parallel);
    if (s)
      inTransaction(db, () =>
        audit(db, 'search.cloneScan', 'ok', {
          trigger: 'sync',
          scan: s.mode,
          scanned: s.scanned,
          threads: s.threads,
          plates: s.plates,
          flagged: s.flagged,
          review: s.review,
        }),
      );
    return s;
  } catch (err) {
    inTransaction(db, () =>
      audit(db, 'search.cloneScan', 'failed', { trigger: 'sync', error: (err as Error).message }),
    );
    return null;
  }
}
