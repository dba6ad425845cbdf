/** Screens an audit's period on its own read-only connection (services/audit/screenPeriod.ts). */
import { parentPort } from 'node:worker_threads';
import { openStore } from '../store/db';
import { screenPeriod, type ScreenRequest } from '../services/audit/screenPeriod';

parentPort?.once('message', (req: ScreenRequest) => {
  try {
    const key = Buffer.from(req.key);
    const db = openStore(req.storePath, key, { readonly: true });
    key.fill(0);
    try {
      parentPort?.postMessage({ reply: screenPeriod(db, req) });
    } finally {
      db.close();
    }
  } catch (err) {
    parentPort?.postMessage({ error: (err as Error).message });
  }
});
