/**
 * The reference agency server, for tests, benchmarks and the demo:
 *
 *   npm run agency -- --port 8787 --data <dir> --seed <n> [--detections N] [--days D] [--images all|evidence|none]
 *                     [--test-hooks] [--tls-key key.pem --tls-cert cert.pem]
 *
 * Seeds <dir> on first start (the same seed gives the same city), then serves protocol v1 on 127.0.0.1 and
 * prints its URL and the demo accounts. Not part of the packaged app.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CITY } from './generator/city';
import type { AgencyDataset } from './generator/dataset';
import { datasetFor, seedAgency, seedInfo } from './server/seed';
import { AgencyServer } from './server/server';
import { openAgencyStore } from './server/store';

type Args = {
  tlsKey: string | null;
  tlsCert: string | null;
  port: number;
  data: string;
  seed: number;
  detections: number;
  days: number | null;
  images: 'all' | 'evidence' | 'none';
  testHooks: boolean;
  host: string;
  endMs: number | null;
};

function parseArgs(argv: string[]): Args {
  const args: Args = {
    tlsKey: null,
    tlsCert: null,
    port: 8787,
    data: '',
    seed: 1,
    detections: 20_000,
    days: null,
    images: 'evidence',
    testHooks: false,
    host: '127.0.0.1',
    endMs: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--port') args.port = Number(value());
    else if (a === '--data') args.data = value();
    else if (a === '--seed') args.seed = Number(value());
    else if (a === '--detections') args.detections = Number(value());
    else if (a === '--days') args.days = Number(value());
    else if (a === '--images') args.images = value() as Args['images'];
    else if (a === '--end') args.endMs = Date.parse(value());
    else if (a === '--host') args.host = value();
    else if (a === '--test-hooks') args.testHooks = true;
    else if (a === '--tls-key') args.tlsKey = value();
    else if (a === '--tls-cert') args.tlsCert = value();
    else throw new Error(`unknown option ${a}`);
  }
  if (!args.data) throw new Error('--data <dir> is required (the server keeps its store there)');
  if (!['127.0.0.1', '::1', 'localhost'].includes(args.host))
    throw new Error('the reference server listens on loopback only');
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dataDir = resolve(args.data);
  mkdirSync(dataDir, { recursive: true });
  const db = openAgencyStore(dataDir);
  let info = seedInfo(db);
  let dataset: AgencyDataset;
  if (info === null) {
    const started = Date.now();
    process.stdout.write(
      `Seeding ${args.detections.toLocaleString('en-US')} detections (seed ${args.seed}) into ${dataDir} …\n`,
    );
    let lastPrint = 0;
    dataset = await seedAgency(db, dataDir, {
      seed: args.seed,
      detections: args.detections,
      endMs: args.endMs ?? Date.now(),
      ...(args.days ? { days: args.days } : {}),
      images: args.images,
      onProgress: (done, total) => {
        if (Date.now() - lastPrint > 2000) {
          lastPrint = Date.now();
          process.stdout.write(`  ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}\n`);
        }
      },
    });
    info = seedInfo(db)!;
    process.stdout.write(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
  } else {
    if (info.seed !== args.seed)
      process.stdout.write(`Note: ${dataDir} was seeded with seed ${info.seed}; serving it as it is.\n`);
    dataset = datasetFor(info);
  }
  db.close();
  const tls =
    args.tlsKey && args.tlsCert
      ? { key: readFileSync(args.tlsKey, 'utf8'), cert: readFileSync(args.tlsCert, 'utf8') }
      : undefined;
  const server = new AgencyServer({
    dataDir,
    port: args.port,
    host: args.host,
    testHooks: args.testHooks,
    ...(tls ? { tls } : {}),
  });
  const url = await server.listen();
  process.stdout.write(`Canvass reference agency server (protocol v1) listening on ${url}/v1\n`);
  process.stdout.write(
    `Agency: ${CITY.agency} (ORI ${CITY.ori}), ${info.detections.toLocaleString('en-US')} detections, seed ${info.seed}\n`,
  );
  process.stdout.write('Demo accounts:\n');
  for (const u of dataset.users)
    process.stdout.write(
      `  ${u.data.username.padEnd(14)} ${u.password.padEnd(24)} ${u.data.roles.join(',').padEnd(20)} ${u.note}\n`,
    );
  process.stdout.write(`Ground truth of the incident scenarios: ${resolve(dataDir, 'ground-truth.json')}\n`);
  if (args.testHooks) process.stdout.write('Test hooks are ON (fault injection under /v1/_test/).\n');
  process.stdout.write(`READY ${url}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`agency: ${(err as Error).message}\n`);
  process.exit(1);
});
