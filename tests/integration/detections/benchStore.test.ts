import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type WritableDB } from '../../../main/store/db';
import { catchUpPlates } from '../../../main/store/repos/plateIndex';
import { runSearch, type SearchTerms } from '../../../main/services/detections/search';
import { findCommonVehicles } from '../../../main/services/detections/analyses';
import { AgencyDataset } from '../../agency/generator/dataset';
import { loadDataset } from '../../agency/testing';
import { buildBenchStore } from '../../bench/benchStoreBuild';

/**
 * The bench store's fast build (tests/bench/benchStoreBuild.ts) leaves the store the product's own path leaves:
 * the same schema, rows, plate dictionary and watermark, and the same answers to searches. And a pattern with a
 * window gives the same page whichever plan fetches it (docs/search.md, "Choosing the plan").
 */
const ROWS = 20_000;
const END = Date.parse('2026-11-20T08:00:00Z');
const KEY = Buffer.alloc(32, 3);
const dir = mkdtempSync(join(tmpdir(), 'canvass-benchstore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const dataset = new AgencyDataset({ seed: 11, detections: ROWS, endMs: END });

function productBuild(path: string): WritableDB {
  const db = openStore(path, KEY);
  loadDataset(db, dataset);
  catchUpPlates(db, { wait: true });
  return db;
}

const product = productBuild(join(dir, 'product.db'));
buildBenchStore(join(dir, 'fast.db'), KEY, dataset);
const fast = openStore(join(dir, 'fast.db'), KEY);
afterAll(() => {
  product.close();
  fast.close();
});

const all = (db: WritableDB, sql: string) => db.prepare(sql).raw().all();

function picker(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    return a % n;
  };
}

/** Search terms over the store's own plates, cameras and times: patterns of every family, windows, areas. */
function queries(db: WritableDB, n: number): SearchTerms[] {
  const pick = picker(99);
  const plates = db.prepare('SELECT plate FROM detections ORDER BY id').pluck().all() as string[];
  const span = db.prepare('SELECT min(seen_at) AS lo, max(seen_at) AS hi FROM detections').get() as {
    lo: number;
    hi: number;
  };
  const fixed = dataset.cameras.filter((c) => c.kind === 'fixed');
  const families = [
    (p: string) => `${p.slice(0, 2)}*`,
    (p: string) => `${p.slice(0, 3)}*`,
    (p: string) => `?${p.slice(1, 4)}${'?'.repeat(p.length - 4)}`,
    (p: string) => `*${p.slice(-3)}`,
    (p: string) => p,
    (p: string) => p.slice(0, 2) + p[3] + p[2] + p.slice(4),
  ];
  const out: SearchTerms[] = [];
  for (let i = 0; i < n; i++) {
    const plate = families[i % families.length]!(plates[pick(plates.length)]!);
    const t = span.lo + pick(span.hi - span.lo);
    const cam = fixed[pick(fixed.length)]!;
    const hours = [1, 24, 24 * 7][i % 3]!;
    out.push({
      plate,
      from: t - (hours / 2) * 3_600_000,
      to: t + (hours / 2) * 3_600_000,
      ...(i % 2 === 0 ? { area: { kind: 'radius' as const, lat: cam.lat!, lon: cam.lon!, radiusM: 1500 } } : {}),
      limit: [10, 50][i % 2]!,
    });
  }
  return out;
}

const page = (r: ReturnType<typeof runSearch>) => ({
  rows: r.rows.map((x) => [x.row, x.match]),
  truncated: r.truncated,
  plates: r.plates,
});

describe('the bench store built fast', () => {
  it('has the schema the migrations wrote, indexes included', () => {
    const schema =
      "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY name";
    expect(all(fast, schema)).toEqual(all(product, schema));
    expect(fast.pragma('auto_vacuum', { simple: true })).toBe(product.pragma('auto_vacuum', { simple: true }));
    expect(fast.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(fast.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('holds the same detections, cameras, plate dictionary and watermark', () => {
    expect(all(fast, 'SELECT count(*) FROM detections')).toEqual([[ROWS]]);
    for (const sql of [
      'SELECT * FROM detections ORDER BY id',
      'SELECT * FROM cameras ORDER BY id',
      'SELECT plate FROM search_plates ORDER BY plate',
      'SELECT key, value FROM search_state ORDER BY key',
      'SELECT count(*), max(id) FROM search_plates',
    ])
      expect(all(fast, sql), sql).toEqual(all(product, sql));
  });

  it('answers searches and analyses the same', () => {
    for (const q of queries(product, 40))
      expect(page(runSearch(fast, q)), q.plate).toEqual(page(runSearch(product, q)));
    const scene = (c: (typeof dataset.cameras)[number], at: number) => ({
      lat: c.lat!,
      lon: c.lon!,
      radiusM: 600,
      from: new Date(at - 3_600_000).toISOString(),
      to: new Date(at + 3_600_000).toISOString(),
    });
    const sites = dataset.truth.burglary.sites.map((s) =>
      scene(
        dataset.cameras.find((c) => c.id === s.cameraId)!,
        s.at,
      ),
    );
    expect(findCommonVehicles(fast, { scenes: sites })).toEqual(findCommonVehicles(product, { scenes: sites }));
  });
});

describe('a pattern with a window', () => {
  it('gives the same page from either plan, and the chooser picks one of them', () => {
    const drivers = new Set<string>();
    for (const q of queries(fast, 120)) {
      const byPlates = page(runSearch(fast, q, 'plates'));
      expect(page(runSearch(fast, q, 'time')), `${q.plate} by window`).toEqual(byPlates);
      const auto = runSearch(fast, q);
      expect(page(auto), `${q.plate} chosen`).toEqual(byPlates);
      drivers.add(auto.plan!.driver);
    }
    // The mix is wide enough that both plans are chosen somewhere.
    expect([...drivers].sort()).toEqual(['plates', 'time']);
  });
});
