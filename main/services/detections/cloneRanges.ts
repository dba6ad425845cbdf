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
import { scanPage, sightingsOfPlates, type CloneFlagRow } from '../../store/repos/clones';
import { dayNumbers, timeSpan } from '../../store/repos/plateIndex';
import type { Durability, ReadableDB } from '../../store/db';
import { startWorker } from '../kernel/workers';

/** Where helper threads open the store: its file and key (copied to each, wiped there once open). */
export type StoreSource = { path: string; key: Buffer };

/** Rows per read: small enough to stay in the young generation, large enough to amortize the call. */
const SCAN_PAGE = 2000;
/** Below this many rows a thread's start-up (~0.3 s) is not worth it. */
export const MIN_ROWS_PER_THREAD = 200_000;
/** A helper not started this long after the first range is done is not waited for: its range is scanned here. */
const START_GRACE_MS = 10_000;

// Helper state (`signal[STATE]`): not started, scanning, reply posted, its range taken over by the caller, or
// the save it was handed done (its outcome posted).
const WAITING = 0;
const RUNNING = 1;
const POSTED = 2;
const TAKEN = 3;
const SAVED = 4;
// The signal's other slots: messages the caller has posted since the range reply, and summary chunks the helper
// has written (the caller stays at most `CHUNKS_AHEAD` ahead, so queued chunks do not pile up in memory).
const STATE = 0;
const POSTS = 1;
const WRITTEN = 2;
/** Summaries per message to the writing helper, and how many such messages may wait in its queue. */
const CHUNK = 10_000;
const CHUNKS_AHEAD = 4;

/**
 * A full scan's save, made in one transaction (clones.ts `saveFullScan`): the findings (computed first), every
 * plate's summary in plate order, and the watermark both are good through.
 */
export type FullSave = {
  summaries: Iterable<[plate: string, summary: string]>;
  flags: () => CloneFlagRow[];
  through: number;
};
/**
 * From the caller to the helper that saves: begin, the findings, chunks of summaries, their end (then commit),
 * or stop.
 */
export type SaveCommand =
  | { save: { through: number; durability: Durability } }
  | { flags: CloneFlagRow[] }
  | { plates: string[]; summaries: string[] }
  | { end: true }
  | { abort: string }
  | { close: true };
export type SaveOutcome = { saved: true } | { error: string };

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
  const signal = new Int32Array(new SharedArrayBuffer(12));
  const key = new ArrayBuffer(source.key.length);
  new Uint8Array(key).set(source.key);
  const workerData: RangeRequest = { ...req, storePath: source.path, key, signal, port: port2 };
  const worker = startWorker('cloneRange', { workerData, transferList: [port2, key] });
  return { worker, signal, port: port1, afterId: req.afterId, throughId: req.throughId };
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
): { scan: CloneScan; scanned: number; threads: number; writer: RangeWriter | null } {
  const last = maxDetectionId(db);
  const n = source ? Math.max(1, Math.min(threads, Math.floor(last / minRows))) : 1;
  const bounds = Array.from({ length: n + 1 }, (_, k) => (k === 0 ? -Infinity : Math.round((last * k) / n)));
  const halt = new Int32Array(new SharedArrayBuffer(4));
  const done = new Int32Array(new SharedArrayBuffer(4 * n));
  const helpers: Helper[] = [];
  let writer: RangeWriter | null = null;
  let kept: RangeWriter | null = null;
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
      while (Atomics.load(h.signal, STATE) !== POSTED) {
        const late = performance.now() - firstDone > START_GRACE_MS;
        if (late && Atomics.compareExchange(h.signal, STATE, WAITING, TAKEN) === WAITING) break;
        Atomics.wait(h.signal, STATE, Atomics.load(h.signal, STATE), 200);
        step(progress(), last);
      }
      if (Atomics.load(h.signal, STATE) === TAKEN) {
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
      writer ??= new RangeWriter(h, halt);
    }
    replayUnjoined(db, scan, last);
    kept = writer;
    return { scan, scanned: total, threads, writer };
  } finally {
    // Every helper but the one kept to save goes; on a failure, that one too.
    if (!kept) Atomics.store(halt, 0, 1);
    for (const h of helpers) {
      if (h === kept?.helper) continue;
      h.port.close();
      void h.worker.terminate();
    }
  }
}

/**
 * A helper whose range is done, kept with its connection open to make the scan's save: the calling thread then
 * encodes the summaries while the helper writes them (encoding and writing each took ~6 s of a one-thread tail at
 * 50 M). `close` lets it go, saved or not; until then it waits, its connection idle.
 */
export class RangeWriter {
  constructor(
    readonly helper: Helper,
    private readonly halt: Int32Array,
  ) {}

  /**
   * Saves through the helper's connection, as `saveFullScan` would here, `chunk` summaries a message; throws what
   * failed, nothing saved.
   */
  save(s: FullSave, durability: Durability, chunk = CHUNK): void {
    const { signal } = this.helper;
    this.post({ save: { through: s.through, durability } });
    let chunks = 0;
    let plates: string[] = [];
    let summaries: string[] = [];
    const send = () => {
      while (chunks - Atomics.load(signal, WRITTEN) >= CHUNKS_AHEAD && Atomics.load(signal, STATE) !== SAVED)
        Atomics.wait(signal, WRITTEN, Atomics.load(signal, WRITTEN), 200);
      this.post({ plates, summaries });
      chunks++;
      plates = [];
      summaries = [];
    };
    try {
      this.post({ flags: s.flags() });
      for (const [plate, summary] of s.summaries) {
        plates.push(plate);
        summaries.push(summary);
        if (plates.length === chunk) send();
        // A helper that failed has posted why; the rest would go nowhere.
        if (Atomics.load(signal, STATE) === SAVED) break;
      }
      if (plates.length) send();
      this.post({ end: true });
    } catch (err) {
      this.post({ abort: (err as Error).message });
      this.outcome();
      throw err;
    }
    const outcome = this.outcome();
    if ('error' in outcome) throw new Error(`the clone scan's save failed: ${outcome.error}`);
  }

  close(): void {
    Atomics.store(this.halt, 0, 1);
    this.post({ close: true });
    this.helper.port.close();
    void this.helper.worker.terminate();
  }

  private post(command: SaveCommand): void {
    this.helper.port.postMessage(command);
    Atomics.add(this.helper.signal, POSTS, 1);
    Atomics.notify(this.helper.signal, POSTS);
  }

  /** Waits for the helper's outcome (it rolls back on an abort or a failure, commits otherwise). */
  private outcome(): SaveOutcome {
    const { signal, port } = this.helper;
    while (Atomics.load(signal, STATE) !== SAVED) Atomics.wait(signal, STATE, Atomics.load(signal, STATE), 1000);
    return (receiveMessageOnPort(port)?.message as SaveOutcome | undefined) ?? { error: 'no reply' };
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

/**
 * The helper's side of `RangeWriter`, after its range reply: waits for the caller's commands and returns the save
 * it is handed (its summaries arriving as the caller encodes them), or null once let go without one.
 */
export function awaitSave(req: RangeRequest): (FullSave & { durability: Durability }) | null {
  const { signal, port } = req;
  let seen = 0;
  const next = (): SaveCommand => {
    for (;;) {
      const m = receiveMessageOnPort(port);
      if (m) return m.message as SaveCommand;
      if (Atomics.load(req.halt, 0) === 1) return { close: true };
      Atomics.wait(signal, POSTS, seen, 1000);
      seen = Atomics.load(signal, POSTS);
    }
  };
  const first = next();
  if (!('save' in first)) return null;
  const stopped = (m: SaveCommand) => new Error('abort' in m ? m.abort : 'the scan let its save go unfinished');
  function* summaries(): Generator<[string, string]> {
    for (;;) {
      const m = next();
      if ('end' in m) return;
      if (!('plates' in m)) throw stopped(m);
      for (let k = 0; k < m.plates.length; k++) yield [m.plates[k]!, m.summaries[k]!];
      Atomics.add(signal, WRITTEN, 1);
      Atomics.notify(signal, WRITTEN);
    }
  }
  return {
    flags: () => {
      const m = next();
      if (!('flags' in m)) throw stopped(m);
      return m.flags;
    },
    summaries: summaries(),
    through: first.save.through,
    durability: first.save.durability,
  };
}

/** The helper posts what became of the save it was handed and raises its signal. */
export function postSaveOutcome(req: RangeRequest, outcome: SaveOutcome): void {
  req.port.postMessage(outcome);
  Atomics.store(req.signal, STATE, SAVED);
  Atomics.notify(req.signal, STATE);
}

export { WAITING, RUNNING, POSTED, TAKEN };
