/**
 * tesseract.js behind a few typed functions. The English LSTM model comes from the npm package
 * `@tesseract.js-data/eng` (copied to resources/ocr at build time for the packaged app); `langPath` and
 * `cacheMethod: 'none'` are always set, so nothing is fetched from a CDN and nothing is written to the working
 * directory. tesseract.js runs each engine in its own worker thread, so recognition never blocks main.
 *
 * A pool of engines, sized to the machine, is started lazily on the first read and reused.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';

/** The model folder inside the npm package: the LSTM-only "best_int" model (smaller, no legacy engine). */
export const MODEL_DIR = '4.0.0_best_int';
export const PLATE_CHARSET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Where eng.traineddata.gz lives: the packaged resources, else the npm package. */
export function languageDataPath(): string {
  const fromEnv = process.env.CANVASS_OCR_LANG_PATH;
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = [
    fromEnv,
    // Packaged: electron-builder's extraResources puts resources/ under <resourcesPath>/resources.
    resources ? join(resources, 'resources', 'ocr') : undefined,
    resources ? join(resources, 'ocr') : undefined,
    join(__dirname, '..', 'resources', 'ocr'),
    join(__dirname, '..', '..', 'resources', 'ocr'),
  ].filter((p): p is string => !!p);
  const packaged = candidates.find((p) => existsSync(join(p, 'eng.traineddata.gz')));
  if (packaged) return packaged;
  const pkg = dirname(require.resolve('@tesseract.js-data/eng/package.json'));
  return join(pkg, MODEL_DIR);
}

export type OcrSymbol = { text: string; confidence: number; x0: number; x1: number };
export type OcrLine = {
  /** Whitelisted characters only, spaces removed. */
  text: string;
  /** 0–100 as tesseract reports it. */
  confidence: number;
  symbols: OcrSymbol[];
};
/** 7 = one text line, 8 = one word, 10 = one character, 13 = raw line. */
export type PageMode = 7 | 8 | 10 | 13;

export type OcrEngineOptions = { size?: number; langPath?: string };

export class OcrError extends Error {
  constructor(
    readonly code: 'OCR_ENGINE' | 'OCR_CLOSED',
    message: string,
  ) {
    super(message);
  }
}

type Slot = { worker: Worker; busy: boolean; mode: PageMode | null };

/** Default pool size: one engine per core left after main, at least one, at most four. */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

export class OcrEngine {
  readonly size: number;
  readonly langPath: string;
  private slots: Promise<Slot>[] = [];
  private waiting: ((slot: Slot) => void)[] = [];
  private closed = false;
  /** Milliseconds the first engine took to start (model load included), for the bench. */

  constructor(options: OcrEngineOptions = {}) {
    this.size = options.size ?? defaultPoolSize();
    this.langPath = options.langPath ?? languageDataPath();
  }

  private async startSlot(): Promise<Slot> {
    let worker: Worker;
    try {
      worker = await createWorker(
        'eng',
        OEM.LSTM_ONLY,
        {
          langPath: this.langPath,
          cacheMethod: 'none',
          gzip: true,
          // The job's promise still rejects; without a handler tesseract.js also throws from its message
          // listener, an uncaught exception that would take main down.
          errorHandler: () => undefined,
        },
        // No dictionaries: plates are not words.
        { load_system_dawg: '0', load_freq_dawg: '0' },
      );
    } catch (err) {
      throw new OcrError(
        'OCR_ENGINE',
        `The OCR engine could not start (language data in ${this.langPath}): ${(err as Error)?.message ?? err}`,
      );
    }
    await worker.setParameters({
      tessedit_char_whitelist: PLATE_CHARSET,
      tessedit_pageseg_mode: PSM.SINGLE_LINE,
      user_defined_dpi: '300',
    });
    return { worker, busy: false, mode: 7 };
  }

  private async acquire(): Promise<Slot> {
    if (this.closed) throw new OcrError('OCR_CLOSED', 'The OCR engine has been shut down.');
    for (const p of this.slots) {
      const s = await p;
      if (!s.busy) {
        s.busy = true;
        return s;
      }
    }
    if (this.slots.length < this.size) {
      const p = this.startSlot();
      this.slots.push(p);
      try {
        const s = await p;
        s.busy = true;
        return s;
      } catch (err) {
        this.slots = this.slots.filter((q) => q !== p);
        throw err;
      }
    }
    return new Promise<Slot>((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  }

  /** Reads one line (or word/character) from an encoded image (PNG). */
  async read(png: Buffer, mode: PageMode = 7): Promise<OcrLine> {
    const slot = await this.acquire();
    try {
      if (slot.mode !== mode) {
        await slot.worker.setParameters({ tessedit_pageseg_mode: String(mode) as PSM });
        slot.mode = mode;
      }
      const { data } = await slot.worker.recognize(png, {}, { text: true, blocks: true });
      const symbols: OcrSymbol[] = [];
      for (const block of data.blocks ?? [])
        for (const para of block.paragraphs)
          for (const line of para.lines)
            for (const word of line.words)
              for (const s of word.symbols) {
                const t = s.text.toUpperCase();
                if (t.length === 1 && PLATE_CHARSET.includes(t))
                  symbols.push({ text: t, confidence: s.confidence, x0: s.bbox.x0, x1: s.bbox.x1 });
              }
      const text = symbols.map((s) => s.text).join('');
      return { text, confidence: data.confidence, symbols };
    } finally {
      this.release(slot);
    }
  }

  /** Starts every engine now (the bench measures start time; the app starts them lazily). */
  async warm(count = 1): Promise<void> {
    const slots = await Promise.all(Array.from({ length: count }, () => this.acquire()));
    for (const s of slots) this.release(s);
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = await Promise.allSettled(this.slots);
    this.slots = [];
    await Promise.all(
      slots.map((s) => (s.status === 'fulfilled' ? s.value.worker.terminate().catch(() => undefined) : undefined)),
    );
  }
}

let shared: OcrEngine | null = null;
/** The process-wide engine pool, created on first use. */
export function sharedOcrEngine(): OcrEngine {
  shared ??= new OcrEngine();
  return shared;
}
export async function closeSharedOcrEngine(): Promise<void> {
  const e = shared;
  shared = null;
  await e?.close();
}
