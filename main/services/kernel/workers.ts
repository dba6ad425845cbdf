import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Main's worker threads, one name each: the entry is `main/workers/<name>.worker.ts`, bundled by electron-vite
 * as `<name>.worker.js` beside main's bundle (electron.vite.config.ts lists the same names).
 */
export const WORKERS = [
  'sync',
  'cloneScan',
  'cloneRange',
  'cloneSave',
  'ocrReader',
  'auditVerify',
  'retroHits',
  'documents',
  'evidence',
  'retention',
  'auditScreen',
  'storeUpgrade',
] as const;
export type WorkerName = (typeof WORKERS)[number];

/**
 * Starts a worker entry. Bundled, the entry is in out/main (this code may sit in out/main/chunks); from sources
 * (tsx, vitest) it is the `.ts` file in main/workers, loaded through tsx's register.
 */
export function startWorker(name: WorkerName, options: WorkerOptions = {}): Worker {
  const file = `${name}.worker`;
  const built = [join(__dirname, `${file}.js`), join(__dirname, '..', `${file}.js`)].find((p) => existsSync(p));
  if (built) return new Worker(built, options);
  const source = join(__dirname, '..', '..', 'workers', `${file}.ts`);
  const tsx = require.resolve('tsx/cjs/api');
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(source)});`, {
    ...options,
    eval: true,
  });
}

/**
 * A copy of the data key in a buffer of its own, for a worker thread: listed in `transferList`, it leaves this
 * thread, and the worker wipes it once its connection is open.
 */
export function keyForWorker(key: Uint8Array): ArrayBuffer {
  const copy = new ArrayBuffer(key.byteLength);
  new Uint8Array(copy).set(key);
  return copy;
}
