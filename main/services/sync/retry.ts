import { SyncError } from './errors';

/** How often and how patiently a request is tried again after a transient failure. */
export type RetryPolicy = { attempts: number; baseMs: number; maxMs: number };
export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseMs: 500, maxMs: 30_000 };
export type OnRetry = (err: SyncError, attempt: number, delayMs: number) => void;

/**
 * Runs `fn`, trying again after a retryable failure with exponential backoff and jitter (or the server's
 * Retry-After), until the policy's attempts are spent or the signal aborts.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  onRetry: OnRetry,
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
