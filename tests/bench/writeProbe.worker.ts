/** The write probe's thread (writeProbe.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../../main/store/db';

const { path, key } = workerData as { path: string; key: Uint8Array };
const db = openStore(path, Buffer.from(key), { migrate: false });
db.pragma('busy_timeout = 60000');
const write = db.prepare("INSERT OR REPLACE INTO search_state (key, value) VALUES ('bench_write_probe', ?)");
const waits: number[] = [];
const failures: string[] = [];
const timer = setInterval(() => {
  const asked = performance.now();
  try {
    db.exec('BEGIN IMMEDIATE');
    waits.push(performance.now() - asked);
    write.run(String(asked));
    db.exec('COMMIT');
  } catch (err) {
    failures.push((err as Error).message);
    if (db.inTransaction) db.exec('ROLLBACK');
  }
}, 50);
parentPort!.once('message', () => {
  clearInterval(timer);
  db.prepare("DELETE FROM search_state WHERE key = 'bench_write_probe'").run();
  db.close();
  parentPort!.postMessage({
    writes: waits.length,
    longestMs: Math.round(Math.max(0, ...waits)),
    over500: waits.filter((w) => w > 500).length,
    failures,
  });
});
