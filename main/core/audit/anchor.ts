/**
 * A log against an anchor: a chain head recorded somewhere the workstation cannot change (the agency server,
 * an audit memo). The chain alone cannot show a dropped tail or a rollback; the anchor can, and names the range.
 */
export type ChainPoint = { seq: number; hash: string };

export type AnchorVerdict =
  | { status: 'matches' | 'continues'; message: string; after: number }
  | { status: 'missing'; message: string; missingFrom: number; missingTo: number }
  | { status: 'differs'; message: string; at: number };

/**
 * `head`: the log's last record; `hashAt(seq)`: the hash of record `seq` in the log, null when it has none.
 * `source` says whose anchor it is, for the message ("the agency server").
 */
export function compareWithAnchor(
  anchor: ChainPoint,
  head: ChainPoint,
  hashAt: (seq: number) => string | null,
  source: string,
): AnchorVerdict {
  const held = anchor.seq <= head.seq ? hashAt(anchor.seq) : null;
  if (held === null) {
    const from = head.seq + 1;
    return {
      status: 'missing',
      missingFrom: from,
      missingTo: anchor.seq,
      message: `${from === anchor.seq ? `Record ${from} is` : `Records ${from}–${anchor.seq} are`} missing: ${source} holds the chain head at record ${anchor.seq}, but the log ends at record ${head.seq}. Its newest records were removed (a dropped WAL, an older copy of the store put back, or a truncated tail).`,
    };
  }
  if (held !== anchor.hash)
    return {
      status: 'differs',
      at: anchor.seq,
      message: `Record ${anchor.seq} is not the one ${source} anchored: the log was rolled back and written again from an earlier point, or rewritten by someone holding the store key.`,
    };
  const after = head.seq - anchor.seq;
  return after === 0
    ? { status: 'matches', after, message: `The log's head is the chain head ${source} holds (record ${anchor.seq}).` }
    : {
        status: 'continues',
        after,
        message: `The log holds the chain head ${source} holds (record ${anchor.seq}) unchanged, and ${after} record${after === 1 ? '' : 's'} written after it.`,
      };
}
