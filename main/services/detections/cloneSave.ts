/**
 * A full clone scan's save on a thread of its own (workers/cloneSave.worker.ts, its own connection): started with
 * the scan, it writes the findings and summaries while the calling thread finds and encodes them (at 50 M the
 * one-thread tail spent ~6 s encoding the summaries and ~6 s writing them). Both sides block (Atomics.wait,
 * receiveMessageOnPort), so the scan stays one synchronous call.
 *
 * Either way the save is made in short transactions (`ShortWrites`), never one holding the write lock for the
 * whole save: at 50 M that was ~12 s during which every search's access record, written on main's thread, waited
 * — main's event loop with it — and failed after its 5 s busy timeout.
 */
import { randomBytes } from 'node:crypto';
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import {
  CLONE_SUMMARIES_THROUGH,
  CLONES_THROUGH,
  clearRecentSummaries,
  dropPlateSummariesAfter,
  rewritePlateSummaries,
  dropCloneFlagsAfter,
  rewriteCloneFlags,
  rewritingMark,
  type CloneFlagKey,
  type CloneFlagRow,
} from '../../store/repos/clones';
import { getSearchState, setSearchState } from '../../store/repos/plateIndex';
import { CanvassError } from '../../core/shared/errors';
import {
  checkpoint,
  durabilityOf,
  inTransaction,
  setDurability,
  ShortWrites,
  translateSqliteError,
  type Durability,
  type WritableDB,
} from '../../store/db';
import { keyForWorker, startWorker } from '../kernel/workers';
import type { StoreSource } from './cloneRanges';

/**
 * A full scan's save (`saveFullScan`): the findings (found first), every plate's summary in plate order, and the
 * watermark both are good through.
 */
export type FullSave = {
  flags: () => CloneFlagRow[];
  summaries: Iterable<[plate: string, summary: string]>;
  through: number;
  /** When the scan began (the product's clock): its mark says it, so a mark left by a save that died is known. */
  at: string;
};

/**
 * A full scan's findings, summaries and watermark, replacing the last scan's, on the scan's own connection or on
 * the saver's (`Saver.save`), in short transactions: the summaries marked as being rewritten first (an incremental
 * scan meanwhile replays its plates' histories instead of continuing them), the findings and then the summaries
 * written over the last scan's in key order, commits not synced one by one; the last transaction, synced, deletes
 * what the scan no longer found and sets the watermarks. Meanwhile a reader sees each plate's findings from one
 * scan or the other. Stopped before the end, the watermark stays the last scan's and the summaries stay marked:
 * the next full scan writes them again. Of two full scans saving at once, the later one to begin saving writes
 * everything and the other stops (CONFLICT), so the rows are never a mix of both.
 */
export function saveFullScan(db: WritableDB, save: FullSave, writes = new ShortWrites(db)): void {
  const durability = durabilityOf(db);
  try {
    // Marked as this save's: a full scan that begins saving after it takes the mark, and this one then stops.
    const mark = rewritingMark(randomBytes(6).toString('hex'), save.at);
    const ours = () => {
      if (getSearchState(db, CLONE_SUMMARIES_THROUGH) !== mark)
        throw new CanvassError('CONFLICT', 'A later full clone scan began saving over this one, which stopped.');
    };
    inTransaction(db, () => setSearchState(db, CLONE_SUMMARIES_THROUGH, mark));
    setDurability(db, 'deferred'); // synced with the last transaction, without which they mean nothing
    const flags = save.flags().sort((a, b) => compare(a.plate, b.plate) || compare(a.state, b.state));
    let lastFlag: CloneFlagKey | null = null;
    for (let i = 0; i < flags.length; i += CHUNK) {
      const chunk = flags.slice(i, i + CHUNK);
      writes.step();
      ours();
      rewriteCloneFlags(db, lastFlag, chunk);
      lastFlag = [chunk[chunk.length - 1]!.plate, chunk[chunk.length - 1]!.state];
    }
    let lastPlate: string | null = null;
    let plates: string[] = [];
    let summaries: string[] = [];
    const flush = () => {
      writes.step();
      ours();
      rewritePlateSummaries(db, lastPlate, plates, summaries);
      lastPlate = plates[plates.length - 1] ?? lastPlate;
      plates = [];
      summaries = [];
    };
    for (const [plate, summary] of save.summaries) {
      plates.push(plate);
      summaries.push(summary);
      if (plates.length === CHUNK) flush();
    }
    if (plates.length) flush();
    writes.commit();
    // The pages written so far synced to the file outside the lock (a checkpoint takes none): the last commit
    // then syncs little.
    checkpoint(db);
    setDurability(db, durability);
    inTransaction(db, () => {
      ours();
      dropCloneFlagsAfter(db, lastFlag);
      dropPlateSummariesAfter(db, lastPlate);
      clearRecentSummaries(db);
      setSearchState(db, CLONES_THROUGH, String(save.through));
      setSearchState(db, CLONE_SUMMARIES_THROUGH, String(save.through));
    });
  } catch (err) {
    writes.rollback();
    throw translateSqliteError(err);
  } finally {
    setDurability(db, durability);
  }
}

/** Rows a write (and a message of summaries to the saver) carries. */
const CHUNK = 1_000;

/** SQLite's order of TEXT (BINARY: by code unit for these ASCII keys), which the rewrites' key ranges follow. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The saver's start: where it opens the store (the key copied, wiped there once open) and how it answers. */
export type SaverRequest = { storePath: string; key: ArrayBuffer; signal: Int32Array; port: MessagePort };

/** From the scan to the saver: begin, the findings, chunks of summaries, their end (then finish), or stop. */
export type SaveCommand =
  | { save: { through: number; at: string; durability: Durability } }
  | { flags: CloneFlagRow[] }
  | { plates: string[]; summaries: string[] }
  | { end: true }
  | { abort: string }
  | { close: true };
export type SaveOutcome = { saved: true } | { error: string };

// The signal's slots: the saver's state, messages the scan has posted, and chunks of summaries taken (the scan
// stays at most CHUNKS_AHEAD ahead, so queued summaries do not pile up in memory).
const STATE = 0;
const POSTS = 1;
const WRITTEN = 2;
// Its states: not started, started, outcome posted, or given up on by the scan (it then saves on its own).
const WAITING = 0;
const RUNNING = 1;
const DONE = 2;
const TAKEN = 3;
const CHUNKS_AHEAD = 8;
/** A saver not started this long after the scan's read is given up on (a hang would be silent). */
const START_GRACE_MS = 10_000;
/** The saver commits what it has written once it has waited this long for more (the lock is not held idle). */
const IDLE_MS = 20;

/** Starts the saver, which opens the store while the scan reads. `close` it, saved or not. */
export function startSaver(source: StoreSource): Saver {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(12));
  const key = keyForWorker(source.key);
  const workerData: SaverRequest = { storePath: source.path, key, signal, port: port2 };
  return new Saver(startWorker('cloneSave', { workerData, transferList: [port2, key] }), signal, port1);
}

export class Saver {
  constructor(
    private readonly worker: Worker,
    private readonly signal: Int32Array,
    private readonly port: MessagePort,
  ) {}

  /**
   * Saves on the saver's connection what `saveFullScan` would save here, `chunk` summaries a message; throws what
   * failed, with the findings and watermark left as they were. False, with nothing consumed, when the saver had
   * not started `graceMs` after this call: the caller then saves on its own connection.
   */
  save(s: FullSave, durability: Durability, { chunk = CHUNK, graceMs = START_GRACE_MS } = {}): boolean {
    const { signal } = this;
    if (!this.started(graceMs)) return false;
    this.post({ save: { through: s.through, at: s.at, durability } });
    let chunks = 0;
    let plates: string[] = [];
    let summaries: string[] = [];
    const send = () => {
      while (chunks - Atomics.load(signal, WRITTEN) >= CHUNKS_AHEAD && Atomics.load(signal, STATE) !== DONE)
        Atomics.wait(signal, WRITTEN, Atomics.load(signal, WRITTEN), 200);
      this.post({ plates, summaries });
      chunks++;
      plates = [];
      summaries = [];
    };
    try {
      // Found while the saver marks the summaries as being rewritten.
      this.post({ flags: s.flags() });
      for (const [plate, summary] of s.summaries) {
        plates.push(plate);
        summaries.push(summary);
        if (plates.length === chunk) send();
        // A saver that failed has posted why; the rest would go nowhere.
        if (Atomics.load(signal, STATE) === DONE) break;
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
    return true;
  }

  close(): void {
    this.post({ close: true });
    this.port.close();
    void this.worker.terminate();
  }

  private post(command: SaveCommand): void {
    this.port.postMessage(command);
    Atomics.add(this.signal, POSTS, 1);
    Atomics.notify(this.signal, POSTS);
  }

  /** Waits up to `graceMs` for the saver to start; one that has not is given up on (it exits when it does). */
  private started(graceMs: number): boolean {
    const until = performance.now() + graceMs;
    while (Atomics.load(this.signal, STATE) === WAITING && performance.now() < until)
      Atomics.wait(this.signal, STATE, WAITING, Math.max(1, until - performance.now()));
    return Atomics.compareExchange(this.signal, STATE, WAITING, TAKEN) !== WAITING;
  }

  /** Waits for the saver's outcome (it rolls back on an abort or a failure, commits otherwise). */
  private outcome(): SaveOutcome {
    while (Atomics.load(this.signal, STATE) !== DONE) Atomics.wait(this.signal, STATE, RUNNING, 1000);
    return (receiveMessageOnPort(this.port)?.message as SaveOutcome | undefined) ?? { error: 'no reply' };
  }
}

/** The saver's side, first: false when the scan gave up on it before it started (it then leaves at once). */
export function claimSave(req: SaverRequest): boolean {
  const claimed = Atomics.compareExchange(req.signal, STATE, WAITING, RUNNING) === WAITING;
  Atomics.notify(req.signal, STATE);
  return claimed;
}

/**
 * The saver's side: waits for the scan's commands and returns the save it is handed (the findings, then the
 * summaries arriving as the scan encodes them), or null once let go without one. `idle` runs whenever it has waited
 * `IDLE_MS` for the next (the saver commits there).
 */
export function awaitSave(
  req: SaverRequest,
  idle: () => void = () => undefined,
): (FullSave & { durability: Durability }) | null {
  const { signal, port } = req;
  let seen = 0;
  const next = (): SaveCommand => {
    for (;;) {
      const m = receiveMessageOnPort(port);
      if (m) return m.message as SaveCommand;
      if (Atomics.wait(signal, POSTS, seen, IDLE_MS) === 'timed-out') idle();
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
    at: first.save.at,
    durability: first.save.durability,
  };
}

/** The saver posts what became of the save (or of its start) and raises its signal. */
export function postSaveOutcome(req: SaverRequest, outcome: SaveOutcome): void {
  req.port.postMessage(outcome);
  Atomics.store(req.signal, STATE, DONE);
  Atomics.notify(req.signal, STATE);
}
