import { z } from 'zod';
import { ALPR_READERS, type HandlerTable } from '../kernel/handler';
import * as map from '../map/service';
import { id, noArgs } from '../kernel/schemas';
import * as workspace from './workspace';

type Methods =
  | 'cameras.list'
  | 'search.vocabulary'
  | 'search.describePattern'
  | 'detections.images'
  | 'map.basemap'
  | 'map.setBasemap'
  | 'map.read';

/** A source address: bounded here, checked (https, loopback http) and fetched by the map service. */
const sourceUrl = z.string().trim().min(1, { error: 'Enter the address of the source.' }).max(2000);

/**
 * The workspace's reference data and map (docs/workspace.md). Cameras and the vocabulary are reference data
 * for the people who search (no detection is read, so no purpose); pattern feedback reads nothing; a
 * detection's images are ALPR data behind the purpose gate, audited. Any signed-in user sees the map.
 */
export const workspaceHandlers: HandlerTable<Methods> = {
  'cameras.list': {
    args: noArgs,
    access: { kind: 'session', roles: ALPR_READERS },
    run: (ctx) => workspace.cameras(ctx),
  },
  'search.vocabulary': {
    args: noArgs,
    access: { kind: 'session', roles: ALPR_READERS },
    run: (ctx) => workspace.vocabulary(ctx),
  },
  'search.describePattern': {
    args: z.strictObject({ plate: z.string().max(40), similar: z.boolean().optional() }),
    access: { kind: 'session' },
    parallel: true,
    run: (_ctx, a) => workspace.describePattern(a),
  },
  'detections.images': {
    args: z.strictObject({ id }),
    access: { kind: 'alpr', roles: ALPR_READERS },
    run: (ctx, a) => workspace.images(ctx, a.id),
  },
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
