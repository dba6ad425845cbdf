import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { CanvassError } from '../core/shared/errors';
import type { KeyringData } from './keyring';
import { openSealedKey, sealKey } from './sealedKey';

/**
 * The agency evidence key (docs/evidence-package.md, "The signature"): an Ed25519 key pair made at setup (or at
 * first use on a store set up before it existed). Its private half sits in keyring.json wrapped like the data key
 * is (AES-256-GCM, `sealKey`), under the data key itself: whoever can open the store can unwrap it, and the
 * evidence handlers only let an evidence technician sign with it. Its public half is in the clear beside it, in
 * the store, in every package, and registered with the agency server.
 */
export const evidenceKeyEntrySchema = z.object({
  algorithm: z.literal('ed25519'),
  /** SubjectPublicKeyInfo, PEM: what `openssl pkeyutl -pubin -inkey` reads. */
  publicKey: z.string().startsWith('-----BEGIN PUBLIC KEY-----'),
  /** SHA-256 of the DER SubjectPublicKeyInfo, hex (`openssl pkey -pubin -outform DER | sha256sum`). */
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
  /** The PKCS#8 DER private key, sealed under the data key. */
  iv: z.string(),
  tag: z.string(),
  wrapped: z.string(),
});
export type EvidenceKeyEntry = z.infer<typeof evidenceKeyEntrySchema>;

export type EvidenceKey = { privateKey: KeyObject; publicPem: string; fingerprint: string };

function aad(ring: KeyringData, fingerprint: string): Buffer {
  return Buffer.from(`canvass-evidence-key/v1/${ring.storeId}/${fingerprint}`, 'utf8');
}

export function publicKeyFingerprint(publicPem: string): string {
  const der = createPublicKey(publicPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex');
}

/** The keyring with an evidence key added (unchanged if it has one). */
export function withEvidenceKey(ring: KeyringData, dataKey: Buffer, at: string): KeyringData {
  if (ring.evidenceKey) return ring;
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const fingerprint = publicKeyFingerprint(publicPem);
  const der = privateKey.export({ type: 'pkcs8', format: 'der' });
  const sealed = sealKey(dataKey, aad(ring, fingerprint), der);
  der.fill(0);
  return {
    ...ring,
    evidenceKey: { algorithm: 'ed25519', publicKey: publicPem, fingerprint, createdAt: at, ...sealed },
  };
}

/** Unwraps the evidence key with the open store's data key. */
export function openEvidenceKey(ring: KeyringData, dataKey: Buffer): EvidenceKey {
  const entry = ring.evidenceKey;
  if (!entry) throw new CanvassError('NOT_FOUND', 'This workstation has no evidence key yet.');
  const der = openSealedKey(dataKey, aad(ring, entry.fingerprint), entry);
  if (!der) {
    throw new CanvassError(
      'STORE_CORRUPT',
      'The evidence key in keyring.json does not open with this store’s key: the keyring was altered or belongs to another store. Restore keyring.json from the backup of this data folder.',
    );
  }
  try {
    const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    if (
      publicKeyFingerprint(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString()) !==
      entry.fingerprint
    )
      throw new CanvassError('STORE_CORRUPT', 'The evidence key in keyring.json does not match its public half.');
    return { privateKey, publicPem: entry.publicKey, fingerprint: entry.fingerprint };
  } finally {
    der.fill(0);
  }
}
