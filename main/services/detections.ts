import type { Detection, DetectionQuery } from '../../preload/contract';
import { CanvassError } from '../core/errors';
import { maskToFeatures } from '../core/vehicle';
import { cameraNames, findDetections, getDetection, type DetectionRow } from '../store/detections.repo';
import { record } from './auditLog';
import type { Context } from './context';
import { openStore } from './sessionInfo';

const PLATE = /^[A-Z0-9]{1,8}$/;
const MAX_LIMIT = 500;

function toDetection(r: DetectionRow, cameras: Map<string, string>): Detection {
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

/** The foundation's plate lookup: an exact plate or a prefix ending in `*`. Audited with its exact terms and results. */
export function search(ctx: Context, q: DetectionQuery): { rows: Detection[]; truncated: boolean } {
  const db = openStore(ctx);
  const raw = (q.plate ?? '').trim().toUpperCase().replace(/[\s-]/g, '');
  const prefix = raw.endsWith('*');
  const plate = prefix ? raw.slice(0, -1) : raw;
  if (raw !== '' && !PLATE.test(plate)) {
    throw new CanvassError(
      'INVALID_ARGUMENT',
      'A plate is 1–8 letters and digits, optionally ending in * to match the start of plates.',
    );
  }
  const from = parseTime(q.from, 'from');
  const to = parseTime(q.to, 'to');
  if (from !== undefined && to !== undefined && from > to)
    throw new CanvassError('INVALID_ARGUMENT', 'The time window ends before it starts.');
  if (raw === '' && from === undefined) {
    throw new CanvassError('INVALID_ARGUMENT', 'Enter a plate or a time window: Canvass does not list all detections.');
  }
  const limit = Math.min(q.limit ?? 200, MAX_LIMIT);
  const rows = findDetections(db, {
    ...(raw === '' ? {} : prefix ? { platePrefix: plate } : { plate }),
    from,
    to,
    limit: limit + 1,
  });
  const truncated = rows.length > limit;
  const page = rows.slice(0, limit);
  record(ctx, db, 'detections.search', 'ok', {
    query: { plate: q.plate ?? null, from: q.from ?? null, to: q.to ?? null, limit },
    resultCount: page.length,
    detectionIds: page.map((r) => r.id),
  });
  const cameras = cameraNames(
    db,
    page.map((r) => r.cameraId),
  );
  return { rows: page.map((r) => toDetection(r, cameras)), truncated };
}

export function get(ctx: Context, id: number): Detection {
  const db = openStore(ctx);
  const row = getDetection(db, id);
  record(ctx, db, 'detections.view', row ? 'ok' : 'failed', { detectionIds: [id] });
  if (!row)
    throw new CanvassError(
      'NOT_FOUND',
      `Detection ${id} is not in this workstation's store (it may have been purged).`,
    );
  return toDetection(row, cameraNames(db, [row.cameraId]));
}
