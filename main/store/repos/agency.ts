import { parsePolicyProfile, type PolicyProfile } from '../../core/access/policy';
import type { ReadableDB, WritableDB } from '../db';

export type AgencyRow = { name: string; ori: string | null; profile: PolicyProfile };

export function getAgency(db: ReadableDB): AgencyRow | null {
  const row = db.prepare('SELECT name, ori, profile_json FROM agency WHERE id = 1').get() as
    { name: string; ori: string | null; profile_json: string } | undefined;
  return row ? { name: row.name, ori: row.ori, profile: parsePolicyProfile(JSON.parse(row.profile_json)) } : null;
}

/** The stored profile as JSON, unparsed: for bringing a profile of an older schema up to date. */
export function storedProfileJson(db: ReadableDB): unknown {
  const row = db.prepare('SELECT profile_json FROM agency WHERE id = 1').get() as { profile_json: string } | undefined;
  return row ? (JSON.parse(row.profile_json) as unknown) : null;
}

export function createAgency(db: WritableDB, agency: AgencyRow, at: string): void {
  db.prepare(
    'INSERT INTO agency (id, name, ori, profile_id, profile_json, created_at, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?)',
  ).run(agency.name, agency.ori, agency.profile.id, JSON.stringify(agency.profile), at, at);
}

export function updateProfile(db: WritableDB, profile: PolicyProfile, at: string): void {
  db.prepare('UPDATE agency SET profile_id = ?, profile_json = ?, updated_at = ? WHERE id = 1').run(
    profile.id,
    JSON.stringify(profile),
    at,
  );
}

export function renameAgency(db: WritableDB, name: string, ori: string | null): void {
  db.prepare('UPDATE agency SET name = ?, ori = ? WHERE id = 1').run(name, ori);
}
