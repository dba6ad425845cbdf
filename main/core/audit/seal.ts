/**
 * Forward-secure sealing of the access log, in the manner of systemd-journald's FSS. At enrollment the
 * workstation draws a root key, hands it to the agency server (the verification key) and keeps only what it
 * evolves into: each epoch's key is the HMAC of the one before, and once an epoch's seal is written its key is
 * erased. A seal binds the chain head (record number and hash) to the epoch and to the seal before it. Someone
 * who takes the laptop holds the current key at most: they cannot make a seal for an earlier epoch, so records
 * sealed before they took it cannot be rewritten, removed or re-chained without the agency's verifier saying so.
 *
 * Epochs are counted, not timed (a seal when 15 minutes of new records have passed, and at every lock and
 * sign-out), so the verifier needs only the root key and the seals. The HMAC is injected: core stays pure.
 */
export type HmacHex = (keyHex: string, text: string) => string;

export type Seal = { epoch: number; seq: number; hash: string; prevTag: string; tag: string; at: string };

export const SEAL_GENESIS = '0'.repeat(64);

/** The public name of a root key's series of seals (a re-enrollment starts a new series under a new root). */
export function sealSeries(hmac: HmacHex, rootHex: string): string {
  return hmac(rootHex, 'canvass-fss/v1/series').slice(0, 32);
}

export function evolveKey(hmac: HmacHex, keyHex: string): string {
  return hmac(keyHex, 'canvass-fss/v1/evolve');
}

/** The key of `epoch`, from the root key (the verifier's side; the workstation never goes back). */
export function epochKey(hmac: HmacHex, rootHex: string, epoch: number): string {
  let k = rootHex;
  for (let i = 0; i < epoch; i++) k = evolveKey(hmac, k);
  return k;
}

function material(s: Omit<Seal, 'tag'>): string {
  return `canvass-fss/v1/seal\n${s.epoch}\n${s.seq}\n${s.hash}\n${s.prevTag}\n${s.at}`;
}

export function makeSeal(hmac: HmacHex, keyHex: string, s: Omit<Seal, 'tag'>): Seal {
  return { ...s, tag: hmac(keyHex, material(s)) };
}

export type SealProblem = { epoch: number; kind: 'missing' | 'forged' | 'rewritten'; message: string };
export type SealVerdict =
  | { ok: true; count: number; lastEpoch: number | null; lastSeq: number }
  | { ok: false; count: number; problem: SealProblem };

/**
 * Checks seals in epoch order against the root key and the log they cover: epochs run 0, 1, 2, … with none
 * missing, each seal's tag is its epoch key's, each names the seal before it, the sealed heads never go back,
 * and the log still holds every sealed head (`hashAt(seq)`: the hash of that record now, null if it is gone).
 */
export function verifySeals(
  hmac: HmacHex,
  rootHex: string,
  seals: Iterable<Seal>,
  hashAt: (seq: number) => string | null,
): SealVerdict {
  let key = rootHex;
  let expected = 0;
  let prevTag = SEAL_GENESIS;
  let lastSeq = 0;
  let count = 0;
  const fail = (problem: SealProblem): SealVerdict => ({ ok: false, count, problem });
  for (const s of seals) {
    if (s.epoch !== expected) {
      return fail({
        epoch: expected,
        kind: 'missing',
        message:
          s.epoch > expected
            ? `Seal${s.epoch - expected === 1 ? ` ${expected} is` : `s ${expected}–${s.epoch - 1} are`} missing: removed from the store.`
            : `Seal ${s.epoch} appears twice or out of order.`,
      });
    }
    if (s.prevTag !== prevTag || hmac(key, material(s)) !== s.tag) {
      return fail({
        epoch: s.epoch,
        kind: 'forged',
        message: `Seal ${s.epoch} (${s.at}) is not the workstation's: its tag does not verify under the agency's key for that epoch.`,
      });
    }
    if (s.seq < lastSeq) {
      return fail({
        epoch: s.epoch,
        kind: 'rewritten',
        message: `Seal ${s.epoch} (${s.at}) names record ${s.seq}, before the record ${lastSeq} an earlier seal named: the log was rolled back.`,
      });
    }
    const now = hashAt(s.seq);
    if (now !== s.hash) {
      return fail({
        epoch: s.epoch,
        kind: 'rewritten',
        message:
          now === null
            ? `Record ${s.seq}, sealed at ${s.at} (seal ${s.epoch}), is no longer in the log: records were removed after they were sealed.`
            : `Record ${s.seq} is not the one sealed at ${s.at} (seal ${s.epoch}): the log up to it was rewritten after it was sealed.`,
      });
    }
    prevTag = s.tag;
    lastSeq = s.seq;
    key = evolveKey(hmac, key);
    expected++;
    count++;
  }
  return { ok: true, count, lastEpoch: count ? expected - 1 : null, lastSeq };
}
