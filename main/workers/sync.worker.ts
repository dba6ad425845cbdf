/**
 * The sync worker: runs the engine off the main thread (and so off the UI's IPC loop) on its own connection
 * to the encrypted store, opened with the same data key. The key arrives by message and is wiped after the
 * store is opened. Progress and the result go back by message; `cancel` aborts between pages.
 */
import { dirname } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { checkpoint, openStore, tuneForBulkWrites } from '../store/db';
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
  const key = Buffer.from(msg.key);
  let db;
  try {
    db = openStore(msg.storePath, key, { migrate: false });
  } finally {
    key.fill(0);
    new Uint8Array(msg.key).fill(0);
  }
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
  const scanClones = msg.options.cloneScan !== false;
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
        ? scanClonesAfterSync(db, late, new Date().toISOString(), (d, action, outcome, data) =>
            record(ctx, d, action, outcome, data),
          )
        : null;
    send({ type: 'clones', summary: clones });
  } finally {
    client.close();
    db.close();
  }
}
