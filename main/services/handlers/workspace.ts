import { z } from 'zod';
import { CanvassError } from '../../core/errors';
import { ALPR_READERS, type HandlerTable } from '../handler';
import { id, noArgs } from '../schemas';

type Methods =
  | 'cameras.list'
  | 'search.vocabulary'
  | 'search.describePattern'
  | 'detections.images'
  | 'map.basemap'
  | 'map.setBasemap'
  | 'map.read';

// PLACEHOLDER (being implemented now): every method refuses until its real handler lands.
const notYet = (): never => {
  throw new CanvassError('INTERNAL', 'Not built yet.');
};

export const workspaceHandlers: HandlerTable<Methods> = {
  'cameras.list': { args: noArgs, access: { kind: 'session', roles: ALPR_READERS }, run: notYet },
  'search.vocabulary': { args: noArgs, access: { kind: 'session', roles: ALPR_READERS }, run: notYet },
  'search.describePattern': {
    args: z.strictObject({ plate: z.string().max(40), similar: z.boolean().optional() }),
    access: { kind: 'session' },
    run: notYet,
  },
  'detections.images': { args: z.strictObject({ id }), access: { kind: 'alpr', roles: ALPR_READERS }, run: notYet },
  'map.basemap': { args: noArgs, access: { kind: 'session' }, run: notYet },
  'map.setBasemap': {
    args: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('offline') }),
      z.strictObject({ kind: z.literal('pmtiles'), url: z.string().max(2000) }),
      z.strictObject({ kind: z.literal('style'), url: z.string().max(2000) }),
    ]),
    access: { kind: 'session', roles: ['administrator'] },
    run: notYet,
  },
  'map.read': {
    args: z.strictObject({
      resource: z.string().min(1).max(4000),
      offset: z.number().int().min(0).optional(),
      length: z
        .number()
        .int()
        .min(1)
        .max(16 * 1024 * 1024)
        .optional(),
    }),
    access: { kind: 'session' },
    run: notYet,
  },
};
