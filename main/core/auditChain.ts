import { canonicalJson, type Json } from './canonicalJson';

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
  /** The first record where the chain fails. */
  seq: number;
  kind: 'altered' | 'removed' | 'inserted' | 'broken';
  message: string;
};

export type ChainVerdict =
  | { ok: true; count: number; headSeq: number; headHash: string }
  | { ok: false; count: number; problem: ChainProblem };

/**
 * Walks links in storage order and names the first that does not hold. `count` is the number of links
 * read that were sound. Works over any iterable, so a store, an NDJSON file or a CSV file can be verified
 * by streaming.
 */
export function verifyChain(links: Iterable<ChainLink>, sha256: Sha256Hex): ChainVerdict {
  let lastSeq = 0;
  let lastHash = GENESIS_HASH;
  let count = 0;
  for (const link of links) {
    const problem = checkLink(link, lastSeq, lastHash, sha256);
    if (problem) return { ok: false, count, problem };
    lastSeq = link.seq;
    lastHash = link.hash;
    count++;
  }
  return { ok: true, count, headSeq: lastSeq, headHash: lastHash };
}

function checkLink(link: ChainLink, lastSeq: number, lastHash: string, sha256: Sha256Hex): ChainProblem | null {
  const { seq } = link;
  if (sha256(linkMaterial(link.prevHash, seq, link.body)) !== link.hash) {
    return { seq, kind: 'altered', message: `Record ${seq} was altered: its content does not match its hash.` };
  }
  if (seq <= lastSeq) {
    return { seq, kind: 'inserted', message: `A record was inserted at ${seq}: it comes after record ${lastSeq} out of sequence.` };
  }
  if (seq > lastSeq + 1) {
    const missing = seq - lastSeq - 1;
    const range = missing === 1 ? `Record ${lastSeq + 1} was` : `Records ${lastSeq + 1}–${seq - 1} were`;
    return { seq: lastSeq + 1, kind: 'removed', message: `${range} removed (the log jumps from ${lastSeq} to ${seq}).` };
  }
  if (link.prevHash !== lastHash) {
    return {
      seq,
      kind: 'broken',
      message: `Record ${seq} does not follow record ${lastSeq}: a record before it was removed, inserted or replaced.`,
    };
  }
  return null;
}
