import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts one of main's worker entries. Bundled (electron-vite) the entry is `<name>.js` in out/main (this
 * code may sit in out/main/chunks); from sources (tsx, vitest) it is the `.ts` file beside this one,
 * loaded through tsx's register.
 */
export function startWorker(name: string, sourceFile: string, options: WorkerOptions = {}): Worker {
  const built = [join(__dirname, `${name}.js`), join(__dirname, '..', `${name}.js`)].find((p) => existsSync(p));
  if (built) return new Worker(built, options);
  const tsx = require.resolve('tsx/cjs/api');
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(sourceFile)});`, {
    ...options,
    eval: true,
  });
}
