import { z } from 'zod';
import { ALPR_READERS, type HandlerTable } from '../kernel/handler';
import * as detections from './detections';
import * as purposes from '../access/purposes';
import { id, noArgs, text } from '../kernel/schemas';
import { profileOf } from '../access/sessionInfo';
import { detectionQuerySchema } from './analyses.handlers';

type Methods =
  | 'purposes.options'
  | 'purposes.open'
  | 'purposes.resume'
  | 'purposes.close'
  | 'purposes.recent'
  | 'detections.search'
  | 'detections.get';

const trained = { kind: 'session', roles: ALPR_READERS, training: true } as const;
const alpr = { kind: 'alpr', roles: ALPR_READERS } as const;

export const dataHandlers: HandlerTable<Methods> = {
  'purposes.options': { args: noArgs, access: { kind: 'session' }, run: (ctx) => profileOf(ctx).authorizedPurposes },
  'purposes.open': {
    args: z.strictObject({
      numberKind: z.enum(['case', 'incident', 'call', 'warrant']).nullable(),
      number: z.string().trim().max(40).nullable(),
      purposeId: text(1, 64, 'The purpose'),
      description: z.string().trim().max(1000, { error: 'The description is at most 1000 characters.' }),
    }),
    access: trained,
    run: (ctx, args) => purposes.open(ctx, args),
  },
  'purposes.resume': { args: z.strictObject({ id }), access: trained, run: (ctx, a) => purposes.resume(ctx, a.id) },
  'purposes.close': {
    args: noArgs,
    access: { kind: 'session' },
    run: (ctx) => {
      purposes.close(ctx);
      return null;
    },
  },
  'purposes.recent': { args: noArgs, access: { kind: 'session' }, run: (ctx) => purposes.recent(ctx) },
  'detections.search': {
    args: detectionQuerySchema,
    access: alpr,
    run: (ctx, q) => detections.search(ctx, q),
  },
  'detections.get': { args: z.strictObject({ id }), access: alpr, run: (ctx, a) => detections.get(ctx, a.id) },
};
