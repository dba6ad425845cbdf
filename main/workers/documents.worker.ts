/** Lays out one document (services/documents/render.ts) off main's thread and sends the PDF back. */
import { parentPort } from 'node:worker_threads';
import { renderDocument } from '../services/documents/render';
import type { RenderReply, RenderRequest } from '../services/documents/renderWorker';

parentPort?.once('message', (req: RenderRequest) => {
  renderDocument(req.spec, { fontsDir: req.fontsDir })
    .then((rendered) => {
      const pdf = new Uint8Array(rendered.pdf);
      parentPort?.postMessage({ rendered: { ...rendered, pdf } } satisfies RenderReply, [pdf.buffer]);
    })
    .catch((err: unknown) => parentPort?.postMessage({ error: (err as Error).message } satisfies RenderReply));
});
