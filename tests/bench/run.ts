import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * `npm run bench [-- <name-filter>]`: runs every tests/bench/*.bench.ts module; each prints its figures as
 * JSON lines and skips those whose names do not contain the filter.
 */
type BenchModule = { run(filter: string | undefined): Promise<void> };

async function main(filter: string | undefined): Promise<void> {
  const dir = __dirname;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort()) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as BenchModule;
    await mod.run(filter);
  }
}

main(process.argv[2]).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
