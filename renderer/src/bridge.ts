/**
 * The renderer's only door to main: `window.canvass`, typed by the contract. In Electron the preload puts
 * it there with contextBridge; under the e2e host an injected script implements the same `Bridge` over a
 * loopback transport. Nothing here knows which.
 */
import type { Args, Bridge, ErrorInfo, EventName, Events, Method, Returns } from '../../preload/contract';

declare global {
  interface Window {
    canvass: Bridge;
  }
}

/** A refused or failed call: the `{ code, message }` main sent, thrown so `await` reads naturally. */
export class CallError extends Error implements ErrorInfo {
  readonly code: ErrorInfo['code'];
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'CallError';
    this.code = info.code;
  }
}

export function isCallError(e: unknown): e is CallError {
  return e instanceof CallError;
}

/** A message a person can act on, whatever was thrown. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return 'Something went wrong. Try again; if it keeps happening, tell your ALPR administrator.';
}

type ArgList<M extends Method> = Args<M> extends undefined ? [] : [args: Args<M>];

type SessionProblemListener = (error: CallError) => void;
const sessionProblemListeners = new Set<SessionProblemListener>();

/**
 * Called whenever main answers NOT_SIGNED_IN or LOCKED: the session changed under us (idle lock, an
 * administrator disabled the account), so the app shell re-reads `app.state` instead of showing an error.
 */
export function onSessionProblem(listener: SessionProblemListener): () => void {
  sessionProblemListeners.add(listener);
  return () => sessionProblemListeners.delete(listener);
}

function bridge(): Bridge {
  const b = (window as Partial<Window>).canvass;
  if (!b) {
    throw new CallError({
      code: 'INTERNAL',
      message: 'Canvass could not reach its data service (the bridge is missing). Restart the application.',
    });
  }
  return b;
}

/** Calls a contract method and unwraps its `Result`: resolves to the value or throws a `CallError`. */
export async function call<M extends Method>(method: M, ...args: ArgList<M>): Promise<Returns<M>> {
  const fn = bridge()[method] as unknown as (
    ...a: unknown[]
  ) => Promise<{ ok: true; value: Returns<M> } | { ok: false; error: ErrorInfo }>;
  let result: Awaited<ReturnType<typeof fn>>;
  try {
    result = await fn(...args);
  } catch {
    throw new CallError({
      code: 'INTERNAL',
      message: 'Canvass lost contact with its data service. Try again; if it keeps happening, restart the application.',
    });
  }
  if (result.ok) return result.value;
  const error = new CallError(result.error);
  if (error.code === 'NOT_SIGNED_IN' || error.code === 'LOCKED') {
    for (const listener of sessionProblemListeners) listener(error);
  }
  throw error;
}

/** Subscribes to an event main pushes; returns the unsubscribe function. */
export function on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
  return bridge().on(event, listener);
}
