import { existsSync } from 'node:fs';
import { z } from 'zod';
import { CanvassError } from '../../core/shared/errors';
import { getDocument } from '../../store/repos/documents';
import { record } from '../audit';
import { storeOf, type Context } from '../kernel/context';
import { ALPR_READERS, type HandlerTable } from '../kernel/handler';

/**
 * `documents.open`: a registered document opens in the system's PDF viewer. Documents hold ALPR data (an evidence
 * report prints plates and images), so opening one is an ALPR read: purpose gate and access log.
 */
async function open(ctx: Context, documentId: string): Promise<{ opened: true; path: string }> {
  const db = storeOf(ctx);
  const doc = getDocument(db, documentId);
  if (!doc) throw new CanvassError('NOT_FOUND', `No document ${documentId} was issued on this workstation.`);
  if (!doc.path || !existsSync(doc.path)) {
    record(ctx, db, 'documents.open', 'failed', { documentId, reason: 'file not found' });
    throw new CanvassError(
      'NOT_FOUND',
      `The file of ${documentId} is not where it was written (${doc.path ?? 'inside a package'}): its medium or folder is not here.`,
    );
  }
  if (!ctx.desktop)
    throw new CanvassError(
      'CONFLICT',
      `This Canvass has no PDF viewer to open documents with; the file is ${doc.path}.`,
    );
  record(ctx, db, 'documents.open', 'ok', { documentId, kind: doc.kind, caseNumber: doc.caseNumber, path: doc.path });
  await ctx.desktop.openPath(doc.path);
  return { opened: true, path: doc.path };
}

export const documentsHandlers: HandlerTable<'documents.open'> = {
  'documents.open': {
    args: z.strictObject({ documentId: z.string().trim().min(3).max(120) }),
    access: { kind: 'alpr', roles: ALPR_READERS },
    run: (ctx, a) => open(ctx, a.documentId),
  },
};
