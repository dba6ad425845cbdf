/**
 * Fulfilling an approved release (docs/releases.md): the request is screened once more (an agreement may have
 * expired since the approval), the approved scope is read from the store — exactly that, nothing more — and written
 * as a release package (the evidence package's BagIt format, signed with the agency's evidence key, read back and
 * verified before it gets its final name) holding the detections, the release record and the release packet PDF.
 * Only then is the release recorded: the request fulfilled, the packet in the document register, the access-log
 * record naming every released detection, and the release pushed to the agency server.
 */
import { createHash, randomUUID, sign } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { ReleaseProgress, ReleaseRequestInfo } from '../../../preload/contract';
import { documentId } from '../../core/documents/spec';
import {
  RELEASE_PAYLOAD,
  releaseBagInfo,
  releaseCsv,
  releaseFolderName,
  releasePacketSpec,
  releaseReadme,
  summarize,
  RELEASE_FORMAT,
  type ReleasedDetection,
  type ReleaseRecord,
} from '../../core/releases/packet';
import type { ReleaseScope } from '../../core/releases/request';
import { TAG } from '../../core/evidence/layout';
import { CanvassError } from '../../core/shared/errors';
import { canonicalJson, type Json } from '../../core/shared/canonicalJson';
import { inTransaction, type ReadableDB } from '../../store/db';
import { getAgency } from '../../store/repos/agency';
import { cameraNames } from '../../store/repos/cameras';
import {
  allDetectionsOfPlates,
  dayNumbers,
  detectionsByIds,
  detectionsInWindow,
  timeSpan,
} from '../../store/repos/plateIndex';
import { attachmentOf, setFulfilled } from '../../store/repos/releases';
import { enqueueOutbox } from '../../store/repos/sync';
import { findUserByName } from '../../store/repos/users';
import { record } from '../audit';
import { readCaseCollection } from '../cases';
import { registerDocument, renderInWorker, unusedDocumentId, writeDocumentFiles } from '../documents';
import { ensureEvidenceKey, signingKey, WriteCancelled, writeBag, type PayloadFile } from '../evidence';
import { profileOf, storeOf, type Context } from '../kernel/context';
import { draftOf, keepScreening, requestInfo, requestOrThrow, screenAgainOrRefuse } from './requests';
import { statusText } from './review';

/** A release holds at most this many detections; a wider request is narrowed with the requester first. */
export const RELEASE_MAX = 50_000;

const EXT: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/tiff': 'tif',
};

/** The detections the approved scope covers, oldest first: exactly what was approved. */
export function detectionsInScope(db: ReadableDB, scope: ReleaseScope): ReleasedDetection[] {
  let rows;
  if (scope.kind === 'case') {
    const ids = readCaseCollection(db, scope.caseNumber)
      .filter((i) => i.detection)
      .map((i) => i.detectionId);
    rows = detectionsByIds(db, ids);
  } else {
    const from = Date.parse(scope.from);
    const to = Date.parse(scope.to);
    const span = timeSpan(db);
    if (!span) return [];
    rows =
      scope.kind === 'plates'
        ? allDetectionsOfPlates(
            db,
            scope.plates.map((p) => p.toUpperCase()),
            dayNumbers(span, from, to),
            { from, to },
          )
        : detectionsInWindow(db, { from, to, area: scope.area }, RELEASE_MAX + 1);
  }
  if (rows.length > RELEASE_MAX)
    throw new CanvassError(
      'INVALID_ARGUMENT',
      `The approved request covers more than ${RELEASE_MAX.toLocaleString('en-US')} detections; narrow it with the requester and record it again. Nothing was released.`,
    );
  const names = cameraNames(
    db,
    rows.map((r) => r.cameraId),
  );
  return rows
    .map((r) => ({
      id: r.id,
      plate: r.plate,
      state: r.state,
      seenAt: r.seenAt,
      lat: r.lat,
      lon: r.lon,
      cameraId: r.cameraId,
      cameraName: names.get(r.cameraId) ?? null,
      heading: r.heading,
      make: r.make,
      model: r.model,
      color: r.color,
      body: r.body,
      features: r.features,
      confidence: r.confidence,
      version: r.version,
      plateImage: r.plateImage,
      overviewImage: r.overviewImage,
    }))
    .sort((a, b) => a.seenAt - b.seenAt || a.id - b.id);
}

function checkFolder(path: string): string {
  if (!isAbsolute(path))
    throw new CanvassError('INVALID_ARGUMENT', `Choose a drive or folder (“${path}” is not a full path).`);
  const dir = resolve(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new CanvassError('NOT_FOUND', `${dir} is not there (is the drive connected?). Nothing was released.`);
  return dir;
}

function person(db: ReadableDB, username: string) {
  return { username, fullName: findUserByName(db, username)?.fullName ?? null };
}

/** Fulfilments under way on a workstation, by request id: what a cancel asks to stop. */
const fulfilling = new WeakMap<Context, Map<number, { cancelled: boolean }>>();

/** Asks a fulfilment that is under way to stop; it stops at its next file and releases nothing. */
export function cancelFulfil(ctx: Context, id: number): { cancelling: boolean } {
  const job = fulfilling.get(ctx)?.get(id);
  if (job) job.cancelled = true;
  return { cancelling: job !== undefined };
}

export async function fulfil(ctx: Context, args: { id: number; folder: string }): Promise<ReleaseRequestInfo> {
  const jobs = fulfilling.get(ctx) ?? new Map<number, { cancelled: boolean }>();
  fulfilling.set(ctx, jobs);
  if (jobs.has(args.id)) throw new CanvassError('CONFLICT', 'This release is being fulfilled already.');
  const job = { cancelled: false };
  jobs.set(args.id, job);
  try {
    return await fulfilOnce(ctx, args, job);
  } finally {
    jobs.delete(args.id);
  }
}

async function fulfilOnce(
  ctx: Context,
  args: { id: number; folder: string },
  job: { cancelled: boolean },
): Promise<ReleaseRequestInfo> {
  const db = storeOf(ctx);
  const row = requestOrThrow(db, args.id);
  const progress = (p: Omit<ReleaseProgress, 'requestId' | 'number'>) =>
    ctx.events.emit('releases.progress', { requestId: row.id, number: row.number, ...p });
  const phase = (name: ReleaseProgress['phase']) =>
    progress({ phase: name, files: 0, totalFiles: 0, bytes: 0, totalBytes: 0 });
  if (row.status !== 'approved') {
    record(ctx, db, 'releases.fulfil', 'denied', { number: row.number, status: row.status });
    throw new CanvassError(
      row.status === 'screened' ? 'FORBIDDEN' : 'CONFLICT',
      `${row.number} is ${statusText(row.status)}: nothing is released before the ${profileOf(ctx).sharing.approver.who} (or designee) approves it.`,
    );
  }
  const decision = screenAgainOrRefuse(ctx, db, row, 'fulfilment', 'releases.fulfil', 'Nothing was released.');
  const folder = checkFolder(args.folder);
  const draft = draftOf(db, row);
  phase('reading');
  const rows = detectionsInScope(db, draft.scope);
  const profile = profileOf(ctx);
  const agency = getAgency(db)!;
  const keyInfo = ensureEvidenceKey(ctx);
  const key = signingKey(ctx);
  const now = ctx.nowIso();
  const csv = Buffer.from(releaseCsv(rows, profile.timeZone), 'utf8');
  const rec: ReleaseRecord = {
    format: RELEASE_FORMAT,
    version: 1,
    number: row.number,
    sender: { name: agency.name, ori: agency.ori, keyFingerprint: keyInfo.fingerprint, timeZone: profile.timeZone },
    request: draft,
    preparedBy: person(db, row.preparedBy),
    preparedAt: row.preparedAt,
    decision,
    approval: { by: person(db, row.decidedBy!), at: row.decidedAt!, note: row.decisionNote ?? '' },
    fulfilledBy: person(db, ctx.session!.username),
    fulfilledAt: now,
    summary: summarize(rows, createHash('sha256').update(csv).digest('hex')),
    retentionLimitDays: draft.certification.retentionDays,
  };
  const spec = releasePacketSpec(rec, { name: agency.name, ori: agency.ori });
  spec.meta.documentId = unusedDocumentId(db, documentId('RLP', row.number, now));
  phase('rendering');
  const rendered = await renderInWorker(spec, ctx.fontsDir);
  if (job.cancelled) {
    record(ctx, db, 'releases.fulfil', 'failed', { number: row.number, reason: 'cancelled before writing' });
    throw new CanvassError('CANCELLED', `Fulfilment of ${row.number} was cancelled. Nothing was released.`);
  }
  const recordJson = Buffer.from(canonicalJson(rec as unknown as Json), 'utf8');
  const attachment = Buffer.from(attachmentOf(db, row.id));
  const payload: PayloadFile[] = [
    file(RELEASE_PAYLOAD.detectionsCsv, 'text/csv', csv),
    file(RELEASE_PAYLOAD.record, 'application/json', recordJson),
    file(RELEASE_PAYLOAD.packetPdf, 'application/pdf', Buffer.from(rendered.pdf)),
    file(RELEASE_PAYLOAD.packetJson, 'application/json', Buffer.from(rendered.json)),
    file(RELEASE_PAYLOAD.writtenRequest(EXT[draft.attachment!.mime] ?? 'bin'), draft.attachment!.mime, attachment),
  ];
  const finalName = releaseFolderName(row.number);
  const finalPath = join(folder, finalName);
  if (existsSync(finalPath))
    throw new CanvassError(
      'CONFLICT',
      `${finalPath} already exists: a release of ${row.number} was written there but not recorded (Canvass stopped before it finished; the access log's releases.fulfil.started record names what it held). Check it with evidence:verify, move it off the drive, and release again. Nothing was written.`,
    );
  // Written ahead, durably: if Canvass stops after the package gets its final name and before the release is
  // recorded, the access log still names what left and where.
  inTransaction(db, () =>
    record(ctx, db, 'releases.fulfil.started', 'ok', {
      number: row.number,
      recipient: draft.agency.name,
      recipientOri: draft.agency.ori,
      detections: rows.length,
      detectionIds: rows.map((r) => r.id),
      csvSha256: rec.summary.csvSha256,
      package: finalPath,
    }),
  );
  let written;
  try {
    written = await writeBag({
      medium: folder,
      tempName: `INCOMPLETE-${finalName}-${randomUUID().slice(0, 8)}`,
      finalName,
      payload,
      tagFiles: (hashed) => [
        {
          name: TAG.bagInfo,
          data: releaseBagInfo(rec, {
            bytes: hashed.reduce((s, h) => s + h.byteLength, 0),
            files: hashed.length,
          }),
        },
        { name: TAG.readme, data: releaseReadme(rec) },
        { name: TAG.publicKey, data: key.publicPem },
      ],
      sign: (tagManifest) => sign(null, tagManifest, key.privateKey),
      keyFingerprint: key.fingerprint,
      stop: () => job.cancelled,
      onProgress: (p) =>
        progress({
          phase: p.phase,
          files: p.files,
          totalFiles: p.totalFiles,
          bytes: p.bytes,
          totalBytes: p.totalBytes,
        }),
    });
  } catch (err) {
    if (err instanceof WriteCancelled) {
      record(ctx, db, 'releases.fulfil', 'failed', { number: row.number, reason: 'cancelled', package: finalPath });
      throw new CanvassError(
        'CANCELLED',
        `Fulfilment of ${row.number} was cancelled: the partial package was removed and nothing was released.`,
      );
    }
    record(ctx, db, 'releases.fulfil', 'failed', {
      number: row.number,
      reason: err instanceof CanvassError ? err.message : 'the package could not be written',
    });
    throw err;
  }
  phase('recording');
  const pdfPath = writeDocumentFiles(join(ctx.exportDir, 'releases'), spec.meta.documentId, rendered);
  inTransaction(db, () => {
    keepScreening(ctx, db, row.id, 'fulfilment', decision);
    const doc = registerDocument(db, spec, rendered, row.number, pdfPath);
    setFulfilled(db, row.id, {
      by: ctx.session!.username,
      at: now,
      releaseJson: recordJson.toString('utf8'),
      detections: rows.length,
      packetDocumentId: doc.id,
      packagePath: written.path,
      tagManifestSha256: written.tagManifestSha256,
    });
    record(ctx, db, 'releases.fulfil', 'ok', {
      number: row.number,
      recipient: draft.agency.name,
      recipientOri: draft.agency.ori,
      purpose: draft.purpose,
      detections: rows.length,
      detectionIds: rows.map((r) => r.id),
      csvSha256: rec.summary.csvSha256,
      packet: doc.id,
      package: written.path,
      tagManifestSha256: written.tagManifestSha256,
    });
    enqueueOutbox(
      db,
      `release-fulfilled-${row.number}`,
      'release_decision',
      {
        number: row.number,
        decision: 'fulfilled',
        by: ctx.session!.username,
        at: now,
        recipient: draft.agency.name,
        recipientOri: draft.agency.ori,
        detections: rows.length,
        tagManifestSha256: written.tagManifestSha256,
      },
      now,
    );
  });
  return requestInfo(db, requestOrThrow(db, row.id));
}

function file(path: string, mime: string, bytes: Buffer): PayloadFile {
  return { path, mime, size: bytes.length, read: () => bytes };
}
