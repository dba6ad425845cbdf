import { canonicalJson, type Json } from '../shared/canonicalJson';

/**
 * The access log's hash chain. Each link's hash is SHA-256 over the previous hash, the sequence number and
 * the record's canonical JSON, so altering, removing, inserting or reordering a record breaks the chain at
 * that record. The hash function is injected: core stays free of node:crypto, and verifiers outside
 * Canvass need only SHA-256.
 */
export type Sha256Hex = (text: string) => string;

export const GENESIS_HASH = '0'.repeat(64);

/** What § 1798.90.52 asks the log to hold, plus what a reviewer needs to tie an access to an incident. */
export type AuditPurpose = {
  id: number;
  numberKind: string | null;
  number: string | null;
  purposeId: string;
  purposeLabel: string;
  description: string;
};

export type AuditRecord = {
  /** Date and time of the access (ISO-8601, UTC). */
  at: string;
  /** What happened, e.g. `auth.login`, `detections.search`, `users.disable`. */
  action: string;
  outcome: 'ok' | 'denied' | 'failed';
  /** The person: username and agency. Null only before anyone has signed in (first-run setup). */
  username: string | null;
  agency: string;
  /** Why: the purpose open at the time of an ALPR data access. */
  purpose: AuditPurpose | null;
  /** The data searched or viewed: plate pattern, description terms, area, record ids, or the change made. */
  data: { [key: string]: Json };
  workstation: string;
};

export type ChainLink = { seq: number; body: string; prevHash: string; hash: string };

export function linkMaterial(prevHash: string, seq: number, body: string): string {
  return `${prevHash}\n${seq}\n${body}`;
}

export function makeLink(sha256: Sha256Hex, prevHash: string, seq: number, record: AuditRecord): ChainLink {
  const body = canonicalJson(record);
  return { seq, body, prevHash, hash: sha256(linkMaterial(prevHash, seq, body)) };
}

export type ChainProblem = {
  /** The first record where the chain fails: its position in the log (1-based, as seq should be). */
  seq: number;
  kind: 'altered' | 'removed' | 'inserted' | 'reordered' | 'broken';
  message: string;
};

export type ChainVerdict =
  { ok: true; count: number; headSeq: number; headHash: string } | { ok: false; count: number; problem: ChainProblem };

/**
 * Verifies a chain fed one link at a time, in storage order, in constant memory: a store, an NDJSON file
 * or a CSV file is streamed through it. It looks one link ahead, so it can tell a record that was inserted
 * (the next one carries on from the record before it) or two records that were swapped from a plain
 * alteration. After the first problem the rest is ignored (`failed` turns true once it is known).
 */
export type ChainVerifier = {
  /** The next link. `defect` says its reader already found it unsound (unreadable, columns that disagree). */
  push(link: ChainLink, defect?: string): void;
  readonly failed: boolean;
  finish(): ChainVerdict;
};

type Fed = { link: ChainLink; defect: string | undefined };

/** `start` lets a range of a long log be verified on its own, from the link just before it. */
export function chainVerifier(
  sha256: Sha256Hex,
  start: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): ChainVerifier {
  let lastSeq = start.seq;
  let lastHash = start.hash;
  let count = 0;
  let pending: Fed | null = null;
  let problem: ChainProblem | null = null;

  const hashAs = (link: ChainLink, prevHash: string, seq: number) =>
    sha256(linkMaterial(prevHash, seq, link.body)) === link.hash;

  /** Judges `cur` knowing the link after it (null at the end). Returns the problem, or null if it holds. */
  function judge(cur: Fed, next: Fed | null): ChainProblem | null {
    const l = cur.link;
    const at = lastSeq + 1;
    // A next link identical to this one is a copy of it: judge this one on its own, and the copy after it.
    const n = next && !next.defect && !sameLink(next.link, l) ? next.link : null;
    if (n && n.prevHash === lastHash && hashAs(n, lastHash, at)) {
      // The next link is the record that belongs here. Either `l` belongs right after it (two swapped) or
      // it does not belong at all (inserted).
      if (!cur.defect && l.prevHash === n.hash && hashAs(l, n.hash, at + 1)) {
        return {
          seq: at,
          kind: 'reordered',
          message: `Records ${at} and ${at + 1} were swapped: record ${at + 1} comes before record ${at}.`,
        };
      }
      return {
        seq: at,
        kind: 'inserted',
        message: `A record was inserted at ${at}: the record after it is the real record ${at} and follows ${after(lastSeq)} directly.`,
      };
    }
    if (n && n.prevHash === lastHash && n.seq !== at && hashAs(n, lastHash, n.seq)) {
      // The next link follows the last sound record, re-numbered and re-hashed to make room for this one.
      return {
        seq: at,
        kind: 'inserted',
        message: `A record was inserted at ${at}: the record after it follows ${after(lastSeq)} directly.`,
      };
    }
    const selfOk = !cur.defect && hashAs(l, l.prevHash, l.seq);
    if (!selfOk) {
      if (!cur.defect && l.seq === at && l.prevHash !== lastHash && hashAs(l, l.prevHash, at + 1)) {
        return {
          seq: at,
          kind: 'removed',
          message: `Record ${at} was removed and the records after it were renumbered (the record now numbered ${at} was written as ${at + 1}).`,
        };
      }
      const which = l.seq === at || cur.defect ? `Record ${at}` : `Record ${at} (numbered ${l.seq} in the log)`;
      return {
        seq: at,
        kind: 'altered',
        message: `${which} was altered: ${cur.defect ?? 'its content does not match its hash'}.`,
      };
    }
    if (l.seq < at) {
      return {
        seq: at,
        kind: 'inserted',
        message: `A record was inserted at ${at}: it claims to be record ${l.seq}, which the log has already passed.`,
      };
    }
    if (l.seq > at) {
      const range = l.seq - at === 1 ? `Record ${at} was` : `Records ${at}–${l.seq - 1} were`;
      return { seq: at, kind: 'removed', message: `${range} removed (the log jumps from ${lastSeq} to ${l.seq}).` };
    }
    if (l.prevHash !== lastHash) {
      return {
        seq: at,
        kind: 'broken',
        message: `Record ${at} does not follow ${after(lastSeq)}: ${lastSeq === 0 ? 'the start of the log was replaced' : `record ${lastSeq} was replaced (its hash recomputed)`} or record ${at} was re-linked.`,
      };
    }
    lastSeq = l.seq;
    lastHash = l.hash;
    count++;
    return null;
  }

  return {
    push(link, defect) {
      if (problem) return;
      const fed = { link, defect };
      if (pending) problem = judge(pending, fed);
      pending = problem ? null : fed;
    },
    get failed() {
      return problem !== null;
    },
    finish() {
      if (!problem && pending) problem = judge(pending, null);
      pending = null;
      return problem ? { ok: false, count, problem } : { ok: true, count, headSeq: lastSeq, headHash: lastHash };
    },
  };
}

function sameLink(a: ChainLink, b: ChainLink): boolean {
  return a.hash === b.hash && a.seq === b.seq && a.prevHash === b.prevHash && a.body === b.body;
}

function after(seq: number): string {
  return seq === 0 ? 'the start of the log' : `record ${seq}`;
}

/** Verifies links in storage order and names the first that does not hold. `count` is the number of sound links. */
export function verifyChain(links: Iterable<ChainLink>, sha256: Sha256Hex): ChainVerdict {
  const verifier = chainVerifier(sha256);
  for (const link of links) {
    verifier.push(link);
    if (verifier.failed) break;
  }
  return verifier.finish();
}

/**
 * One stored link as a fast verifier reads it: `[seq, prevHash, hash, material]`, where `material` is the stored
 * `prevHash + "\n" + seq + "\n" + body`, joined by the store (one string, no object per link).
 */
export type MaterialRow = readonly [number, string, string, string];

/**
 * The same verdict as `chainVerifier`, faster on a log that holds, which is nearly every log. A link is taken when
 * its seq follows, it names the last hash (so its material is exactly what its hash must cover) and SHA-256 of its
 * material is its hash, and the link after it does not also claim to follow the same record (the look-ahead
 * `chainVerifier` uses to tell an insertion from an alteration). At the first link where any of that fails, the rest
 * is judged by `chainVerifier` itself, started from the last link taken, over the links `after` gives (those stored
 * after that seq): every problem is named exactly as it names it.
 */
export function verifyStoredChain(
  sha256: Sha256Hex,
  start: { seq: number; hash: string },
  pages: Iterable<readonly MaterialRow[]>,
  after: (link: { seq: number; hash: string }) => Iterable<ChainLink>,
): ChainVerdict {
  let lastSeq = start.seq;
  let lastHash = start.hash;
  let count = 0;
  // The last link taken is held until the one after it is seen; this is the chain's state before it.
  let held = false;
  let beforeSeq = 0;
  let beforeHash = '';
  let restart: { seq: number; hash: string } | null = null;
  pages: for (const rows of pages) {
    for (const [seq, prevHash, hash, material] of rows) {
      if (held && prevHash === beforeHash) {
        restart = { seq: beforeSeq, hash: beforeHash };
        break pages;
      }
      if (held) count++;
      held = false;
      if (seq !== lastSeq + 1 || prevHash !== lastHash || sha256(material) !== hash) {
        restart = { seq: lastSeq, hash: lastHash };
        break pages;
      }
      held = true;
      beforeSeq = lastSeq;
      beforeHash = lastHash;
      lastSeq = seq;
      lastHash = hash;
    }
  }
  if (restart === null) {
    if (held) count++;
    return { ok: true, count, headSeq: lastSeq, headHash: lastHash };
  }
  const verifier = chainVerifier(sha256, restart);
  for (const link of after(restart)) {
    verifier.push(link);
    if (verifier.failed) break;
  }
  const verdict = verifier.finish();
  return { ...verdict, count: count + verdict.count };
}
