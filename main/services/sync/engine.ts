import { keptSince } from '../../core/retention/schedule';
import type { SyncProgressInfo } from '../../../preload/contract';
import type { Json } from '../../core/shared/canonicalJson';
import { FEEDS, type Feed } from '../../core/sync/protocol';
import {
  beginWrite,
  commitWrite,
  inTransaction,
  rollbackWrite,
  translateSqliteError,
  type ReadableDB,
  type WritableDB,
} from '../../store/db';
import { getAgency } from '../../store/repos/agency';
import { staleGeneralLists } from '../../store/repos/hotlists';
import {
  finishRun,
  getCursor,
  quarantine,
  resetCursor,
  saveCursor,
  startRun,
  trimQuarantine,
} from '../../store/repos/sync';
import { FeedApplier, type UserChange } from './apply';
import type { AgencyClient, Page } from './client';
import { SyncError } from './errors';
import { prefetchHitImages } from './images';
import { pushAuditChain, pushOutbox } from './push';
import { DEFAULT_RETRY, withRetry, type OnRetry, type RetryPolicy } from './retry';

/**
 * The workstation's sync engine: pulls each feed after its cursor in pages, applies each page in one
 * transaction together with the new cursor (so a crash at any point loses nothing and doubles nothing),
 * retries transient failures with backoff, quarantines malformed records, then pushes the audit chain and
 * the outbox. Runs on whatever thread owns `db`: the worker in production (sync.worker.ts), the test process in
 * tests.
 */
/** The contract's progress event, with the feed typed. */
export type SyncProgress = Omit<SyncProgressInfo, 'feed'> & { feed: Feed | null };

export type FeedStats = {
  pages: number;
  upserted: number;
  deleted: number;
  quarantined: number;
  bytes: number;
  /** Transactions the feed's pages were committed in (groups of pages; see `FeedWriter`). */
  commits: number;
  /** Where the feed's time went: waiting for pages, applying them, committing them (ms). */
  waitMs: number;
  applyMs: number;
  commitMs: number;
};

export type SyncResult = {
  outcome: 'ok' | 'failed' | 'cancelled';
  error: { code: string; message: string } | null;
  feeds: Partial<Record<Feed, FeedStats>>;
  records: number;
  bytes: number;
  durationMs: number;
  /** Time the server spent answering (from Server-Timing), to tell its share from ours. */
  serverMs: number;
  retries: number;
  detectionsSince: string | null;
  audit: { pushedThrough: number; accepted: number } | null;
  outbox: { pushed: number; failed: number };
  userChanges: UserChange[];
  staleHotlists: string[];
};

export type SyncOptions = {
  client: AgencyClient;
  serverUrl: string;
  username: string | null;
  /** Writes one access-log record (through services/auditLog `record`) in the current transaction. */
  audit: (db: WritableDB, action: string, outcome: 'ok' | 'denied' | 'failed', data: { [key: string]: Json }) => void;
  feeds?: readonly Feed[];
  /** How far back detections and hits are kept on this workstation; never beyond the policy's retention. */
  windowDays?: number;
  pageSize?: number;
  /** Records committed per transaction at most (pages that are already here are applied together); default 100,000. */
  commitEvery?: number;
  /**
   * A group is also committed once it has been open this long (default 400 ms): main's connection waits for
   * the write lock synchronously (a search's audit record), so a long group would freeze the workspace.
   */
  commitAfterMs?: number;
  /** Pages of one feed in one sync at most (default 5,000: 50 million records at the default page size). */
  maxPagesPerFeed?: number;
  /** Records quarantined in one sync at most before it stops (default 1,000); the table keeps the newest 10,000. */
  maxQuarantined?: number;
  retry?: RetryPolicy;
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (p: SyncProgress) => void;
  /** Fetch the images of hit detections during sync (others are fetched when a user opens them). */
  prefetchImages?: 'none' | 'hits';
  pushAudit?: boolean;
  now?: () => Date;
  /**
   * Sees every page of detections before it is applied, in the page's transaction: the sync worker's clone scan
   * collects what arrived late through it (detections/clones `lateArrivals`).
   */
  onDetections?: (records: Page['records']) => void;
  /** Test hook: called after each page is committed. */
  afterPage?: (feed: Feed, page: Page) => void;
};

const DAY = 86_400_000;
/** The quarantine keeps the newest this many records. */
const QUARANTINE_KEPT = 10_000;
export const DEFAULT_WINDOW_DAYS = 90;

/**
 * One sync, start to end: pull every feed, fetch the hits' images, record the run in the access log, push the
 * chain and the outbox. Whatever stops the pull, what arrived intact is kept and the run is recorded.
 */
export async function runSync(db: WritableDB, options: SyncOptions): Promise<SyncResult> {
  const run = new SyncRun(db, options);
  try {
    for (const feed of options.feeds ?? FEEDS) await pullFeed(run, feed);
    if (options.prefetchImages === 'hits') await prefetchHitImages(db, options, run.retry, run.onRetry);
  } catch (err) {
    run.stopped(err);
  }
  recordRun(run);
  if (options.pushAudit !== false && run.result.outcome !== 'cancelled') await pushAll(run);
  return run.finish();
}

/** The state of one run: its result so far, its progress events, its retry policy and its abort signal. */
class SyncRun {
  readonly now: () => Date;
  readonly retry: RetryPolicy;
  readonly result: SyncResult;
  readonly started = performance.now();
  readonly runId: number;
  /** Our own abort: a page fetched ahead is abandoned when the sync stops, whatever the reason. */
  readonly inner = new AbortController();
  private readonly onOuterAbort = () => this.inner.abort();
  current: { feed: Feed | null; remaining: number } = { feed: null, remaining: 0 };

  constructor(
    readonly db: WritableDB,
    readonly options: SyncOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.result = {
      outcome: 'ok',
      error: null,
      feeds: {},
      records: 0,
      bytes: 0,
      durationMs: 0,
      serverMs: 0,
      retries: 0,
      detectionsSince: null,
      audit: null,
      outbox: { pushed: 0, failed: 0 },
      userChanges: [],
      staleHotlists: [],
    };
    this.runId = inTransaction(db, () => startRun(db, this.now().toISOString(), options.username, options.serverUrl));
    options.signal?.addEventListener('abort', this.onOuterAbort, { once: true });
  }

  emit(status: SyncProgress['status'], phase: SyncProgress['phase'], message: string | null = null): void {
    const seconds = (performance.now() - this.started) / 1000;
    const rate = seconds > 0 ? this.result.records / seconds : 0;
    this.options.onProgress?.({
      phase,
      feed: this.current.feed,
      status,
      records: this.result.records,
      bytes: this.result.bytes,
      rate: Math.round(rate),
      remaining: this.current.remaining,
      etaSeconds: rate > 0 ? Math.round((this.current.remaining / rate) * 10) / 10 : null,
      message,
    });
  }

  readonly onRetry: OnRetry = (err, attempt, delayMs) => {
    this.result.retries++;
    this.emit(
      'retrying',
      'pull',
      `${err.message} Retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${this.retry.attempts}).`,
    );
  };

  /** The pull ended early: cancelled or failed. */
  stopped(err: unknown): void {
    this.inner.abort();
    const e = err instanceof SyncError ? err : new SyncError('INTERNAL', (err as Error).message);
    this.result.outcome = e.code === 'CANCELLED' ? 'cancelled' : 'failed';
    this.result.error = e.toJSON();
  }

  finish(): SyncResult {
    this.options.signal?.removeEventListener('abort', this.onOuterAbort);
    const { db, result } = this;
    result.durationMs = Math.round(performance.now() - this.started);
    inTransaction(db, () => finishRun(db, this.runId, this.now().toISOString(), result.outcome, result));
    this.emit(result.outcome === 'ok' ? 'finished' : result.outcome, 'done', result.error?.message ?? null);
    return result;
  }
}

/** Pulls one feed after its cursor, page by page, each page applied as it arrives (see `FeedWriter`). */
async function pullFeed(run: SyncRun, feed: Feed): Promise<void> {
  const { db, options, result } = run;
  run.current = { feed, remaining: 0 };
  const since = windowStart(db, feed, options.windowDays ?? DEFAULT_WINDOW_DAYS, run.now());
  if (feed === 'detections' && since !== null) result.detectionsSince = new Date(since).toISOString();
  let cursor = getCursor(db, feed);
  if (cursor && since !== null && cursor.since !== null && since < cursor.since) {
    // The window grew: pull the feed again from the start (upserts make the overlap harmless).
    inTransaction(db, () => resetCursor(db, feed));
    cursor = null;
  }
  const stats: FeedStats = (result.feeds[feed] = {
    pages: 0,
    upserted: 0,
    deleted: 0,
    quarantined: 0,
    bytes: 0,
    commits: 0,
    waitMs: 0,
    applyMs: 0,
    commitMs: 0,
  });
  const fetchPage = (after: string | null) => {
    const p = withRetry(
      async () => {
        await options.client.ensureFresh(run.inner.signal);
        return options.client.page(feed, after, {
          since,
          limit: options.pageSize ?? 10_000,
          signal: run.inner.signal,
          timeoutMs: options.timeoutMs,
        });
      },
      run.retry,
      run.inner.signal,
      run.onRetry,
    );
    p.catch(() => undefined); // Observed below; never an unhandled rejection while a page is being applied.
    return p;
  };
  const writer = new FeedWriter(run, feed, since, stats);
  let after = cursor?.cursor ?? null;
  let pending: Arriving | null = arriving(fetchPage(after));
  run.emit('running', 'pull');
  try {
    while (pending) {
      // A young group waits for the next page with its transaction open, but only for what is left of
      // `commitAfterMs`, the wait main's writes (a search's access record) already accept: a page's body streams in
      // only while this loop awaits, so committing at once made every group one page, and every commit wrote most
      // of the (day, plate) index again. A page still on its way after that is waited for with everything
      // committed, so main never queues behind a slow server.
      const [waitFrom, committedMs] = [performance.now(), stats.commitMs];
      if (!pending.settled) await settledWithin(pending, writer.timeLeft());
      if (!pending.settled) writer.commit();
      const page: Page = await pending.page;
      stats.waitMs += performance.now() - waitFrom - (stats.commitMs - committedMs);
      checkProgress(feed, page, after, stats.pages + 1, options.maxPagesPerFeed ?? 5_000);
      after = page.trailer.next;
      // Ask for the next page before applying this one, so the server works while we write. The request leaves
      // only when this loop yields (the token check, the socket's assignment: promises and ticks), so yield once
      // before the synchronous apply; without it the server began each page only after the last was applied.
      pending = page.trailer.more && !options.signal?.aborted ? arriving(fetchPage(page.trailer.next)) : null;
      if (pending) await new Promise<void>((resolve) => setImmediate(resolve));
      writer.apply(page);
      if (pending === null) writer.commit();
      else writer.commitIfDue();
      stats.pages++;
      stats.bytes += page.bytes;
      result.records += page.records.length + page.rejected.length;
      result.bytes += page.bytes;
      result.serverMs += page.serverMs;
      run.current.remaining = page.trailer.remaining;
      run.emit('running', 'pull');
      if (options.signal?.aborted) throw new SyncError('CANCELLED', 'Sync was cancelled.');
      const quarantined = Object.values(result.feeds).reduce((n, f) => n + f.quarantined, 0);
      if (quarantined > (options.maxQuarantined ?? 1_000))
        throw new SyncError(
          'PROTOCOL_ERROR',
          `The agency server sent more than ${options.maxQuarantined ?? 1_000} records Canvass cannot use in one sync (${quarantined}); the sync stopped. What arrived intact is kept; tell the ALPR administrator.`,
        );
    }
  } finally {
    // What arrived intact is kept, whatever stopped the feed.
    writer.commit();
  }
}

/** A page on its way, and whether it has arrived (or failed) yet. */
type Arriving = { page: Promise<Page>; settled: boolean };

function arriving(page: Promise<Page>): Arriving {
  const a: Arriving = { page, settled: false };
  page.then(
    () => (a.settled = true),
    () => (a.settled = true),
  );
  return a;
}

/** Resolves when the page has arrived (or failed) or after `ms`, whichever is first; never rejects. */
async function settledWithin(a: Arriving, ms: number): Promise<void> {
  if (ms <= 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    a.page.then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
}

/**
 * A server that keeps saying "more" must move the feed on: every page that promises more carries records and a
 * new cursor, and a feed ends within `maxPages` pages. Otherwise the sync stops with a clear error instead of
 * looping for ever.
 */
function checkProgress(feed: Feed, page: Page, after: string | null, pageNo: number, maxPages: number): void {
  if (!page.trailer.more) return;
  const count = page.records.length + page.rejected.length;
  if (count === 0 || page.trailer.next === after)
    throw new SyncError(
      'PROTOCOL_ERROR',
      `The agency server says the ${feed} feed has more, but its page ${count === 0 ? 'is empty' : 'does not move the feed on (the same cursor again)'}: the sync stopped rather than ask for ever. Tell the ALPR administrator.`,
    );
  if (pageNo >= maxPages)
    throw new SyncError(
      'PROTOCOL_ERROR',
      `The agency server still says the ${feed} feed has more after ${maxPages} pages in one sync: the sync stopped (what arrived is kept; the next sync continues from there).`,
    );
}

/**
 * Applies a feed's pages and commits them in groups, each group in one transaction together with the cursor of
 * its last page: a crash leaves data and cursor in step. A group holds the pages that arrive while it is young (at
 * most `commitEvery` records, open at most `commitAfterMs`): big transactions write each index page once per
 * group instead of once per page, and a page that is slow to come is awaited with the group committed.
 */
class FeedWriter {
  private group: Page[] = [];
  private groupCount = 0;
  private open = false;
  private openedAt = 0;
  private readonly applier: FeedApplier;

  constructor(
    private readonly run: SyncRun,
    private readonly feed: Feed,
    private readonly since: number | null,
    private readonly stats: FeedStats,
  ) {
    this.applier = new FeedApplier(run.db, {
      now: run.now,
      audit: (action, data) => run.options.audit(run.db, action, 'ok', data),
      userChanges: run.result.userChanges,
    });
  }

  apply(page: Page): void {
    const from = performance.now();
    const { db, options } = this.run;
    if (!this.open) {
      beginWrite(db);
      this.open = true;
      this.openedAt = performance.now();
    }
    const at = this.run.now().toISOString();
    try {
      if (this.feed === 'detections') options.onDetections?.(page.records);
      const applied = this.applier.apply(this.feed, page.records);
      for (const bad of page.rejected)
        quarantine(db, { feed: this.feed, kind: bad.kind, recordId: bad.id, reason: bad.reason, raw: bad.line, at });
      for (const u of applied.unapplied)
        quarantine(db, {
          feed: this.feed,
          kind: u.record.kind,
          recordId: String(u.record.id),
          reason: u.reason,
          raw: JSON.stringify(u.record),
          at,
        });
      if (page.rejected.length || applied.unapplied.length) trimQuarantine(db, QUARANTINE_KEPT);
      this.stats.upserted += applied.upserted;
      this.stats.deleted += applied.deleted;
      this.stats.quarantined += page.rejected.length + applied.unapplied.length;
    } catch (err) {
      // Nothing of this group is kept: its cursor was not saved either, so the next sync fetches it again.
      rollbackWrite(db);
      this.open = false;
      this.group = [];
      this.groupCount = 0;
      throw translateSqliteError(err);
    }
    this.group.push(page);
    this.groupCount += page.records.length + page.rejected.length;
    this.stats.applyMs += performance.now() - from;
  }

  /** How much longer the open group may stay open (0 when none is open). */
  timeLeft(): number {
    if (!this.open) return 0;
    return (this.run.options.commitAfterMs ?? 400) - (performance.now() - this.openedAt);
  }

  commitIfDue(): void {
    const due = this.groupCount >= (this.run.options.commitEvery ?? 100_000) || this.timeLeft() <= 0;
    if (due) this.commit();
  }

  commit(): void {
    if (!this.open) return;
    const from = performance.now();
    const { db, options } = this.run;
    const last = this.group[this.group.length - 1];
    if (last)
      saveCursor(
        db,
        this.feed,
        last.trailer.next,
        this.since,
        this.group.reduce((n, p) => n + p.records.length, 0),
        this.run.now().toISOString(),
      );
    commitWrite(db);
    this.open = false;
    this.stats.commits++;
    this.stats.commitMs += performance.now() - from;
    const pages = this.group;
    this.group = [];
    this.groupCount = 0;
    for (const page of pages) options.afterPage?.(this.feed, page);
  }
}

/** Every sync is an access-log record; the stale general hot lists are named in its result. */
function recordRun(run: SyncRun): void {
  const { db, options, result } = run;
  const profile = getAgency(db)?.profile;
  result.staleHotlists = staleGeneralLists(db, run.now(), profile?.hotLists.generalRefresh.everyHours ?? 24).map(
    (l) => l.id,
  );
  result.durationMs = Math.round(performance.now() - run.started);
  inTransaction(db, () =>
    options.audit(db, 'sync.run', result.outcome === 'ok' ? 'ok' : 'failed', {
      server: options.serverUrl,
      outcome: result.outcome,
      records: result.records,
      detectionsSince: result.detectionsSince,
      feeds: Object.fromEntries(
        Object.entries(result.feeds).map(([f, s]) => [
          f,
          { upserted: s.upserted, deleted: s.deleted, quarantined: s.quarantined },
        ]),
      ),
      error: result.error ? `${result.error.code}: ${result.error.message}` : null,
    }),
  );
}

/** Pushing the chain and the outbox is part of every sync; a failure there fails a sync that pulled well. */
async function pushAll(run: SyncRun): Promise<void> {
  const { db, options, result } = run;
  try {
    run.emit('running', 'push');
    result.audit = await pushAuditChain(db, options, run.retry, run.onRetry);
    result.outbox = await pushOutbox(db, options, run.retry, run.onRetry, run.now);
  } catch (err) {
    // A cancel that lands while pushing is a cancel, not a failure: what was pulled is kept, the next sync pushes.
    if (result.outcome === 'ok') run.stopped(err);
    // `sync.run` went out with the chain and speaks of the pull; this record says the push did not end, and goes
    // out with the next sync's push.
    inTransaction(db, () =>
      options.audit(db, 'sync.push', 'failed', {
        server: options.serverUrl,
        outcome: result.outcome,
        error: result.error ? `${result.error.code}: ${result.error.message}` : null,
      }),
    );
  }
}

/** Detections and hits are pulled back to `windowDays`, never beyond what the policy lets the workstation keep. */
export function windowStart(db: ReadableDB, feed: Feed, windowDays: number, now: Date): number | null {
  if (feed !== 'detections' && feed !== 'hits') return null;
  const profile = getAgency(db)?.profile;
  const kept = profile ? keptSince(profile, feed === 'detections' ? 'detection' : 'hit', now) : null;
  const window = now.getTime() - windowDays * DAY;
  return kept === null ? window : Math.max(window, kept.getTime());
}
