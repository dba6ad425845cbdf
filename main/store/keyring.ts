import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  scrypt as scryptCb,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { evidenceKeyEntrySchema } from './evidenceKey';
import { CanvassError } from '../core/shared/errors';
import { DATA_KEY_BYTES } from './db';
import { deriveSubkey, openSealedKey, sealKey, writeFileAtomic } from './sealedKey';

/**
 * The keyring sits beside the store and holds one copy of the store's data key per user, each wrapped
 * (AES-256-GCM) under a key derived from that user's password with scrypt. It also keeps the failed-login
 * counters and the login events that happened while the store was closed, because a failed login cannot
 * open the encrypted store to record them; they are moved into the audit chain at the next unlock. Those events
 * are sealed to a public key whose private half derives from the data key: what someone typed into the
 * username field (sometimes their password) is never in the file in the clear.
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
  action: z.enum(['auth.login_failed', 'auth.lockout', 'auth.login_refused', 'auth.unlock_failed', 'auth.logout']),
  username: z.string(),
  detail: z.string(),
});
/** A pending event sealed to the keyring's event key (X25519 + HKDF + AES-256-GCM). */
const sealedEventSchema = z.object({ epk: b64, iv: b64, tag: b64, ct: b64 });
const keyringSchema = z.object({
  format: z.literal('canvass-keyring'),
  version: z.literal(1),
  storeId: z.string().min(16),
  /** The policy's failed-login limit, copied here because it is needed before the store can be opened. */
  lockoutAfter: z.number().int().min(1).max(20),
  /** The agency evidence key, its private half wrapped under the data key (main/store/evidenceKey.ts). */
  evidenceKey: evidenceKeyEntrySchema.optional(),
  entries: z.array(entrySchema),
  /** The public key pending events are sealed to (raw X25519, base64); its private key derives from the data key. */
  eventKey: b64.optional(),
  /** Sealed events; plain ones only in keyrings written before event keys (read, never written). */
  pendingEvents: z.array(z.union([sealedEventSchema, pendingEventSchema])),
});

export type KeyringEntry = z.infer<typeof entrySchema>;
export type PendingEvent = z.infer<typeof pendingEventSchema>;
export type SealedEvent = z.infer<typeof sealedEventSchema>;
export type KeyringData = z.infer<typeof keyringSchema>;

export function keyringPathFor(storePath: string): string {
  return join(dirname(storePath), 'keyring.json');
}

export function keyringExists(path: string): boolean {
  return existsSync(path);
}

/** What an administrator can do about a keyring that cannot be read (docs/architecture.md, "Recovery"). */
export const KEYRING_RECOVERY =
  'Nobody can sign in until it is repaired. An ALPR administrator restores keyring.json from the backup of this data folder, or, on a workstation enrolled with the agency server, rebuilds it by signing in through the server (Recover the keyring, on the sign-in screen).';

export function readKeyring(path: string): KeyringData {
  if (!existsSync(path))
    throw new CanvassError('KEYRING_DAMAGED', `The keyring at ${path} is missing. ${KEYRING_RECOVERY}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new CanvassError(
      'KEYRING_DAMAGED',
      `The keyring at ${path} is unreadable (it is not JSON: damaged or altered outside Canvass). ${KEYRING_RECOVERY}`,
    );
  }
  const parsed = keyringSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CanvassError(
      'KEYRING_DAMAGED',
      `The keyring at ${path} is damaged (${parsed.error.issues[0]?.path.join('.') || 'its format'}). ${KEYRING_RECOVERY}`,
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

// ---- Pending events, sealed ----

const X25519_PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const X25519_SPKI = Buffer.from('302a300506032b656e032100', 'hex');

function eventPrivateKey(dataKey: Buffer): KeyObject {
  const d = deriveSubkey(dataKey, 'canvass/keyring-events/v1');
  const der = Buffer.concat([X25519_PKCS8, d]);
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } finally {
    d.fill(0);
    der.fill(0);
  }
}

/** The event key the keyring should hold for this store (base64 of the raw X25519 public key). */
export function eventKeyFor(dataKey: Buffer): string {
  const spki = createPublicKey(eventPrivateKey(dataKey)).export({ format: 'der', type: 'spki' });
  return spki.subarray(-32).toString('base64');
}

function eventCipherKey(shared: Buffer, epk: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, epk, 'canvass-keyring/pending-event/v1', 32));
}

/** Seals an event to the keyring's event key; without one (an old keyring) the typed name is not kept. */
export function sealEvent(ring: KeyringData, event: PendingEvent): SealedEvent | PendingEvent {
  if (!ring.eventKey) return { ...event, username: '(not kept: this keyring has no event key yet)' };
  const recipient = createPublicKey({
    key: Buffer.concat([X25519_SPKI, Buffer.from(ring.eventKey, 'base64')]),
    format: 'der',
    type: 'spki',
  });
  const eph = generateKeyPairSync('x25519');
  const epk = eph.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const shared = diffieHellman({ privateKey: eph.privateKey, publicKey: recipient });
  const key = eventCipherKey(shared, epk);
  shared.fill(0);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(JSON.stringify(event), 'utf8'), cipher.final()]);
  key.fill(0);
  return {
    epk: epk.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ct: ct.toString('base64'),
  };
}

/** Opens the pending events with the data key; an event that does not open (a replaced event key) is counted. */
export function openEvents(ring: KeyringData, dataKey: Buffer): { events: PendingEvent[]; unreadable: number } {
  const priv = eventPrivateKey(dataKey);
  const events: PendingEvent[] = [];
  let unreadable = 0;
  for (const e of ring.pendingEvents) {
    if (!('ct' in e)) {
      events.push(e);
      continue;
    }
    try {
      const epk = Buffer.from(e.epk, 'base64');
      const shared = diffieHellman({
        privateKey: priv,
        publicKey: createPublicKey({ key: Buffer.concat([X25519_SPKI, epk]), format: 'der', type: 'spki' }),
      });
      const key = eventCipherKey(shared, epk);
      shared.fill(0);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(e.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(e.tag, 'base64'));
      const text = Buffer.concat([decipher.update(Buffer.from(e.ct, 'base64')), decipher.final()]).toString('utf8');
      key.fill(0);
      const parsed = pendingEventSchema.safeParse(JSON.parse(text));
      if (parsed.success) events.push(parsed.data);
      else unreadable++;
    } catch {
      unreadable++;
    }
  }
  return { events, unreadable };
}

/** A short keyed tag of what was typed as a username: repeats can be told apart without keeping the text. */
export function typedNameTag(dataKey: Buffer, typed: string): string {
  const k = deriveSubkey(dataKey, 'canvass/typed-username/v1');
  try {
    return createHmac('sha256', k).update(typed.normalize('NFC').toLowerCase(), 'utf8').digest('hex').slice(0, 16);
  } finally {
    k.fill(0);
  }
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

/** A value derived from the data key that tells it apart without being it (kept while a session is locked). */
export function keyCheck(dataKey: Buffer): Buffer {
  return createHmac('sha256', dataKey).update('canvass/key-check/v1').digest();
}

export function sameKey(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
