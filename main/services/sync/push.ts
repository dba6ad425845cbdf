import type { ChainLink } from '../../core/audit/chain';
import { inTransaction, type WritableDB } from '../../store/db';
import { iterateAudit } from '../../store/repos/audit';
import { getSyncValue, markPushed, markPushFailed, pendingOutbox, setSyncValue } from '../../store/repos/sync';
import type { SyncOptions } from './engine';
import { SyncError } from './errors';
import { withRetry, type OnRetry, type RetryPolicy } from './retry';

/** Sends the access-log links the server has not acknowledged yet; the server verifies they continue its copy. */
export async function pushAuditChain(
  db: WritableDB,
  options: SyncOptions,
  retry: RetryPolicy,
  onRetry: OnRetry,
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

/** Sends what the workstation queued for the server (OCR corrections, hot-list entries, ...), once each. */
export async function pushOutbox(
  db: WritableDB,
  options: SyncOptions,
  retry: RetryPolicy,
  onRetry: OnRetry,
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
