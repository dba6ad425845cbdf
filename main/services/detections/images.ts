/** A detection's evidence images as the detail view shows them (docs/workspace.md, "Reference data"). */
import type { DetectionImages, EvidenceImage } from '../../../preload/contract';
import { probeImage } from '../../../native/image';
import { CanvassError } from '../../core/shared/errors';
import type { ReadableDB } from '../../store/db';
import { getDetection } from '../../store/repos/detections';
import { heldImage, imageHeld } from '../../store/repos/images';
import { record } from '../audit';
import { storeOf, type Context } from '../kernel/context';
import { fetchDetectionImages } from '../sync';

async function evidenceImage(db: ReadableDB, sha256: string | null): Promise<EvidenceImage | null> {
  const row = sha256 ? heldImage(db, sha256) : null;
  if (!sha256 || !row) return null;
  const { width, height } = await probeImage(row.bytes);
  return { sha256, mime: row.mime, width, height, dataUrl: `data:${row.mime};base64,${row.bytes.toString('base64')}` };
}

/**
 * `detections.images`: the plate crop and overview of a detection, fetched from the agency server on first view
 * and cached in the encrypted store. Audited as a view of the detection's images (whether they could be shown or
 * not). Offline or unenrolled is not an error: the answer says why an image is missing in `note`.
 */
export async function detectionImages(ctx: Context, id: number): Promise<DetectionImages> {
  const db = storeOf(ctx);
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
