import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { canonicalJson } from '../../core/shared/canonicalJson';
import { CanvassError } from '../../core/shared/errors';
import { deriveSubkey, openSealedKey, sealKey, writeFileAtomic, type SealedKey } from '../../store/sealedKey';
import type { SignInResponse } from '../../core/sync/protocol';
import type { ReadableDB } from '../../store/db';
import { getSyncSettings, type SyncSettings } from '../../store/repos/sync';
import type { Context } from '../kernel/context';
import { remoteSignIn } from './client';
import { toCanvassError } from './errors';
import { trustOf } from './http';

/**
 * The enrollment record beside the keyring (`enrollment.json`): where the agency server is, this
 * workstation's credential, and one more wrap of the store's data key, under a key the server holds and
 * releases only in a sign-in that passed its checks (right password, account enabled, training current,
 * workstation enrolled). That is how a user's first sign-in on the workstation works: nobody here has a wrap
 * for them yet, so the server vouches for them, the data key is unwrapped with what it released, and the
 * auth service then wraps the key under the user's own password for later, offline sign-ins.
 *
 * The file is a copy. The enrollment itself is kept in the encrypted store (`sync_state`), and the file carries
 * an HMAC under a key derived from the data key (`binding`). Every opening of the store compares the two and
 * rewrites a file that was changed, reporting it (`reconcileEnrollment`). A password is sent to the agency
 * server only as the store names it: a user's first sign-in here uses the enrollment confirmed by the store
 * since Canvass started (`verifiedEnrollment`), never the file alone, which anyone who can write to the data
 * folder could have pointed at their own server.
 */
const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const sealedKeySchema = z.object({ iv: b64, tag: b64, wrapped: b64 });
const enrollmentSchema = z.object({
  format: z.literal('canvass-enrollment'),
  version: z.literal(1),
  serverUrl: z.string().url(),
  workstationId: z.string().min(1),
  workstationSecret: z.string().min(16),
  pinnedCert: z.string().nullable(),
  ca: z.string().nullable().optional(),
  enrolledAt: z.string(),
  enrolledBy: z.string(),
  /** The data key wrapped (AES-256-GCM) under the server-held workstation key. */
  serverWrap: sealedKeySchema,
  /** HMAC-SHA256 of everything above, under a key derived from the data key. */
  binding: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export type Enrollment = Omit<z.infer<typeof enrollmentSchema>, 'binding'>;

export function enrollmentPath(storePath: string): string {
  return join(dirname(storePath), 'enrollment.json');
}

export function enrollmentFileExists(storePath: string): boolean {
  return existsSync(enrollmentPath(storePath));
}

const DAMAGED =
  'Canvass rewrites it from the store at the next sign-in of someone who already signs in on this workstation; if it was never enrolled, or re-enrolling is simpler, an ALPR administrator enrolls it again (Sync → Enroll).';

type FileReading =
  { state: 'absent' } | { state: 'damaged'; why: string } | { state: 'read'; file: Enrollment; binding: string | null };

function readFile(storePath: string): FileReading {
  const path = enrollmentPath(storePath);
  if (!existsSync(path)) return { state: 'absent' };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return { state: 'damaged', why: 'it is not JSON' };
  }
  const parsed = enrollmentSchema.safeParse(raw);
  if (!parsed.success) return { state: 'damaged', why: `${parsed.error.issues[0]?.path.join('.') || 'its format'}` };
  const { binding, ...file } = parsed.data;
  return { state: 'read', file, binding: binding ?? null };
}

/** The enrollment file as written, or a clear STORE_CORRUPT error when it cannot be read. */
export function readEnrollment(storePath: string): Enrollment | null {
  const r = readFile(storePath);
  if (r.state === 'absent') return null;
  if (r.state === 'damaged')
    throw new CanvassError(
      'STORE_CORRUPT',
      `The enrollment record at ${enrollmentPath(storePath)} is damaged (${r.why}). ${DAMAGED}`,
    );
  return r.file;
}

function bindingOf(e: Enrollment, dataKey: Buffer): string {
  const key = deriveSubkey(dataKey, 'canvass/enrollment-binding/v1');
  try {
    return createHmac('sha256', key).update(canonicalJson(e)).digest('hex');
  } finally {
    key.fill(0);
  }
}

function sameBinding(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function writeEnrollment(storePath: string, e: Enrollment, dataKey: Buffer): void {
  const bound = { ...normalize(e), binding: bindingOf(normalize(e), dataKey) };
  writeFileAtomic(enrollmentPath(storePath), JSON.stringify(bound, null, 2), 'the enrollment record');
}

/** The fields in one order, `ca` always present: the binding covers exactly these. */
function normalize(e: Enrollment): Enrollment {
  return {
    format: 'canvass-enrollment',
    version: 1,
    serverUrl: e.serverUrl,
    workstationId: e.workstationId,
    workstationSecret: e.workstationSecret,
    pinnedCert: e.pinnedCert,
    ca: e.ca ?? null,
    enrolledAt: e.enrolledAt,
    enrolledBy: e.enrolledBy,
    serverWrap: e.serverWrap,
  };
}

/** The enrollment as the store holds it (the truth), or null when the store was never enrolled or lacks the wrap. */
function enrollmentInStore(settings: SyncSettings | null): Enrollment | null {
  if (!settings?.serverWrap) return null;
  return normalize({
    format: 'canvass-enrollment',
    version: 1,
    serverUrl: settings.serverUrl,
    workstationId: settings.workstationId,
    workstationSecret: settings.workstationSecret,
    pinnedCert: settings.pinnedCert,
    ca: settings.ca ?? null,
    enrolledAt: settings.enrolledAt,
    enrolledBy: settings.enrolledBy,
    serverWrap: settings.serverWrap,
  });
}

const verified = new WeakMap<Context, Enrollment>();

/** The enrollment the store confirmed at its last opening in this run of Canvass (kept after sign-out), or null. */
export function verifiedEnrollment(ctx: Context): Enrollment | null {
  return verified.get(ctx) ?? null;
}

export type EnrollmentRepair = { problem: string; details: { [key: string]: string | null } } | null;

/**
 * At every opening of the store: the file must say what the store says, under a valid binding. A file that
 * differs, is damaged, unbound or missing is rewritten from the store (or set aside, on a workstation that was
 * never enrolled), and the problem is returned for the administrator and the log. An enrollment made before the
 * store kept its key wrap adopts the wrap from a file that otherwise matches. Remembers the confirmed
 * enrollment for first sign-ins (`verifiedEnrollment`).
 */
export function reconcileEnrollment(
  ctx: Context,
  db: ReadableDB,
  dataKey: Buffer,
  saveWrap: (wrap: SealedKey) => void,
): EnrollmentRepair {
  const settings = getSyncSettings(db);
  const reading = readFile(ctx.storePath);
  const path = enrollmentPath(ctx.storePath);
  if (!settings) {
    verified.delete(ctx);
    if (reading.state === 'absent') return null;
    const aside = `${path}.unconfirmed-${Date.now()}`;
    renameSync(path, aside);
    return {
      problem: `An enrollment record was found although this workstation's store was never enrolled: it named ${reading.state === 'read' ? reading.file.serverUrl : 'no readable server'}. Canvass set it aside (${aside}) and will not send passwords there.`,
      details: { serverUrl: reading.state === 'read' ? reading.file.serverUrl : null, setAside: aside },
    };
  }
  let truth = enrollmentInStore(settings);
  if (!truth && reading.state === 'read' && sameSettings(reading.file, settings)) {
    // Enrolled before the store kept the key wrap: the file agrees with the store on everything it can check.
    saveWrap(reading.file.serverWrap);
    truth = normalize(reading.file);
  }
  if (!truth) {
    verified.delete(ctx);
    return {
      problem: `The enrollment record does not match the store and the store holds no copy of its key wrap: first sign-ins through the agency server are off until an ALPR administrator enrolls this workstation again.`,
      details: { serverUrl: settings.serverUrl },
    };
  }
  verified.set(ctx, truth);
  if (
    reading.state === 'read' &&
    reading.binding &&
    sameBinding(reading.binding, bindingOf(normalize(reading.file), dataKey))
  ) {
    if (canonicalJson(normalize(reading.file)) === canonicalJson(truth)) return null;
  }
  const wasUnbound =
    reading.state === 'read' && !reading.binding && canonicalJson(normalize(reading.file)) === canonicalJson(truth);
  writeEnrollment(ctx.storePath, truth, dataKey);
  if (wasUnbound) return null; // written before bindings existed, and says what the store says: now bound
  const differs =
    reading.state === 'read'
      ? (Object.keys(truth) as (keyof Enrollment)[]).filter(
          (k) => canonicalJson(normalize(reading.file)[k] ?? null) !== canonicalJson(truth[k] ?? null),
        )
      : [];
  const what =
    reading.state === 'absent'
      ? 'was missing'
      : reading.state === 'damaged'
        ? `was damaged (${reading.why})`
        : differs.length
          ? `had been changed (${differs.join(', ')}${differs.includes('serverUrl') ? `: it named ${reading.file.serverUrl}` : ''})`
          : 'carried a binding that does not verify';
  return {
    problem: `The enrollment record (enrollment.json) ${what}. Canvass rewrote it from the store, which names ${truth.serverUrl}; passwords go only there.`,
    details: {
      found: reading.state === 'read' ? reading.file.serverUrl : reading.state,
      restored: truth.serverUrl,
      fields: differs.join(',') || null,
    },
  };
}

function sameSettings(f: Enrollment, s: SyncSettings): boolean {
  return (
    f.serverUrl === s.serverUrl &&
    f.workstationId === s.workstationId &&
    f.workstationSecret === s.workstationSecret &&
    f.pinnedCert === s.pinnedCert &&
    (f.ca ?? null) === (s.ca ?? null)
  );
}

function aad(workstationId: string): Buffer {
  return Buffer.from(`canvass-enrollment/v1/${workstationId}`, 'utf8');
}

export function wrapForServer(dataKey: Buffer, workstationKey: string, workstationId: string): SealedKey {
  const key = Buffer.from(workstationKey, 'base64url');
  try {
    return sealKey(key, aad(workstationId), dataKey);
  } finally {
    key.fill(0);
  }
}

export function unwrapFromServer(wrap: SealedKey, workstationKey: string, workstationId: string): Buffer | null {
  const key = Buffer.from(workstationKey, 'base64url');
  try {
    return openSealedKey(key, aad(workstationId), wrap);
  } finally {
    key.fill(0);
  }
}

/**
 * A user's first sign-in on an enrolled workstation (no key wrap for them here yet), against the enrollment the
 * store confirmed. The server checks the credentials, the account and the training, and releases the
 * workstation key; the data key comes out of the enrollment wrap. The caller (auth.login) then opens the store,
 * checks the user is in the synced users table, wraps the key under the password (keyring.wrapKey + putEntry +
 * writeKeyring), and hands the server session to sync with `rememberServerToken`.
 */
export async function firstSignInWithServer(
  e: Enrollment,
  username: string,
  password: string,
): Promise<{ dataKey: Buffer; session: SignInResponse }> {
  let session: SignInResponse;
  try {
    session = await remoteSignIn(
      e.serverUrl,
      username,
      password,
      { id: e.workstationId, secret: e.workstationSecret },
      trustOf({ pinnedCert: e.pinnedCert, ca: e.ca ?? null }),
    );
  } catch (err) {
    throw toCanvassError(err);
  }
  const dataKey = session.workstationKey
    ? unwrapFromServer(e.serverWrap, session.workstationKey, e.workstationId)
    : null;
  if (!dataKey) {
    throw new CanvassError(
      'STORE_CORRUPT',
      'The agency server vouched for you, but its key does not open this workstation’s store. Ask the ALPR administrator to enroll the workstation again.',
    );
  }
  return { dataKey, session };
}
