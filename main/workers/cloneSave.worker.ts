/**
 * A full clone scan's save (services/detections/cloneSave.ts): opens the store on its own connection (the key
 * wiped once open) while the scan reads, writes the findings, then the summaries, the scan hands it in short
 * transactions (`saveFullScan`), committing whenever it waits for more, then posts the outcome. A store it cannot
 * open is the outcome of the save it is then handed; a scan that gave up waiting for it to start has saved on
 * its own, and it leaves.
 */
import { workerData } from 'node:worker_threads';
import { openStore, setDurability, ShortWrites, waitForWrites, type WritableDB } from '../store/db';
import {
  awaitSave,
  claimSave,
  postSaveOutcome,
  saveFullScan,
  type SaverRequest,
} from '../services/detections/cloneSave';

const req = workerData as SaverRequest;
if (claimSave(req)) save();
else new Uint8Array(req.key).fill(0);

function save(): void {
  const key = Buffer.from(req.key); // a view of the transferred buffer: wiping it wipes that
  let db: WritableDB | null = null;
  let failed: string | null = null;
  try {
    db = openStore(req.storePath, key, { migrate: false });
    waitForWrites(db);
  } catch (err) {
    failed = (err as Error).message;
  } finally {
    key.fill(0);
  }
  try {
    const writes = db ? new ShortWrites(db) : null;
    const save = awaitSave(req, () => writes?.commit());
    if (!save) return;
    try {
      if (!db || !writes) throw new Error(failed ?? 'the store is not open');
      setDurability(db, save.durability);
      saveFullScan(db, save, writes);
      postSaveOutcome(req, { saved: true });
    } catch (err) {
      postSaveOutcome(req, { error: (err as Error).message });
    }
  } finally {
    db?.close();
  }
}
