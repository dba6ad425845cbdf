import { z } from 'zod';
import { ALPR_READERS, type HandlerTable } from '../kernel/handler';
import * as analyses from './analyses';
import * as clones from './clones';
import { waitForCloneScan } from '../sync';
import { gate } from '../kernel/gate';
import { noArgs } from '../kernel/schemas';
import { areaSchema, lat, lon, time, vehicleFilterSchema } from './schemas';

type Methods =
  | 'search.canvassPreset'
  | 'search.commonVehicles'
  | 'search.travellingTogether'
  | 'search.plateHabits'
  | 'search.clonedPlates'
  | 'search.cloneScanCancel';

const alpr = { kind: 'alpr', roles: ALPR_READERS } as const;
const sceneTerms = { label: z.string().max(100).optional(), from: time, to: time };
const plateArgs = {
  plate: z.string().trim().min(1).max(12),
  state: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/)
    .optional(),
  from: time.optional(),
  to: time.optional(),
};

export const searchHandlers: HandlerTable<Methods> = {
  // Pure arithmetic on what the user typed: no ALPR data is read, so no purpose is needed yet.
  'search.canvassPreset': {
    args: z.strictObject({
      lat,
      lon,
      at: time,
      radiusM: z.number().positive().max(50_000).optional(),
      beforeMin: z
        .number()
        .min(0)
        .max(24 * 60)
        .optional(),
      afterMin: z
        .number()
        .min(0)
        .max(24 * 60)
        .optional(),
    }),
    access: { kind: 'session' },
    run: (_ctx, a) => analyses.canvass(a),
  },
  'search.commonVehicles': {
    args: z.strictObject({
      scenes: z
        .array(
          z.union([
            z.strictObject({ ...sceneTerms, lat, lon, radiusM: z.number().positive().max(10_000) }),
            z.strictObject({ ...sceneTerms, area: areaSchema }),
          ]),
        )
        .min(2, { error: 'Give at least two scenes.' })
        .max(10, { error: 'Give at most ten scenes.' }),
      minScenes: z.number().int().min(2).max(10).optional(),
      similar: z.boolean().optional(),
      vehicle: vehicleFilterSchema.optional(),
    }),
    access: alpr,
    run: (ctx, a) => analyses.commonVehicles(ctx, a),
  },
  'search.travellingTogether': {
    args: z.strictObject({
      ...plateArgs,
      withinSeconds: z.number().int().min(5).max(1800).optional(),
      minOccasions: z.number().int().min(1).max(100).optional(),
    }),
    access: alpr,
    run: (ctx, a) => analyses.travellingTogether(ctx, a),
  },
  'search.plateHabits': {
    args: z.strictObject({ ...plateArgs, timeZone: z.string().max(64).optional() }),
    access: alpr,
    run: (ctx, a) => analyses.plateHabits(ctx, a),
  },
  'search.clonedPlates': {
    args: z.strictObject({
      scan: z.enum(['full', 'incremental', 'none']).optional(),
      maxKmh: z.number().min(60).max(1000).optional(),
    }),
    access: alpr,
    // A full scan takes ~20 s at 10 M detections on a worker: other calls must not queue behind it.
    parallel: true,
    run: async (ctx, a) => {
      const started = performance.now();
      // Findings of the last sync's scan (on the sync worker) are listed once it has stored them.
      await waitForCloneScan(ctx);
      const scan = await clones.rescanClones(ctx, a);
      // Outside the queue the session may have locked, ended or closed its purpose meanwhile: check again.
      gate(ctx, 'search.clonedPlates', alpr);
      return clones.listClones(ctx, a, scan, started);
    },
  },
  // Stopping reads nothing; only the person who asked for the scan may stop it.
  'search.cloneScanCancel': {
    args: noArgs,
    access: { kind: 'session', roles: ALPR_READERS },
    parallel: true,
    run: (ctx) => clones.cancelRequestedScan(ctx),
  },
};
