import type {
  Args,
  Returns,
  CommonVehicle,
  CommonVehiclesArgs,
  CommonVehiclesResult,
  Companion,
  PlateHabitsArgs,
  PlateHabitsResult,
  SceneArgs,
  TravellingTogetherArgs,
  TravellingTogetherResult,
} from '../../../preload/contract';
import type { Json } from '../../core/shared/canonicalJson';
import type { GeoArea } from '../../core/shared/geo';
import { CanvassError } from '../../core/shared/errors';
import { foldPlate } from '../../core/plates/plateQuery';
import { canvassPreset } from '../../core/detections/query';
import { type DetectionRow } from '../../store/repos/detections';
import { allDetectionsOfPlates, dayNumbers, detectionsInWindow, timeSpan } from '../../store/repos/plateIndex';
import { record } from '../audit';
import type { Context } from '../kernel/context';
import { toDetection } from './detections';
import type { ReadableDB } from '../../store/db';
import { storeOf } from '../kernel/context';
import { cameraNames } from '../../store/repos/cameras';

/** The investigative analyses of docs/search.md, each audited with its exact terms. */

const PLATE = /^[A-Z0-9]{1,8}$/;
/** A scene's detections beyond this are not considered (an area too wide or a window too long). */
const SCENE_CAP = 50_000;

function time(value: string, field: string): number {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new CanvassError('INVALID_ARGUMENT', `“${value}” is not a date and time (${field}).`);
  return t;
}

function plateOf(text: string): string {
  const p = text.trim().toUpperCase().replace(/[\s-]/g, '');
  if (!PLATE.test(p)) throw new CanvassError('INVALID_ARGUMENT', 'A plate is 1–8 letters and digits.');
  return p;
}

function terms(a: object): Json {
  return JSON.parse(JSON.stringify(a)) as Json;
}

export function canvass(a: Args<'search.canvassPreset'>): Returns<'search.canvassPreset'> {
  const t = canvassPreset({ ...a, at: time(a.at, 'at') });
  return { from: new Date(t.from).toISOString(), to: new Date(t.to).toISOString(), area: t.area };
}

function mostCommon<T>(values: readonly T[]): T | null {
  const counts = new Map<T, number>();
  let best: T | null = null;
  let n = 0;
  for (const v of values) {
    if (v === null || v === 'unknown') continue;
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > n) {
      n = c;
      best = v;
    }
  }
  return best;
}

/**
 * Plates seen near at least k of 2–10 scenes. With similar characters on, readings that look the same are
 * one vehicle, so a misread at one scene does not hide it. Ranked by scenes, then by fewest sightings (a
 * vehicle seen only at the scenes says more than one seen everywhere).
 */
export function commonVehicles(ctx: Context, a: CommonVehiclesArgs): CommonVehiclesResult {
  const db = storeOf(ctx);
  const { result, minScenes } = findCommonVehicles(db, a);
  record(ctx, db, 'search.commonVehicles', 'ok', {
    query: terms({ ...a, minScenes }),
    resultCount: result.vehicles.length,
    plates: result.vehicles.map((v) => v.plate),
    detectionIds: result.vehicles.flatMap((v) => v.detections.map((d) => d.id)),
  });
  return result;
}

/** The place of a scene: a radius around a point, or an area drawn on the map. */
function sceneArea(s: SceneArgs): GeoArea {
  return 'area' in s ? s.area : { kind: 'radius', lat: s.lat, lon: s.lon, radiusM: s.radiusM };
}

/** The analysis itself, on a store handle (the bench calls it directly). */
export function findCommonVehicles(
  db: ReadableDB,
  a: CommonVehiclesArgs,
): { result: CommonVehiclesResult; minScenes: number } {
  const n = a.scenes.length;
  const k = a.minScenes ?? Math.min(n, 3);
  if (k > n) throw new CanvassError('INVALID_ARGUMENT', `Seen at ${k} scenes cannot be asked of ${n} scenes.`);
  const similar = a.similar !== false;
  // A detection inside two overlapping scenes is one sighting near both.
  const groups = new Map<string, { scenes: Set<number>; rows: Map<number, { row: DetectionRow; scenes: number[] }> }>();
  const perScene: number[] = [];
  a.scenes.forEach((s, i) => {
    const from = time(s.from, `scene ${i + 1} from`);
    const to = time(s.to, `scene ${i + 1} to`);
    if (from > to) throw new CanvassError('INVALID_ARGUMENT', `Scene ${i + 1}'s window ends before it starts.`);
    const rows = detectionsInWindow(db, { from, to, area: sceneArea(s), vehicle: a.vehicle }, SCENE_CAP);
    perScene.push(rows.length);
    for (const r of rows) {
      const key = similar ? foldPlate(r.plate) : r.plate;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { scenes: new Set(), rows: new Map() }));
      g.scenes.add(i);
      const seen = g.rows.get(r.id);
      if (seen) seen.scenes.push(i);
      else g.rows.set(r.id, { row: r, scenes: [i] });
    }
  });
  const hits = [...groups.values()]
    .filter((g) => g.scenes.size >= k)
    .sort((x, y) => y.scenes.size - x.scenes.size || x.rows.size - y.rows.size)
    .slice(0, 200);
  const names = cameraNames(
    db,
    hits.flatMap((g) => [...g.rows.values()].map((r) => r.row.cameraId)),
  );
  const vehicles: CommonVehicle[] = hits.map((g) => {
    const sightings = [...g.rows.values()].sort((x, y) => x.row.seenAt - y.row.seenAt);
    const rows = sightings.map((s) => s.row);
    return {
      plate: mostCommon(rows.map((r) => r.plate))!,
      readings: [...new Set(rows.map((r) => r.plate))].sort(),
      state: mostCommon(rows.map((r) => r.state)),
      make: mostCommon(rows.map((r) => r.make)),
      model: mostCommon(rows.map((r) => r.model)),
      color: mostCommon(rows.map((r) => r.color)),
      body: mostCommon(rows.map((r) => r.body)),
      scenes: [...g.scenes].sort((x, y) => x - y),
      detections: sightings.map((s) => ({ ...toDetection(s.row, names), scenes: s.scenes })),
    };
  });
  return { result: { vehicles, detectionsPerScene: perScene }, minScenes: k };
}

function sightingsOf(
  ctx: Context,
  a: { plate: string; state?: string; from?: string; to?: string },
): { plate: string; rows: DetectionRow[] } {
  const db = storeOf(ctx);
  const plate = plateOf(a.plate);
  const from = a.from === undefined ? undefined : time(a.from, 'from');
  const to = a.to === undefined ? undefined : time(a.to, 'to');
  const span = timeSpan(db);
  if (!span) return { plate, rows: [] };
  const rows = allDetectionsOfPlates(db, [plate], dayNumbers(span, from, to), {
    from,
    to,
    state: a.state?.toUpperCase(),
  });
  return { plate, rows: rows.sort((x, y) => x.seenAt - y.seenAt) };
}

/**
 * Plates that pass the same camera within `withinSeconds` of the target on at least `minOccasions` of the
 * target's sightings. Readings that look the same count as one companion.
 */
export function travellingTogether(ctx: Context, a: TravellingTogetherArgs): TravellingTogetherResult {
  const db = storeOf(ctx);
  const { plate, rows } = sightingsOf(ctx, a);
  const w = (a.withinSeconds ?? 120) * 1000;
  const min = a.minOccasions ?? 2;
  const target = foldPlate(plate);
  const byKey = new Map<string, { occasions: Set<number>; rows: Map<number, DetectionRow>; closest: number }>();
  for (const s of rows) {
    const near = detectionsInWindow(db, { from: s.seenAt - w, to: s.seenAt + w, cameras: [s.cameraId] }, 2000);
    for (const r of near) {
      const key = foldPlate(r.plate);
      if (key === target) continue;
      let g = byKey.get(key);
      if (!g) byKey.set(key, (g = { occasions: new Set(), rows: new Map(), closest: Infinity }));
      g.occasions.add(s.id);
      g.rows.set(r.id, r);
      g.closest = Math.min(g.closest, Math.abs(r.seenAt - s.seenAt));
    }
  }
  const chosen = [...byKey.values()]
    .filter((g) => g.occasions.size >= min)
    .sort((x, y) => y.occasions.size - x.occasions.size || x.closest - y.closest)
    .slice(0, 100)
    .map((g) => ({ ...g, list: [...g.rows.values()].sort((x, y) => x.seenAt - y.seenAt) }));
  const names = cameraNames(
    db,
    [...rows, ...chosen.flatMap((g) => g.list)].map((r) => r.cameraId),
  );
  const companions: Companion[] = chosen.map((g) => ({
    plate: mostCommon(g.list.map((r) => r.plate))!,
    state: mostCommon(g.list.map((r) => r.state)),
    make: mostCommon(g.list.map((r) => r.make)),
    model: mostCommon(g.list.map((r) => r.model)),
    color: mostCommon(g.list.map((r) => r.color)),
    body: mostCommon(g.list.map((r) => r.body)),
    occasions: g.occasions.size,
    cameras: [...new Set(g.list.map((r) => r.cameraId))].sort(),
    detectionIds: g.list.map((r) => r.id),
    detections: g.list.map((r) => toDetection(r, names)),
    closestSeconds: Math.round(g.closest / 1000),
  }));
  record(ctx, db, 'search.travellingTogether', 'ok', {
    query: terms(a),
    resultCount: companions.length,
    plates: companions.map((c) => c.plate),
    detectionIds: [...rows.map((r) => r.id), ...companions.flatMap((c) => c.detectionIds)],
  });
  return { targetSightings: rows.length, target: rows.map((r) => toDetection(r, names)), companions };
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** A plate's most frequent cameras and its sightings by local hour and weekday, with counts. */
export function plateHabits(ctx: Context, a: PlateHabitsArgs): PlateHabitsResult {
  const db = storeOf(ctx);
  const timeZone = a.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23', weekday: 'short' });
  } catch {
    throw new CanvassError('INVALID_ARGUMENT', `“${timeZone}” is not a time zone (e.g. America/Los_Angeles).`);
  }
  const { plate, rows } = sightingsOf(ctx, a);
  const hourOfWeek = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  const cams = new Map<string, { count: number; lat: number; lon: number }>();
  for (const r of rows) {
    const parts = fmt.formatToParts(new Date(r.seenAt));
    const hour = Number(parts.find((p) => p.type === 'hour')!.value);
    hourOfWeek[WEEKDAYS.indexOf(parts.find((p) => p.type === 'weekday')!.value)]![hour]!++;
    const c = cams.get(r.cameraId);
    if (c) c.count++;
    else cams.set(r.cameraId, { count: 1, lat: r.lat, lon: r.lon });
  }
  const names = cameraNames(db, [...cams.keys()]);
  const cameras = [...cams.entries()]
    .map(([cameraId, c]) => ({ cameraId, cameraName: names.get(cameraId) ?? null, ...c }))
    .sort((x, y) => y.count - x.count || x.cameraId.localeCompare(y.cameraId));
  record(ctx, db, 'search.plateHabits', 'ok', {
    query: terms({ ...a, timeZone }),
    resultCount: rows.length,
    detectionIds: rows.map((r) => r.id),
  });
  return {
    plate,
    sightings: rows.length,
    first: rows.length ? new Date(rows[0]!.seenAt).toISOString() : null,
    last: rows.length ? new Date(rows[rows.length - 1]!.seenAt).toISOString() : null,
    timeZone,
    cameras,
    hours: Array.from({ length: 24 }, (_, h) => hourOfWeek.reduce((sum, day) => sum + day[h]!, 0)),
    weekdays: hourOfWeek.map((day) => day.reduce((sum, n) => sum + n, 0)),
    hourOfWeek,
    detections: rows.map((r) => toDetection(r, names)),
  };
}
