import type { AuditRecord } from '../../core/audit/chain';
import { inquiryFromRecord } from '../../core/audit/inquiries';
import { Sampler } from '../../core/audit/sample';
import {
  screen,
  type FlagKind,
  type Inquiry,
  type ScreenedInquiry,
  type ScreeningAccount,
  type ScreeningRules,
} from '../../core/audit/screening';
import { CanvassError } from '../../core/shared/errors';
import type { ReadableDB } from '../../store/db';
import { iterateAudit, sha256Hex } from '../../store/repos/audit';
import { agencyLogBody, iterateAgencyLog, iterateImportRows } from '../../store/repos/audits';
import { startWorker } from '../kernel/workers';

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

/** Every inquiry of the period, from whichever log is audited. */
function* population(db: ReadableDB, req: ScreenRequest): Generator<Inquiry> {
  const inPeriod = (q: Inquiry) => q.at >= req.fromIso && q.at < req.toIso;
  if (req.importId !== null) {
    for (const q of iterateImportRows(db, req.importId)) if (inPeriod(q)) yield q;
    return;
  }
  for (const link of iterateAudit(db)) {
    // Cheap test on the raw body first: most records of a long log are not searches.
    if (!link.body.includes('search')) continue;
    const q = inquiryFromRecord(req.local, link.seq, JSON.parse(withoutDetectionIds(link.body)) as AuditRecord);
    if (q && inPeriod(q)) yield q;
  }
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
  if (q.source === 'imported') return null;
  if (q.workstation === local) {
    for (const link of iterateAudit(db, q.seq, q.seq)) return link.body;
    return null;
  }
  return agencyLogBody(db, q.workstation, q.seq);
}

/** Screens the period and draws the sample in one pass over the log. */
export function screenPeriod(db: ReadableDB, req: ScreenRequest): ScreenReply {
  const sampler = new Sampler<Inquiry>(sha256Hex, req.seed, req.size);
  const drawn = function* (): Generator<Inquiry> {
    for (const q of population(db, req)) {
      sampler.push(q.key, q);
      yield q;
    }
  };
  const result = screen(drawn(), req.rules, new Map(req.accounts));
  return {
    population: result.population,
    flaggedCount: result.flagged.length,
    byKind: result.byKind,
    byUser: result.byUser,
    flagged: result.flagged.slice(0, FLAGGED_SHOWN),
    sample: sampler.result().map(({ key, item }) => ({ key, inquiry: item, record: recordBody(db, req.local, item) })),
  };
}

/** Runs `screenPeriod` on the auditScreen worker: a million records never stall main's event loop. */
export function screenInWorker(req: ScreenRequest): Promise<ScreenReply> {
  const worker = startWorker('auditScreen');
  return new Promise<ScreenReply>((resolve, reject) => {
    worker.once('message', (msg: { reply?: ScreenReply; error?: string }) => {
      void worker.terminate();
      if (msg.reply) resolve(msg.reply);
      else reject(new CanvassError('INTERNAL', `The audit's screening failed: ${msg.error}`));
    });
    worker.once('error', reject);
    worker.postMessage(req, [req.key]);
  });
}
