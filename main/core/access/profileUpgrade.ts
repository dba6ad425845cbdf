import type { Json } from '../shared/canonicalJson';
import { PROFILE_SCHEMA_VERSION, type PolicyProfile } from './policy';

/**
 * Profiles stored before citations (schema version 1) held retention as day counts and sharing as one
 * California-only class; neither can be re-cited from the stored values. A version-1 profile therefore becomes
 * the shipped profile of the same id, keeping the agency's name and zone and the administrator's own limits
 * where they map exactly (sign-in security, a training validity other than the old 365-day default, cited as
 * the administrator's setting). Its retention day counts are reported, not kept: they were the values this
 * schema corrects.
 */
export type ProfileUpgrade = {
  profile: PolicyProfile;
  /** What the version-1 profile said that the upgrade kept, by path. */
  kept: string[];
  /** The version-1 retention, for the access log. */
  replacedRetention: Json;
};

type V1 = {
  schemaVersion: 1;
  id: string;
  agencyName?: string;
  timeZone?: string;
  retention?: Json;
  training?: { validityDays?: number };
  security?: { maxFailedLogins?: number; idleLockMinutes?: number; minPasswordLength?: number };
};

export function isLegacyProfile(stored: unknown): stored is V1 {
  return typeof stored === 'object' && stored !== null && (stored as { schemaVersion?: unknown }).schemaVersion === 1;
}

export function upgradeProfile(stored: V1, shipped: readonly PolicyProfile[], today: string): ProfileUpgrade {
  const base = shipped.find((p) => p.id === stored.id);
  if (!base) {
    throw new RangeError(
      `The stored policy profile “${stored.id}” predates citations and no shipped profile has that id; choose a shipped profile again.`,
    );
  }
  // A profile is plain JSON data: a JSON round trip is its deep copy.
  const profile = JSON.parse(JSON.stringify(base)) as PolicyProfile;
  const kept: string[] = [];
  if (stored.agencyName) profile.agencyName = stored.agencyName;
  if (stored.timeZone) profile.timeZone = stored.timeZone;
  const carried = (what: string) => ({
    kind: 'agency' as const,
    note: `Carried over on ${today} from the profile this workstation held before citations (${what}).`,
  });
  const s = stored.security;
  if (
    s &&
    (s.maxFailedLogins !== profile.security.maxFailedLogins ||
      s.idleLockMinutes !== profile.security.idleLockMinutes ||
      s.minPasswordLength !== profile.security.minPasswordLength)
  ) {
    profile.security = {
      maxFailedLogins: s.maxFailedLogins ?? profile.security.maxFailedLogins,
      idleLockMinutes: s.idleLockMinutes ?? profile.security.idleLockMinutes,
      minPasswordLength: s.minPasswordLength ?? profile.security.minPasswordLength,
      cite: carried('sign-in security'),
    };
    kept.push('security');
  }
  const days = stored.training?.validityDays;
  if (days !== undefined && days !== 365) {
    profile.training.validity = { period: { days }, cite: carried(`training valid ${days} days`) };
    kept.push('training.validity');
  }
  return {
    profile: { ...profile, schemaVersion: PROFILE_SCHEMA_VERSION },
    kept,
    replacedRetention: stored.retention ?? null,
  };
}
