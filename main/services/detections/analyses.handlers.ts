import { z } from 'zod';
import { BODY_TYPES, COLORS, UNIQUE_FEATURES, type UniqueFeature } from '../../core/plates/vehicle';
import { ALPR_READERS, type HandlerTable } from '../kernel/handler';
import * as analyses from './analyses';
import * as clones from './clones';
import { waitForCloneScan } from '../sync/service';
import { gate } from '../kernel/gate';
import { MAX_SEARCH_LIMIT } from './detections';

type Methods =
  | 'search.canvassPreset'
  | 'search.commonVehicles'
  | 'search.travellingTogether'
  | 'search.plateHabits'
  | 'search.clonedPlates';

const alpr = { kind: 'alpr', roles: ALPR_READERS } as const;
const time = z.string().max(40);
const lat = z.number().min(-90).max(90);
const lon = z.number().min(-180).max(180);
const words = (max: number) => z.array(z.string().trim().min(1).max(max)).max(20);

export const vehicleFilterSchema = z.strictObject({
  make: words(40).optional(),
  model: words(40).optional(),
  color: z.array(z.enum(COLORS)).max(COLORS.length).optional(),
  body: z.array(z.enum(BODY_TYPES)).max(BODY_TYPES.length).optional(),
  features: z
    .array(z.enum(Object.keys(UNIQUE_FEATURES) as [UniqueFeature, ...UniqueFeature[]]))
    .max(8)
    .optional(),
  includeUnknown: z.boolean().optional(),
});

export const areaSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('radius'),
    lat,
    lon,
    radiusM: z.number().positive().max(50_000, { error: 'A radius is at most 50 km.' }),
  }),
  z.strictObject({
    kind: z.literal('polygon'),
    points: z
      .array(z.tuple([lat, lon]))
      .min(3, { error: 'A polygon needs at least three points.' })
      .max(200),
  }),
]);

export const detectionQuerySchema = z.strictObject({
  plate: z.string().max(40).optional(),
  state: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, { error: 'A state is its two-letter code, e.g. CA.' })
    .optional(),
  similar: z.boolean().optional(),
  nearMisses: z.boolean().optional(),
  vehicle: vehicleFilterSchema.optional(),
  from: time.optional(),
  to: time.optional(),
  area: areaSchema.optional(),
  cameras: z.array(z.string().min(1).max(64)).max(200).optional(),
  headings: z.array(z.string().min(1).max(8)).max(16).optional(),
  limit: z
    .number()
    .int()
    .min(1)
    .max(MAX_SEARCH_LIMIT, { error: `A search returns at most ${MAX_SEARCH_LIMIT.toLocaleString('en-US')} rows.` })
    .optional(),
});

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
          z.strictObject({
            label: z.string().max(100).optional(),
            lat,
            lon,
            radiusM: z.number().positive().max(10_000),
            from: time,
            to: time,
          }),
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
      const scanned = await clones.rescanClones(ctx, a);
      // Outside the queue the session may have locked, ended or closed its purpose meanwhile: check again.
      gate(ctx, 'search.clonedPlates', alpr);
      return clones.listClones(ctx, a, scanned, started);
    },
  },
};
