import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

/**
 * A short digest of the source a cached bench fixture is generated from (files, or every file of a folder, from
 * the repository's root): a fixture's cache is named with it, so a changed generator is never served from an old
 * cache.
 */
export function sourceDigest(paths: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of paths) {
    const full = join(ROOT, p);
    const files = statSync(full).isDirectory()
      ? readdirSync(full)
          .sort()
          .map((f) => join(p, f))
      : [p];
    for (const f of files) h.update(f).update(readFileSync(join(ROOT, f)));
  }
  return h.digest('hex').slice(0, 10);
}

/** The agency generator: every fixture's detections come from it. */
export const GENERATOR = 'tests/agency/generator';
