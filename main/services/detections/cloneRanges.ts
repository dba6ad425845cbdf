/**
 * The full clone scan on several threads: the table cut into rowid ranges, each read and scanned on its own
 * worker thread and connection (reading is most of the scan's time, and each thread reads only its range),
 * then joined in rowid order (`CloneScan.append`), which gives exactly the one-thread scan's state; the few
 * plates a join cannot continue (a row in a later range earlier than the plate's latest sighting before it)
 * are replayed from their histories. The calling thread scans the first range itself and waits for the
 * others without its event loop (Atomics.wait, receiveMessageOnPort), so the scan stays one synchronous call.
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { CloneScan, descriptionKey, type CloneOptions, type ScanState } from '../../core/detections/clones';
import { maxDetectionId } from '../../store/repos/detections';
import { scanPage, sightingsOfPlates } from '../../store/repos/clones';
import { dayNumbers, timeSpan } from '../../store/repos/plateIndex';
import type { ReadableDB } from '../../store/db';
import { keyForWorker, startWorker } from '../kernel/workers';

/** Where helper threads open the store: its file and key (copied to each, wiped there once open). */
export type StoreSource = { path: string; key: Buffer };

/** Rows per read: small enough to stay in the young generation, large enough to amortize the call. */
const SCAN_PAGE = 2000;
/** Below this many rows a thread's start-up (~0.3 s) is not worth it. */
export const MIN_ROWS_PER_THREAD = 200_000;
/** A helper not started this long after the first range is done is not waited for: its range is scanned here. */
const START_GRACE_MS = 10_000;

// Helper state (`signal[0]`): not started, scanning, reply posted, or its range taken over by the caller.
const WAITING = 0;
const RUNNING = 1;
const POSTED = 2;
const TAKEN = 3;

export type RangeRequest = {
  storePath: string;
  key: ArrayBuffer;
  afterId: number;
  throughId: number;
  options: CloneOptions;
  /** [0] set to 1: stop before the next page. */
  halt: Int32Array;
  /** [slot]: ids of the range scanned so far (progress). */
  done: Int32Array;
  slot: number;
  signal: Int32Array;
  port: MessagePort;
};
export type RangeReply = { state: ScanState; scanned: number } | { error: string };

export class RangeHalted extends Error {}

/** Rows in (afterId, throughId] through a fresh scan, in rowid order; `step(ids done)` before each page. */
export function scanRange(
  db: ReadableDB,
  afterId: number,
  throughId: number,
  options: CloneOptions,
  step: (done: number) => void,
): { scan: CloneScan; scanned: number } {
  const scan = new CloneScan(options);
  let scanned = 0;
  let after = afterId;
  for (;;) {
    step(Number.isFinite(after) ? after - Math.max(0, afterId) : 0);
    const rows = scanPage(db, after, throughId, SCAN_PAGE);
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k]!;
      scan.addRow(r[0], r[1], r[2], r[3], r[4], r[5]);
    }
    scanned += rows.length;
    if (rows.length < SCAN_PAGE) break;
    after = rows[rows.length - 1]![0];
  }
  return { scan, scanned };
}

type Helper = { worker: Worker; signal: Int32Array; port: MessagePort; afterId: number; throughId: number };

function startHelper(source: StoreSource, req: Omit<RangeRequest, 'storePath' | 'key' | 'signal' | 'port'>): Helper {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const key = keyForWorker(source.key);
  const workerData: RangeRequest = { ...req, storePath: source.path, key, signal, port: port2 };
  const worker = startWorker('cloneRange', { workerData, transferList: [port2, key] });
  return { worker, signal, port: port1, afterId: req.afterId, throughId: req.throughId };
}

/** How many ranges (threads) a table whose highest id is `last` is read in: at most `threads`, `minRows` each. */
export function rangeCount(last: number, threads: number, minRows = MIN_ROWS_PER_THREAD): number {
  return Math.max(1, Math.min(threads, Math.floor(last / minRows)));
}

/**
 * Every detection through the scan, on `threads` threads when a source to open is given and the table is large
 * enough. `step(done, total)` (progress in ids, all ranges together) before each page of the first range and
 * about five times a second while waiting; what it throws stops every thread.
 */
export function scanRanges(
  db: ReadableDB,
  source: StoreSource | null,
  threads: number,
  options: CloneOptions,
  step: (done: number, total: number) => void,
  minRows = MIN_ROWS_PER_THREAD,
): { scan: CloneScan; scanned: number; threads: number } {
  const last = maxDetectionId(db);
  const n = source ? rangeCount(last, threads, minRows) : 1;
  const bounds = Array.from({ length: n + 1 }, (_, k) => (k === 0 ? -Infinity : Math.round((last * k) / n)));
  const halt = new Int32Array(new SharedArrayBuffer(4));
  const done = new Int32Array(new SharedArrayBuffer(4 * n));
  const helpers: Helper[] = [];
  const progress = () => done.reduce((a, b) => a + b, 0);
  try {
    for (let k = 1; k < n; k++)
      helpers.push(
        startHelper(source!, { afterId: bounds[k]!, throughId: bounds[k + 1]!, options, halt, done, slot: k }),
      );
    const { scan, scanned } = scanRange(db, bounds[0]!, bounds[1]!, options, (d) => {
      done[0] = d;
      step(progress(), last);
    });
    let total = scanned;
    let threads = 1;
    const firstDone = performance.now();
    for (const h of helpers) {
      while (Atomics.load(h.signal, 0) !== POSTED) {
        const late = performance.now() - firstDone > START_GRACE_MS;
        if (late && Atomics.compareExchange(h.signal, 0, WAITING, TAKEN) === WAITING) break;
        Atomics.wait(h.signal, 0, Atomics.load(h.signal, 0), 200);
        step(progress(), last);
      }
      if (Atomics.load(h.signal, 0) === TAKEN) {
        const own = scanRange(db, h.afterId, h.throughId, options, () => step(progress(), last));
        scan.append(own.scan.exportState());
        total += own.scanned;
        continue;
      }
      const reply = receiveMessageOnPort(h.port)?.message as RangeReply | undefined;
      if (!reply || 'error' in reply)
        throw new Error(`a range of the clone scan failed: ${reply?.error ?? 'no reply'}`);
      scan.append(reply.state);
      total += reply.scanned;
      threads++;
    }
    replayUnjoined(db, scan, last);
    return { scan, scanned: total, threads };
  } finally {
    Atomics.store(halt, 0, 1);
    for (const h of helpers) {
      h.port.close();
      void h.worker.terminate();
    }
  }
}

/** The plates the join could not continue, their histories added again in rowid order. */
function replayUnjoined(db: ReadableDB, scan: CloneScan, last: number): void {
  const plates = scan.unjoined;
  const span = timeSpan(db);
  if (plates.length === 0 || !span) return;
  const days = JSON.stringify(dayNumbers(span));
  const sightings = sightingsOfPlates(db);
  for (const p of plates) scan.replay(p);
  // A batch holds each of its plates' whole history; a plate's rows go in rowid order, as the full scan reads them.
  for (let i = 0; i < plates.length; i += 500) {
    const rows = sightings(days, JSON.stringify(plates.slice(i, i + 500))).sort((a, b) => a[0] - b[0]);
    for (const [id, plate, state, seenAt, lat, lon, make, color, body] of rows)
      if (id <= last) scan.addRow(id, plate, seenAt, lat, lon, descriptionKey(state, make, color, body));
  }
}

/** The helper's side (workers/cloneRange.worker.ts), given its store opened. */
export function runRange(db: ReadableDB, req: RangeRequest): { state: ScanState; scanned: number } {
  const { scan, scanned } = scanRange(db, req.afterId, req.throughId, req.options, (d) => {
    if (Atomics.load(req.halt, 0) === 1) throw new RangeHalted();
    Atomics.store(req.done, req.slot, d);
  });
  return { state: scan.exportState(), scanned };
}

export { WAITING, RUNNING, POSTED, TAKEN };
