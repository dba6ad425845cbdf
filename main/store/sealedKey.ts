import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { CanvassError } from '../core/shared/errors';

/**
 * The two things every file beside the store that holds a copy of its data key does: seal the key with
 * AES-256-GCM under another key, bound to its context by the associated data, and write the file so that a
 * crash leaves the old file or the new one, never half of one. Used by the keyring (a copy per user, under
 * their password) and the enrollment record (a copy under the key the agency server holds).
 */
export type SealedKey = { iv: string; tag: string; wrapped: string };

/**
 * A key for one job, derived from the data key (HKDF-SHA256 with the job's name as its info), so the files
 * beside the store that must be checked or opened with it (the access log's sealed head, the enrollment's
 * binding, the forward-secure sealing state) need no key of their own and reveal nothing of the data key.
 */
export function deriveSubkey(dataKey: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), info, 32));
}

export function sealKey(kek: Buffer, aad: Buffer, dataKey: Buffer): SealedKey {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(aad);
  const wrapped = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    wrapped: wrapped.toString('base64'),
  };
}

/** The data key, or null when the key or the associated data is wrong (the GCM tag does not verify). */
export function openSealedKey(kek: Buffer, aad: Buffer, sealed: SealedKey): Buffer | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(aad);
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    // GCM returns every byte from update(): one buffer holds the key, and nothing is left to wipe behind it.
    const key = decipher.update(Buffer.from(sealed.wrapped, 'base64'));
    try {
      decipher.final();
    } catch (err) {
      key.fill(0);
      throw err;
    }
    return key;
  } catch {
    return null;
  }
}

/**
 * Write-to-temp (readable by this account only), fsync, rename. On a full disk the old file stays, the temp
 * file is removed, and the error says which file was not changed.
 */
export function writeFileAtomic(path: string, text: string, what: string): void {
  // Unique per call: the sync worker's thread shares the process id with main.
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    if ((err as { code?: string }).code === 'ENOSPC')
      throw new CanvassError('DISK_FULL', `The disk is full; ${what} was not changed. Free some space and try again.`);
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, path);
}
