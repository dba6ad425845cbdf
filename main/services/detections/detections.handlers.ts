import { z } from 'zod';
import { ALPR_READERS, type HandlerTable } from '../kernel/handler';
import { id, noArgs } from '../kernel/schemas';
import { listCameras } from './cameras';
import * as detections from './detections';
import { detectionImages } from './images';
import { detectionQuerySchema } from './schemas';

type Methods = 'detections.search' | 'detections.get' | 'detections.images' | 'cameras.list';

const alpr = { kind: 'alpr', roles: ALPR_READERS } as const;

/**
 * Detections and their images are ALPR data: purpose gate and access log. The cameras are reference data for
 * the people who search (where the cameras stand, no detection is read), so they need no purpose.
 */
export const detectionsHandlers: HandlerTable<Methods> = {
  'detections.search': { args: detectionQuerySchema, access: alpr, run: (ctx, q) => detections.search(ctx, q) },
  'detections.get': { args: z.strictObject({ id }), access: alpr, run: (ctx, a) => detections.get(ctx, a.id) },
  'detections.images': { args: z.strictObject({ id }), access: alpr, run: (ctx, a) => detectionImages(ctx, a.id) },
  'cameras.list': { args: noArgs, access: { kind: 'session', roles: ALPR_READERS }, run: (ctx) => listCameras(ctx) },
};
