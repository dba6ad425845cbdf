/** Verifies one range of the access log on its own connection (see auditVerify.ts). */
import { parentPort } from 'node:worker_threads';
import { openStore } from '../store/db';
import { verifyRange, type RangeRequest } from '../services/audit/verify';

parentPort?.once('message', (req: RangeRequest) => {
  try {
    const key = Buffer.from(req.key);
    const db = openStore(req.storePath, key, { readonly: true });
    key.fill(0);
    try {
      parentPort?.postMessage({ verdict: verifyRange(db, req.from, req.to) });
    } finally {
      db.close();
    }
  } catch (err) {
    parentPort?.postMessage({ error: (err as Error).message });
  }
});
