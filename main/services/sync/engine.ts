import type { SyncProgressInfo } from '../../../preload/contract';
import type { Json } from '../../core/shared/canonicalJson';
import type { ChainLink } from '../../core/audit/chain';
import { FEEDS, type Feed } from '../../core/sync/protocol';
import { inTransaction, translateSqliteError, type ReadableDB, type WritableDB } from '../../store/db';
import { getAgency } from '../../store/repos/agency';
import { iterateAudit } from '../../store/repos/audit';
import { staleGeneralLists } from '../../store/repos/hotlists';
import {
  finishRun,
  getCursor,
  getSyncValue,
  markPushed,
  markPushFailed,
  pendingOutbox,
  quarantine,
  resetCursor,
  saveCursor,
  setSyncValue,
  startRun,
} from '../../store/repos/sync';
import { cloneWatermark, LATE_PLATES_FOR_FULL, scanAfterSync, type CloneScanSummary } from '../detections/clones';
import { FeedApplier, type UserChange } from './apply';
import type { AgencyClient, Page } from './client';
import { SyncError } from './errors';

/**
 * The workstation's sync engine: pulls each feed after its cursor in pages, applies each page in one
 * transaction together with the new cursor (so a crash at any point loses nothing and doubles nothing),
 * retries transient failures with backoff, quarantines malformed records, then pushes the audit chain and
 * the outbox. Runs on whatever thread owns `db`: the worker in production (sync.worker.ts), the test process in
 * tests.
 */
/** The contract's progress event, with the feed typed. */
export type SyncProgress = Omit<SyncProgressInfo, 'feed'> & { feed: Feed | null };

export type FeedStats = { pages: number; upserted: number; deleted: number; quarantined: number; bytes: number };

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

export type RetryPolicy = { attempts: number; baseMs: number; maxMs: number };

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
  /** Records committed per transaction (several pages); default 100,000. */
  commitEvery?: number;
  /**
   * A group is also committed once it has been open this long (default 400 ms): main's connection waits for
   * the write lock synchronously (a search's audit record), so a long group would freeze the workspace.
   */
  commitAfterMs?: number;
  retry?: RetryPolicy;
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (p: SyncProgress) => void;
  /** Fetch the images of hit detections during sync (others are fetched when a user opens them). */
  prefetchImages?: 'none' | 'hits';
  pushAudit?: boolean;
  now?: () => Date;
  /**
   * Collects the plates of detections that arrive at or below the clone scan's watermark (late or corrected
   * records), for the clone scan that follows the sync (`scanClonesAfterSync`); none are collected without it.
   */
  latePlates?: Set<string>;
  /** Test hook: called after each page is committed. */
  afterPage?: (feed: Feed, page: Page) => void;
};

const DAY = 86_400_000;
export const DEFAULT_WINDOW_DAYS = 90;
const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseMs: 500, maxMs: 30_000 };

export async function runSync(db: WritableDB, options: SyncOptions): Promise<SyncResult> {
  const now = options.now ?? (() => new Date());
  const started = performance.now();
  const retry = options.retry ?? DEFAULT_RETRY;
  const pageSize = options.pageSize ?? 10_000;
  const commitEvery = options.commitEvery ?? 100_000;
  const commitAfterMs = options.commitAfterMs ?? 400;
  const feeds = options.feeds ?? FEEDS;
  const userChanges: UserChange[] = [];
  const result: SyncResult = {
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
    userChanges,
    staleHotlists: [],
  };
  const runId = inTransaction(db, () => startRun(db, now().toISOString(), options.username, options.serverUrl));
  // Our own abort: a page fetched ahead is abandoned when the sync stops, whatever the reason.
  const inner = new AbortController();
  const onOuterAbort = () => inner.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const applier = new FeedApplier(db, {
    now,
    audit: (action, data) => options.audit(db, action, 'ok', data),
    userChanges,
  });
  // Rows at or below the clone scan's watermark (late or corrected records) are not found by id: their plates
  // are collected as pages are applied (one comparison per row otherwise).
  const latePlates = options.latePlates;
  const clonesThrough = latePlates ? cloneWatermark(db) : 0;
  let current: { feed: Feed | null; remaining: number } = { feed: null, remaining: 0 };
  const emit = (status: SyncProgress['status'], phase: SyncProgress['phase'], message: string | null = null) => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? result.records / seconds : 0;
    options.onProgress?.({
      phase,
      feed: current.feed,
      status,
      records: result.records,
      bytes: result.bytes,
      rate: Math.round(rate),
      remaining: current.remaining,
      etaSeconds: rate > 0 ? Math.round((current.remaining / rate) * 10) / 10 : null,
      message,
    });
  };
  const onRetry = (err: SyncError, attempt: number, delayMs: number) => {
    result.retries++;
    emit(
      'retrying',
      'pull',
      `${err.message} Retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${retry.attempts}).`,
    );
  };

  try {
    for (const feed of feeds) {
      current = { feed, remaining: 0 };
      const since = windowStart(db, feed, options.windowDays ?? DEFAULT_WINDOW_DAYS, now());
      if (feed === 'detections' && since !== null) result.detectionsSince = new Date(since).toISOString();
      let cursor = getCursor(db, feed);
      if (cursor && since !== null && cursor.since !== null && since < cursor.since) {
        // The window grew: pull the feed again from the start (upserts make the overlap harmless).
        inTransaction(db, () => resetCursor(db, feed));
        cursor = null;
      }
      const stats: FeedStats = (result.feeds[feed] = { pages: 0, upserted: 0, deleted: 0, quarantined: 0, bytes: 0 });
      const fetchPage = (after: string | null) => {
        const p = withRetry(
          async () => {
            await options.client.ensureFresh(inner.signal);
            return options.client.page(feed, after, {
              since,
              limit: pageSize,
              signal: inner.signal,
              timeoutMs: options.timeoutMs,
            });
          },
          retry,
          inner.signal,
          onRetry,
        );
        p.catch(() => undefined); // Observed below; never an unhandled rejection while a page is being applied.
        return p;
      };
      // Each page is applied as it arrives, but pages are committed in groups of about `commitEvery` records,
      // each group in one transaction together with the cursor of its last page: big transactions write each
      // index page once per group instead of once per page, and a crash still leaves data and cursor in step.
      // The transaction stays open across the awaits between pages, so the engine needs a connection of its
      // own (the worker's); other connections keep reading (WAL) and wait at most one group to write.
      let group: Page[] = [];
      let groupCount = 0;
      let groupOpen = false;
      let groupOpenedAt = 0;
      const commitGroup = () => {
        if (!groupOpen) return;
        const last = group[group.length - 1];
        if (last)
          saveCursor(
            db,
            feed,
            last.trailer.next,
            since,
            group.reduce((n, p) => n + p.records.length, 0),
            now().toISOString(),
          );
        db.exec('COMMIT');
        groupOpen = false;
        const pages = group;
        group = [];
        groupCount = 0;
        for (const page of pages) options.afterPage?.(feed, page);
      };
      const applyPage = (page: Page) => {
        if (!groupOpen) {
          db.exec('BEGIN IMMEDIATE');
          groupOpen = true;
          groupOpenedAt = performance.now();
        }
        const at = now().toISOString();
        if (feed === 'detections' && latePlates && clonesThrough > 0 && latePlates.size <= LATE_PLATES_FOR_FULL)
          for (const r of page.records)
            if (!('deleted' in r) && (r.id as number) <= clonesThrough)
              latePlates.add((r.data as { plate: string }).plate);
        try {
          const applied = applier.apply(feed, page.records);
          for (const bad of page.rejected)
            quarantine(db, { feed, kind: bad.kind, recordId: bad.id, reason: bad.reason, raw: bad.line, at });
          for (const u of applied.unapplied)
            quarantine(db, {
              feed,
              kind: u.record.kind,
              recordId: String(u.record.id),
              reason: u.reason,
              raw: JSON.stringify(u.record),
              at,
            });
          stats.upserted += applied.upserted;
          stats.deleted += applied.deleted;
          stats.quarantined += page.rejected.length + applied.unapplied.length;
        } catch (err) {
          // Nothing of this group is kept: its cursor was not saved either, so the next sync fetches it again.
          db.exec('ROLLBACK');
          groupOpen = false;
          group = [];
          groupCount = 0;
          throw translateSqliteError(err);
        }
        group.push(page);
        groupCount += page.records.length + page.rejected.length;
      };
      let pending: Promise<Page> | null = fetchPage(cursor?.cursor ?? null);
      emit('running', 'pull');
      try {
        while (pending) {
          const page: Page = await pending;
          // Ask for the next page before applying this one, so the server works while we write.
          pending = page.trailer.more && !options.signal?.aborted ? fetchPage(page.trailer.next) : null;
          applyPage(page);
          if (groupCount >= commitEvery || performance.now() - groupOpenedAt >= commitAfterMs || pending === null)
            commitGroup();
          stats.pages++;
          stats.bytes += page.bytes;
          result.records += page.records.length + page.rejected.length;
          result.bytes += page.bytes;
          result.serverMs += page.serverMs;
          current.remaining = page.trailer.remaining;
          emit('running', 'pull');
          if (options.signal?.aborted) throw new SyncError('CANCELLED', 'Sync was cancelled.');
        }
      } finally {
        // What arrived intact is kept, whatever stopped the feed.
        commitGroup();
      }
    }
    if (options.prefetchImages === 'hits') await prefetchHitImages(db, options, retry, onRetry);
  } catch (err) {
    inner.abort();
    const e = err instanceof SyncError ? err : new SyncError('INTERNAL', (err as Error).message);
    result.outcome = e.code === 'CANCELLED' ? 'cancelled' : 'failed';
    result.error = e.toJSON();
  }

  const profile = getAgency(db)?.profile;
  result.staleHotlists = staleGeneralLists(db, now(), profile?.hotLists.generalRefreshHours ?? 24).map((l) => l.id);
  result.durationMs = Math.round(performance.now() - started);
  // Every sync is an access-log record, and pushing the chain is part of every sync.
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
  if (options.pushAudit !== false && result.outcome !== 'cancelled') {
    try {
      emit('running', 'push');
      result.audit = await pushAuditChain(db, options, retry, onRetry);
      result.outbox = await pushOutbox(db, options, retry, onRetry, now);
    } catch (err) {
      if (result.outcome === 'ok') {
        result.outcome = 'failed';
        result.error = err instanceof SyncError ? err.toJSON() : { code: 'INTERNAL', message: (err as Error).message };
      }
    }
  }
  options.signal?.removeEventListener('abort', onOuterAbort);
  result.durationMs = Math.round(performance.now() - started);
  inTransaction(db, () => finishRun(db, runId, now().toISOString(), result.outcome, result));
  emit(result.outcome === 'ok' ? 'finished' : result.outcome, 'done', result.error?.message ?? null);
  return result;
}

/**
 * The clone scan of what a sync committed, run by the sync worker after it has reported the sync finished (the
 * sync's own time does not wait for it), audited like the search it stands in for. A failure (say another
 * connection held the write lock) does not fail anything: the watermark did not move, so the next sync covers
 * these rows. Null when the sync brought no detections.
 */
export function scanClonesAfterSync(
  db: WritableDB,
  result: SyncResult,
  latePlates: ReadonlySet<string>,
  at: string,
  audit: SyncOptions['audit'],
): CloneScanSummary | null {
  const pulled = result.feeds.detections;
  if (result.outcome === 'cancelled' || !pulled || pulled.upserted === 0) return null;
  try {
    const s = scanAfterSync(db, at, latePlates);
    if (s)
      inTransaction(db, () =>
        audit(db, 'search.cloneScan', 'ok', {
          trigger: 'sync',
          scan: s.mode,
          scanned: s.scanned,
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

/** Detections and hits are pulled back to `windowDays`, never beyond what the policy lets the workstation keep. */
export function windowStart(db: ReadableDB, feed: Feed, windowDays: number, now: Date): number | null {
  if (feed !== 'detections' && feed !== 'hits') return null;
  const retention = getAgency(db)?.profile.retention[feed === 'detections' ? 'detection' : 'hit'].maxDays ?? null;
  const days = retention === null ? windowDays : Math.min(windowDays, retention);
  return now.getTime() - days * DAY;
}

export async function withRetry<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  onRetry: (err: SyncError, attempt: number, delayMs: number) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof SyncError) || !err.retryable || attempt >= policy.attempts || signal?.aborted) throw err;
      const backoff = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
      const delay =
        err.retryAfterMs !== null ? Math.min(policy.maxMs, Math.max(err.retryAfterMs, policy.baseMs)) : backoff;
      onRetry(err, attempt, delay);
      await sleep(delay, signal);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new SyncError('CANCELLED', 'Sync was cancelled.'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new SyncError('CANCELLED', 'Sync was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Sends the access-log links the server has not acknowledged yet; the server verifies they continue its copy. */
async function pushAuditChain(
  db: WritableDB,
  options: SyncOptions,
  retry: RetryPolicy,
  onRetry: (e: SyncError, a: number, d: number) => void,
): Promise<{ pushedThrough: number; accepted: number }> {
  let pushed = Number(getSyncValue(db, 'audit.pushedSeq') ?? 0);
  let accepted = 0;
  for (;;) {
    const batch: ChainLink[] = [];
    for (const link of iterateAudit(db, pushed + 1)) {
      batch.push(link);
      if (batch.length >= 2000) break;
    }
    if (batch.length === 0) break;
    let res;
    try {
      res = await withRetry(() => options.client.pushAudit(batch, options.signal), retry, options.signal, onRetry);
    } catch (err) {
      // The server lost part of our chain (e.g. restored from backup): send it again from the start.
      if (err instanceof SyncError && err.code === 'CHAIN_CONFLICT' && pushed > 0 && /missing/.test(err.message)) {
        pushed = 0;
        continue;
      }
      throw err;
    }
    accepted += res.accepted;
    pushed = batch[batch.length - 1]!.seq;
    const through = pushed;
    inTransaction(db, () => setSyncValue(db, 'audit.pushedSeq', String(through)));
  }
  return { pushedThrough: pushed, accepted };
}

async function pushOutbox(
  db: WritableDB,
  options: SyncOptions,
  retry: RetryPolicy,
  onRetry: (e: SyncError, a: number, d: number) => void,
  now: () => Date,
): Promise<{ pushed: number; failed: number }> {
  let pushed = 0;
  let failed = 0;
  for (const item of pendingOutbox(db)) {
    try {
      const res = await withRetry(
        () => options.client.pushItem(item.key, item.kind, JSON.parse(item.body), options.signal),
        retry,
        options.signal,
        onRetry,
      );
      inTransaction(db, () => markPushed(db, item.key, res.serverId, now().toISOString()));
      pushed++;
    } catch (err) {
      if (err instanceof SyncError && (err.retryable || err.code === 'CANCELLED')) throw err;
      inTransaction(db, () => markPushFailed(db, item.key, (err as Error).message));
      failed++;
    }
  }
  return { pushed, failed };
}

/** Images of hit detections are fetched during sync; each is checked against its SHA-256 before it is stored. */
async function prefetchHitImages(
  db: WritableDB,
  options: SyncOptions,
  retry: RetryPolicy,
  onRetry: (e: SyncError, a: number, d: number) => void,
): Promise<void> {
  const wanted = db
    .prepare(
      `SELECT sha, kind FROM (
         SELECT d.plate_image AS sha, 'plate' AS kind FROM hits h JOIN detections d ON d.id = h.detection_id WHERE d.plate_image IS NOT NULL
         UNION SELECT d.overview_image, 'overview' FROM hits h JOIN detections d ON d.id = h.detection_id WHERE d.overview_image IS NOT NULL
       ) WHERE sha NOT IN (SELECT sha256 FROM images WHERE bytes IS NOT NULL) LIMIT 500`,
    )
    .all() as { sha: string; kind: 'plate' | 'overview' }[];
  for (const w of wanted) await fetchImageInto(db, options.client, w.sha, w.kind, retry, options.signal, onRetry);
}

/** Fetches one image into the encrypted store (on demand, for a record a user opens or exports). */
export async function fetchImageInto(
  db: WritableDB,
  client: AgencyClient,
  sha256: string,
  kind: 'plate' | 'overview',
  retry: RetryPolicy = DEFAULT_RETRY,
  signal?: AbortSignal,
  onRetry: (e: SyncError, a: number, d: number) => void = () => undefined,
): Promise<Buffer> {
  const held = db.prepare('SELECT bytes FROM images WHERE sha256 = ? AND bytes IS NOT NULL').get(sha256) as
    { bytes: Buffer } | undefined;
  if (held) return held.bytes;
  const img = await withRetry(() => client.image(sha256, signal), retry, signal, onRetry);
  inTransaction(db, () =>
    db
      .prepare(
        `INSERT INTO images (sha256, kind, mime, byte_length, bytes, fetched_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (sha256) DO UPDATE SET bytes = excluded.bytes, byte_length = excluded.byte_length, fetched_at = excluded.fetched_at`,
      )
      .run(sha256, kind, img.mime, img.bytes.length, img.bytes, new Date().toISOString()),
  );
  return img.bytes;
}

/**
 * The images of one detection, for a record a user opens or exports: fetched by SHA-256 if the detection
 * names them, otherwise rendered on the server first (its new version is applied like any feed record). A
 * camera may keep only an overview (or only a crop): the image it did not keep is null. Null when the
 * detection names no image even after the server was asked.
 */
export async function ensureDetectionImages(
  db: WritableDB,
  client: AgencyClient,
  detectionId: number,
  retry: RetryPolicy = DEFAULT_RETRY,
  signal?: AbortSignal,
): Promise<{ plate: Buffer | null; overview: Buffer | null } | null> {
  const named = () =>
    db.prepare('SELECT plate_image AS p, overview_image AS o FROM detections WHERE id = ?').get(detectionId) as
      { p: string | null; o: string | null } | undefined;
  let row = named();
  if (!row) return null;
  if (row.p === null && row.o === null) {
    const record = await withRetry(
      () => client.requestImages(detectionId, signal),
      retry,
      signal,
      () => undefined,
    );
    const applier = new FeedApplier(db, { now: () => new Date(), audit: () => undefined, userChanges: [] });
    inTransaction(db, () => applier.apply('detections', [record]));
    row = named()!;
    if (row.p === null && row.o === null) return null;
  }
  const plate = row.p ? await fetchImageInto(db, client, row.p, 'plate', retry, signal) : null;
  const overview = row.o ? await fetchImageInto(db, client, row.o, 'overview', retry, signal) : null;
  return { plate, overview };
}
