/**
 * Checks the access-log segment of a package (data/access-log.ndjson): every link follows the one before it, and
 * every record shown hashes to its link, so the searches and additions printed in the package are the ones the
 * workstation's chain holds (and the agency server's anchored copy of it). Pure; the hash function is injected.
 */
import { linkMaterial, type Sha256Hex } from '../audit/chain';

export type SegmentVerdict =
  | { ok: true; links: number; withContent: number; from: number | null; to: number | null }
  | { ok: false; seq: number | null; message: string };

type Link = { seq: number; prevHash: string; hash: string; body?: string; withheld?: string };

export function checkSegment(text: string, sha256: Sha256Hex): SegmentVerdict {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return { ok: false, seq: null, message: 'the access-log segment is empty' };
  let header: { segment?: { links?: number } };
  try {
    header = JSON.parse(lines[0]!) as typeof header;
  } catch {
    return { ok: false, seq: null, message: 'the access-log segment has no header line' };
  }
  const links: Link[] = [];
  for (let i = 1; i < lines.length; i++) {
    try {
      links.push(JSON.parse(lines[i]!) as Link);
    } catch {
      return { ok: false, seq: null, message: `line ${i + 1} of the access-log segment is not JSON` };
    }
  }
  if (header.segment?.links !== links.length)
    return { ok: false, seq: null, message: 'the access-log segment does not hold as many links as its header says' };
  let withContent = 0;
  for (let i = 0; i < links.length; i++) {
    const l = links[i]!;
    const prev = links[i - 1];
    if (prev && (l.seq !== prev.seq + 1 || l.prevHash !== prev.hash))
      return { ok: false, seq: l.seq, message: `access-log record ${l.seq} does not follow record ${prev.seq}` };
    if (typeof l.body === 'string') {
      withContent++;
      if (sha256(linkMaterial(l.prevHash, l.seq, l.body)) !== l.hash)
        return { ok: false, seq: l.seq, message: `access-log record ${l.seq} does not match its hash (altered)` };
    }
  }
  return {
    ok: true,
    links: links.length,
    withContent,
    from: links[0]?.seq ?? null,
    to: links[links.length - 1]?.seq ?? null,
  };
}
