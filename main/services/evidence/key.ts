/**
 * The agency evidence key on this workstation (main/store/evidenceKey.ts holds it): made at setup, or here at first
 * use on a store set up before it existed; its public half recorded in the store and queued for the agency server
 * (`evidence_key` in the outbox, pushed at the next sync).
 */
import type { EvidenceKeyInfo } from '../../../preload/contract';
import { CanvassError } from '../../core/shared/errors';
import { inTransaction } from '../../store/db';
import { openEvidenceKey, withEvidenceKey, type EvidenceKey } from '../../store/evidenceKey';
import { readKeyring, writeKeyring } from '../../store/keyring';
import { getEvidenceKey, insertEvidenceKey } from '../../store/repos/evidenceKeys';
import { enqueueOutbox } from '../../store/repos/sync';
import { record } from '../audit';
import { storeOf, type Context } from '../kernel/context';

function dataKeyOf(ctx: Context): Buffer {
  if (!ctx.dataKey) throw new CanvassError('NOT_SIGNED_IN', 'Sign in first.');
  return ctx.dataKey;
}

export function ensureEvidenceKey(ctx: Context): EvidenceKeyInfo {
  const db = storeOf(ctx);
  let ring = readKeyring(ctx.keyringPath);
  const made = !ring.evidenceKey;
  if (made) {
    ring = withEvidenceKey(ring, dataKeyOf(ctx), ctx.nowIso());
    writeKeyring(ctx.keyringPath, ring);
  }
  const entry = ring.evidenceKey!;
  if (!getEvidenceKey(db, entry.fingerprint)) {
    const outboxKey = `evidence-key-${entry.fingerprint.slice(0, 32)}`;
    inTransaction(db, () => {
      insertEvidenceKey(db, {
        fingerprint: entry.fingerprint,
        publicPem: entry.publicKey,
        createdAt: entry.createdAt,
        outboxKey,
      });
      enqueueOutbox(
        db,
        outboxKey,
        'evidence_key',
        {
          algorithm: 'ed25519',
          fingerprint: entry.fingerprint,
          publicKeyPem: entry.publicKey,
          createdAt: entry.createdAt,
        },
        ctx.nowIso(),
      );
      record(ctx, db, 'evidence.key', 'ok', { fingerprint: entry.fingerprint, madeNow: made });
    });
  }
  const row = getEvidenceKey(db, entry.fingerprint)!;
  return {
    fingerprint: row.fingerprint,
    createdAt: row.createdAt,
    registeredAt: row.registeredAt,
    registrationError: row.registrationError,
  };
}

/** The key that signs, unwrapped with the open store's key (ensureEvidenceKey first). */
export function signingKey(ctx: Context): EvidenceKey {
  return openEvidenceKey(readKeyring(ctx.keyringPath), dataKeyOf(ctx));
}
