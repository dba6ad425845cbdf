import { Worker } from 'node:worker_threads';
import { join } from 'node:path';

/**
 * Main's stand-in while something else writes: on a thread and connection of its own, a one-row durable write
 * every 50 ms (as each search writes its access record), timing how long each waited for the store's write lock.
 * Main waits that long with its event loop stopped, and fails past its busy timeout (better-sqlite3's 5 s); here
 * the timeout is a minute, so the wait is measured rather than cut off.
 */
export type WriteProbe = { stop: () => Promise<ProbeResult> };
export type ProbeResult = { writes: number; longestMs: number; over500: number; failures: string[] };

export function startWriteProbe(path: string, key: Buffer): WriteProbe {
  const tsx = require.resolve('tsx/cjs/api');
  const entry = join(__dirname, 'writeProbe.worker.ts');
  const worker = new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`, {
    eval: true,
    workerData: { path, key: new Uint8Array(key) },
  });
  const result = new Promise<ProbeResult>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    stop: async () => {
      worker.postMessage('stop');
      const r = await result;
      await worker.terminate();
      return r;
    },
  };
}
