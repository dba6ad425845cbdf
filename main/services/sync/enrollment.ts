import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { CanvassError } from '../../core/shared/errors';
import { openSealedKey, sealKey, writeFileAtomic } from '../../store/sealedKey';
import type { SignInResponse } from '../../core/sync/protocol';
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
 * The workstation secret alone opens nothing: the server also wants a user's credentials. It sits in a file
 * readable by the account only (0600); on a packaged app main/app may protect it with Electron safeStorage.
 */
const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
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
  serverWrap: z.object({ iv: b64, tag: b64, wrapped: b64 }),
});
export type Enrollment = z.infer<typeof enrollmentSchema>;

export function enrollmentPath(storePath: string): string {
  return join(dirname(storePath), 'enrollment.json');
}

export function readEnrollment(storePath: string): Enrollment | null {
  const path = enrollmentPath(storePath);
  if (!existsSync(path)) return null;
  const parsed = enrollmentSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success)
    throw new CanvassError(
      'STORE_CORRUPT',
      `The enrollment record at ${path} is damaged. Ask the ALPR administrator to enroll this workstation again.`,
    );
  return parsed.data;
}

export function writeEnrollment(storePath: string, e: Enrollment): void {
  writeFileAtomic(enrollmentPath(storePath), JSON.stringify(e, null, 2), 'the enrollment record');
}

function aad(workstationId: string): Buffer {
  return Buffer.from(`canvass-enrollment/v1/${workstationId}`, 'utf8');
}

export function wrapForServer(
  dataKey: Buffer,
  workstationKey: string,
  workstationId: string,
): Enrollment['serverWrap'] {
  const key = Buffer.from(workstationKey, 'base64url');
  try {
    return sealKey(key, aad(workstationId), dataKey);
  } finally {
    key.fill(0);
  }
}

export function unwrapFromServer(
  wrap: Enrollment['serverWrap'],
  workstationKey: string,
  workstationId: string,
): Buffer | null {
  const key = Buffer.from(workstationKey, 'base64url');
  try {
    return openSealedKey(key, aad(workstationId), wrap);
  } finally {
    key.fill(0);
  }
}

/**
 * A user's first sign-in on an enrolled workstation (no key wrap for them here yet). The server checks the
 * credentials, the account and the training, and releases the workstation key; the data key comes out of the
 * enrollment wrap. The caller (auth.login) then opens the store, checks the user is in the synced users
 * table, wraps the key under the password (keyring.wrapKey + putEntry + writeKeyring), and hands the server
 * session to sync with `rememberServerToken`.
 */
export async function firstSignInWithServer(
  storePath: string,
  username: string,
  password: string,
): Promise<{ dataKey: Buffer; session: SignInResponse }> {
  const e = readEnrollment(storePath);
  if (!e) throw new CanvassError('WRONG_PASSWORD', 'The username or password is wrong.');
  let session: SignInResponse;
  try {
    session = await remoteSignIn(
      e.serverUrl,
      username,
      password,
      { id: e.workstationId, secret: e.workstationSecret },
      trustOf(e),
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
