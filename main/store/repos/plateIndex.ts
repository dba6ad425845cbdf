import type { SqlStatement } from '../../../native/sqlcipher';
import { boundingBox, inArea, type GeoArea } from '../../core/shared/geo';
import { vehicleConditions, type VehicleFilter } from '../../core/detections/query';
import type { DetectionRow } from './detections';
import { DETECTION_SELECT } from './detectionColumns';
import type { ReadableDB, WritableDB } from '../db';

/** Search's store access (docs/search.md): the plate dictionary, detections by plate set, by window and place. */

const DAY_MS = 86_400_000;

export const PLATES_THROUGH = 'plates_through_id';

/** Detection ids folded per transaction: short write transactions let other connections write between them. */
const CATCH_UP_CHUNK = 50_000;

/**
 * Folds the plates of detections above the watermark into the dictionary and moves the watermark, in
 * transactions of at most CATCH_UP_CHUNK ids (a million synced rows would otherwise hold the write lock for
 * seconds, and main waits for it synchronously to write an access record). Stops after `budgetMs`, or at a
 * chunk another connection's write lock refuses once a chunk is saved; throws SQLITE_BUSY when it could save
 * none. Unless `wait` (the sync worker), it never waits for a lock: main reads the plates still above the
 * watermark without saving them.
 */
export function catchUpPlates(
  db: WritableDB,
  {
    budgetMs = Infinity,
    chunk = CATCH_UP_CHUNK,
    wait = false,
  }: { budgetMs?: number; chunk?: number; wait?: boolean } = {},
): { added: number; caughtUp: boolean } {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  if (!wait) db.pragma('busy_timeout = 0');
  const t0 = performance.now();
  let added = 0;
  try {
    for (let first = true; ; first = false) {
      let step: { added: number; more: boolean };
      try {
        step = saveNewPlates(db, chunk);
      } catch (err) {
        if (first || (err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
        return { added, caughtUp: false };
      }
      added += step.added;
      if (!step.more) return { added, caughtUp: true };
      if (performance.now() - t0 > budgetMs) return { added, caughtUp: false };
    }
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

function saveNewPlates(db: WritableDB, chunk: number): { added: number; more: boolean } {
  return db
    .transaction(() => {
      const through = Number(getSearchState(db, PLATES_THROUGH) ?? 0);
      const max = (db.prepare('SELECT max(id) AS m FROM detections').get() as { m: number | null }).m ?? 0;
      if (max <= through) return { added: 0, more: false };
      const upTo = Math.min(max, through + chunk);
      const added = db
        .prepare(
          'INSERT OR IGNORE INTO search_plates (plate) SELECT DISTINCT plate FROM detections WHERE id > ? AND id <= ?',
        )
        .run(through, upTo).changes;
      setSearchState(db, PLATES_THROUGH, String(upTo));
      return { added, more: upTo < max };
    })
    .immediate();
}

/** The plates above the watermark, read without saving them (when another connection holds the write lock). */
export function unsavedPlates(db: ReadableDB): string[] {
  const through = Number(getSearchState(db, PLATES_THROUGH) ?? 0);
  return db.prepare('SELECT DISTINCT plate FROM detections WHERE id > ?').pluck().all(through) as string[];
}

/**
 * For the upserters: a callback that adds the plate of a row at or below the watermark (a late or corrected
 * record the catch-up would not see). Rows above it cost one comparison.
 */
export function plateKeeper(db: WritableDB): (id: number, plate: string) => void {
  const through = Number(getSearchState(db, PLATES_THROUGH) ?? 0);
  if (through === 0) return () => {};
  const add = db.prepare('INSERT OR IGNORE INTO search_plates (plate) VALUES (?)');
  return (id, plate) => {
    if (id <= through) add.run(plate);
  };
}

/** Plates added to the dictionary after `afterId`, in id order. */
export function platesAfter(db: ReadableDB, afterId: number): { id: number; plate: string }[] {
  return db.prepare('SELECT id, plate FROM search_plates WHERE id > ? ORDER BY id').all(afterId) as {
    id: number;
    plate: string;
  }[];
}

/**
 * Drops dictionary plates no detection carries any more (after purges); returns how many. One pass over the
 * (day, plate) covering index into a temporary set, not a probe per plate (the index leads with the day).
 */
export function prunePlates(db: WritableDB): number {
  return db
    .prepare(
      'DELETE FROM search_plates WHERE plate NOT IN (SELECT plate FROM detections INDEXED BY detections_by_day_plate)',
    )
    .run().changes;
}

export type PlaceFilter = {
  from?: number;
  to?: number;
  area?: GeoArea;
  cameras?: string[];
  headings?: string[];
  state?: string;
  vehicle?: VehicleFilter;
};

/** The store's time span (two probes of the time index), or null when it holds no detections. */
export function timeSpan(db: ReadableDB): { lo: number; hi: number } | null {
  // Two subqueries: SQLite answers min() and max() from the time index only when each stands alone.
  const r = db
    .prepare('SELECT (SELECT min(seen_at) FROM detections) AS lo, (SELECT max(seen_at) FROM detections) AS hi')
    .get() as {
    lo: number | null;
    hi: number | null;
  };
  return r.lo === null || r.hi === null ? null : { lo: r.lo, hi: r.hi };
}

const areaFunctions = new WeakSet<ReadableDB>();

/** `search_in_area(areaJson, lat, lon)`: the exact radius / polygon test, parsed once per query text. */
function ensureAreaFunction(db: ReadableDB): void {
  if (areaFunctions.has(db)) return;
  let lastText = '';
  let last: GeoArea | null = null;
  db.function('search_in_area', { deterministic: true }, (text: unknown, lat: unknown, lon: unknown) => {
    if (text !== lastText) {
      last = JSON.parse(String(text)) as GeoArea;
      lastText = String(text);
    }
    return inArea(last!, Number(lat), Number(lon)) ? 1 : 0;
  });
  areaFunctions.add(db);
}

/** WHERE conditions for the filters other than plate and day. */
function placeConditions(db: ReadableDB, f: PlaceFilter): { where: string[]; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (f.from !== undefined) {
    where.push('seen_at >= ?');
    params.push(f.from);
  }
  if (f.to !== undefined) {
    where.push('seen_at <= ?');
    params.push(f.to);
  }
  if (f.state) {
    // A read whose state the camera could not make out stays in the results.
    where.push('(state = ? OR state IS NULL)');
    params.push(f.state);
  }
  if (f.cameras && f.cameras.length) {
    where.push(`camera_id IN (${f.cameras.map(() => '?').join(',')})`);
    params.push(...f.cameras);
  }
  if (f.headings && f.headings.length) {
    where.push(`heading IN (${f.headings.map(() => '?').join(',')})`);
    params.push(...f.headings);
  }
  if (f.area) {
    ensureAreaFunction(db);
    const b = boundingBox(f.area);
    where.push('lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? AND search_in_area(?, lat, lon)');
    params.push(b.minLat, b.maxLat, b.minLon, b.maxLon, JSON.stringify(f.area));
  }
  const v = vehicleConditions(f.vehicle);
  where.push(...v.where);
  params.push(...v.params);
  return { where, params };
}

export function dayNumbers(span: { lo: number; hi: number }, from?: number, to?: number): number[] {
  const first = Math.floor(Math.max(from ?? span.lo, span.lo) / DAY_MS);
  const last = Math.floor(Math.min(to ?? span.hi, span.hi) / DAY_MS);
  const days: number[] = [];
  for (let d = last; d >= first; d--) days.push(d);
  return days;
}

/** The SQL of a plate-set fetch: an exact seek per (day, plate) pair of the (day, plate) index. */
export function byPlatesSql(db: ReadableDB, f: PlaceFilter): { sql: string; params: (string | number)[] } {
  const c = placeConditions(db, f);
  return {
    sql: `SELECT ${DETECTION_SELECT} FROM detections INDEXED BY detections_by_day_plate
          WHERE day IN (SELECT value FROM json_each(?)) AND plate IN (SELECT value FROM json_each(?))
          ${c.where.map((w) => `AND ${w}`).join(' ')}
          ORDER BY seen_at DESC, id DESC LIMIT ?`,
    params: c.params,
  };
}

const statements = new WeakMap<ReadableDB, Map<string, SqlStatement>>();
function prepared(db: ReadableDB, sql: string): SqlStatement {
  let m = statements.get(db);
  if (!m) statements.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) {
    if (m.size > 200) m.clear();
    m.set(sql, (s = db.prepare(sql)));
  }
  return s;
}

/**
 * Detections of any of `plates`, newest first, at most `limit`, walking the days newest first in chunks that
 * double (1, 2, 4, … days) so a common plate set stops after a day or two and a rare one needs few queries.
 */
export function detectionsByPlates(
  db: ReadableDB,
  plates: readonly string[],
  days: readonly number[],
  f: PlaceFilter,
  limit: number,
): DetectionRow[] {
  if (plates.length === 0 || days.length === 0 || limit <= 0) return [];
  const q = byPlatesSql(db, f);
  const stmt = prepared(db, q.sql);
  const platesJson = JSON.stringify(plates);
  const out: DetectionRow[] = [];
  // Wide plate sets start with one day; narrow ones can take the whole window at once.
  let chunk = plates.length > 64 ? 1 : Math.max(1, Math.ceil(days.length / 4));
  for (let i = 0; i < days.length && out.length < limit; i += chunk, chunk *= 2) {
    const slice = days.slice(i, i + chunk);
    const rows = stmt.all(JSON.stringify(slice), platesJson, ...q.params, limit - out.length) as DetectionRow[];
    out.push(...rows);
  }
  return out;
}

/** All detections of the plates in the window (no limit): for analyses of one plate. */
export function allDetectionsOfPlates(
  db: ReadableDB,
  plates: readonly string[],
  days: readonly number[],
  f: PlaceFilter,
): DetectionRow[] {
  if (plates.length === 0 || days.length === 0) return [];
  const q = byPlatesSql(db, f);
  return prepared(db, q.sql).all(JSON.stringify(days), JSON.stringify(plates), ...q.params, -1) as DetectionRow[];
}

/**
 * The time index a window walk takes: with a unique feature asked for, the index of featured detections (0195),
 * which holds only rows that can match and tests the description in the index, so a rare description reads only
 * its own rows; otherwise the time index of every detection.
 */
function timeIndex(f: PlaceFilter): { name: string; where: string[] } {
  return f.vehicle?.features?.length
    ? { name: 'detections_featured_by_time', where: ['features != 0'] }
    : { name: 'detections_by_time', where: [] };
}

/** The SQL of a search without a plate: a time index over the window, newest first (ties by id, either index). */
export function byWindowSql(db: ReadableDB, f: PlaceFilter & { from: number; to: number }) {
  const c = placeConditions(db, f);
  const ix = timeIndex(f);
  return {
    sql: `SELECT ${DETECTION_SELECT} FROM detections INDEXED BY ${ix.name}
          WHERE ${[...ix.where, ...c.where].join(' AND ')} ORDER BY seen_at DESC, id DESC LIMIT ?`,
    params: c.params,
  };
}

export function detectionsInWindow(
  db: ReadableDB,
  f: PlaceFilter & { from: number; to: number },
  limit: number,
): DetectionRow[] {
  const q = byWindowSql(db, f);
  return prepared(db, q.sql).all(...q.params, limit) as DetectionRow[];
}

/**
 * Rows on the time index in the window, counted up to `cap` (an index-only walk that stops there): the plan
 * chooser only needs to know whether the window is smaller than what the plate plan would cost.
 */
export function windowRowsUpTo(db: ReadableDB, from: number, to: number, cap: number): number {
  return db
    .prepare(
      'SELECT count(*) FROM (SELECT 1 FROM detections INDEXED BY detections_by_time WHERE seen_at BETWEEN ? AND ? LIMIT ?)',
    )
    .pluck()
    .get(from, to, cap) as number;
}

/** The highest detection id (one seek): the row count's estimate for the plan chooser (ids are dense). */
export function detectionIdCeiling(db: ReadableDB): number {
  return (db.prepare('SELECT max(id) FROM detections').pluck().get() as number | null) ?? 0;
}

const wantedPlates = new WeakMap<ReadableDB, { plates: ReadonlySet<string> }>();

/** `search_plate_wanted(plate)`: 1 when the plate is in the set the current window-driven fetch asks for. */
function ensurePlateFunction(db: ReadableDB): { plates: ReadonlySet<string> } {
  const slot = wantedPlates.get(db);
  if (slot) return slot;
  const s = { plates: new Set<string>() as ReadonlySet<string> };
  db.function('search_plate_wanted', (plate: unknown) => (s.plates.has(String(plate)) ? 1 : 0));
  wantedPlates.set(db, s);
  return s;
}

/**
 * Every detection of `plates` in the window with the filters, newest first (ties by id, as the plate-driven
 * fetch orders them): the window-driven plan, one walk of the time index with each row's plate tested in a
 * set. With `stop`, the walk ends once it holds `stop.count` rows of `stop.plates` (the rows that rank first).
 */
export function detectionsOfPlatesInWindow(
  db: ReadableDB,
  plates: ReadonlySet<string>,
  f: PlaceFilter & { from: number; to: number },
  stop: { plates: ReadonlySet<string>; count: number } | null = null,
): DetectionRow[] {
  const slot = ensurePlateFunction(db);
  const c = placeConditions(db, f);
  const ix = timeIndex(f);
  const sql = `SELECT ${DETECTION_SELECT} FROM detections INDEXED BY ${ix.name}
          WHERE ${[...ix.where, ...c.where].join(' AND ')} AND search_plate_wanted(plate) ORDER BY seen_at DESC, id DESC`;
  slot.plates = plates;
  const out: DetectionRow[] = [];
  let best = 0;
  try {
    for (const row of prepared(db, sql).iterate(...c.params) as Iterable<DetectionRow>) {
      out.push(row);
      if (stop && stop.plates.has(row.plate) && ++best >= stop.count) break;
    }
    return out;
  } finally {
    slot.plates = new Set();
  }
}

export function getSearchState(db: ReadableDB, key: string): string | null {
  const r = db.prepare('SELECT value FROM search_state WHERE key = ?').get(key) as { value: string } | undefined;
  return r?.value ?? null;
}

export function setSearchState(db: WritableDB, key: string, value: string): void {
  db.prepare(
    'INSERT INTO search_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

export function detectionsByIds(db: ReadableDB, ids: readonly number[]): DetectionRow[] {
  if (ids.length === 0) return [];
  return db
    .prepare(`SELECT ${DETECTION_SELECT} FROM detections WHERE id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as DetectionRow[];
}

/** What matching a plate list needs of a detection: which plate it read, in which state, when. */
export type PlateSighting = Pick<DetectionRow, 'id' | 'plate' | 'state' | 'seenAt'>;

/**
 * `detectionsByIds` narrowed to a `PlateSighting`, for the many rows a whole list matches. Given ids in ascending
 * order, the table's pages are read in file order (the ids of a pass over the (day, plate) index come in day,
 * then plate order, scattered over the whole table).
 */
export function plateSightingsByIds(db: ReadableDB, ids: readonly number[]): PlateSighting[] {
  if (ids.length === 0) return [];
  return prepared(
    db,
    'SELECT id, plate, state, seen_at AS seenAt FROM detections WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id',
  ).all(JSON.stringify(ids)) as PlateSighting[];
}

/**
 * Ids of the detections of `plates` seen on the UTC `days`: one seek of the (day, plate) index per (day, plate) pair,
 * made inside SQLite (both lists are `IN` sets), and no table page read. For a list much smaller than the index:
 * 24,181 plates × 91 days at 50 M in 3.7 s, against 14.4 s for one pass over the index (`detectionIdsOfPlates`).
 */
export function detectionIdsOfPlatesOn(db: ReadableDB, plates: readonly string[], days: readonly number[]): number[] {
  return prepared(
    db,
    `SELECT id FROM detections INDEXED BY detections_by_day_plate
      WHERE day IN (SELECT value FROM json_each(?)) AND plate IN (SELECT value FROM json_each(?))`,
  )
    .pluck()
    .all(JSON.stringify(days), JSON.stringify(plates)) as number[];
}

/**
 * Ids of the detections of `plates` seen on UTC days [fromDay, toDay], read from the (day, plate) index alone (it
 * holds the rowid, so no table page is read): for matching a whole hot list when one seek per (day, plate) pair
 * (`detectionIdsOfPlatesOn`) would cost more than one pass over the index. The plates are tested in SQLite (an
 * ephemeral index of the list): 10 M index entries in 2.2 s, against 10.5–12.3 s when every (id, plate) came up to
 * JavaScript to be tested.
 */
export function detectionIdsOfPlates(
  db: ReadableDB,
  plates: readonly string[],
  fromDay: number,
  toDay: number,
): number[] {
  return prepared(
    db,
    `SELECT id FROM detections INDEXED BY detections_by_day_plate
      WHERE day >= ? AND day <= ? AND plate IN (SELECT value FROM json_each(?))`,
  )
    .pluck()
    .all(fromDay, toDay, JSON.stringify(plates)) as number[];
}
