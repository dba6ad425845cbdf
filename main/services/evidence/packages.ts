/**
 * Packages as the screens see them, the attempts a crash left `writing`, and the chain of custody.
 */
import { randomUUID } from 'node:crypto';
import type { CustodyArgs, CustodyEntry, DocumentInfo, EvidencePackageInfo } from '../../../preload/contract';
import { CanvassError } from '../../core/shared/errors';
import { inTransaction, type ReadableDB, type WritableDB } from '../../store/db';
import { documentsAbout, type DocumentRow } from '../../store/repos/documents';
import { custodyOf, insertCustody, type CustodyRow } from '../../store/repos/evidenceCustody';
import { getPackage, settleAttempt, writingAttempts, type PackageRow } from '../../store/repos/evidencePackages';
import { enqueueOutbox } from '../../store/repos/sync';
import { REPORT_KIND } from '../../core/evidence/report';
import { record } from '../audit';
import { storeOf, type Context } from '../kernel/context';

export function toCustodyEntry(e: CustodyRow): CustodyEntry {
  return {
    id: e.id,
    at: e.at,
    action: e.action,
    fromPerson: e.fromPerson,
    toPerson: e.toPerson,
    recordedBy: e.recordedBy,
    location: e.location,
    note: e.note,
  };
}

export function toDocumentInfo(d: DocumentRow): DocumentInfo {
  return {
    id: d.id,
    kind: d.kind,
    title: d.title,
    caseNumber: d.caseNumber,
    createdAt: d.createdAt,
    createdBy: d.createdBy,
    pages: d.pages,
    bytes: d.bytes,
    pdfSha256: d.pdfSha256,
    contentSha256: d.contentSha256,
    path: d.path,
  };
}

export function toPackageInfo(db: ReadableDB, p: PackageRow): EvidencePackageInfo {
  const booked = p.status === 'booked';
  return {
    id: p.id,
    attemptId: p.attemptKey,
    itemNumber: p.itemNumber,
    caseNumber: p.caseNumber,
    status: p.status,
    technician: { username: p.technician, fullName: p.technicianName },
    medium: p.medium,
    folder: p.folder,
    detections: p.detectionIds.length,
    startedAt: p.startedAt,
    finishedAt: p.finishedAt,
    files: p.files,
    bytes: p.bytes,
    tagManifestSha256: p.tagManifestSha256,
    keyFingerprint: p.keyFingerprint,
    readFrom: p.readFrom,
    error: p.errorCode ? { code: p.errorCode, message: p.errorMessage ?? '' } : null,
    custody: booked ? custodyOf(db, p.id).map(toCustodyEntry) : [],
    reports: booked ? documentsAbout(db, REPORT_KIND, p.itemNumber).map(toDocumentInfo) : [],
  };
}

/**
 * Attempts still `writing` that no build of this app run owns: Canvass stopped while writing them (closed, crashed,
 * killed). They settle as interrupted, with a record; a folder left on the medium is named INCOMPLETE-….
 */
export function settleInterrupted(ctx: Context, db: WritableDB, running: string | null): void {
  const stale = writingAttempts(db).filter((a) => a.attemptKey !== running);
  if (stale.length === 0) return;
  const at = ctx.nowIso();
  inTransaction(db, () => {
    for (const a of stale) {
      const message = `Canvass stopped while this package was being written (closed, crashed or killed). It was never booked; a folder left on ${a.medium} is named INCOMPLETE-… and is not evidence.`;
      if (!settleAttempt(db, a.id, 'interrupted', at, { code: 'INTERRUPTED', message })) continue;
      record(ctx, db, 'evidence.build', 'failed', {
        itemNumber: a.itemNumber,
        caseNumber: a.caseNumber,
        outcome: 'interrupted',
        startedAt: a.startedAt,
        detectionIds: a.detectionIds,
      });
    }
  });
}

/** The outbox body of a custody entry (core/sync/protocol.ts, evidenceCustodyPushSchema). */
export function custodyPush(itemNumber: string, e: Omit<CustodyRow, 'id' | 'packageId' | 'outboxKey'>) {
  return {
    itemNumber,
    at: e.at,
    action: e.action,
    fromPerson: e.fromPerson,
    toPerson: e.toPerson,
    recordedBy: e.recordedBy,
    recordedAt: e.recordedAt,
    location: e.location,
    note: e.note,
  };
}

export function bookedPackage(db: ReadableDB, packageId: number): PackageRow {
  const p = getPackage(db, packageId);
  if (!p) throw new CanvassError('NOT_FOUND', `There is no evidence package ${packageId} on this workstation.`);
  if (p.status !== 'booked')
    throw new CanvassError('CONFLICT', `Package ${p.itemNumber} (attempt ${packageId}) was not booked (${p.status}).`);
  return p;
}

/** `evidence.custodyAdd`: a transfer recorded against a booked package, pushed to the agency server at the next sync. */
export function addCustody(ctx: Context, a: CustodyArgs): CustodyEntry {
  const db = storeOf(ctx);
  const p = bookedPackage(db, a.packageId);
  const now = ctx.nowIso();
  const at = a.at ?? now;
  if (Number.isNaN(Date.parse(at))) throw new CanvassError('INVALID_ARGUMENT', `“${at}” is not a date and time.`);
  const when = new Date(at).toISOString();
  if (Date.parse(when) > Date.parse(now) + 5 * 60_000)
    throw new CanvassError(
      'INVALID_ARGUMENT',
      'A custody entry records what happened: its time cannot be in the future.',
    );
  if (when < p.finishedAt!)
    throw new CanvassError(
      'INVALID_ARGUMENT',
      `Package ${p.itemNumber} was booked at ${p.finishedAt}: a transfer cannot come before it.`,
    );
  const outboxKey = `evidence-custody-${randomUUID()}`;
  const entry = {
    packageId: p.id,
    at: when,
    action: a.action,
    fromPerson: a.fromPerson ?? null,
    toPerson: a.toPerson,
    recordedBy: ctx.session!.username,
    recordedAt: now,
    location: a.location ?? null,
    note: a.note ?? null,
    outboxKey,
  };
  const id = inTransaction(db, () => {
    const id = insertCustody(db, entry);
    enqueueOutbox(db, outboxKey, 'evidence_custody', custodyPush(p.itemNumber, entry), now);
    record(ctx, db, 'evidence.custody', 'ok', {
      itemNumber: p.itemNumber,
      caseNumber: p.caseNumber,
      action: a.action,
      from: entry.fromPerson,
      to: a.toPerson,
      at: when,
    });
    return id;
  });
  return toCustodyEntry({ ...entry, id });
}
