import type { ZodError } from 'zod';
import type { Args, EventName, Events, Method, Result } from '../../../preload/contract';
import { CanvassError } from '../../core/shared/errors';
import { translateSqliteError } from '../../store/db';
import { accessHandlers, applyUserChanges, lockIfIdle, touch } from '../access';
import { auditHandlers } from '../audit';
import { casesHandlers } from '../cases';
import { detectionsHandlers } from '../detections';
import { hotlistsAfterSync, hotlistsHandlers } from '../hotlists';
import { documentsHandlers } from '../documents';
import { evidenceHandlers } from '../evidence';
import { mapHandlers } from '../map';
import { closeSharedOcrReader, ocrHandlers } from '../ocr';
import { platesHandlers } from '../plates';
import { releasesHandlers } from '../releases';
import { retentionHandlers, startRetentionSchedule } from '../retention';
import { startAnchoring, syncHandlers } from '../sync';
import { Context, type ServiceOptions } from './context';
import { gate } from './gate';
import type { Handler } from './handler';

/** The contract's implementation: one object, typed by the contract, so a missing handler does not compile. */
export const handlers: { [M in Method]: Handler<M> } = {
  ...accessHandlers,
  ...platesHandlers,
  ...detectionsHandlers,
  ...ocrHandlers,
  ...syncHandlers,
  ...auditHandlers,
  ...mapHandlers,
  ...hotlistsHandlers,
  ...casesHandlers,
  ...evidenceHandlers,
  ...documentsHandlers,
  ...releasesHandlers,
  ...retentionHandlers,
};

export type ApiOptions = ServiceOptions;

export type Api = {
  /** Validates the arguments, passes the gate, runs the handler. Never throws: errors come back as values. */
  call(method: string, rawArgs: unknown): Promise<Result<unknown>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  close(): void;
};

const IDLE_CHECK_MS = 15_000;

export function createApi(options: ApiOptions): Api {
  const ctx = new Context(options);
  const idleTimer = setInterval(() => {
    try {
      lockIfIdle(ctx);
    } catch {
      /* the next call reports the store's state */
    }
  }, IDLE_CHECK_MS);
  idleTimer.unref();
  ctx.events.on('sync.userChanges', (changes: { username: string; change: string }[]) =>
    applyUserChanges(ctx, changes),
  );
  const stopAnchoring = startAnchoring(ctx);
  const stopRetention = startRetentionSchedule(ctx);
  ctx.events.on('sync.finished', () => hotlistsAfterSync(ctx));

  // Calls run one at a time: the store connection and the session are shared state.
  let queue: Promise<unknown> = Promise.resolve();

  async function run(method: string, rawArgs: unknown): Promise<Result<unknown>> {
    if (!Object.hasOwn(handlers, method)) {
      return { ok: false, error: { code: 'INVALID_ARGUMENT', message: `Unknown method ${method}.` } };
    }
    const handler = handlers[method as Method] as unknown as Handler<Method>;
    try {
      const parsed = handler.args.safeParse(rawArgs);
      if (!parsed.success) throw invalidArgs(parsed.error);
      gate(ctx, method, handler.access);
      if (handler.access.kind !== 'public' && method !== 'session.activity') touch(ctx);
      const value = await handler.run(ctx, parsed.data as Args<Method>);
      return { ok: true, value };
    } catch (err) {
      return { ok: false, error: toErrorInfo(err) };
    }
  }

  return {
    call(method, rawArgs) {
      if (Object.hasOwn(handlers, method) && handlers[method as Method].parallel) return run(method, rawArgs);
      const result = queue.then(() => run(method, rawArgs));
      queue = result;
      return result;
    },
    on(event, listener) {
      ctx.events.on(event, listener);
      return () => ctx.events.off(event, listener);
    },
    close() {
      clearInterval(idleTimer);
      stopAnchoring();
      stopRetention();
      ctx.closeStore();
      // The OCR reader and its engines are threads of this process: stop them with it.
      void closeSharedOcrReader();
    },
  };
}

function invalidArgs(error: ZodError): CanvassError {
  const issue = error.issues[0];
  const where = issue && issue.path.length ? ` (${issue.path.join('.')})` : '';
  return new CanvassError('INVALID_ARGUMENT', `${issue?.message ?? 'Invalid input.'}${where}`);
}

function toErrorInfo(err: unknown): { code: CanvassError['code']; message: string } {
  const e = translateSqliteError(err);
  if (e instanceof CanvassError) return e.toInfo();
  // Unexpected errors are logged in main; the person sees an actionable summary, not a stack trace.
  process.emitWarning(`Canvass internal error: ${(e as Error)?.stack ?? String(e)}`);
  return {
    code: 'INTERNAL',
    message: 'Something went wrong inside Canvass. Nothing was changed; try again, and report it if it repeats.',
  };
}
