import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { guardAuditLog } from '../../main/services/audit';
import { AuditGroupCommit } from '../../main/services/audit/groupCommit';
import { runSearch } from '../../main/services/detections/search';
import { Context } from '../../main/services/kernel/context';
import { checkpoint, inTransaction, openStore, type WritableDB } from '../../main/store/db';
import { newDataKey } from '../../main/store/keyring';
import { appendAudit } from '../../main/store/repos/audit';
import { upsertCameras } from '../../main/store/repos/cameras';
import { upsertDetections, type DetectionRow } from '../../main/store/repos/detections';
import { catchUpPlates } from '../../main/store/repos/plateIndex';
import { AgencyDataset } from '../agency/generator/dataset';
import { cameraRows } from '../agency/testing';
import { searchRecord } from './records';
import { emit, round, wanted } from './report';

/**
 * The cost of durable access records (issue 14): `npm run bench -- durability`. One store, two connections,
 * measured interleaved in the same run so neither gets a warmer cache:
 * - durable: the app's connection as it is now: synchronous=FULL (the WAL is fsynced at every commit, so a
 *   record is on disk before its results are returned) and the head sealed beside the store after each commit;
 * - baseline: the connection as it was before this change: synchronous=NORMAL, no sealed head.
 * Figures: access-record appends per second (one record per transaction, as a search writes it) and the time
 * of a search plus its access record (p50, p95), on a store of CANVASS_DURABILITY_BENCH_ROWS detections
 * (default 300,000) from the agency generator.
 * - durability.audit.append.grouped (issue 24): access records appended by PRODUCERS concurrent callers through the
 *   group commit (services/audit/groupCommit.ts) on the durable connection, each caller awaiting its record on disk
 *   before it asks for the next; baseline: one record per durable transaction, interleaved in the same rounds.
 *   Also its latency (append asked → on disk), p50 and p95.
 */
const ROWS = Number(process.env.CANVASS_DURABILITY_BENCH_ROWS ?? 300_000);
const SEED = 7;
const END = Date.parse('2026-11-20T08:00:00Z');
const APPENDS = 2_000;
const BLOCK = 100;
const SEARCHES = 80;
const PRODUCERS = 64;
const GROUPED_ROUNDS = 4;
const GROUPED_PER_ROUND = 5_000;
const SINGLE_PER_ROUND = 250;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

function build(path: string, key: Buffer): string[] {
  const dataset = new AgencyDataset({ seed: SEED, detections: ROWS, endMs: END });
  const db = openStore(path, key, { durability: 'deferred' });
  const plates: string[] = [];
  try {
    upsertCameras(db, cameraRows(dataset));
    let batch: DetectionRow[] = [];
    const flush = () => {
      const rows = batch;
      batch = [];
      inTransaction(db, () => upsertDetections(db, rows));
    };
    for (const chunk of dataset.detections()) {
      for (const d of chunk.detections) {
        batch.push({ id: d.id, ...d.data, version: 1 });
        if (d.id % 997 === 0) plates.push(d.data.plate);
      }
      if (batch.length >= 50_000) flush();
    }
    if (batch.length) flush();
    catchUpPlates(db);
    checkpoint(db);
  } finally {
    db.close();
  }
  return plates;
}

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export async function run(filter: string | undefined): Promise<void> {
  if (!wanted(filter, 'durability')) return;
  const dir = mkdtempSync(join(tmpdir(), 'canvass-durability-'));
  const path = join(dir, 'canvass.db');
  const key = newDataKey();
  try {
    const plates = build(path, key);
    const durable = openStore(path, key);
    const ctx = new Context({ dataDir: dir, profilesDir: '' });
    ctx.store = durable;
    ctx.dataKey = Buffer.from(key);
    guardAuditLog(ctx, durable, key);
    const baseline = openStore(path, key, { durability: 'deferred' });
    const modes: [string, WritableDB][] = [
      ['durable', durable],
      ['baseline', baseline],
    ];

    // Appends, in alternating blocks.
    const appendMs = new Map<string, number>([
      ['durable', 0],
      ['baseline', 0],
    ]);
    for (let done = 0; done < APPENDS; done += BLOCK) {
      for (const [name, db] of done % (2 * BLOCK) === 0 ? modes : [...modes].reverse()) {
        appendMs.set(
          name,
          appendMs.get(name)! +
            timed(() => {
              for (let i = 0; i < BLOCK; i++) appendAudit(db, searchRecord(done + i, [done + i], 'BENCH'));
            }),
        );
      }
    }

    // A search and its access record, as detections.search does, alternating which connection goes first.
    const searchMs = new Map<string, number[]>([
      ['durable', []],
      ['baseline', []],
    ]);
    for (let i = 0; i < SEARCHES; i++) {
      const p = plates[(i * 7919) % plates.length]!;
      const pattern = [`${p.slice(0, 3)}*`, `?${p.slice(1, 4)}${'?'.repeat(p.length - 4)}`, p][i % 3]!;
      for (const [name, db] of i % 2 === 0 ? modes : [...modes].reverse()) {
        searchMs.get(name)!.push(
          timed(() => {
            const outcome = runSearch(db, { plate: pattern, limit: 200 });
            appendAudit(
              db,
              searchRecord(
                i,
                outcome.rows.map((r) => r.row.id),
                pattern,
              ),
            );
          }),
        );
      }
    }
    // Group commit against one record per transaction, both durable, on the app's connection, in alternate rounds.
    const group = new AuditGroupCommit(durable);
    let groupedMs = 0;
    let singleMs = 0;
    const latency: number[] = [];
    for (let round = 0; round < GROUPED_ROUNDS; round++) {
      singleMs += timed(() => {
        for (let i = 0; i < SINGLE_PER_ROUND; i++) appendAudit(durable, searchRecord(i, [i], 'SINGLE'));
      });
      let next = 0;
      const producer = async () => {
        while (next < GROUPED_PER_ROUND) {
          const i = next++;
          const t0 = performance.now();
          await group.append(searchRecord(i, [i], 'GROUP'));
          latency.push(performance.now() - t0);
        }
      };
      const g0 = performance.now();
      await Promise.all(Array.from({ length: PRODUCERS }, producer));
      groupedMs += performance.now() - g0;
    }
    ctx.closeStore();
    baseline.close();

    const rate = (name: string) => APPENDS / (appendMs.get(name)! / 1000);
    emit({
      name: 'durability.audit.append',
      value: Math.round(rate('durable')),
      unit: 'records/s',
      baseline: Math.round(rate('baseline')),
      note: `one access record per transaction; value: synchronous=FULL + the sealed head after each commit (now); baseline: synchronous=NORMAL, no sealed head (before issue 14); ${APPENDS} each, interleaved in blocks of ${BLOCK}`,
    });
    const grouped = (GROUPED_ROUNDS * GROUPED_PER_ROUND) / (groupedMs / 1000);
    emit({
      name: 'durability.audit.append.grouped',
      value: Math.round(grouped),
      unit: 'records/s',
      baseline: Math.round((GROUPED_ROUNDS * SINGLE_PER_ROUND) / (singleMs / 1000)),
      note: `value: ${PRODUCERS} concurrent callers, each awaiting its record on disk (group commit, ${round(group.stats.records / group.stats.commits, 1)} records a commit, synchronous=FULL); baseline: one record per durable transaction; ${GROUPED_ROUNDS} alternate rounds of ${GROUPED_PER_ROUND} / ${SINGLE_PER_ROUND}; load ${round(loadavg()[0]!)}`,
    });
    for (const p of [50, 95]) {
      emit({
        name: `durability.audit.append.grouped.latency.p${p}`,
        value: round(percentile(latency, p), 2),
        unit: 'ms',
        baseline: null,
        note: 'from asking to append to the record on disk, under the load above',
      });
    }
    for (const p of [50, 95]) {
      emit({
        name: `durability.search.p${p}`,
        value: round(percentile(searchMs.get('durable')!, p), 1),
        unit: 'ms',
        baseline: round(percentile(searchMs.get('baseline')!, p), 1),
        note: `a plate search (prefix, middle, full) and its access record on ${ROWS} detections; ${SEARCHES} each, interleaved; value durable (now), baseline synchronous=NORMAL (before)`,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
