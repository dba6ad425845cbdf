import { CanvassError, type ErrorCode } from '../../core/shared/errors';
import type { ServerErrorCode } from '../../core/sync/protocol';

/** Why a sync step failed, typed so the engine can decide to retry and the UI can say what to do. */
export type SyncErrorCode =
  | ServerErrorCode
  | 'INSECURE_SERVER'
  | 'CERTIFICATE_MISMATCH'
  | 'UNTRUSTED_CERTIFICATE'
  | 'UNREACHABLE'
  | 'TIMEOUT'
  | 'MALFORMED_PAGE'
  /** The server broke the protocol in a way retrying cannot mend (a page that never ends the feed, ...). */
  | 'PROTOCOL_ERROR'
  | 'CORRUPT_IMAGE'
  | 'CANCELLED'
  | 'NOT_ENROLLED'
  | 'SIGN_IN_REQUIRED';

const RETRYABLE = new Set<SyncErrorCode>([
  'UNREACHABLE',
  'TIMEOUT',
  'MALFORMED_PAGE',
  'CORRUPT_IMAGE',
  'INTERNAL',
  'RATE_LIMITED',
  'MAINTENANCE',
]);

export class SyncError extends Error {
  readonly code: SyncErrorCode;
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  constructor(code: SyncErrorCode, message: string, options: { status?: number; retryAfterMs?: number | null } = {}) {
    super(message);
    this.name = 'SyncError';
    this.code = code;
    this.status = options.status ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }
  toJSON(): { code: SyncErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** Maps a sync failure to the foundation's error codes, keeping the message a person can act on. */
export function toCanvassError(err: unknown): CanvassError {
  if (err instanceof CanvassError) return err;
  if (!(err instanceof SyncError)) return new CanvassError('INTERNAL', (err as Error)?.message ?? 'Sync failed.');
  const map: Partial<Record<SyncErrorCode, ErrorCode>> = {
    WRONG_CREDENTIALS: 'WRONG_PASSWORD',
    ACCOUNT_DISABLED: 'ACCOUNT_DISABLED',
    TRAINING_EXPIRED: 'TRAINING_REQUIRED',
    FORBIDDEN: 'FORBIDDEN',
    UNAUTHENTICATED: 'SERVER_SIGN_IN_REQUIRED',
    SIGN_IN_REQUIRED: 'SERVER_SIGN_IN_REQUIRED',
    CHAIN_CONFLICT: 'AUDIT_CHAIN_BROKEN',
    BAD_REQUEST: 'INVALID_ARGUMENT',
    INSECURE_SERVER: 'INVALID_ARGUMENT',
    NOT_FOUND: 'NOT_FOUND',
    NOT_ENROLLED: 'CONFLICT',
    WORKSTATION_NOT_ENROLLED: 'CONFLICT',
  };
  return new CanvassError(map[err.code] ?? 'INTERNAL', err.message);
}
