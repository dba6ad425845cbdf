import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * Each service domain loads first in a fresh process, as a worker thread loads the one it needs (startWorker
 * under tsx, the tests' and the benches' path). The domains import each other in a cycle (detections → audit →
 * releases → detections); a schema taken from a domain's index while that index is still loading is undefined,
 * and the worker died at start (the retroHits worker did, silently, until this test).
 */
const ROOT = resolve(__dirname, '../../..');
const SERVICES = join(ROOT, 'main/services');
const domains = readdirSync(SERVICES).filter((d) => existsSync(join(SERVICES, d, 'index.ts')));
const run = promisify(execFile);

describe('service domains load in any order', () => {
  it.each(domains)('%s loads first', { timeout: 60_000 }, async (domain) => {
    const code = `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();
      require(${JSON.stringify(join(SERVICES, domain, 'index.ts'))});
      process.stdout.write('loaded');`;
    const { stdout } = await run(process.execPath, ['-e', code], { cwd: ROOT });
    expect(stdout).toBe('loaded');
  });
});
