import type { z } from 'zod';
import type { Args, Method, Returns } from '../../../preload/contract';
import type { Role } from '../../core/access/roles';
import type { Context } from './context';

/**
 * What the gate checks before a handler runs.
 * - `public`: no session needed (app state, first-run setup, sign-in).
 * - `signedIn`: a signed-in session, even a locked one (unlock, sign out).
 * - `session`: a signed-in, unlocked session, optionally one of `roles`.
 * - `alpr`: reads ALPR data: a signed-in, unlocked session with one of `roles`, current training and an open purpose.
 *   Every call is written to the access log by the handler with what was searched or viewed.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'signedIn' }
  | { kind: 'session'; roles?: readonly Role[]; training?: boolean }
  | { kind: 'alpr'; roles: readonly Role[] };

export type Handler<M extends Method> = {
  args: z.ZodType<Args<M>>;
  access: Access;
  run: (ctx: Context, args: Args<M>) => Returns<M> | Promise<Returns<M>>;
  /**
   * Runs beside the one-at-a-time queue: for handlers that change no session or store state and may wait on
   * the network or be called per keystroke (map tiles, pattern feedback), so they never queue behind a search.
   */
  parallel?: true;
};

export type HandlerTable<K extends Method> = { [M in K]: Handler<M> };

/**
 * Who may read ALPR data at all (always with training and a purpose). Administration alone does not: an
 * administrator who also investigates holds the investigator role too (least privilege).
 */
export const ALPR_READERS: readonly Role[] = ['investigator', 'evidence_technician', 'records_custodian'];
