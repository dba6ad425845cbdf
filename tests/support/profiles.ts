import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parsePolicyProfile, type PolicyProfile } from '../../main/core/access/policy';

/** The shipped profiles (the same folder `workstation()` hands the app). */
export const SHIPPED_PROFILES = resolve(__dirname, '../../resources/policies');

/** A shipped profile (resources/policies/<id>.json), parsed as the app parses it. */
export function shippedProfile(id: string): PolicyProfile {
  return parsePolicyProfile(JSON.parse(readFileSync(join(SHIPPED_PROFILES, `${id}.json`), 'utf8')));
}

/** The raw JSON of a shipped profile, for tests that break it on purpose. */
export function shippedProfileJson(id: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(SHIPPED_PROFILES, `${id}.json`), 'utf8')) as Record<string, unknown>;
}
