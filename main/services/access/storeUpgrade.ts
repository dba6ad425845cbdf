import type { StoreUpgradeProgress } from '../../../preload/contract';
import { CanvassError, type ErrorCode } from '../../core/shared/errors';
import { openStore } from '../../store/db';
import { pendingMigrations } from '../../store/migrate';
import type { Context } from '../kernel/context';
import { startWorker } from '../kernel/workers';

/** Messages between main and main/workers/storeUpgrade.worker.ts. */
export type StoreUpgradeRequest = {
  storePath: string;
  /** The store's data key, transferred and wiped once the worker has opened the store. */
  key: ArrayBuffer;
};
export type StoreUpgradeReply =
  | ({ type: 'step' } & StoreUpgradeProgress)
  | { type: 'done' }
  | { type: 'failed'; code: ErrorCode | null; message: string };

/**
 * Before sign-in opens the store on main: a store written by an earlier Canvass is brought to this version's schema
 * on a worker thread, each step a `session.storeUpgrade` event the sign-in screen shows. Some steps build an index
 * over every detection (3–4 minutes on a 50 M store); run on main, as opening the store used to, they froze the
 * window with no word of why. A current store costs one read of its version here.
 */
export async function upgradeStore(ctx: Context, key: Buffer): Promise<void> {
  const db = openStore(ctx.storePath, key, { migrate: false });
  let behind: number;
  try {
    behind = pendingMigrations(db);
  } finally {
    db.close();
  }
  if (behind === 0) return;
  const copy = new ArrayBuffer(key.length);
  new Uint8Array(copy).set(key);
  const worker = startWorker('storeUpgrade');
  try {
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (reply: StoreUpgradeReply) => {
        if (reply.type === 'step') {
          ctx.events.emit('session.storeUpgrade', { done: reply.done, total: reply.total, version: reply.version });
        } else if (reply.type === 'done') resolve();
        else reject(new CanvassError(reply.code ?? 'INTERNAL', `The store could not be upgraded: ${reply.message}`));
      });
      worker.once('error', (err) =>
        reject(new CanvassError('INTERNAL', `The store could not be upgraded: ${err.message}`)),
      );
      worker.once('exit', () => reject(new CanvassError('INTERNAL', 'The store upgrade stopped before it ended.')));
      ctx.events.emit('session.storeUpgrade', { done: 0, total: behind, version: 0 });
      worker.postMessage({ storePath: ctx.storePath, key: copy } satisfies StoreUpgradeRequest, [copy]);
    });
  } finally {
    await worker.terminate();
  }
}
