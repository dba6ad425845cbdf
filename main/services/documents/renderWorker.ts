import type { DocumentSpec } from '../../core/documents/spec';
import { CanvassError } from '../../core/shared/errors';
import { startWorker } from '../kernel/workers';
import type { RenderedDocument } from './render';

export type RenderRequest = { spec: DocumentSpec; fontsDir: string };
/** The PDF crosses back as a transferred Uint8Array. */
export type RenderReply = { rendered: Omit<RenderedDocument, 'pdf'> & { pdf: Uint8Array } } | { error: string };

/** Lays a document out on documents.worker.ts: a long PDF never stalls main's event loop. */
export function renderInWorker(spec: DocumentSpec, fontsDir: string): Promise<RenderedDocument> {
  const worker = startWorker('documents');
  return new Promise<RenderedDocument>((resolve, reject) => {
    worker.once('message', (reply: RenderReply) => {
      void worker.terminate();
      if ('rendered' in reply) resolve({ ...reply.rendered, pdf: Buffer.from(reply.rendered.pdf) });
      else reject(new CanvassError('INTERNAL', `The document could not be made: ${reply.error}`));
    });
    worker.once('error', (err) => reject(err));
    worker.postMessage({ spec, fontsDir } satisfies RenderRequest);
  });
}
