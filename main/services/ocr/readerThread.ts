import type { Worker } from 'node:worker_threads';
import { defaultPoolSize, languageDataPath } from '../../../native/ocr';
import { startWorker } from '../kernel/workers';
import type { Box, PhotoRead } from './reader';
import { type PlateRead } from '../../core/ocr/rank';

/**
 * The plate reader on its own thread (reader.worker.ts): segmentation, the character classifier and the plate
 * finder are synchronous JavaScript (~15 ms a plate, ~190 ms to find a plate in a photo), and a batch of
 * thousands would otherwise hold main's event loop, and with it every call, for most of its run. The worker
 * owns the tesseract.js pool; main only posts the image bytes and waits.
 */
export type PlateReader = {
  /** Engines reading in parallel (a batch reads one plate more than this at once: `batchLanes`). */
  readonly size: number;
  readPlate(bytes: Buffer, box: Box | null): Promise<PlateRead>;
  readPhoto(bytes: Buffer): Promise<PhotoRead>;
  close(): Promise<void>;
};

/**
 * What the thread starts with. The language data's place is found here: in a packaged app only main knows
 * `process.resourcesPath`.
 */
export type ReaderSetup = { size: number; langPath: string };
export type ReaderRequest = { id: number; kind: 'plate' | 'photo'; bytes: Uint8Array; box: Box | null };
export type ReaderReply =
  { id: number; read: PlateRead | PhotoRead } | { id: number; error: { code: string; message: string } };

type Pending = { resolve: (r: PlateRead | PhotoRead) => void; reject: (e: unknown) => void };

export class OcrReaderThread implements PlateReader {
  readonly size: number;
  private readonly langPath: string | undefined;
  private worker: Worker | null = null;
  private pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(options: { size?: number; langPath?: string } = {}) {
    this.size = options.size ?? defaultPoolSize();
    this.langPath = options.langPath;
  }

  readPlate(bytes: Buffer, box: Box | null): Promise<PlateRead> {
    return this.request('plate', bytes, box);
  }

  readPhoto(bytes: Buffer): Promise<PhotoRead> {
    return this.request('photo', bytes, null) as Promise<PhotoRead>;
  }

  private request(kind: ReaderRequest['kind'], bytes: Buffer, box: Box | null): Promise<PlateRead> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // The thread keeps the process alive only while it has reads to answer.
      worker.ref();
      worker.postMessage({ id, kind, bytes, box } satisfies ReaderRequest);
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const setup: ReaderSetup = { size: this.size, langPath: this.langPath ?? languageDataPath() };
    const worker = startWorker('ocrReader', { workerData: setup });
    worker.on('message', (reply: ReaderReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if ('read' in reply) p.resolve(reply.read);
      // A plain object with the code (IMAGE_CORRUPT, OCR_ENGINE …): the service turns it into the item's error.
      else p.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
    });
    // The thread died (out of memory, a native crash): its reads fail with a message and the next read
    // starts a new one.
    const died = (err: unknown) => {
      if (this.worker !== worker) return;
      this.worker = null;
      const message = `The OCR reader stopped unexpectedly${err instanceof Error ? `: ${err.message}` : ''}.`;
      for (const p of this.pending.values()) p.reject(Object.assign(new Error(message), { code: 'OCR_ENGINE' }));
      this.pending.clear();
    };
    worker.on('error', died);
    worker.on('exit', died);
    worker.unref();
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    const closed = Object.assign(new Error('The OCR engine has been shut down.'), { code: 'OCR_CLOSED' });
    for (const p of this.pending.values()) p.reject(closed);
    this.pending.clear();
    await worker.terminate();
  }
}

let shared: OcrReaderThread | null = null;
/** The process-wide reader thread, created on first use. */
export function sharedOcrReader(): OcrReaderThread {
  shared ??= new OcrReaderThread();
  return shared;
}
export async function closeSharedOcrReader(): Promise<void> {
  const r = shared;
  shared = null;
  await r?.close();
}
