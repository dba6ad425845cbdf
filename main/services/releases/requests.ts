/**
 * Recording and screening release requests (docs/releases.md). The written request is read once, at the edge:
 * its size is checked before it is read, its type from its first bytes, and it is hashed and kept in the store
 * with the request in one transaction — a refused file leaves nothing behind.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, basename } from 'node:path';
import type { RecordRequestArgs, ReleaseRequestInfo } from '../../../preload/contract';
import { localDate } from '../../core/access/training';
import { ATTACHMENT_MAX_BYTES, checkAttachment } from '../../core/releases/attachment';
import { requestNumber, type DirectoryAgency, type ReleaseRequestDraft } from '../../core/releases/request';
import { screenRequest, type ScreenDecision } from '../../core/releases/screen';
import { CanvassError } from '../../core/shared/errors';
import { inTransaction, type ReadableDB, type WritableDB } from '../../store/db';
import { getDocument, type DocumentRow } from '../../store/repos/documents';
import type { DocumentInfo } from '../../core/documents/spec';
import {
  getAgencyEntry,
  getRequest,
  insertRequest,
  insertScreening,
  listRequests,
  requestsInYear,
  screeningsOf,
  type RequestRow,
} from '../../store/repos/releases';
import { record } from '../audit';
import { profileOf, storeOf, type Context } from '../kernel/context';

/** What request_json holds: the draft without the agency (which is read from the directory each time). */
type StoredRequest = Omit<ReleaseRequestDraft, 'agency'>;

export function agencyOrThrow(db: ReadableDB, id: number): DirectoryAgency {
  const a = getAgencyEntry(db, id);
  if (!a) throw new CanvassError('NOT_FOUND', `No agency ${id} in the directory: add it first.`);
  return a;
}

export function requestOrThrow(db: ReadableDB, id: number): RequestRow {
  const r = getRequest(db, id);
  if (!r) throw new CanvassError('NOT_FOUND', `No release request ${id} is on file.`);
  return r;
}

export function draftOf(db: ReadableDB, row: RequestRow): ReleaseRequestDraft {
  return { ...(JSON.parse(row.requestJson) as StoredRequest), agency: agencyOrThrow(db, row.agencyId) };
}

export function today(ctx: Context): string {
  return localDate(ctx.now(), profileOf(ctx).timeZone);
}

/** Screens the request as the directory and the profile stand now. */
export function screenNow(ctx: Context, db: ReadableDB, row: RequestRow): ScreenDecision {
  return screenRequest(draftOf(db, row), profileOf(ctx), today(ctx));
}

/**
 * Screens the request again for `step` and keeps the decision; when it no longer passes, records the refusal of
 * `action` and throws CONFLICT with `consequence` (the decision stays on file: it is why nothing happened).
 */
export function screenAgainOrRefuse(
  ctx: Context,
  db: WritableDB,
  row: RequestRow,
  step: 'approval' | 'fulfilment',
  action: string,
  consequence: string,
): ScreenDecision {
  const decision = screenNow(ctx, db, row);
  if (decision.result === 'pass') return decision;
  inTransaction(db, () => {
    keepScreening(ctx, db, row.id, step, decision);
    record(ctx, db, action, 'denied', { number: row.number, reason: 'screen fails', screen: decision.result });
  });
  const why = decision.rules.filter((r) => r.passed === false).map((r) => r.reason);
  throw new CanvassError(
    'CONFLICT',
    `${row.number} no longer passes screening: ${decision.summary} ${why.join(' ')} ${consequence}`,
  );
}

export function keepScreening(
  ctx: Context,
  db: WritableDB,
  requestId: number,
  step: 'recorded' | 'approval' | 'fulfilment' | 'rescreen',
  d: ScreenDecision,
): void {
  insertScreening(db, {
    requestId,
    at: ctx.nowIso(),
    by: ctx.session!.username,
    step,
    result: d.result,
    decisionJson: JSON.stringify(d),
  });
}

function readAttachment(path: string): { name: string; bytes: Buffer; mime: string; sha256: string } {
  if (!isAbsolute(path))
    throw new CanvassError('INVALID_ARGUMENT', `Give the written request's full path (“${path}” is not one).`);
  const name = basename(path);
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    throw new CanvassError(
      'NOT_FOUND',
      `${path} cannot be read (no such file, or no permission). Nothing was recorded.`,
    );
  }
  if (size > ATTACHMENT_MAX_BYTES)
    throw new CanvassError(
      'INVALID_ARGUMENT',
      `${name} is ${(size / 1048576).toFixed(1)} MB; a written request may be at most ${ATTACHMENT_MAX_BYTES / 1048576} MB. Nothing was recorded.`,
    );
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new CanvassError('NOT_FOUND', `${path} cannot be read (no permission?). Nothing was recorded.`);
  }
  const check = checkAttachment(name, bytes);
  if (!check.ok) throw new CanvassError('INVALID_ARGUMENT', `${check.problem} Nothing was recorded.`);
  return { name, bytes, mime: check.mime, sha256: createHash('sha256').update(bytes).digest('hex') };
}

export function recordRequest(ctx: Context, args: RecordRequestArgs): ReleaseRequestInfo {
  const db = storeOf(ctx);
  const agency = agencyOrThrow(db, args.agencyId);
  if (args.scope.kind !== 'case' && Date.parse(args.scope.from) >= Date.parse(args.scope.to))
    throw new CanvassError('INVALID_ARGUMENT', 'The time window ends before it starts. Nothing was recorded.');
  const file = readAttachment(args.attachmentPath);
  const stored: StoredRequest = {
    requester: args.requester,
    purpose: args.purpose,
    theirCaseNumber: args.theirCaseNumber,
    legalBasis: args.legalBasis,
    scope: args.scope,
    attachment: { name: file.name, mime: file.mime, sha256: file.sha256, byteLength: file.bytes.length },
    certification: args.certification,
  };
  const decision = screenRequest({ ...stored, agency }, profileOf(ctx), today(ctx));
  const id = inTransaction(db, () => {
    const year = today(ctx).slice(0, 4);
    const number = requestNumber(year, requestsInYear(db, year) + 1);
    const requestId = insertRequest(db, {
      number,
      agencyId: agency.id,
      requestJson: JSON.stringify(stored),
      attachment: file.bytes,
      attachmentSha256: file.sha256,
      status: decision.result === 'pass' ? 'screened' : decision.result === 'refused' ? 'refused' : 'public_records',
      preparedBy: ctx.session!.username,
      preparedAt: ctx.nowIso(),
    });
    keepScreening(ctx, db, requestId, 'recorded', decision);
    record(ctx, db, 'releases.record', 'ok', {
      number,
      agency: agency.name,
      ori: agency.ori,
      purpose: args.purpose,
      attachmentSha256: file.sha256,
      screen: decision.result,
      failed: decision.rules.filter((r) => r.passed === false).map((r) => r.id),
    });
    return requestId;
  });
  return requestInfo(db, requestOrThrow(db, id));
}

export function rescreen(ctx: Context, id: number): ReleaseRequestInfo {
  const db = storeOf(ctx);
  const row = requestOrThrow(db, id);
  const decision = screenNow(ctx, db, row);
  inTransaction(db, () => {
    keepScreening(ctx, db, id, 'rescreen', decision);
    record(ctx, db, 'releases.screen', 'ok', { number: row.number, screen: decision.result });
  });
  return requestInfo(db, requestOrThrow(db, id));
}

export function requestInfo(db: ReadableDB, row: RequestRow): ReleaseRequestInfo {
  const draft = draftOf(db, row);
  const screenings = screeningsOf(db, row.id);
  const latest = screenings[screenings.length - 1]!;
  const packet = row.packetDocumentId ? getDocument(db, row.packetDocumentId) : null;
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    agency: draft.agency,
    requester: draft.requester,
    purpose: draft.purpose,
    theirCaseNumber: draft.theirCaseNumber,
    legalBasis: draft.legalBasis,
    scope: draft.scope,
    attachment: draft.attachment!,
    certification: draft.certification,
    preparedBy: row.preparedBy,
    preparedAt: row.preparedAt,
    decision: JSON.parse(latest.decisionJson) as ScreenDecision,
    screenings: screenings.map((s) => ({
      at: s.at,
      by: s.by,
      step: s.step,
      result: s.result as ScreenDecision['result'],
    })),
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt,
    decisionNote: row.decisionNote,
    fulfilledBy: row.fulfilledBy,
    fulfilledAt: row.fulfilledAt,
    detections: row.detections,
    packet: packet ? documentInfo(packet) : null,
    packagePath: row.packagePath,
    tagManifestSha256: row.tagManifestSha256,
  };
}

export function allRequests(ctx: Context): ReleaseRequestInfo[] {
  const db = storeOf(ctx);
  return listRequests(db).map((r) => requestInfo(db, r));
}

function documentInfo(d: DocumentRow): DocumentInfo {
  const { subject, ...info } = d;
  void subject;
  return info;
}
