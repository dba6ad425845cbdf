/**
 * The workspace's reference data (docs/workspace.md, "Reference data"): the cameras, the vehicle pickers'
 * vocabulary, the plate field's pattern feedback, and a detection's evidence images.
 */
import type {
  CameraInfo,
  DetectionImages,
  EvidenceImage,
  PatternFeedback,
  SearchVocabulary,
} from '../../preload/contract';
import type { SqlDatabase } from '../../native/sqlcipher';
import { probeImage } from '../../native/image';
import { CanvassError } from '../core/errors';
import { describePlatePattern } from '../core/platePatternDescribe';
import { UNIQUE_FEATURES, type UniqueFeature } from '../core/vehicle';
import { getDetection } from '../store/detections.repo';
import { getSyncSettings } from '../store/sync.repo';
import { catchUpVocabularyFor, listCameras, vocabularyCounts } from '../store/workspace.repo';
import { record } from './auditLog';
import type { Context } from './context';
import { openStore } from './sessionInfo';
import { AgencyClient } from './sync/client';
import { ensureDetectionImages } from './sync/engine';
import { serverToken } from './sync/service';

export function cameras(ctx: Context): CameraInfo[] {
  // The query selects exactly the fields the contract's CameraInfo has.
  return listCameras(openStore(ctx));
}

export const FEATURE_LABELS: Record<UniqueFeature, string> = {
  roof_rack: 'Roof rack',
  bumper_sticker: 'Bumper sticker',
  damage: 'Visible damage',
  temporary_tag: 'Temporary tag',
  no_plate: 'No plate',
  tinted_windows: 'Tinted windows',
  aftermarket_wheels: 'Aftermarket wheels',
  missing_hubcap: 'Missing hubcap',
};

/** A vocabulary call catches up at most this long itself; the rest continues between calls. */
const CALL_BUDGET_MS = 400;

const catchingUp = new WeakMap<Context, boolean>();
const listening = new WeakSet<Context>();

/**
 * Catches up in the background, one chunk per macrotask so other calls run in between; started after a sync
 * and whenever a call ran out of its budget. Stops when the store closes (sign-out, lock).
 */
function catchUpInBackground(ctx: Context): void {
  if (catchingUp.get(ctx)) return;
  catchingUp.set(ctx, true);
  const step = () => {
    const db = ctx.store;
    if (!db || !ctx.dataKey) return void catchingUp.set(ctx, false);
    let done = true;
    try {
      done = catchUpVocabularyFor(db, 0).caughtUp;
    } catch {
      done = true; // the next call reports the store's state
    }
    if (done) catchingUp.set(ctx, false);
    else setTimeout(step, 25).unref();
  };
  setTimeout(step, 0).unref();
}

export function vocabulary(ctx: Context): SearchVocabulary {
  const db = openStore(ctx);
  if (!listening.has(ctx)) {
    listening.add(ctx);
    ctx.events.on('sync.finished', () => catchUpInBackground(ctx));
  }
  try {
    if (!catchUpVocabularyFor(db, CALL_BUDGET_MS).caughtUp) catchUpInBackground(ctx);
  } catch {
    // The store is busy (a sync is committing): answer with the counts so far; the loop after the sync catches up.
  }
  const counts = vocabularyCounts(db);
  const of = (field: string) =>
    counts.filter((c) => c.field === field).map((c) => ({ value: c.value, count: c.count }));
  const models = new Map<string, { value: string; count: number }[]>();
  for (const c of counts) {
    if (c.field !== 'model') continue;
    let list = models.get(c.parent);
    if (!list) models.set(c.parent, (list = []));
    list.push({ value: c.value, count: c.count });
  }
  return {
    makes: of('make').map((m) => ({ ...m, models: models.get(m.value) ?? [] })),
    colors: of('color'),
    bodies: of('body'),
    features: (Object.keys(UNIQUE_FEATURES) as UniqueFeature[]).map((id) => ({ id, label: FEATURE_LABELS[id] })),
    states: of('state').map((s) => s.value),
    headings: of('heading').map((h) => h.value),
  };
}

export function describePattern(args: { plate: string; similar?: boolean }): PatternFeedback {
  return describePlatePattern(args.plate, { similar: args.similar });
}

async function evidenceImage(db: SqlDatabase, sha256: string | null): Promise<EvidenceImage | null> {
  if (!sha256) return null;
  const row = db.prepare('SELECT mime, bytes FROM images WHERE sha256 = ? AND bytes IS NOT NULL').get(sha256) as
    { mime: string; bytes: Buffer } | undefined;
  if (!row) return null;
  const { width, height } = await probeImage(row.bytes);
  return { sha256, mime: row.mime, width, height, dataUrl: `data:${row.mime};base64,${row.bytes.toString('base64')}` };
}

function held(db: SqlDatabase, sha256: string | null): boolean {
  return !!sha256 && !!db.prepare('SELECT 1 FROM images WHERE sha256 = ? AND bytes IS NOT NULL').get(sha256);
}

/** Short timeouts: a person is waiting for the detail view. */
const FETCH_RETRY = { attempts: 2, baseMs: 250, maxMs: 1000 };
const FETCH_TIMEOUT_MS = 15_000;

/** Fetches a detection's images from the agency server; returns why not when it cannot. */
async function fetchFromServer(ctx: Context, db: SqlDatabase, detectionId: number): Promise<string | null> {
  const settings = getSyncSettings(db);
  if (!settings)
    return 'The images are not on this workstation, and it is not enrolled with an agency server to fetch them from.';
  let token: { value: string };
  try {
    token = await serverToken(ctx, null);
  } catch {
    return 'The images are not on this workstation yet. Sync (or sign in again while connected) to fetch them from the agency server.';
  }
  const client = new AgencyClient(settings.serverUrl, { pinnedCert: settings.pinnedCert, timeoutMs: FETCH_TIMEOUT_MS });
  client.token = token.value;
  try {
    const got = await ensureDetectionImages(db, client, detectionId, FETCH_RETRY);
    return got ? null : 'The agency server has no images for this detection (none were recorded, or they were purged).';
  } catch (err) {
    return `The images could not be fetched from the agency server: ${(err as Error).message}`;
  } finally {
    client.close();
  }
}

/**
 * `detections.images`: the plate crop and overview of a detection, fetched from the agency server on first view
 * and cached in the encrypted store. Audited as a view of the detection's images (whether they could be shown or
 * not). Offline or unenrolled is not an error: the answer says why an image is missing in `note`.
 */
export async function images(ctx: Context, id: number): Promise<DetectionImages> {
  const db = openStore(ctx);
  const row = getDetection(db, id);
  if (!row) {
    record(ctx, db, 'detections.images', 'failed', { detectionIds: [id] });
    throw new CanvassError(
      'NOT_FOUND',
      `Detection ${id} is not in this workstation's store (it may have been purged).`,
    );
  }
  let note: string | null = null;
  let fetched = false;
  const complete = held(db, row.plateImage) && held(db, row.overviewImage);
  if (!complete) {
    note = await fetchFromServer(ctx, db, id);
    fetched = note === null;
  }
  // The fetch may have applied a new version of the detection that names its images.
  const now = getDetection(db, id) ?? row;
  const plate = await evidenceImage(db, now.plateImage).catch(() => null);
  const overview = await evidenceImage(db, now.overviewImage).catch(() => null);
  if (note === null && (!plate || !overview)) note = 'An image of this detection could not be read.';
  record(ctx, db, 'detections.images', 'ok', {
    detectionIds: [id],
    images: [plate?.sha256 ?? null, overview?.sha256 ?? null],
    fetchedFromServer: fetched,
    note,
  });
  return { plate, overview, note };
}
