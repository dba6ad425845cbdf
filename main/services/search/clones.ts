import type { ClonedPlatesArgs, ClonedPlatesResult, CloneEvidence, CloneFlag } from '../../../preload/contract';
import type { SqlDatabase } from '../../../native/sqlcipher';
import { distanceM, impliedKmh } from '../../core/geo';
import {
  CLONE_DEFAULTS,
  CloneScan,
  type CloneFinding,
  type CloneOptions,
  type Sighting,
} from '../../core/searchClones';
import { cameraNames, type DetectionRow } from '../../store/detections.repo';
import {
  dayNumbers,
  detectionsByIds,
  getSearchState,
  listCloneFlags,
  saveCloneFlags,
  setSearchState,
  timeSpan,
} from '../../store/search.repo';
import { record } from '../auditLog';
import type { Context } from '../context';
import { toDetection } from '../detections';
import { openStore } from '../sessionInfo';
import { lookalikePlates } from './plateDictionary';

/** The cloned-plate scan (core/searchClones.ts): over the whole store, or only the plates of new detections. */

const CLONES_THROUGH = 'clones_through_id';

type Stored = { speed: CloneFinding['speed']; description: CloneFinding['description'] };

const SIGHTING_COLUMNS = 'id, plate, state, seen_at, lat, lon, make, color, body';
type RawSighting = [number, string, string | null, number, number, number, string | null, string | null, string | null];
const toSighting = (r: RawSighting): Sighting => ({
  id: r[0],
  plate: r[1],
  state: r[2],
  seenAt: r[3],
  lat: r[4],
  lon: r[5],
  make: r[6],
  color: r[7],
  body: r[8],
});

function maxId(db: SqlDatabase): number {
  return (db.prepare('SELECT max(id) AS m FROM detections').get() as { m: number | null }).m ?? 0;
}

function toRows(findings: CloneFinding[], at: string) {
  return findings.map((f) => ({
    plate: f.plate,
    state: f.state ?? '',
    level: f.level,
    reasons: f.reasons.join(','),
    score: f.score,
    evidence: JSON.stringify({ speed: f.speed, description: f.description } satisfies Stored),
    foundAt: at,
  }));
}

/**
 * Streams every detection through the tracks in store order (a sequential read of the table; synced
 * detections arrive in time order, and a late one is still compared with its plate's previous sighting).
 * Returns the findings and how many were read.
 */
export function scanAll(
  db: SqlDatabase,
  options: CloneOptions = CLONE_DEFAULTS,
): { findings: CloneFinding[]; scanned: number } {
  const scan = new CloneScan(options);
  const stmt = db.prepare(`SELECT ${SIGHTING_COLUMNS} FROM detections`).raw(true);
  let scanned = 0;
  // One sighting object reused for every row: the tracks copy what they keep.
  const s: Sighting = {
    id: 0,
    plate: '',
    state: null,
    seenAt: 0,
    lat: 0,
    lon: 0,
    make: null,
    color: null,
    body: null,
  };
  for (const r of stmt.iterate() as IterableIterator<RawSighting>) {
    s.id = r[0];
    s.plate = r[1];
    s.state = r[2];
    s.seenAt = r[3];
    s.lat = r[4];
    s.lon = r[5];
    s.make = r[6];
    s.color = r[7];
    s.body = r[8];
    scan.add(s);
    scanned++;
  }
  return { findings: scan.findings(), scanned };
}

/**
 * Replays the whole history of the plates of detections above `afterId` (and of the plates that look the
 * same, which may explain a conflict away) through fresh tracks.
 */
export function scanNewPlates(
  db: SqlDatabase,
  afterId: number,
  options: CloneOptions = CLONE_DEFAULTS,
): { findings: CloneFinding[]; plates: string[]; scanned: number } {
  const plates = (
    db.prepare('SELECT DISTINCT plate FROM detections WHERE id > ?').pluck().all(afterId) as string[]
  ).sort();
  const span = timeSpan(db);
  if (plates.length === 0 || !span) return { findings: [], plates, scanned: 0 };
  const wanted = new Set<string>();
  for (const p of plates) for (const q of [p, ...lookalikePlates(db, p)]) wanted.add(q);
  const days = dayNumbers(span);
  const stmt = db
    .prepare(
      `SELECT ${SIGHTING_COLUMNS} FROM detections INDEXED BY detections_by_day_plate
       WHERE day IN (SELECT value FROM json_each(?)) AND plate IN (SELECT value FROM json_each(?))`,
    )
    .raw(true);
  const all = [...wanted];
  const rows: Sighting[] = [];
  for (let i = 0; i < all.length; i += 500) {
    for (const r of stmt.all(JSON.stringify(days), JSON.stringify(all.slice(i, i + 500))) as RawSighting[])
      rows.push(toSighting(r));
  }
  rows.sort((a, b) => a.seenAt - b.seenAt || a.id - b.id);
  const scan = new CloneScan(options);
  for (const s of rows) scan.add(s);
  return { findings: scan.findings(plates), plates, scanned: rows.length };
}

/** A full scan replaces every finding; an incremental one those of the plates it looked at. */
export function runCloneScan(
  db: SqlDatabase,
  mode: 'full' | 'incremental',
  at: string,
  options: CloneOptions = CLONE_DEFAULTS,
): number {
  const through = maxId(db);
  const since = Number(getSearchState(db, CLONES_THROUGH) ?? 0);
  if (mode === 'incremental' && since === 0) mode = 'full';
  if (mode === 'full') {
    const { findings, scanned } = scanAll(db, options);
    db.transaction(() => {
      saveCloneFlags(db, toRows(findings, at), true);
      setSearchState(db, CLONES_THROUGH, String(through));
    }).immediate();
    return scanned;
  }
  const { findings, plates, scanned } = scanNewPlates(db, since, options);
  db.transaction(() => {
    const del = db.prepare('DELETE FROM search_clone_flags WHERE plate = ?');
    for (const p of plates) del.run(p);
    saveCloneFlags(db, toRows(findings, at), false);
    setSearchState(db, CLONES_THROUGH, String(through));
  }).immediate();
  return scanned;
}

/** The stored findings with their evidence as detections side by side; pairs whose detections were purged drop out. */
export function storedFlags(db: SqlDatabase): CloneFlag[] {
  const flags = listCloneFlags(db);
  const parsed = flags.map((f) => ({ f, e: JSON.parse(f.evidence) as Stored }));
  const ids = parsed.flatMap(({ e }) => [...e.speed, ...e.description].flatMap((p) => [p.a, p.b]));
  const rows = new Map<number, DetectionRow>(detectionsByIds(db, ids).map((r) => [r.id, r]));
  const names = cameraNames(
    db,
    [...rows.values()].map((r) => r.cameraId),
  );
  const out: CloneFlag[] = [];
  for (const { f, e } of parsed) {
    const evidence: CloneEvidence[] = [];
    for (const p of [...e.description, ...e.speed]) {
      const a = rows.get(p.a);
      const b = rows.get(p.b);
      if (!a || !b) continue;
      const [first, second] = a.seenAt <= b.seenAt ? [a, b] : [b, a];
      const d = distanceM(first.lat, first.lon, second.lat, second.lon);
      const ms = second.seenAt - first.seenAt;
      const kmh = impliedKmh(d, ms);
      evidence.push({
        a: toDetection(first, names),
        b: toDetection(second, names),
        distanceM: Math.round(d),
        minutes: Math.round(ms / 600) / 100,
        kmh: Number.isFinite(kmh) ? Math.round(kmh) : null,
        differs: (['make', 'color', 'body'] as const).filter(
          (k) =>
            first[k] !== null &&
            second[k] !== null &&
            first[k] !== 'unknown' &&
            second[k] !== 'unknown' &&
            first[k] !== second[k],
        ),
      });
    }
    if (evidence.length === 0) continue;
    out.push({
      plate: f.plate,
      state: f.state || null,
      level: f.level,
      reasons: f.reasons.split(',') as CloneFlag['reasons'],
      score: f.score,
      evidence,
    });
  }
  return out;
}

/** `search.clonedPlates`: optionally rescans, then lists the findings. Audited with the plates flagged. */
export function clonedPlates(ctx: Context, a: ClonedPlatesArgs): ClonedPlatesResult {
  const db = openStore(ctx);
  const started = performance.now();
  const options = { ...CLONE_DEFAULTS, ...(a.maxKmh ? { maxKmh: a.maxKmh } : {}) };
  const scanned = a.scan && a.scan !== 'none' ? runCloneScan(db, a.scan, ctx.nowIso(), options) : 0;
  const flags = storedFlags(db);
  record(ctx, db, 'search.clonedPlates', 'ok', {
    query: { scan: a.scan ?? 'none', maxKmh: options.maxKmh },
    resultCount: flags.length,
    plates: flags.map((f) => f.plate),
    detectionIds: [...new Set(flags.flatMap((f) => f.evidence.flatMap((e) => [e.a.id, e.b.id])))],
  });
  return { flags, scanned, durationMs: Math.round(performance.now() - started) };
}
