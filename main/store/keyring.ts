import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { evidenceKeyEntrySchema } from './evidenceKey';
import { CanvassError } from '../core/shared/errors';
import { DATA_KEY_BYTES } from './db';
import { openSealedKey, sealKey, writeFileAtomic } from './sealedKey';

/**
 * The keyring sits beside the store and holds one copy of the store's data key per user, each wrapped
 * (AES-256-GCM) under a key derived from that user's password with scrypt. It also keeps the failed-login
 * counters and the login events that happened while the store was closed, because a failed login cannot
 * open the encrypted store to record them; they are moved into the audit chain at the next unlock.
 */

export type ScryptParams = { N: number; r: number; p: number };
/** About half a second on the 2-core reference machine (N=2^17, r=12: ~190 MiB). */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 12, p: 1 };

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const entrySchema = z.object({
  username: z.string().min(1),
  kdf: z.object({
    name: z.literal('scrypt'),
    N: z.number().int(),
    r: z.number().int(),
    p: z.number().int(),
    salt: b64,
  }),
  iv: b64,
  tag: b64,
  wrapped: b64,
  failedAttempts: z.number().int().min(0),
  lockedAt: z.string().nullable(),
});
const pendingEventSchema = z.object({
  at: z.string(),
  action: z.enum(['auth.login_failed', 'auth.lockout', 'auth.login_refused']),
  username: z.string(),
  detail: z.string(),
});
const keyringSchema = z.object({
  format: z.literal('canvass-keyring'),
  version: z.literal(1),
  storeId: z.string().min(16),
  /** The policy's failed-login limit, copied here because it is needed before the store can be opened. */
  lockoutAfter: z.number().int().min(1).max(20),
  /** The agency evidence key, its private half wrapped under the data key (main/store/evidenceKey.ts). */
  evidenceKey: evidenceKeyEntrySchema.optional(),
  entries: z.array(entrySchema),
  pendingEvents: z.array(pendingEventSchema),
});

export type KeyringEntry = z.infer<typeof entrySchema>;
export type PendingEvent = z.infer<typeof pendingEventSchema>;
export type KeyringData = z.infer<typeof keyringSchema>;

export function keyringPathFor(storePath: string): string {
  return join(dirname(storePath), 'keyring.json');
}

export function keyringExists(path: string): boolean {
  return existsSync(path);
}

export function readKeyring(path: string): KeyringData {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new CanvassError(
      'STORE_CORRUPT',
      `The keyring at ${path} is unreadable. Restore it from a backup or re-enroll this workstation.`,
    );
  }
  const parsed = keyringSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CanvassError(
      'STORE_CORRUPT',
      `The keyring at ${path} is damaged (${parsed.error.issues[0]?.path.join('.')}).`,
    );
  }
  return parsed.data;
}

/** Write-to-temp, fsync, rename: a crash leaves the old keyring or the new one, never half of one. */
export function writeKeyring(path: string, data: KeyringData): void {
  writeFileAtomic(path, JSON.stringify(data, null, 2), 'the keyring');
}

export function newKeyring(): KeyringData {
  return {
    format: 'canvass-keyring',
    version: 1,
    storeId: randomBytes(16).toString('hex'),
    lockoutAfter: 5,
    entries: [],
    pendingEvents: [],
  };
}

export function newDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

function deriveKek(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const maxmem = 128 * params.N * params.r * params.p + 32 * 1024 * 1024;
    scryptCb(password.normalize('NFC'), salt, 32, { ...params, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

function aad(storeId: string, username: string): Buffer {
  return Buffer.from(`canvass-keyring/v1/${storeId}/${username.toLowerCase()}`, 'utf8');
}

/** Wraps the data key under the user's password. */
export async function wrapKey(
  ring: KeyringData,
  username: string,
  password: string,
  dataKey: Buffer,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<KeyringEntry> {
  const salt = randomBytes(16);
  const kek = await deriveKek(password, salt, params);
  const sealed = sealKey(kek, aad(ring.storeId, username), dataKey);
  kek.fill(0);
  return {
    username,
    kdf: { name: 'scrypt', ...params, salt: salt.toString('base64') },
    ...sealed,
    failedAttempts: 0,
    lockedAt: null,
  };
}

/** Returns the data key, or null when the password is wrong (the GCM tag does not verify). */
export async function unwrapKey(ring: KeyringData, entry: KeyringEntry, password: string): Promise<Buffer | null> {
  const { N, r, p } = entry.kdf;
  const kek = await deriveKek(password, Buffer.from(entry.kdf.salt, 'base64'), { N, r, p });
  try {
    return openSealedKey(kek, aad(ring.storeId, entry.username), entry);
  } finally {
    kek.fill(0);
  }
}

export function findEntry(ring: KeyringData, username: string): KeyringEntry | undefined {
  const wanted = username.toLowerCase();
  return ring.entries.find((e) => e.username.toLowerCase() === wanted);
}

export function putEntry(ring: KeyringData, entry: KeyringEntry): KeyringData {
  const others = ring.entries.filter((e) => e.username.toLowerCase() !== entry.username.toLowerCase());
  return { ...ring, entries: [...others, entry] };
}

export function removeEntry(ring: KeyringData, username: string): KeyringData {
  return { ...ring, entries: ring.entries.filter((e) => e.username.toLowerCase() !== username.toLowerCase()) };
}

export function sameKey(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
