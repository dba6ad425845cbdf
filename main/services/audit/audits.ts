import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  AuditDetail,
  AuditSummary,
  CadenceInfo,
  Checklist,
  MemoInfo,
  ReviewItem,
  ScreeningCounts,
} from '../../../preload/contract';
import { citationText } from '../../core/access/policy';
import { AUDIT_PURPOSE } from '../../core/access/purpose';
import { localDate } from '../../core/access/training';
import { cadenceStatus } from '../../core/audit/cadence';
import { memoSpec, type MemoAnswers, type MemoInquiry } from '../../core/audit/memo';
import { sampleSeed } from '../../core/audit/sample';
import {
  FLAG_LABELS,
  screenInquiry,
  type Flag,
  type Inquiry,
  type ScreeningAccount,
  type ScreeningRules,
} from '../../core/audit/screening';
import { documentId } from '../../core/documents/spec';
import { addDays, startOfLocalDay } from '../../core/shared/calendar';
import { CanvassError } from '../../core/shared/errors';
import { inTransaction, type ReadableDB, type WritableDB } from '../../store/db';
import { auditHead, sha256Hex } from '../../store/repos/audit';
import {
  auditByNumber,
  auditsInPeriod,
  auditInquiries,
  getAudit,
  getImport,
  insertAudit,
  insertAuditInquiries,
  lastFiledAt,
  listAudits,
  setAnswers,
  setAuditPurpose,
  setRecommendations,
  setFiled,
  setScreened,
  setSigned,
  type AuditInquiryRow,
  type AuditRow,
} from '../../store/repos/audits';
import { closePurpose, insertPurpose } from '../../store/repos/purposes';
import { trainingCourses } from '../../store/repos/training';
import { listUsers } from '../../store/repos/users';
import { registerDocument, renderInWorker, unusedDocumentId, writeDocumentFiles } from '../documents';
import { profileOf, storeOf, type Context } from '../kernel/context';
import { enrolledWorkstationId } from '../sync';
import { enqueueOutbox, nextOutboxTime } from '../../store/repos/sync';
import type { AuditMemoPush } from '../../core/sync/protocol';
import { record } from './log';
import { recordBody, screenInWorker } from './screenPeriod';
import { knownDataErrors, retentionCompliance, sharingInPeriod } from './memoContext';
import { keyForWorker } from '../kernel/workers';

const AUDIT_PURPOSE_ID = AUDIT_PURPOSE.id;

const AUDIT_NUMBER = /^[A-Za-z0-9][A-Za-z0-9\-/.:#]{2,39}$/;

function mustGet(db: ReadableDB, auditId: number): AuditRow {
  const a = getAudit(db, auditId);
  if (!a) throw new CanvassError('NOT_FOUND', `There is no audit ${auditId} on this workstation.`);
  return a;
}

/** The audit's own gate: its reads happen under its purpose, as an investigator's happen under theirs. */
function underAudit(ctx: Context, auditId: number): AuditRow {
  const a = mustGet(storeOf(ctx), auditId);
  if (ctx.session?.purposeId !== a.purposeRecordId) {
    throw new CanvassError(
      'PURPOSE_REQUIRED',
      `Open audit ${a.number} first: its inquiries are read under its purpose.`,
    );
  }
  return a;
}

function importLabel(db: ReadableDB, a: AuditRow): string | null {
  if (a.importId === null) return null;
  const i = getImport(db, a.importId);
  return i ? `Imported: Flock Safety organization audit, ${i.fileName}` : 'Imported';
}

function summary(db: ReadableDB, a: AuditRow): AuditSummary {
  const items = auditInquiries(db, a.id);
  return {
    id: a.id,
    number: a.number,
    periodFrom: a.periodFrom,
    periodTo: a.periodTo,
    source: a.source,
    importLabel: importLabel(db, a),
    status: a.status,
    openedBy: a.openedBy,
    openedAt: a.openedAt,
    population: a.population,
    sampled: items.length,
    reviewed: items.filter((i) => i.answers !== null).length,
    findings: items.filter((i) => i.answers !== null && (JSON.parse(i.answers) as Checklist).finding === 'finding')
      .length,
    memoDocumentId: a.memoDocumentId,
    signedBy: a.signedBy,
    signedAt: a.signedAt,
    filedBy: a.filedBy,
    filedAt: a.filedAt,
  };
}

type StoredScreening = Omit<ScreeningCounts, 'labels'> & { flagged: { inquiry: Inquiry; flags: Flag[] }[] };

function detail(db: ReadableDB, a: AuditRow): AuditDetail {
  const s = a.screening ? (JSON.parse(a.screening) as StoredScreening) : null;
  return {
    ...summary(db, a),
    screening: s
      ? {
          labels: FLAG_LABELS,
          population: s.population,
          flaggedInquiries: s.flaggedInquiries,
          byKind: s.byKind,
          byUser: s.byUser,
        }
      : null,
    seed: a.seed,
    headHash: a.headHash,
    sampleSize: a.sampleSize,
    flagged: s?.flagged ?? [],
    recommendations: a.recommendations,
  };
}

export function audits(ctx: Context): { audits: AuditSummary[]; cadence: CadenceInfo } {
  const db = storeOf(ctx);
  const profile = profileOf(ctx);
  const last = lastFiledAt(db);
  const lastFiledOn = last ? localDate(new Date(last), profile.timeZone) : null;
  const status = cadenceStatus(profile.audit.cadence, lastFiledOn, localDate(ctx.now(), profile.timeZone));
  return {
    audits: listAudits(db).map((a) => summary(db, a)),
    cadence: { ...status, lastFiledOn, rule: citationText(profile.audit.cadence.cite) },
  };
}

/** Opens an audit: its purpose (the number and the period) is opened and recorded like any other. */
export function open(ctx: Context, args: { number: string; from: string; to: string; importId?: number }): AuditDetail {
  const db = storeOf(ctx);
  const session = ctx.session!;
  const number = args.number.trim();
  if (!AUDIT_NUMBER.test(number)) {
    throw new CanvassError(
      'INVALID_ARGUMENT',
      'An audit number is 3–40 letters, digits and - / . : #, e.g. AUD-2026-01.',
    );
  }
  if (args.to < args.from) throw new CanvassError('INVALID_ARGUMENT', 'The audit period ends before it starts.');
  const today = localDate(ctx.now(), profileOf(ctx).timeZone);
  if (args.from > today) throw new CanvassError('INVALID_ARGUMENT', 'The audit period starts in the future.');
  if (auditByNumber(db, number)) {
    throw new CanvassError(
      'CONFLICT',
      `Audit ${number} exists already: resume it, or give the new audit another number.`,
    );
  }
  const imported = args.importId === undefined ? null : getImport(db, args.importId);
  if (args.importId !== undefined && !imported) {
    throw new CanvassError('NOT_FOUND', `There is no imported log ${args.importId}. Import the vendor’s export first.`);
  }
  const description = imported
    ? `Audit of ALPR use ${number}: inquiries ${args.from} to ${args.to} in the imported Flock export ${imported.fileName}`
    : `Audit of ALPR use ${number}: detection browsing inquiries ${args.from} to ${args.to}, agency-wide`;
  const previous = session.purposeId;
  const { auditId, purposeId } = inTransaction(db, () => {
    if (previous) closePurpose(db, previous, ctx.nowIso());
    const pid = insertPurpose(
      db,
      session.userId,
      { numberKind: null, number, purposeId: AUDIT_PURPOSE_ID, description },
      ctx.nowIso(),
    );
    const id = insertAudit(db, {
      number,
      periodFrom: args.from,
      periodTo: args.to,
      source: imported ? 'imported' : 'canvass',
      importId: imported?.id ?? null,
      purposeRecordId: pid,
      openedBy: session.username,
      openedAt: ctx.nowIso(),
    });
    record(
      ctx,
      db,
      'audit.open',
      'ok',
      { auditId: id, number, from: args.from, to: args.to, importId: imported?.id ?? null },
      { purposeId: pid },
    );
    return { auditId: id, purposeId: pid };
  });
  session.purposeId = purposeId;
  return detail(db, mustGet(db, auditId));
}

/** Resumes an audit under a new purpose record of the same number (the timeline stays truthful). */
export function resume(ctx: Context, auditId: number): AuditDetail {
  const db = storeOf(ctx);
  const session = ctx.session!;
  const a = mustGet(db, auditId);
  if (a.status === 'filed')
    throw new CanvassError('CONFLICT', `Audit ${a.number} is filed; it is read from its memo now.`);
  const previous = session.purposeId;
  const pid = inTransaction(db, () => {
    if (previous) closePurpose(db, previous, ctx.nowIso());
    const id = insertPurpose(
      db,
      session.userId,
      {
        numberKind: null,
        number: a.number,
        purposeId: AUDIT_PURPOSE_ID,
        description: `Audit of ALPR use ${a.number}: resumed`,
      },
      ctx.nowIso(),
    );
    setAuditPurpose(db, a.id, id);
    record(ctx, db, 'audit.resume', 'ok', { auditId: a.id, number: a.number }, { purposeId: id });
    return id;
  });
  session.purposeId = pid;
  return detail(db, mustGet(db, auditId));
}

/** An audit in full: its flagged inquiries name who searched what, so they are read under the audit's purpose. */
export function auditDetail(ctx: Context, auditId: number): AuditDetail {
  const db = storeOf(ctx);
  const d = detail(db, underAudit(ctx, auditId));
  record(ctx, db, 'audit.detail', 'ok', { auditId, flagged: d.flagged.map((f) => f.inquiry.key) });
  return d;
}

/** This workstation as the agency-wide log names it (its enrolled id), so a record has one key wherever it is read. */
function localWorkstation(ctx: Context): string {
  return enrolledWorkstationId(ctx) ?? ctx.workstation;
}

function screeningRules(ctx: Context): ScreeningRules {
  const p = profileOf(ctx);
  return {
    inquiry: p.inquiry,
    purposes: p.purposes,
    timeZone: p.timeZone,
    training: { validity: p.training.validity.period, requiredTopics: p.training.topics.required },
  };
}

/** The agency's accounts as screening sees them: who, disabled when, and their courses. */
export function screeningAccounts(db: ReadableDB): Map<string, ScreeningAccount> {
  return new Map(
    listUsers(db).map((u) => [
      u.username.toLowerCase(),
      { username: u.username, disabledAt: u.disabledAt, courses: trainingCourses(db, u.id) },
    ]),
  );
}

/**
 * Screens the whole period and draws the random sample. The seed is fixed by the audit number and the log head
 * before this screening writes its own record, and both are kept, so the draw can be repeated from the log.
 */
export async function screenAudit(ctx: Context, auditId: number): Promise<AuditDetail> {
  const db = storeOf(ctx);
  const a = underAudit(ctx, auditId);
  if (a.status !== 'open') {
    throw new CanvassError('CONFLICT', `Audit ${a.number} was screened already; its sample is fixed by its seed.`);
  }
  const tz = profileOf(ctx).timeZone;
  const headHash = a.importId !== null ? getImport(db, a.importId)!.sha256 : auditHead(db).hash;
  const seed = sampleSeed(sha256Hex, a.number, headHash);
  const size = profileOf(ctx).audit.sample.inquiries;
  const key = keyForWorker(ctx.dataKey!);
  const result = await screenInWorker(
    {
      storePath: ctx.storePath,
      key,
      local: localWorkstation(ctx),
      importId: a.importId,
      fromIso: startOfLocalDay(a.periodFrom, tz).toISOString(),
      toIso: startOfLocalDay(addDays(a.periodTo, 1), tz).toISOString(),
      rules: screeningRules(ctx),
      accounts: [...screeningAccounts(db)],
      seed,
      size,
    },
    db,
  );
  const stored: StoredScreening = {
    population: result.population,
    flaggedInquiries: result.flaggedCount,
    byKind: result.byKind,
    byUser: result.byUser,
    flagged: result.flagged,
  };
  const flagsOf = new Map(result.flagged.map((f) => [f.inquiry.key, f.flags]));
  inTransaction(db, () => {
    // Screened meanwhile by another window of the same session: the first one stands.
    if (mustGet(db, a.id).status !== 'open')
      throw new CanvassError('CONFLICT', `Audit ${a.number} was screened already.`);
    setScreened(db, a.id, {
      population: result.population,
      screening: JSON.stringify(stored),
      headHash,
      seed,
      sampleSize: size,
    });
    insertAuditInquiries(
      db,
      a.id,
      result.sample.map(({ key: k, inquiry, record: body }, position) => ({
        key: k,
        origin: 'random',
        position,
        inquiry: JSON.stringify({ ...inquiry, record: body }),
        // A flag outside the 200 shown is judged again here: the sampled inquiry shows all of its flags.
        flags: JSON.stringify(flagsOf.get(k) ?? screenInquiry(inquiry, screeningRules(ctx), screeningAccounts(db))),
      })),
    );
    record(ctx, db, 'audit.screen', 'ok', {
      auditId: a.id,
      population: result.population,
      flagged: result.flaggedCount,
      byKind: result.byKind,
      headHash,
      seed,
      sample: result.sample.map((x) => x.key),
    });
  });
  return detail(db, mustGet(db, a.id));
}

/** The auditor adds flagged inquiries to the review, on top of (and apart from) the random sample. */
export function addFlagged(ctx: Context, auditId: number, keys: string[]): AuditDetail {
  const db = storeOf(ctx);
  const a = underAudit(ctx, auditId);
  if (a.status !== 'screened')
    throw new CanvassError(
      'CONFLICT',
      `Audit ${a.number} is ${a.status}: inquiries are added after screening, before signing.`,
    );
  const shown = new Map((JSON.parse(a.screening!) as StoredScreening).flagged.map((f) => [f.inquiry.key, f]));
  const existing = new Set(auditInquiries(db, a.id).map((i) => i.key));
  const unknown = keys.filter((k) => !shown.has(k));
  if (unknown.length)
    throw new CanvassError('NOT_FOUND', `Not among the audit’s flagged inquiries: ${unknown.slice(0, 5).join(', ')}.`);
  const fresh = [...new Set(keys)].filter((k) => !existing.has(k));
  inTransaction(db, () => {
    insertAuditInquiries(
      db,
      a.id,
      fresh.map((key, i) => {
        const f = shown.get(key)!;
        return {
          key,
          origin: 'flagged',
          position: i + existing.size,
          inquiry: JSON.stringify({ ...f.inquiry, record: recordBody(db, localWorkstation(ctx), f.inquiry) }),
          flags: JSON.stringify(f.flags),
        };
      }),
    );
    record(ctx, db, 'audit.addFlagged', 'ok', { auditId: a.id, keys: fresh });
  });
  return detail(db, mustGet(db, a.id));
}

function reviewItem(r: AuditInquiryRow): ReviewItem {
  const { record: body, ...inquiry } = JSON.parse(r.inquiry) as Inquiry & { record: string | null };
  return {
    key: r.key,
    origin: r.origin,
    position: r.position,
    inquiry,
    record: body,
    flags: JSON.parse(r.flags) as Flag[],
    answers: r.answers ? (JSON.parse(r.answers) as Checklist) : null,
    reviewedBy: r.reviewedBy,
    reviewedAt: r.reviewedAt,
  };
}

/** The inquiries under review, in full: reading them is an access to ALPR data, recorded. */
export function inquiries(ctx: Context, auditId: number): ReviewItem[] {
  const db = storeOf(ctx);
  const a = underAudit(ctx, auditId);
  const items = auditInquiries(db, a.id).map(reviewItem);
  record(ctx, db, 'audit.inquiries', 'ok', { auditId: a.id, keys: items.map((i) => i.key), count: items.length });
  return items;
}

export function answer(ctx: Context, auditId: number, key: string, answers: Checklist): ReviewItem {
  const db = storeOf(ctx);
  const a = underAudit(ctx, auditId);
  if (a.status !== 'screened')
    throw new CanvassError('CONFLICT', `Audit ${a.number} is ${a.status}: its checklist is closed.`);
  if (answers.finding === 'finding' && answers.findingText.trim().length < 5) {
    throw new CanvassError('INVALID_ARGUMENT', 'Say what the finding is (at least a few words).');
  }
  const ok = inTransaction(db, () => {
    const changed = setAnswers(db, a.id, key, JSON.stringify(answers), ctx.session!.username, ctx.nowIso());
    if (changed) {
      record(ctx, db, 'audit.answer', 'ok', {
        auditId: a.id,
        key,
        finding: answers.finding,
        dataErrors: answers.dataErrors.length,
      });
    }
    return changed;
  });
  if (!ok) throw new CanvassError('NOT_FOUND', `Inquiry ${key} is not under review in audit ${a.number}.`);
  return reviewItem(auditInquiries(db, a.id).find((i) => i.key === key)!);
}

/** The administrator approves: the memo is made off main's thread, written, registered, and its hash logged. */
export async function sign(ctx: Context, auditId: number, recommendations: string): Promise<MemoInfo> {
  const db = storeOf(ctx);
  const a = underAudit(ctx, auditId);
  if (a.status !== 'screened') {
    throw new CanvassError(
      'CONFLICT',
      a.status === 'open' ? `Screen audit ${a.number} first.` : `Audit ${a.number} is ${a.status} already.`,
    );
  }
  const items = auditInquiries(db, a.id).map(reviewItem);
  const open = items.filter((i) => i.answers === null);
  if (open.length) {
    throw new CanvassError(
      'CONFLICT',
      `${open.length} of ${items.length} inquiries have no checklist yet: review them before signing.`,
    );
  }
  const profile = profileOf(ctx);
  const session = ctx.session!;
  const s = JSON.parse(a.screening!) as StoredScreening;
  const createdAt = ctx.nowIso();
  const spec = memoSpec({
    meta: {
      documentId: unusedDocumentId(db, documentId('MEMO', a.number, createdAt)),
      agency: { name: ctx.agencyName, ori: null },
      caseNumber: null,
      createdAt,
      createdBy: { username: session.username, fullName: session.fullName },
      timeZone: profile.timeZone,
    },
    number: a.number,
    periodFrom: a.periodFrom,
    periodTo: a.periodTo,
    sourceText: importLabel(db, a) ?? 'Canvass access log, agency-wide (this workstation and the agency server’s feed)',
    imported: a.importId !== null,
    to: profile.audit.reportedTo.who ?? 'Chief of Police',
    from: { title: profile.administrator.title, name: session.fullName },
    population: a.population ?? 0,
    seed: a.seed!,
    headHash: a.headHash!,
    sampleSize: a.sampleSize!,
    sampleRule: `The policy asks for at least ${profile.audit.sample.inquiries} inquiries (${citationText(profile.audit.sample.cite)}).`,
    screening: { byKind: s.byKind, flaggedInquiries: s.flaggedInquiries, byUser: s.byUser },
    inquiries: items.map((i): MemoInquiry => ({
      origin: i.origin,
      inquiry: i.inquiry,
      flags: i.flags,
      answers: i.answers as MemoAnswers,
    })),
    knownErrors: knownDataErrors(ctx, db, items),
    corrections: {
      reportTo: profile.corrections.reportTo,
      upstream: profile.corrections.upstream,
      cite: citationText(profile.corrections.cite),
    },
    retention: retentionCompliance(ctx, db),
    sharing: sharingInPeriod(ctx, db, a.periodFrom, a.periodTo),
    recommendations,
    signer: { title: profile.administrator.title, name: session.fullName },
    custodian: 'Custodian of Records',
    timeZone: profile.timeZone,
  });
  const rendered = await renderInWorker(spec, ctx.fontsDir);
  const dir = join(ctx.exportDir, 'audits');
  mkdirSync(dir, { recursive: true });
  const path = writeDocumentFiles(dir, spec.meta.documentId, rendered);
  inTransaction(db, () => {
    registerDocument(db, spec, rendered, a.number, path);
    setSigned(db, a.id, {
      documentId: spec.meta.documentId,
      sha256: rendered.pdfSha256,
      by: session.username,
      at: createdAt,
    });
    setRecommendations(db, a.id, recommendations);
    pushMemo(db, a, 'signed', spec.meta.documentId, rendered.pdfSha256, session.username, createdAt);
    record(ctx, db, 'audit.sign', 'ok', {
      auditId: a.id,
      number: a.number,
      documentId: spec.meta.documentId,
      pdfSha256: rendered.pdfSha256,
      contentSha256: rendered.contentSha256,
      findings: items.filter((i) => i.answers?.finding === 'finding').length,
    });
  });
  return {
    documentId: spec.meta.documentId,
    path,
    pages: rendered.pages,
    pdfSha256: rendered.pdfSha256,
    contentSha256: rendered.contentSha256,
  };
}

/**
 * Queues the memo's signing or filing for the agency server (outbox `audit_memo`, docs/sync-protocol.md), in the
 * transaction that records it: the agency holds the record of every audit, not only the laptop that made it.
 */
function pushMemo(
  db: WritableDB,
  a: AuditRow,
  step: AuditMemoPush['step'],
  documentId: string,
  pdfSha256: string,
  by: string,
  at: string,
): void {
  const s = summary(db, a);
  const body: AuditMemoPush = {
    number: a.number,
    step,
    periodFrom: a.periodFrom,
    periodTo: a.periodTo,
    source: a.source,
    population: a.population ?? 0,
    reviewed: s.reviewed,
    findings: s.findings,
    documentId,
    pdfSha256,
    by,
    at,
  };
  // Queued after everything already queued, so the filing never reaches the server before its signing.
  enqueueOutbox(db, `audit-memo-${documentId}-${step}`, 'audit_memo', body, nextOutboxTime(db, new Date(at)));
}

/** The custodian files the signed memo, after checking the file is the one that was signed. */
export function file(ctx: Context, auditId: number): AuditSummary {
  const db = storeOf(ctx);
  const a = mustGet(db, auditId);
  if (a.status !== 'signed') {
    throw new CanvassError(
      'CONFLICT',
      a.status === 'filed' ? `Audit ${a.number} is filed already.` : `Audit ${a.number} is not signed yet.`,
    );
  }
  const path = join(ctx.exportDir, 'audits', `${a.memoDocumentId}.pdf`);
  let actual: string;
  try {
    actual = createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    throw new CanvassError('NOT_FOUND', `The signed memo ${a.memoDocumentId} is not at ${path}.`);
  }
  if (actual !== a.memoSha256) {
    record(ctx, db, 'audit.file', 'failed', {
      auditId: a.id,
      documentId: a.memoDocumentId,
      reason: 'memo changed since signing',
    });
    throw new CanvassError(
      'CONFLICT',
      `The memo at ${path} is not the one the administrator signed (its SHA-256 differs). Sign it again.`,
    );
  }
  inTransaction(db, () => {
    setFiled(db, a.id, ctx.session!.username, ctx.nowIso());
    pushMemo(db, a, 'filed', a.memoDocumentId!, a.memoSha256!, ctx.session!.username, ctx.nowIso());
    record(ctx, db, 'audit.file', 'ok', {
      auditId: a.id,
      number: a.number,
      documentId: a.memoDocumentId,
      pdfSha256: a.memoSha256,
    });
  });
  return summary(db, mustGet(db, a.id));
}

/** An audit done in a period, for the transparency report (#21): what was audited and what it found. */
export type AuditDone = {
  number: string;
  periodFrom: string;
  periodTo: string;
  source: 'canvass' | 'imported';
  status: AuditSummary['status'];
  population: number | null;
  flaggedInquiries: number | null;
  reviewed: number;
  findings: number;
  signedAt: string | null;
  filedAt: string | null;
};

/** Audits whose period overlaps `from`–`to` (agency-local days), with their findings. */
export function auditsDone(db: ReadableDB, from: string, to: string): AuditDone[] {
  return auditsInPeriod(db, from, to).map((a) => {
    const s = summary(db, a);
    return {
      number: a.number,
      periodFrom: a.periodFrom,
      periodTo: a.periodTo,
      source: a.source,
      status: a.status,
      population: a.population,
      flaggedInquiries: a.screening ? (JSON.parse(a.screening) as StoredScreening).flaggedInquiries : null,
      reviewed: s.reviewed,
      findings: s.findings,
      signedAt: a.signedAt,
      filedAt: a.filedAt,
    };
  });
}
