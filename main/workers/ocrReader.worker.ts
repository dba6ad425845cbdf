/**
 * The plate reader's thread (readerThread.ts): reads plates and photos with its own tesseract.js pool, so the
 * pipeline's synchronous steps (segmentation, classifier, plate finder) never run on main's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { OcrEngine } from '../../native/ocr';
import { readPhoto, readPlate } from '../services/ocr/reader';
import type { ReaderReply, ReaderRequest, ReaderSetup } from '../services/ocr/readerThread';

const port = parentPort;
if (!port) throw new Error('workers/ocrReader.worker.ts runs as a worker thread');

const setup = workerData as ReaderSetup;
// Its engines start on the first read.
const engine = new OcrEngine({ size: setup.size, langPath: setup.langPath });

port.on('message', (req: ReaderRequest) => {
  const bytes = Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength);
  const read = req.kind === 'photo' ? readPhoto(engine, bytes) : readPlate(engine, bytes, req.box);
  read.then(
    (r) => port.postMessage({ id: req.id, read: r } satisfies ReaderReply),
    (err: unknown) => {
      const e = err as { code?: unknown; message?: unknown };
      port.postMessage({
        id: req.id,
        error: {
          code: typeof e?.code === 'string' ? e.code : 'OCR_FAILED',
          message: typeof e?.message === 'string' ? e.message : String(err),
        },
      } satisfies ReaderReply);
    },
  );
});
