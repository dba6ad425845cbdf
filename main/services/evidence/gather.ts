/**
 * Gathers what a package holds from the store (a read-only use of it, on the evidence worker's own connection):
 * the case's collection narrowed to the technician's choice, each detection's images, reads, corrections and hits,
 * and the access-log records that found or collected them with the chain segment between them.
 */
import type { AuditRecord } from '../../core/audit/chain';
import { accessFact, FINDING_ACTIONS } from '../../core/evidence/access';
import type {
  AccessFact,
  EvidenceContent,
  HitFact,
  ImageRef,
  PackageDetection,
  SegmentLink,
} from '../../core/evidence/content';
import { imagePath } from '../../core/evidence/layout';
import { CanvassError } from '../../core/shared/errors';
import type { ReadableDB } from '../../store/db';
import { auditLinksOfActions, iterateAudit } from '../../store/repos/audit';
import { listCameras } from '../../store/repos/cameras';
import { hitsOfDetections } from '../../store/repos/hotlists';
import { transitionsOf } from '../../store/repos/hitTransitions';
import type { TransitionDetails } from '../../core/sync/protocol';
import { heldImageMeta } from '../../store/repos/images';
import { correctionsOfDetection, readsOfDetection } from '../../store/repos/ocr';
import { detectionsByIds } from '../../store/repos/plateIndex';
import { findUserByName } from '../../store/repos/users';
import { readCaseCollection } from '../cases';

export type GatherRequest = Omit<
  EvidenceContent,
  'detections' | 'access' | 'segment' | 'cameras' | 'custody' | 'booking'
> & {
  detectionIds: number[];
};

export function gatherContent(db: ReadableDB, req: GatherRequest): EvidenceContent {
  const wanted = new Set(req.detectionIds);
  const items = readCaseCollection(db, req.caseNumber).filter((i) => wanted.has(i.detectionId));
  const found = new Set(items.map((i) => i.detectionId));
  const gone = req.detectionIds.filter((id) => !found.has(id));
  if (gone.length)
    throw new CanvassError(
      'CONFLICT',
      `Detection${gone.length === 1 ? '' : 's'} ${gone.slice(0, 5).join(', ')} left the collection of case ${req.caseNumber} while the package was being made. Nothing was written; build it again.`,
    );
  const versions = new Map(detectionsByIds(db, req.detectionIds).map((r) => [r.id, r.version]));
  const hits = groupHits(db, req.detectionIds);
  const detections: PackageDetection[] = items.map((i) => {
    const d = i.detection;
    if (!d)
      throw new CanvassError(
        'NOT_FOUND',
        `Detection ${i.detectionId} was purged since it was collected; take it out of the package.`,
      );
    const plate = imageRef(db, d.plateImage);
    const overview = imageRef(db, d.overviewImage);
    const missing = [
      d.plateImage && !plate ? `the plate crop (${d.plateImage})` : null,
      d.overviewImage && !overview ? `the overview (${d.overviewImage})` : null,
    ].filter(Boolean);
    return {
      caseNumber: req.caseNumber,
      itemId: i.id,
      detectionId: i.detectionId,
      note: i.note,
      source: i.source,
      addedBy: i.addedBy.username,
      addedByName: i.addedBy.fullName,
      addedAt: i.addedAt,
      detection: d,
      version: versions.get(i.detectionId) ?? 0,
      plate,
      overview,
      imageNote: missing.length
        ? `Not in the package: ${missing.join(' and ')} — never fetched to this workstation and not fetchable when the package was made.`
        : !d.plateImage && !d.overviewImage
          ? 'The agency recorded no image for this detection.'
          : null,
      reads: readsOfDetection(db, i.detectionId).map((r) => ({
        id: r.id,
        at: r.at,
        username: r.username,
        originalPlate: r.originalPlate,
        plate: r.plate,
        confidence: r.confidence,
        variant: r.variant,
        candidates: r.candidates.map((c) => c.plate),
        doubt: r.doubt,
        error: r.errorMessage,
      })),
      corrections: correctionsOfDetection(db, i.detectionId).map((c) => ({
        id: c.id,
        at: c.at,
        username: c.username,
        originalPlate: c.originalPlate,
        correctedPlate: c.correctedPlate,
        chosen: c.chosen,
        ocrReadId: c.ocrReadId,
        reason: c.reason,
      })),
      hits: hits.get(i.detectionId) ?? [],
    };
  });
  const { access, segment } = accessOf(db, wanted);
  return {
    ...req,
    detections,
    access,
    segment,
    cameras: listCameras(db).map((c) => ({ id: c.id, name: c.name, lat: c.lat, lon: c.lon })),
    custody: [],
    booking: null,
  };
}

function imageRef(db: ReadableDB, sha256: string | null): ImageRef | null {
  if (!sha256) return null;
  const held = heldImageMeta(db, sha256);
  return held ? { sha256, mime: held.mime, byteLength: held.byteLength, file: imagePath(sha256, held.mime) } : null;
}

/**
 * The hits of these detections as the store holds them, each with its state trail: every transition that took
 * effect (a superseded or refused one never did), who made it, and what they recorded with it.
 */
function groupHits(db: ReadableDB, ids: readonly number[]): Map<number, HitFact[]> {
  const out = new Map<number, HitFact[]>();
  for (const h of hitsOfDetections(db, ids)) {
    const list = out.get(h.detectionId) ?? [];
    list.push({
      id: h.id,
      listId: h.listId,
      listName: h.listName,
      entryId: h.entryId,
      plate: h.plate,
      state: h.state,
      at: new Date(h.at).toISOString(),
      status: h.status,
      disposition: h.disposition,
      trail: transitionsOf(db, h.id)
        .filter((t) => t.sync !== 'superseded' && t.sync !== 'refused')
        .map((t) => ({ at: t.at, status: t.to, by: t.fullName || t.username, note: transitionNote(t.details) })),
    });
    out.set(h.detectionId, list);
  }
  return out;
}

/** What a step recorded, in words: the comparison, the live query, the reason, the disposition, the notes. */
function transitionNote(d: TransitionDetails): string | null {
  const parts = [
    d.compared ? `characters ${d.compared.characters}, state ${d.compared.state}` : null,
    d.reference
      ? `query ${d.reference}${d.entryActive === null ? '' : d.entryActive ? ' (entry active)' : ' (entry not active)'}`
      : null,
    d.confirmedBy ? `confirmed by ${d.confirmedBy}${d.confirmedHow ? ` (${d.confirmedHow})` : ''}` : null,
    d.reason ? `rejected: ${d.reason}` : null,
    d.disposition ? `disposition: ${d.disposition}` : null,
    d.justification ? `justification: ${d.justification}` : null,
    d.note,
  ].filter((p): p is string => !!p);
  return parts.length ? parts.join('; ') : null;
}

function accessOf(db: ReadableDB, ids: ReadonlySet<number>): { access: AccessFact[]; segment: SegmentLink[] } {
  const names = new Map<string, string | null>();
  const nameOf = (u: string | null) => {
    if (!u) return null;
    if (!names.has(u)) names.set(u, findUserByName(db, u)?.fullName ?? null);
    return names.get(u)!;
  };
  const access: AccessFact[] = [];
  const bodies = new Map<number, string>();
  for (const link of auditLinksOfActions(db, FINDING_ACTIONS)) {
    const record = JSON.parse(link.body) as AuditRecord;
    const fact = accessFact(link.seq, record, ids, nameOf(record.username));
    if (!fact) continue;
    access.push(fact);
    bodies.set(link.seq, link.body);
  }
  if (access.length === 0) return { access, segment: [] };
  const segment: SegmentLink[] = [];
  for (const l of iterateAudit(db, access[0]!.seq, access[access.length - 1]!.seq))
    segment.push({ seq: l.seq, prevHash: l.prevHash, hash: l.hash, body: bodies.get(l.seq) ?? null });
  return { access, segment };
}
