import { z } from 'zod';
import type { HandlerTable } from '../kernel/handler';
import { noArgs } from '../kernel/schemas';
import * as map from './service';

type Methods = 'map.basemap' | 'map.setBasemap' | 'map.read';

/** A source address: bounded here, checked (https, loopback http) and fetched by the map service. */
const sourceUrl = z.string().trim().min(1, { error: 'Enter the address of the source.' }).max(2000);

/** Any signed-in user sees the map; only an administrator chooses its source (docs/workspace.md). */
export const mapHandlers: HandlerTable<Methods> = {
  'map.basemap': { args: noArgs, access: { kind: 'session' }, run: (ctx) => map.basemap(ctx) },
  'map.setBasemap': {
    args: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('offline') }),
      z.strictObject({ kind: z.literal('pmtiles'), url: sourceUrl }),
      z.strictObject({ kind: z.literal('style'), url: sourceUrl }),
    ]),
    access: { kind: 'session', roles: ['administrator'] },
    run: (ctx, a) => map.setBasemap(ctx, a),
  },
  'map.read': {
    args: z.strictObject({
      resource: z.string().min(1).max(4000),
      offset: z.number().int().min(0).optional(),
      length: z.number().int().min(1).max(map.MAX_READ_BYTES).optional(),
    }),
    access: { kind: 'session' },
    parallel: true,
    run: (ctx, a) => map.read(ctx, a),
  },
};
