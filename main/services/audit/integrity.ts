import { evolveKey, makeSeal, SEAL_GENESIS, sealSeries } from '../../core/audit/seal';
import { AuditHeadFile, auditHeadPath } from '../../store/auditHead';
import { hmacHex, readSealState, sealStatePath, writeSealState, type SealState } from '../../store/auditSealState';
import { inTransaction, onCommit, type WritableDB } from '../../store/db';
import { auditHead } from '../../store/repos/audit';
import { getIntegrityValue, hashOfRecord, insertSeal, lastSeal, setIntegrityValue } from '../../store/repos/integrity';
import type { Context } from '../kernel/context';
import { raiseAlert } from './alerts';

/**
 * The access log's guard on this workstation, from the store's opening to its closing:
 * - at opening, the chain is checked against its sealed head (store/auditHead.ts): a dropped WAL or an older
 *   copy of the store put back is found and named, reported to the administrator and in the log;
 * - after every commit that moved the chain, the head is sealed again, and `audit.committed` tells whoever
 *   anchors it on the agency server;
 * - once the workstation is enrolled, the chain head is sealed forward-securely (core/audit/seal.ts): at least
 *   every `SEAL_EPOCH_MS` of new records and whenever the session locks or ends, each time under a key that is
 *   then evolved and forgotten.
 */
export const SEAL_EPOCH_MS = 15 * 60_000;

type Guard = { head: AuditHeadFile; sealedSeq: number; sealedHash: string; busy: boolean; detach: () => void };
const guards = new WeakMap<Context, Guard>();

export function guardAuditLog(ctx: Context, db: WritableDB, dataKey: Buffer): void {
  const head = new AuditHeadFile(auditHeadPath(ctx.storePath), dataKey);
  checkSealedHead(ctx, db, head);
  const now = auditHead(db);
  head.write(now.seq, now.hash, ctx.nowIso());
  const guard: Guard = { head, sealedSeq: now.seq, sealedHash: now.hash, busy: false, detach: () => undefined };
  guards.set(ctx, guard);
  const detach = onCommit(db, () => afterCommit(ctx, db, guard));
  // The sync worker writes its records on its own connection: its end moves the head too.
  const afterSync = () => {
    if (ctx.store === db) afterCommit(ctx, db, guard);
  };
  ctx.events.on('sync.finished', afterSync);
  guard.detach = () => {
    detach();
    ctx.events.off('sync.finished', afterSync);
  };
  // Registered before the sealing state's own closer, so the last epoch is sealed while its key is still held.
  ctx.beforeStoreCloses(() => {
    closeEpoch(ctx);
    guard.detach();
    head.close();
    guards.delete(ctx);
  });
  checkSealState(ctx, db);
}

function afterCommit(ctx: Context, db: WritableDB, guard: Guard): void {
  if (guard.busy) return; // a commit made by this hook itself
  const now = auditHead(db);
  if (now.seq === guard.sealedSeq && now.hash === guard.sealedHash) return;
  guard.head.write(now.seq, now.hash, ctx.nowIso());
  guard.sealedSeq = now.seq;
  guard.sealedHash = now.hash;
  guard.busy = true;
  try {
    sealIfDue(ctx, db, false);
  } finally {
    guard.busy = false;
  }
  ctx.events.emit('audit.committed', now);
}

/** Compares the chain with the head sealed outside the store; a difference becomes an alert and a record. */
function checkSealedHead(ctx: Context, db: WritableDB, file: AuditHeadFile): void {
  const reading = file.read();
  const head = auditHead(db);
  const since = getIntegrityValue(db, 'head.sealedSince');
  if (reading.state === 'missing') {
    if (since !== null)
      raiseAlert(
        ctx,
        db,
        'audit.head_missing',
        `The access log's sealed head (audit-head.json) is missing: it was deleted, or the store was copied without it. Whether records at the end of the log were dropped cannot be told here; compare the log with the agency server's anchor.`,
        { storeHeadSeq: head.seq },
      );
    else inTransaction(db, () => setIntegrityValue(db, 'head.sealedSince', String(head.seq)));
    return;
  }
  if (reading.state === 'altered') {
    raiseAlert(
      ctx,
      db,
      'audit.head_altered',
      `The access log's sealed head (audit-head.json) does not verify: it was altered, or comes from another workstation. Compare the log with the agency server's anchor.`,
      { storeHeadSeq: head.seq },
    );
    return;
  }
  const sealed = reading.head;
  const details = { sealedSeq: sealed.seq, sealedHash: sealed.hash, sealedAt: sealed.at, storeHeadSeq: head.seq };
  if (sealed.seq > head.seq) {
    const range = sealed.seq - head.seq === 1 ? `Record ${sealed.seq} is` : `Records ${head.seq + 1}–${sealed.seq} are`;
    raiseAlert(
      ctx,
      db,
      'audit.rollback',
      `${range} missing from the access log: the log ends at record ${head.seq}, but its head was sealed at record ${sealed.seq} (${sealed.at}). The store's newest writes were discarded (its WAL file dropped) or an older copy of the store was put back.`,
      { ...details, missingFrom: head.seq + 1, missingTo: sealed.seq },
    );
  } else if (hashOfRecord(db, sealed.seq) !== sealed.hash) {
    raiseAlert(
      ctx,
      db,
      'audit.rollback',
      `Record ${sealed.seq} of the access log is not the one sealed at ${sealed.at}: the log was rolled back to an earlier point and written again from there (a dropped WAL or an older copy of the store, then new records).`,
      { ...details, differsAt: sealed.seq },
    );
  }
}

// ---- Forward-secure sealing ----

type Sealing = { state: SealState; dataKey: Buffer };
const sealing = new WeakMap<Context, Sealing>();

/** Whether sealing started (at enrollment) and its state can be read; a lost or unreadable state is an alert. */
function checkSealState(ctx: Context, db: WritableDB): void {
  const series = getIntegrityValue(db, 'seal.series');
  if (series === null || !ctx.dataKey) return;
  const key = Buffer.from(ctx.dataKey);
  const state = readSealState(sealStatePath(ctx.storePath), key);
  if (typeof state === 'string' || state.series !== series) {
    key.fill(0);
    const last = lastSeal(db, series);
    raiseAlert(
      ctx,
      db,
      'audit.seal_state',
      `The access log's forward-secure sealing state (audit-seal.json) is ${typeof state === 'string' ? state : 'from another series'}: records after seal ${last?.epoch ?? 0} (${last?.at ?? 'none'}) are not sealed. Ask the ALPR administrator to enroll the workstation again to restart sealing.`,
      { series, lastEpoch: last?.epoch ?? null },
    );
    return;
  }
  sealing.set(ctx, { state, dataKey: key });
  ctx.beforeStoreCloses(() => forgetSealing(ctx));
}

function forgetSealing(ctx: Context): void {
  sealing.get(ctx)?.dataKey.fill(0);
  sealing.delete(ctx);
}

/**
 * Starts forward-secure sealing (at enrollment): seals the head as epoch 0 of a new series under `rootHex`,
 * which the agency server now holds, and keeps only the key of epoch 1. Returns the series.
 */
export function startSealing(ctx: Context, db: WritableDB, dataKey: Buffer, rootHex: string): string {
  const series = sealSeries(hmacHex, rootHex);
  const head = auditHead(db);
  const at = ctx.nowIso();
  const seal = makeSeal(hmacHex, rootHex, { epoch: 0, seq: head.seq, hash: head.hash, prevTag: SEAL_GENESIS, at });
  const state: SealState = { series, epoch: 1, keyHex: evolveKey(hmacHex, rootHex), lastSealAt: at };
  const key = Buffer.from(dataKey);
  writeSealState(sealStatePath(ctx.storePath), key, state);
  inTransaction(db, () => {
    insertSeal(db, series, seal);
    setIntegrityValue(db, 'seal.series', series);
  });
  if (!sealing.has(ctx)) ctx.beforeStoreCloses(() => forgetSealing(ctx));
  sealing.get(ctx)?.dataKey.fill(0);
  sealing.set(ctx, { state, dataKey: key });
  return series;
}

/** Seals the head when it moved since the last seal and an epoch has passed (or `force`: a lock, a sign-out). */
function sealIfDue(ctx: Context, db: WritableDB, force: boolean): void {
  const s = sealing.get(ctx);
  if (!s) return;
  const { series } = s.state;
  const previous = lastSeal(db, series);
  const head = auditHead(db);
  if (previous && previous.seq === head.seq && previous.hash === head.hash) return;
  const since = s.state.lastSealAt ? ctx.now().getTime() - Date.parse(s.state.lastSealAt) : Infinity;
  if (!force && since < SEAL_EPOCH_MS) return;
  const at = ctx.nowIso();
  const seal = makeSeal(hmacHex, s.state.keyHex, {
    epoch: s.state.epoch,
    seq: head.seq,
    hash: head.hash,
    prevTag: previous?.tag ?? SEAL_GENESIS,
    at,
  });
  // The seal is committed first, then the key evolves: a crash in between finds this epoch's seal already
  // written and goes on from the next epoch.
  if (!previous || previous.epoch < seal.epoch) inTransaction(db, () => insertSeal(db, series, seal));
  s.state = { series, epoch: s.state.epoch + 1, keyHex: evolveKey(hmacHex, s.state.keyHex), lastSealAt: at };
  writeSealState(sealStatePath(ctx.storePath), s.dataKey, s.state);
}

/** Closes the current epoch if it holds new records: the key that could re-seal them is then gone. */
export function closeEpoch(ctx: Context): void {
  const guard = guards.get(ctx);
  const db = ctx.store;
  if (!db || !sealing.has(ctx)) return;
  if (guard) guard.busy = true;
  try {
    sealIfDue(ctx, db, true);
  } finally {
    if (guard) guard.busy = false;
  }
}
