import { z } from 'zod';
import { ROLES } from '../../core/access/roles';

/** Argument schemas shared by several handlers. Strings are trimmed and bounded at the edge. */
export const noArgs = z.union([z.undefined(), z.null()]).transform(() => undefined);
export const text = (min: number, max: number, what: string) =>
  z
    .string({ error: `${what} is required.` })
    .trim()
    .min(min, { error: min <= 1 ? `${what} is required.` : `${what} needs at least ${min} characters.` })
    .max(max, { error: `${what} is at most ${max} characters.` });
export const username = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9._-]{2,31}$/, {
    error: 'A username is 3–32 letters, digits, dots, dashes or underscores, starting with a letter.',
  });
export const password = z.string().min(1, { error: 'Enter a password.' }).max(256);
export const role = z.enum(ROLES);
export const roles = z.array(role).min(1, { error: 'Choose at least one role.' });
export const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Dates are YYYY-MM-DD.' });
export const id = z.number().int().positive();
export const lat = z.number().min(-90).max(90);
export const lon = z.number().min(-180).max(180);
/** A search area (detections, the analyses, a release's scope): a circle or a polygon. */
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
export const training = z.strictObject({
  course: text(2, 200, 'The course'),
  completedOn: isoDay,
  instructor: text(2, 120, 'The instructor'),
  /** Ids of the policy's required topics the course covered. */
  topics: z
    .array(z.string().regex(/^[a-z0-9_]{1,64}$/, { error: 'A topic is one of the policy’s topic ids.' }))
    .max(30)
    .optional(),
});
export const newUserFields = {
  username,
  fullName: text(2, 120, 'The full name'),
  badgeId: text(1, 40, 'The badge or employee id'),
  classification: text(1, 64, 'The job classification'),
  roles,
};
