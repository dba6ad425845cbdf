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
} from '../../../preload/contract';
import { probeImage } from '../../../native/image';
import { CanvassError } from '../../core/shared/errors';
import { describePlatePattern } from '../../core/plates/patternDescribe';
import { UNIQUE_FEATURES, type UniqueFeature } from '../../core/plates/vehicle';
import { getDetection } from '../../store/repos/detections';
import { catchUpVocabularyFor, listCameras, vocabularyCounts } from '../../store/repos/cameras';
import { record } from '../audit/log';
import type { Context } from '../kernel/context';
import { openStore } from '../access/sessionInfo';
import { fetchDetectionImages, imageHeld } from '../sync/imageFetch';
import type { ReadableDB, WritableDB } from '../../store/db';

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

async function evidenceImage(db: ReadableDB, sha256: string | null): Promise<EvidenceImage | null> {
  if (!sha256) return null;
  const row = db.prepare('SELECT mime, bytes FROM images WHERE sha256 = ? AND bytes IS NOT NULL').get(sha256) as
    { mime: string; bytes: Buffer } | undefined;
  if (!row) return null;
  const { width, height } = await probeImage(row.bytes);
  return { sha256, mime: row.mime, width, height, dataUrl: `data:${row.mime};base64,${row.bytes.toString('base64')}` };
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
  // Every image the detection names is here (a camera may keep only an overview or only a crop).
  const named = [row.plateImage, row.overviewImage].filter((sha): sha is string => sha !== null);
  const complete = named.length > 0 && named.every((sha) => imageHeld(db, sha));
  if (!complete) {
    const got = await fetchDetectionImages(ctx, db, id);
    note = got.ok ? null : got.message;
    fetched = got.ok;
  }
  // The fetch may have applied a new version of the detection that names its images.
  const now = getDetection(db, id) ?? row;
  const plate = await evidenceImage(db, now.plateImage).catch(() => null);
  const overview = await evidenceImage(db, now.overviewImage).catch(() => null);
  const unreadable = (sha: string | null, image: unknown) => sha !== null && !image;
  if (note === null && (unreadable(now.plateImage, plate) || unreadable(now.overviewImage, overview)))
    note = 'An image of this detection could not be read.';
  else if (note === null && !plate) note = 'This camera keeps no plate crop; the overview is the evidence.';
  else if (note === null && !overview) note = 'This camera keeps no overview; the plate crop is the evidence.';
  record(ctx, db, 'detections.images', 'ok', {
    detectionIds: [id],
    images: [plate?.sha256 ?? null, overview?.sha256 ?? null],
    fetchedFromServer: fetched,
    note,
  });
  return { plate, overview, note };
}
