import { z } from 'zod';
import type { Role } from '../../core/access/roles';
import type { HandlerTable } from '../kernel/handler';
import * as ocr from './service';
import { id, noArgs, text } from '../kernel/schemas';

type Methods =
  'ocr.reread' | 'ocr.history' | 'ocr.correct' | 'ocr.batchStart' | 'ocr.batchCancel' | 'ocr.batches' | 'ocr.report';

/** Re-reading shows the evidence image: the roles that read ALPR data. Recording a correction is an officer's call. */
const REREADERS: readonly Role[] = ['investigator', 'evidence_technician', 'records_custodian'];
const CORRECTORS: readonly Role[] = ['investigator', 'evidence_technician'];
const reread = { kind: 'alpr', roles: REREADERS } as const;

const plate = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^[A-Z0-9]{1,8}$/, { error: 'A plate is 1–8 letters and digits.' }));
const batchId = z.string().uuid({ error: 'Unknown batch.' });

/** OCR re-reads and corrected reads (docs/ocr.md). Every method is behind the purpose gate and audited. */
export const ocrHandlers: HandlerTable<Methods> = {
  'ocr.reread': {
    args: z.strictObject({ detectionId: id }),
    access: reread,
    run: (ctx, a) => ocr.reread(ctx, a.detectionId),
  },
  'ocr.history': {
    args: z.strictObject({ detectionId: id }),
    access: reread,
    run: (ctx, a) => ocr.history(ctx, a.detectionId),
  },
  'ocr.correct': {
    args: z.strictObject({
      detectionId: id,
      chosen: z.enum(['original', 'reread', 'manual']),
      plate: plate.optional(),
      readId: id.optional(),
      reason: text(3, 1000, 'The reason for the correction'),
    }),
    access: { kind: 'alpr', roles: CORRECTORS },
    run: (ctx, a) => ocr.correct(ctx, a),
  },
  'ocr.batchStart': {
    args: z.strictObject({
      detectionIds: z
        .array(id)
        .min(1, { error: 'Choose the detections to re-read.' })
        .max(5000, { error: 'Re-read at most 5000 detections at a time.' }),
      scope: z.string().trim().max(200, { error: 'Describe the batch in at most 200 characters.' }).optional(),
    }),
    access: reread,
    run: (ctx, a) => ocr.startBatch(ctx, a.detectionIds, a.scope ?? null),
  },
  'ocr.batchCancel': {
    args: z.strictObject({ batchId }),
    access: reread,
    run: (ctx, a) => ocr.cancelBatch(ctx, a.batchId),
  },
  'ocr.batches': {
    args: noArgs,
    access: reread,
    run: (ctx) => ocr.listBatches(ctx),
  },
  'ocr.report': {
    args: z.strictObject({ batchId }),
    access: reread,
    run: (ctx, a) => ocr.report(ctx, a.batchId),
  },
};
