import { z } from 'zod';
import { BODY_TYPES, COLORS, UNIQUE_FEATURES, type UniqueFeature } from '../../core/plates/vehicle';
import { MAX_SEARCH_LIMIT } from './detections';
import { areaSchema, lat, lon } from '../kernel/schemas';

export { areaSchema, lat, lon };

/** Argument schemas of the detections domain: what a search and the analyses accept at the edge. */
export const time = z.string().max(40);
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
