/**
 * The sync worker: runs the engine off the main thread (and so off the UI's IPC loop) on its own connection
 * to the encrypted store, opened with the same data key. The key arrives by message (a transferred buffer) and is
 * wiped once the store is open — or, when a clone scan follows the sync, once that scan is done: a full scan's
 * range threads (cloneRanges.ts) open the store with it, as the clone-scan worker's do. Progress and the result
 * go back by message; `cancel` aborts between pages.
 */
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { checkpoint, openStore, tuneForBulkWrites, type WritableDB } from '../store/db';
import { catchUpPlates } from '../store/repos/plateIndex';
import { record } from '../services/audit/log';
import { Context } from '../services/kernel/context';
import { AgencyClient } from '../services/sync/client';
import { runSync, type SyncProgress, type SyncResult } from '../services/sync/engine';
import { lateArrivals, scanClonesAfterSync } from '../services/detections/clones';
import type { WorkerRequest, WorkerReply } from '../services/sync/runner';
import { catchUpVocabularyFor } from '../store/repos/vocabulary';

const port = parentPort;
if (!port) throw new Error('workers/sync.worker.ts runs as a worker thread');
const controller = new AbortController();

port.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'cancel') controller.abort();
  if (msg.type === 'start')
    void start(msg).catch((err: unknown) =>
      send({ type: 'error', error: { code: 'INTERNAL', message: (err as Error).message } }),
    );
});

function send(reply: WorkerReply): void {
  port!.postMessage(reply);
}

async function start(msg: Extract<WorkerRequest, { type: 'start' }>): Promise<void> {
  // A view of the transferred buffer: filling it wipes the only copy.
  const key = Buffer.from(msg.key);
  try {
    const db = openStore(msg.storePath, key, { migrate: false });
    if (msg.options.cloneScan === false) key.fill(0);
    try {
      await syncAndScan(db, key, msg);
    } finally {
      db.close();
    }
  } finally {
    key.fill(0);
  }
}

async function syncAndScan(db: WritableDB, key: Buffer, msg: Extract<WorkerRequest, { type: 'start' }>): Promise<void> {
  const scanClones = msg.options.cloneScan !== false;
  tuneForBulkWrites(db);
  const ctx = new Context({ dataDir: dirname(msg.storePath), profilesDir: '', workstation: msg.workstation });
  ctx.agencyName = msg.agencyName;
  ctx.session = {
    userId: msg.userId ?? 0,
    username: msg.username ?? '',
    fullName: '',
    roles: [],
    purposeId: null,
    locked: false,
    lastActivity: Date.now(),
    shown: null,
    keyCheck: null,
  };
  const client = new AgencyClient(msg.serverUrl, {
    pinnedCert: msg.pinnedCert,
    ca: msg.ca ?? null,
    timeoutMs: msg.options.timeoutMs,
  });
  client.token = msg.token;
  client.tokenExpiresAt = msg.tokenExpiresAt;
  let lastProgress = 0;
  const late = scanClones ? lateArrivals(db) : null;
  try {
    const result: SyncResult = await runSync(db, {
      ...msg.options,
      ...(late ? { onDetections: late.observe } : {}),
      client,
      serverUrl: msg.serverUrl,
      username: msg.username,
      signal: controller.signal,
      audit: (d, action, outcome, data) => record(ctx, d, action, outcome, data),
      onProgress: (p: SyncProgress) => {
        // At most ~10 progress messages a second reach the UI; status changes always do.
        const t = Date.now();
        if (p.status === 'running' && t - lastProgress < 100) return;
        lastProgress = t;
        send({ type: 'progress', progress: p });
      },
    });
    checkpoint(db);
    send({ type: 'done', result, token: client.token, tokenExpiresAt: client.tokenExpiresAt });
    // The sync is finished for the person waiting on it. What it brought is folded in here, off main: the
    // search's plate dictionary and the pickers' counts (main's calls then find nothing left to do), then the
    // clone findings.
    if (result.feeds.detections?.upserted) {
      catchUpPlates(db, { wait: true });
      catchUpVocabularyFor(db, Infinity);
    }
    const brought = result.outcome !== 'cancelled' && (result.feeds.detections?.upserted ?? 0) > 0;
    const clones =
      late && brought
        ? scanClonesAfterSync(
            db,
            late,
            new Date().toISOString(),
            (d, action, outcome, data) => record(ctx, d, action, outcome, data),
            {
              source: { path: msg.storePath, key },
              threads: availableParallelism(),
              minRowsPerThread: msg.options.cloneRowsPerThread,
            },
          )
        : null;
    send({ type: 'clones', summary: clones });
  } finally {
    client.close();
  }
}
