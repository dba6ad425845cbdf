import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CanvassError } from '../../core/shared/errors';
import { parsePolicyProfile, type PolicyProfile } from '../../core/access/policy';

/** The shipped policy profiles, read and validated from resources/policies. */
export function loadProfiles(dir: string): PolicyProfile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      try {
        return parsePolicyProfile(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      } catch (err) {
        throw new CanvassError('INTERNAL', `The shipped policy profile ${f} is invalid: ${(err as Error).message}`);
      }
    });
}

export function findProfile(dir: string, id: string): PolicyProfile {
  const profile = loadProfiles(dir).find((p) => p.id === id);
  if (!profile)
    throw new CanvassError('INVALID_ARGUMENT', `There is no policy profile “${id}”. Choose one from the list.`);
  return profile;
}
