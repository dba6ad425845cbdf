/**
 * Errors are values with a code a program can branch on and a message a person can act on.
 * They cross the bridge as plain `{ code, message }`.
 */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_SIGNED_IN'
  | 'LOCKED'
  | 'WRONG_PASSWORD'
  | 'ACCOUNT_LOCKED'
  | 'ACCOUNT_DISABLED'
  | 'FORBIDDEN'
  | 'TRAINING_REQUIRED'
  | 'PURPOSE_REQUIRED'
  | 'PURPOSE_REJECTED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'ALREADY_SET_UP'
  | 'NOT_SET_UP'
  | 'STORE_CORRUPT'
  /** keyring.json is missing or cannot be read: nobody can sign in until an administrator recovers it. */
  | 'KEYRING_DAMAGED'
  | 'STORE_FROM_FUTURE'
  | 'DISK_FULL'
  | 'AUDIT_CHAIN_BROKEN'
  /** The agency server needs the user's password again (its session expired); the local session is fine. */
  | 'SERVER_SIGN_IN_REQUIRED'
  /** The person cancelled long work before it finished; nothing it was doing took effect. */
  | 'CANCELLED'
  | 'INTERNAL';

export type ErrorInfo = { code: ErrorCode; message: string };

export class CanvassError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'CanvassError';
    this.code = code;
  }
  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

export function fail(code: ErrorCode, message: string): never {
  throw new CanvassError(code, message);
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };
