import type { Detection, DetectionQuery, SearchResult } from '../../../preload/contract';
import type { Json } from '../../core/shared/canonicalJson';
import { CanvassError } from '../../core/shared/errors';
import { maskToFeatures } from '../../core/plates/vehicle';
import { getDetection, type DetectionRow } from '../../store/repos/detections';
import { record } from '../audit';
import type { Context } from '../kernel/context';
import { runSearch } from './search';
import { storeOf } from '../kernel/context';
import { cameraNames } from '../../store/repos/cameras';
import { heldAmong } from '../../store/repos/retention';
import type { ReadableDB } from '../../store/db';

/** The most rows one search returns: the workspace shows up to 10,000 at once (docs/workspace.md). */
export const MAX_SEARCH_LIMIT = 10_000;

export function toDetection(r: DetectionRow, cameras: Map<string, string>): Detection {
  return {
    id: r.id,
    plate: r.plate,
    state: r.state,
    seenAt: new Date(r.seenAt).toISOString(),
    lat: r.lat,
    lon: r.lon,
    cameraId: r.cameraId,
    cameraName: cameras.get(r.cameraId) ?? null,
    heading: r.heading,
    make: r.make,
    model: r.model,
    color: r.color,
    body: r.body,
    features: maskToFeatures(r.features),
    confidence: r.confidence,
    plateImage: r.plateImage,
    overviewImage: r.overviewImage,
  };
}

function parseTime(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new CanvassError('INVALID_ARGUMENT', `“${value}” is not a date and time (${field}).`);
  return t;
}

/**
 * `detections.search`: a partial plate (with similar characters and near misses), a vehicle description,
 * a time window, a place and a direction, in any combination (docs/search.md). Audited with its exact terms
 * and the ids of the detections returned.
 */
export function search(ctx: Context, q: DetectionQuery): SearchResult {
  const db = storeOf(ctx);
  const raw = q.plate?.trim() ?? '';
  const from = parseTime(q.from, 'from');
  const to = parseTime(q.to, 'to');
  if (from !== undefined && to !== undefined && from > to)
    throw new CanvassError('INVALID_ARGUMENT', 'The time window ends before it starts.');
  if (raw === '' && (from === undefined || to === undefined)) {
    throw new CanvassError(
      'INVALID_ARGUMENT',
      'Enter a plate, or a time window with a start and an end: Canvass does not list all detections.',
    );
  }
  const limit = Math.min(q.limit ?? 200, MAX_SEARCH_LIMIT);
  const outcome = runSearch(db, {
    ...(raw === '' ? {} : { plate: raw }),
    similar: q.similar,
    nearMisses: q.nearMisses,
    state: q.state?.toUpperCase(),
    vehicle: q.vehicle,
    from,
    to,
    area: q.area,
    cameras: q.cameras,
    headings: q.headings,
    limit,
  });
  record(ctx, db, 'detections.search', 'ok', {
    query: JSON.parse(JSON.stringify({ ...q, limit })) as Json,
    resultCount: outcome.rows.length,
    detectionIds: outcome.rows.map((r) => r.row.id),
  });
  const cameras = cameraNames(
    db,
    outcome.rows.map((r) => r.row.cameraId),
  );
  return {
    rows: withHeld(
      db,
      outcome.rows.map((r) => ({ ...toDetection(r.row, cameras), match: r.match })),
    ),
    truncated: outcome.truncated,
    plates: outcome.plates,
  };
}

export function get(ctx: Context, id: number): Detection {
  const db = storeOf(ctx);
  const row = getDetection(db, id);
  record(ctx, db, 'detections.view', row ? 'ok' : 'failed', { detectionIds: [id] });
  if (!row)
    throw new CanvassError(
      'NOT_FOUND',
      `Detection ${id} is not in this workstation's store (it may have been purged).`,
    );
  return withHeld(db, [toDetection(row, cameraNames(db, [row.cameraId]))])[0]!;
}

/**
 * The detections with what keeps each past the retention schedule (`heldBy`: a legal hold or a booked evidence
 * package), so a held read is marked wherever it is shown — a search's rows, a case's collection, the detail.
 */
export function withHeld<T extends { id: number }>(db: ReadableDB, detections: T[]): (T & { heldBy?: string })[] {
  const held = heldAmong(
    db,
    detections.map((d) => d.id),
  );
  if (held.size === 0) return detections;
  return detections.map((d) => {
    const by = held.get(d.id);
    return by ? { ...d, heldBy: by } : d;
  });
}

/** A detection as the contract shows it, without an access record: for a use case that records its own read. */
export function readDetection(db: ReadableDB, id: number): Detection | null {
  const row = getDetection(db, id);
  return row ? toDetection(row, cameraNames(db, [row.cameraId])) : null;
}
