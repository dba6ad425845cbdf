/**
 * tesseract.js behind a few typed functions. The English LSTM model comes from the npm package
 * `@tesseract.js-data/eng` (copied to resources/ocr at build time for the packaged app); `langPath` and
 * `cacheMethod: 'none'` are always set, so nothing is fetched from a CDN and nothing is written to the working
 * directory. tesseract.js runs each engine in its own worker thread, so recognition never blocks main.
 *
 * A pool of engines, sized to the machine, is started lazily on the first read and reused; the app's pool lives on
 * the OCR reader's thread (main/services/ocr/readerThread.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
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

/** What is wrong with the language data in `langPath`, or null: it exists and decompresses. */
function checkModel(langPath: string): string | null {
  const file = join(langPath, 'eng.traineddata.gz');
  if (!existsSync(file)) return 'eng.traineddata.gz is missing; reinstall Canvass.';
  try {
    gunzipSync(readFileSync(file));
    return null;
  } catch {
    return 'eng.traineddata.gz is damaged; reinstall Canvass.';
  }
}

/** Default pool size: one engine per core left after main, at least one, at most four. */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

export class OcrEngine {
  readonly size: number;
  readonly langPath: string;
  private slots: Slot[] = [];
  /** Engines being started: each counts against the pool's size, so readers never start more than it. */
  private starting = 0;
  private waiting: { resolve: (slot: Slot) => void; reject: (err: unknown) => void }[] = [];
  private closed = false;
  /** null once the language data was found whole; else what is wrong with it. */
  private modelChecked: string | null | undefined;

  constructor(options: OcrEngineOptions = {}) {
    this.size = options.size ?? defaultPoolSize();
    this.langPath = options.langPath ?? languageDataPath();
  }

  /** Engines started and running (the tests check the pool never starts more than its size). */
  get engines(): number {
    return this.slots.length;
  }

  private async startSlot(): Promise<Slot> {
    const failed = (err: unknown) =>
      new OcrError(
        'OCR_ENGINE',
        `The OCR engine could not start (language data in ${this.langPath}): ${(err as Error)?.message ?? err}`,
      );
    // Checked before a worker is spawned: tesseract.js reports a missing or damaged model only to
    // errorHandler, leaves createWorker unsettled and its worker running.
    this.modelChecked ??= checkModel(this.langPath);
    const problem = this.modelChecked;
    if (problem) throw failed(new Error(problem));
    // Any other error while starting ends the start rather than leaving it pending forever.
    let startError: (err: unknown) => void = () => undefined;
    const startFailed = new Promise<never>((_, reject) => (startError = reject));
    let starting = true;
    let worker: Worker;
    try {
      worker = await Promise.race([
        createWorker(
          'eng',
          OEM.LSTM_ONLY,
          {
            langPath: this.langPath,
            cacheMethod: 'none',
            gzip: true,
            // Once started, a job's promise rejects on its own; without a handler tesseract.js also throws
            // from its message listener, an uncaught exception that would take main down.
            errorHandler: (err: unknown) => (starting ? startError(err) : undefined),
          },
          // No dictionaries: plates are not words.
          { load_system_dawg: '0', load_freq_dawg: '0' },
        ),
        startFailed,
      ]);
    } catch (err) {
      throw failed(err);
    } finally {
      starting = false;
    }
    await worker.setParameters({
      tessedit_char_whitelist: PLATE_CHARSET,
      tessedit_pageseg_mode: PSM.SINGLE_LINE,
      user_defined_dpi: '300',
      // The reader always gives dark ink on white; tesseract would otherwise read every doubtful line a second
      // time inverted (us-dev 4.4 → 5.4 plates/s, the same reads but one).
      tessedit_do_invert: '0',
      // Tesseract's own diagnostics ("Total count=0 …" on an empty row) would fill main's log from stdout. Sent
      // once to the engine's /dev/null rather than to each result (tesseract.js's `debug` output, which saves and
      // restores every parameter around each read: 11.6 against 14.3 ms a read).
      debug_file: '/dev/null',
    });
    return { worker, busy: false, mode: 7 };
  }

  /**
   * A free engine; else a new one while the pool has room (started at once, beside any other being started:
   * the pool's engines start in parallel); else the next one released.
   */
  private async acquire(): Promise<Slot> {
    if (this.closed) throw new OcrError('OCR_CLOSED', 'The OCR engine has been shut down.');
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return free;
    }
    if (this.slots.length + this.starting >= this.size)
      return new Promise<Slot>((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.starting++;
    let slot: Slot;
    try {
      slot = await this.startSlot();
    } catch (err) {
      this.starting--;
      // Nothing running and nothing starting: those waiting would wait forever.
      if (this.slots.length + this.starting === 0) for (const w of this.waiting.splice(0)) w.reject(err);
      throw err;
    }
    this.starting--;
    if (this.closed) {
      await slot.worker.terminate().catch(() => undefined);
      throw new OcrError('OCR_CLOSED', 'The OCR engine has been shut down.');
    }
    slot.busy = true;
    this.slots.push(slot);
    return slot;
  }

  private release(slot: Slot): void {
    if (this.closed) return void this.retire(slot);
    const next = this.waiting.shift();
    if (next) next.resolve(slot);
    else slot.busy = false;
  }

  private retire(slot: Slot): Promise<void> {
    this.slots = this.slots.filter((s) => s !== slot);
    return slot.worker.terminate().then(
      () => undefined,
      () => undefined,
    );
  }

  /** Reads one line (or word/character) from an encoded image (PGM as `encodeGray` makes it, or PNG). */
  async read(image: Buffer, mode: PageMode = 7): Promise<OcrLine> {
    const slot = await this.acquire();
    try {
      if (slot.mode !== mode) {
        await slot.worker.setParameters({ tessedit_pageseg_mode: String(mode) as PSM });
        slot.mode = mode;
      }
      const { data } = await slot.worker.recognize(image, {}, { text: true, blocks: true });
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
    const closed = new OcrError('OCR_CLOSED', 'The OCR engine has been shut down.');
    for (const w of this.waiting.splice(0)) w.reject(closed);
    // Idle engines end now; a busy one when its read ends (terminating mid-read leaves the read unsettled).
    await Promise.all(this.slots.filter((s) => !s.busy).map((s) => this.retire(s)));
  }
}
