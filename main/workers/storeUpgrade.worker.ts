/**
 * A store written by an earlier Canvass brought to this version's schema (services/access/storeUpgrade.ts) on its
 * own thread and connection: some steps build an index over every detection, minutes on a store of tens of
 * millions, which on main would freeze the window at sign-in. The key arrives in a transferred buffer and is wiped
 * once the store is open; each step is reported by message. The steps run in one transaction, as on main.
 */
import { parentPort } from 'node:worker_threads';
import { CanvassError } from '../core/shared/errors';
import { openStore } from '../store/db';
import { migrate } from '../store/migrate';
import type { StoreUpgradeReply, StoreUpgradeRequest } from '../services/access/storeUpgrade';

const port = parentPort;
if (!port) throw new Error('workers/storeUpgrade.worker.ts runs as a worker thread');

function send(reply: StoreUpgradeReply): void {
  port!.postMessage(reply);
}

port.once('message', (req: StoreUpgradeRequest) => {
  const key = Buffer.from(req.key);
  let db;
  try {
    db = openStore(req.storePath, key, { migrate: false });
  } catch (err) {
    send(failed(err));
    return;
  } finally {
    key.fill(0);
    new Uint8Array(req.key).fill(0);
  }
  try {
    migrate(db, undefined, (done, total, version) => send({ type: 'step', done, total, version }));
    send({ type: 'done' });
  } catch (err) {
    send(failed(err));
  } finally {
    db.close();
  }
});

function failed(err: unknown): StoreUpgradeReply {
  return {
    type: 'failed',
    code: err instanceof CanvassError ? err.code : null,
    message: (err as Error).message,
  };
}
