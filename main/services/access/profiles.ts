import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CanvassError } from '../../core/shared/errors';
import { lawBreach, policyProfileSchema, profileProblem, type PolicyProfile } from '../../core/access/policy';

/**
 * The shipped policy profiles, read and validated from resources/policies. A profile that does not parse —
 * a value without its citation, say — stops the load with the file and the field named.
 */
export function loadProfiles(dir: string): PolicyProfile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      } catch (err) {
        throw new CanvassError('INTERNAL', `The shipped policy profile ${f} is not JSON: ${(err as Error).message}`);
      }
      const parsed = policyProfileSchema.safeParse(raw);
      if (!parsed.success) {
        throw new CanvassError(
          'INTERNAL',
          `The shipped policy profile ${f} is invalid at ${profileProblem(parsed.error)}`,
        );
      }
      const breach = lawBreach(parsed.data);
      if (breach)
        throw new CanvassError('INTERNAL', `The shipped policy profile ${f} breaks the law's bounds: ${breach}`);
      return parsed.data;
    });
}

export function findProfile(dir: string, id: string): PolicyProfile {
  const profile = loadProfiles(dir).find((p) => p.id === id);
  if (!profile)
    throw new CanvassError('INVALID_ARGUMENT', `There is no policy profile “${id}”. Choose one from the list.`);
  return profile;
}
