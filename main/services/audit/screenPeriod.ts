import type { AuditRecord } from '../../core/audit/chain';
import { inquiryFromRecord } from '../../core/audit/inquiries';
import { Sampler } from '../../core/audit/sample';
import {
  finishScreening,
  screenInquiry,
  screeningMemo,
  screenPart,
  type RecallInquiries,
  type FlagKind,
  type Inquiry,
  type ScreenedInquiry,
  type ScreeningAccount,
  type ScreeningPart,
  type ScreeningRules,
} from '../../core/audit/screening';
import { CanvassError } from '../../core/shared/errors';
import { openStore, type ReadableDB } from '../../store/db';
import { auditBodyPages, auditSeqSpan, iterateAudit, sha256Hex } from '../../store/repos/audit';
import { agencyLogBody, iterateAgencyLog, iterateImportRows } from '../../store/repos/audits';
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort, type Transferable } from 'node:worker_threads';
import { keyForWorker, startWorker } from '../kernel/workers';
import { packStretch, unpackStretch, type PackedStretch } from './screenWire';

/** The most flagged inquiries kept with the audit for the auditor to choose from. */
export const FLAGGED_SHOWN = 200;

/** What screening a period needs, decided on main: everything here crosses to the worker as plain data. */
export type ScreenRequest = {
  storePath: string;
  key: ArrayBuffer;
  /** This workstation's key prefix (its enrolled id) and the agency log's other workstations. */
  local: string;
  importId: number | null;
  /** The period as UTC instants: [from, to). */
  fromIso: string;
  toIso: string;
  rules: ScreeningRules;
  accounts: [string, ScreeningAccount][];
  seed: string;
  size: number;
};

export type ScreenReply = {
  population: number;
  flaggedCount: number;
  byKind: Record<FlagKind, number>;
  byUser: { username: string; inquiries: number; flagged: number }[];
  flagged: ScreenedInquiry[];
  /** In rank order, each with the record as logged. */
  sample: { key: string; inquiry: Inquiry; record: string | null }[];
};

/**
 * A log body without its detection ids: screening never looks at them, and a search that returned 200 rows carries
 * 200 of them, most of the parsing. Canonical JSON escapes every quote inside a string, so the key cannot appear
 * inside a value; the ids are numbers, so the first `]` closes them. (The sample's full record is read again.)
 */
export function withoutDetectionIds(body: string): string {
  const i = body.indexOf('"detectionIds":[');
  if (i < 0) return body;
  const j = body.indexOf(']', i);
  return j < 0 ? body : `${body.slice(0, i)}"detectionIds":0${body.slice(j + 1)}`;
}

/**
 * A stretch of the log to screen: a seq range of this workstation's log, and whether it also takes the agency log
 * (the last stretch does) and the imported export (only a stretch that is the whole population does).
 */
export type Stretch = { from: number; to: number; rest: boolean };

const WHOLE: Stretch = { from: 1, to: Number.MAX_SAFE_INTEGER, rest: true };

/** Every inquiry of the period in one stretch, from whichever log is audited, in log order. */
function* population(db: ReadableDB, req: ScreenRequest, stretch: Stretch): Generator<Inquiry> {
  const inPeriod = (q: Inquiry) => q.at >= req.fromIso && q.at < req.toIso;
  if (req.importId !== null) {
    if (stretch.rest) for (const q of iterateImportRows(db, req.importId)) if (inPeriod(q)) yield q;
    return;
  }
  // Cheap test on the raw body first, in SQLite: most records of a long log are not searches.
  for (const rows of auditBodyPages(db, 'search', stretch.from, stretch.to)) {
    for (const [seq, body] of rows) {
      const q = inquiryFromRecord(req.local, seq, JSON.parse(withoutDetectionIds(body)) as AuditRecord);
      if (q && inPeriod(q)) yield q;
    }
  }
  if (!stretch.rest) return;
  for (const link of iterateAgencyLog(db, req.local)) {
    if (!link.body.includes('search')) continue;
    const q = inquiryFromRecord(
      link.workstationId,
      link.seq,
      JSON.parse(withoutDetectionIds(link.body)) as AuditRecord,
    );
    if (q && inPeriod(q)) yield q;
  }
}

/** The log body behind an inquiry of the sample: what was searched and seen, as logged. */
export function recordBody(db: ReadableDB, local: string, q: Inquiry): string | null {
  return q.source === 'imported' ? null : logBody(db, local, q.workstation, q.seq);
}

function logBody(db: ReadableDB, local: string, workstation: string, seq: number): string | null {
  if (workstation === local) {
    for (const link of iterateAudit(db, seq, seq)) return link.body;
    return null;
  }
  return agencyLogBody(db, workstation, seq);
}

/**
 * Screening's recall (core/audit/screening.ts): the inquiries of these keys read again from the log each names
 * (`<workstation>#<seq>`), or from the import, and screened again, as the pass over the period screened them.
 */
function recallFrom(db: ReadableDB, req: ScreenRequest): RecallInquiries {
  const accounts = new Map(req.accounts);
  const memo = screeningMemo();
  const screened = (inquiry: Inquiry): ScreenedInquiry => ({
    inquiry,
    flags: screenInquiry(inquiry, req.rules, accounts, memo),
  });
  return (keys) => {
    const out: ScreenedInquiry[] = [];
    if (keys.length === 0) return out;
    if (req.importId !== null) {
      const wanted = new Set(keys);
      for (const q of iterateImportRows(db, req.importId)) if (wanted.has(q.key)) out.push(screened(q));
      return out;
    }
    for (const key of keys) {
      const cut = key.lastIndexOf('#');
      const workstation = key.slice(0, cut);
      const seq = Number(key.slice(cut + 1));
      const body = logBody(db, req.local, workstation, seq);
      const q = body === null ? null : inquiryFromRecord(workstation, seq, JSON.parse(body) as AuditRecord);
      if (q) out.push(screened(q));
    }
    return out;
  };
}

/**
 * One stretch screened, with its best-ranked inquiries for the sample: what a second thread hands the first (packed
 * for the trip: screenWire.ts). `standIns` are the flagged inquiries that came across as key, time and user only.
 */
export type ScreenedStretch = {
  part: ScreeningPart;
  drawn: { key: string; item: Inquiry }[];
  standIns?: ReadonlySet<string>;
};

export function screenStretch(db: ReadableDB, req: ScreenRequest, stretch: Stretch): ScreenedStretch {
  const sampler = new Sampler<Inquiry>(sha256Hex, req.seed, req.size);
  const drawn = function* (): Generator<Inquiry> {
    for (const q of population(db, req, stretch)) {
      sampler.push(q.key, q);
      yield q;
    }
  };
  const part = screenPart(drawn(), req.rules, new Map(req.accounts));
  return { part, drawn: sampler.result() };
}

/** Joins stretches (in log order) into the reply: the sample is the best-ranked of every stretch's best. */
export function joinStretches(db: ReadableDB, req: ScreenRequest, stretches: readonly ScreenedStretch[]): ScreenReply {
  const sampler = new Sampler<Inquiry>(sha256Hex, req.seed, req.size);
  for (const s of stretches) for (const { key, item } of s.drawn) sampler.push(key, item);
  const recall = recallFrom(db, req);
  const result = finishScreening(
    stretches.map((s) => s.part),
    recall,
  );
  // The flagged shown in full: a stand-in among them is read again from its log (its flags are the screening's).
  const shown = result.flagged.slice(0, FLAGGED_SHOWN);
  const standIns = new Set(stretches.flatMap((s) => [...(s.standIns ?? [])]));
  const partial = shown.filter((s) => standIns.has(s.inquiry.key));
  const full = new Map([...recall(partial.map((s) => s.inquiry.key))].map((s) => [s.inquiry.key, s.inquiry]));
  for (const s of partial) s.inquiry = full.get(s.inquiry.key) ?? s.inquiry;
  return {
    population: result.population,
    flaggedCount: result.flagged.length,
    byKind: result.byKind,
    byUser: result.byUser,
    flagged: shown,
    sample: sampler.result().map(({ key, item }) => ({ key, inquiry: item, record: recordBody(db, req.local, item) })),
  };
}

/** Screens the period and draws the sample in one pass over the log. */
export function screenPeriod(db: ReadableDB, req: ScreenRequest): ScreenReply {
  return joinStretches(db, req, [screenStretch(db, req, WHOLE)]);
}

/**
 * The log is split in two stretches (one per thread) from this many records of this workstation's log: below it,
 * a second worker costs more than it saves.
 */
const SPLIT_THRESHOLD = 100_000;

/**
 * Where to cut the log for `threads` threads (one stretch each), or a single stretch. An import is one stretch.
 * Cut by seq range: the inquiries are spread over the log as its records are.
 */
export function stretchesFor(
  db: ReadableDB,
  req: ScreenRequest,
  threads: number,
  splitFrom = SPLIT_THRESHOLD,
): Stretch[] {
  if (req.importId !== null || threads < 2) return [WHOLE];
  // By seq span, not count: counting a long log reads all of it, on main.
  const { first, last } = auditSeqSpan(db);
  const span = last - first + 1;
  if (last === 0 || span < splitFrom || span < threads) return [WHOLE];
  const each = Math.ceil(span / threads);
  return Array.from({ length: threads }, (_, i) => ({
    from: i === 0 ? 1 : first + i * each,
    to: i === threads - 1 ? Number.MAX_SAFE_INTEGER : first + (i + 1) * each - 1,
    rest: i === threads - 1,
  }));
}

/** What the auditScreen worker is asked: the first stretch's worker joins the others, which send theirs on `port`. */
export type ScreenJob = { req: ScreenRequest; stretch: Stretch; port?: MessagePort; joins?: number };

/** Runs a screen job on a worker thread's own read-only connection (main/workers/auditScreen.worker.ts). */
export async function runScreenJob(job: ScreenJob): Promise<ScreenReply | PackedStretch> {
  const key = Buffer.from(job.req.key);
  const db = openStore(job.req.storePath, key, { readonly: true });
  key.fill(0);
  try {
    const mine = screenStretch(db, job.req, job.stretch);
    if (job.port && !job.joins) return packStretch(mine);
    const others = await new Promise<ScreenedStretch[]>((resolve, reject) => {
      const got: ScreenedStretch[] = [];
      if (!job.joins) return resolve(got);
      job.port!.on('message', (msg: { stretch?: PackedStretch; error?: string }) => {
        if (msg.error !== undefined) reject(new Error(msg.error));
        else if (got.push(unpackStretch(msg.stretch!)) === job.joins) resolve(got);
      });
    });
    job.port?.close();
    return joinStretches(db, job.req, [mine, ...others]);
  } finally {
    db.close();
  }
}

/**
 * Runs the screening on auditScreen workers: a million records never stall main's event loop. A long log is cut in
 * two stretches screened side by side on two cores (the first worker joins them); one stretch on a single core.
 */
export function screenInWorker(
  req: ScreenRequest,
  db: ReadableDB,
  options: { threads?: number; splitFrom?: number } = {},
): Promise<ScreenReply> {
  // Two at most: on 1 M records (6 % flagged) two workers screen in 8.3–8.8 s against 12.5 s for one, quiet
  // (docs/audits.md); a third would share two cores with main.
  const threads = Math.min(2, availableParallelism(), options.threads ?? 2);
  const stretches = stretchesFor(db, req, threads, options.splitFrom);
  const keyFor = () => keyForWorker(new Uint8Array(req.key));
  const channel = stretches.length > 1 ? new MessageChannel() : null;
  const workers = stretches.map(() => startWorker('auditScreen'));
  const stop = () => workers.forEach((w) => void w.terminate());
  return new Promise<ScreenReply>((resolve, reject) => {
    const fail = (err: unknown) => {
      stop();
      reject(
        err instanceof CanvassError
          ? err
          : new CanvassError('INTERNAL', `The audit's screening failed: ${(err as Error).message}`),
      );
    };
    workers[0]!.once('message', (msg: { reply?: ScreenReply; error?: string }) => {
      stop();
      if (msg.reply) resolve(msg.reply);
      else reject(new CanvassError('INTERNAL', `The audit's screening failed: ${msg.error}`));
    });
    workers.forEach((w) => w.once('error', fail));
    stretches.forEach((stretch, i) => {
      const job: ScreenJob = { req: { ...req, key: keyFor() }, stretch };
      const transfer: Transferable[] = [job.req.key];
      if (channel && i === 0) Object.assign(job, { port: channel.port1, joins: stretches.length - 1 });
      if (channel && i === 1) job.port = channel.port2;
      if (job.port) transfer.push(job.port);
      workers[i]!.postMessage(job, transfer);
    });
    new Uint8Array(req.key).fill(0);
  });
}
