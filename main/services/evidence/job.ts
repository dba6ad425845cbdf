/**
 * The evidence worker's jobs (workers/evidence.worker.ts), each on the worker's own connection to the store:
 * - `build`: gather the package, render its report, write it to the medium, read it back and verify it, give it its
 *   final name, then book it (status, what it holds, the first custody entry, the outbox item for the agency server,
 *   the report in the document register and the access-log record) in one transaction; or settle the attempt as
 *   failed or cancelled, with its record;
 * - `report`: print the booked report (tag manifest's hash, booking, custody entries so far) into the exports folder;
 * - `verify`: check a package folder on a medium again.
 * The keys arrive in transferred buffers and are wiped once used.
 */
import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PolicyProfile } from '../../core/access/policy';
import { caseGraph } from '../../core/evidence/caseGraph';
import { canonicalJson } from '../../core/shared/canonicalJson';
import type { EvidenceContent } from '../../core/evidence/content';
import { uniqueImages } from '../../core/evidence/content';
import { PAYLOAD, TAG } from '../../core/evidence/layout';
import {
  accessLogNdjson,
  correctionsCsv,
  detectionsCsv,
  detectionsGeoJson,
  hitsCsv,
  ocrReadsCsv,
} from '../../core/evidence/payload';
import { readmeText } from '../../core/evidence/readme';
import { evidenceReportSpec } from '../../core/evidence/report';
import { bagInfoText } from '../../core/evidence/bagit';
import { bagInfoFields } from '../../core/evidence/tags';
import type { BagVerdict } from '../../core/evidence/verdict';
import { CanvassError } from '../../core/shared/errors';
import { inTransaction, openStore, waitForWrites, type WritableDB } from '../../store/db';
import { custodyOf, insertCustody } from '../../store/repos/evidenceCustody';
import { bookAttempt, getPackage, packageContent, settleAttempt } from '../../store/repos/evidencePackages';
import { imageBytes } from '../../store/repos/images';
import { enqueueOutbox } from '../../store/repos/sync';
import { record } from '../audit';
import {
  registerDocument,
  renderDocument,
  unusedDocumentId,
  writeDocumentFiles,
  type IssuedDocument,
} from '../documents';
import { Context } from '../kernel/context';
import { writeBag, WriteCancelled, type PayloadFile, type WriteProgress } from './bagWriter';
import { verifyBag } from './bagVerify';
import { gatherContent, type GatherRequest } from './gather';
import { custodyPush } from './packages';

/** Who the job acts for: the access-log records it writes carry this person, purpose and agency. */
export type JobActor = {
  userId: number;
  username: string;
  fullName: string;
  purposeId: number | null;
  agencyName: string;
  workstation: string;
  profile: PolicyProfile | null;
};

type StoreAccess = { storePath: string; key: ArrayBuffer };

export type BuildJob = StoreAccess & {
  type: 'build';
  /** Main's clock minus the system's (tests inject a clock): the job's times follow main's. */
  clockOffsetMs: number;
  evidenceKey: ArrayBuffer;
  packageId: number;
  attemptKey: string;
  medium: string;
  tempName: string;
  finalName: string;
  content: GatherRequest;
  actor: JobActor;
  fontsDir: string;
  /** [0] set to 1 asks the job to stop at the next file (or chunk of the read-back). */
  stop: Int32Array;
};

export type ReportJob = StoreAccess & {
  type: 'report';
  clockOffsetMs: number;
  packageId: number;
  at: string;
  dir: string;
  actor: JobActor;
  fontsDir: string;
};

export type VerifyJob = { type: 'verify'; path: string; expectedFingerprint: string | null };

export type EvidenceJob = BuildJob | ReportJob | VerifyJob;

export type JobProgress = Omit<WriteProgress, 'phase'> & { phase: 'preparing' | WriteProgress['phase'] | 'booking' };

export type BuildOutcome =
  | { status: 'booked'; verdict: BagVerdict; path: string }
  | { status: 'failed' | 'cancelled'; error: { code: string; message: string } };

export type JobReply =
  | { progress: JobProgress }
  | { built: BuildOutcome }
  | { report: IssuedDocument }
  | { verdict: BagVerdict }
  | { error: { code: string; message: string } };

export async function runJob(job: EvidenceJob, send: (reply: JobReply) => void): Promise<void> {
  try {
    if (job.type === 'verify')
      return send({
        verdict: verifyBag(job.path, job.expectedFingerprint ? { expectedFingerprint: job.expectedFingerprint } : {}),
      });
    const db = openWith(job);
    try {
      if (job.type === 'build') send({ built: await build(db, job, send) });
      else send({ report: await report(db, job) });
    } finally {
      db.close();
    }
  } catch (err) {
    send({ error: errorInfo(err) });
  }
}

function openWith(job: StoreAccess): WritableDB {
  const key = Buffer.from(job.key);
  try {
    const db = openStore(job.storePath, key, { migrate: false });
    waitForWrites(db);
    return db;
  } finally {
    key.fill(0);
    new Uint8Array(job.key).fill(0);
  }
}

/** A Context for `record`: the person, purpose and agency the job acts for, and main's clock. */
function actorContext(storePath: string, a: JobActor, clockOffsetMs: number): Context {
  const ctx = new Context({
    dataDir: dirname(storePath),
    profilesDir: '',
    workstation: a.workstation,
    clock: () => new Date(Date.now() + clockOffsetMs),
  });
  ctx.agencyName = a.agencyName;
  ctx.profile = a.profile;
  ctx.session = {
    userId: a.userId,
    username: a.username,
    fullName: a.fullName,
    roles: [],
    purposeId: a.purposeId,
    locked: false,
    lastActivity: Date.now(),
    shown: null,
    keyCheck: null,
  };
  return ctx;
}

function errorInfo(err: unknown): { code: string; message: string } {
  if (err instanceof CanvassError) return err.toInfo();
  return { code: 'INTERNAL', message: (err as Error)?.message ?? String(err) };
}

async function build(db: WritableDB, job: BuildJob, send: (r: JobReply) => void): Promise<BuildOutcome> {
  const ctx = actorContext(job.storePath, job.actor, job.clockOffsetMs);
  const stop = () => Atomics.load(job.stop, 0) === 1;
  const der = Buffer.from(job.evidenceKey);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } finally {
    der.fill(0);
    new Uint8Array(job.evidenceKey).fill(0);
  }
  try {
    send({
      progress: { phase: 'preparing', files: 0, totalFiles: 0, bytes: 0, totalBytes: 0, rate: 0, etaSeconds: null },
    });
    const content = gatherContent(db, job.content);
    if (stop()) throw new WriteCancelled();
    const spec = evidenceReportSpec(content);
    const rendered = await renderDocument(spec, { fontsDir: job.fontsDir, loadImage: (sha) => imageBytes(db, sha) });
    if (stop()) throw new WriteCancelled();
    const payload = payloadOf(db, content, rendered.json, rendered.pdf);
    const packagedAt = ctx.nowIso();
    const written = await writeBag({
      medium: job.medium,
      tempName: job.tempName,
      finalName: job.finalName,
      payload,
      keyFingerprint: content.key.fingerprint,
      tagFiles: (hashed) => [
        { name: TAG.bagInfo, data: bagInfoText(bagInfoFields(content, sizeOf(hashed))) },
        { name: TAG.caseGraph, data: caseGraph(content, hashed, packagedAt, job.actor.workstation) },
        { name: TAG.readme, data: readmeText(content) },
        { name: TAG.publicKey, data: content.key.publicKeyPem },
      ],
      sign: (tagManifest) => sign(null, tagManifest, privateKey),
      stop,
      onProgress: (p) => send({ progress: p }),
    });
    send({
      progress: {
        phase: 'booking',
        files: written.files,
        totalFiles: written.files,
        bytes: written.bytes,
        totalBytes: written.bytes,
        rate: 0,
        etaSeconds: 0,
      },
    });
    book(db, ctx, job, content, written, spec, rendered);
    return { status: 'booked', verdict: written.verdict, path: written.path };
  } catch (err) {
    const cancelled = err instanceof WriteCancelled;
    const error = cancelled
      ? {
          code: 'CANCELLED',
          message: 'The package was cancelled; nothing that looks like a package was left on the medium.',
        }
      : errorInfo(err);
    inTransaction(db, () => {
      settleAttempt(db, job.packageId, cancelled ? 'cancelled' : 'failed', ctx.nowIso(), error);
      record(ctx, db, 'evidence.build', cancelled ? 'ok' : 'failed', {
        itemNumber: job.content.itemNumber,
        caseNumber: job.content.caseNumber,
        outcome: cancelled ? 'cancelled' : 'failed',
        error: error.message,
        detectionIds: job.content.detectionIds,
      });
    });
    return { status: cancelled ? 'cancelled' : 'failed', error };
  }
}

function sizeOf(hashed: readonly { byteLength: number }[]): { bytes: number; files: number } {
  return { bytes: hashed.reduce((s, h) => s + h.byteLength, 0), files: hashed.length };
}

/** The payload in writing order: the data files, the report and its data, then every image once. */
function payloadOf(db: WritableDB, c: EvidenceContent, reportJson: string, reportPdf: Buffer): PayloadFile[] {
  const text = (path: string, mime: string, data: string): PayloadFile => {
    const bytes = Buffer.from(data, 'utf8');
    return { path, mime, size: bytes.length, read: () => bytes };
  };
  return [
    text(PAYLOAD.detectionsCsv, 'text/csv', detectionsCsv(c)),
    text(PAYLOAD.detectionsGeoJson, 'application/geo+json', detectionsGeoJson(c)),
    text(PAYLOAD.hitsCsv, 'text/csv', hitsCsv(c)),
    text(PAYLOAD.ocrReadsCsv, 'text/csv', ocrReadsCsv(c)),
    text(PAYLOAD.correctionsCsv, 'text/csv', correctionsCsv(c)),
    text(PAYLOAD.accessLog, 'application/x-ndjson', accessLogNdjson(c.segment)),
    text(PAYLOAD.reportJson, 'application/json', reportJson),
    { path: PAYLOAD.reportPdf, mime: 'application/pdf', size: reportPdf.length, read: () => reportPdf },
    ...uniqueImages(c.detections).map((img): PayloadFile => ({
      path: img.file,
      mime: img.mime,
      size: img.byteLength,
      expectSha256: img.sha256,
      read: () => {
        const bytes = imageBytes(db, img.sha256);
        if (!bytes)
          throw new CanvassError('NOT_FOUND', `The image ${img.sha256} left the store while the package was written.`);
        return bytes;
      },
    })),
  ];
}

function book(
  db: WritableDB,
  ctx: Context,
  job: BuildJob,
  content: EvidenceContent,
  written: Awaited<ReturnType<typeof writeBag>>,
  spec: ReturnType<typeof evidenceReportSpec>,
  rendered: Awaited<ReturnType<typeof renderDocument>>,
): void {
  const at = ctx.nowIso();
  const outboxKey = `evidence-booking-${job.attemptKey}`;
  const technician = content.technician.fullName ?? content.technician.username;
  inTransaction(db, () => {
    bookAttempt(
      db,
      job.packageId,
      {
        at,
        files: written.files,
        bytes: written.bytes,
        tagManifestSha256: written.tagManifestSha256,
        signature: written.signature.toString('base64'),
        readFrom: written.verdict.readFrom,
        outboxKey,
        content: canonicalJson(content),
      },
      content.detections.map((d) => d.detectionId),
    );
    const first = {
      at,
      action: 'Packaged and written',
      fromPerson: null,
      toPerson: technician,
      recordedBy: content.technician.username,
      recordedAt: at,
      location: job.medium,
      note: `Folder ${job.finalName}; read back and verified (${written.verdict.readFrom === 'medium' ? 'from the medium' : 'through the system cache'})`,
    };
    const custodyKey = `evidence-custody-${randomUUID()}`;
    insertCustody(db, { ...first, packageId: job.packageId, outboxKey: custodyKey });
    enqueueOutbox(
      db,
      outboxKey,
      'evidence_booking',
      {
        itemNumber: content.itemNumber,
        caseNumber: content.caseNumber,
        technician: content.technician.username,
        bookedAt: at,
        keyFingerprint: content.key.fingerprint,
        tagManifest: readTagManifest(written.path),
        tagManifestSha256: written.tagManifestSha256,
        signature: written.signature.toString('base64'),
        files: written.files,
        bytes: written.bytes,
        folder: job.finalName,
        detectionIds: content.detections.map((d) => d.detectionId),
      },
      at,
    );
    enqueueOutbox(db, custodyKey, 'evidence_custody', custodyPush(content.itemNumber, first), at);
    registerDocument(db, spec, rendered, content.itemNumber, join(written.path, PAYLOAD.reportPdf));
    record(ctx, db, 'evidence.book', 'ok', {
      itemNumber: content.itemNumber,
      caseNumber: content.caseNumber,
      medium: job.medium,
      folder: job.finalName,
      files: written.files,
      bytes: written.bytes,
      tagManifestSha256: written.tagManifestSha256,
      keyFingerprint: content.key.fingerprint,
      readFrom: written.verdict.readFrom,
      reportId: spec.meta.documentId,
      detectionIds: content.detections.map((d) => d.detectionId),
    });
  });
}

/** The booking carries the tag manifest itself: the server checks its hash and the signature over it. */
function readTagManifest(bag: string): string {
  return readFileSync(join(bag, TAG.tagManifest), 'utf8');
}

async function report(db: WritableDB, job: ReportJob): Promise<IssuedDocument> {
  const ctx = actorContext(job.storePath, job.actor, job.clockOffsetMs);
  const row = getPackage(db, job.packageId);
  const raw = packageContent(db, job.packageId);
  if (!row || row.status !== 'booked' || !raw)
    throw new CanvassError('NOT_FOUND', `Package ${job.packageId} is not a booked package.`);
  const content = JSON.parse(raw) as EvidenceContent;
  content.booking = {
    tagManifestSha256: row.tagManifestSha256!,
    bookedAt: row.finishedAt!,
    medium: row.medium,
    folder: row.folder,
  };
  content.custody = custodyOf(db, row.id);
  const spec = evidenceReportSpec(content, job.at);
  spec.meta.documentId = unusedDocumentId(db, spec.meta.documentId);
  const rendered = await renderDocument(spec, { fontsDir: job.fontsDir, loadImage: (sha) => imageBytes(db, sha) });
  const path = writeDocumentFiles(job.dir, spec.meta.documentId, rendered);
  return inTransaction(db, () => {
    const doc = registerDocument(db, spec, rendered, content.itemNumber, path);
    record(ctx, db, 'evidence.report', 'ok', {
      itemNumber: content.itemNumber,
      caseNumber: content.caseNumber,
      documentId: doc.id,
      path,
      pdfSha256: doc.pdfSha256,
      detectionIds: content.detections.map((d) => d.detectionId),
    });
    return doc;
  });
}
