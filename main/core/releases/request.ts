import type { GeoArea } from '../shared/geo';

/**
 * A release request as the records custodian records it (docs/releases.md): who asks (an agency of the directory
 * and a person there), why, on what legal basis, for which data, with the written request attached and the
 * recipient's signed certification.
 */

/** Agency kinds of the directory. Only a California state or local agency is a "public agency" (Civil Code § 1798.90.5(f)). */
export const AGENCY_KINDS = [
  'municipal',
  'county',
  'state',
  'federal',
  'tribal',
  'out_of_state',
  'private_other',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  municipal: 'Municipal (city) agency',
  county: 'County agency',
  state: 'State agency',
  federal: 'Federal agency',
  tribal: 'Tribal agency',
  out_of_state: 'Agency of another state',
  private_other: 'Private company or other',
};

/** What the agency does: the profiles' recipient classes name law enforcement and prosecutors. */
export const AGENCY_FUNCTIONS = ['law_enforcement', 'prosecution', 'other_government', 'none'] as const;
export type AgencyFunction = (typeof AGENCY_FUNCTIONS)[number];

export type DirectoryAgency = {
  id: number;
  name: string;
  /** The NCIC Originating Agency Identifier, when it has one. */
  ori: string | null;
  kind: AgencyKind;
  /** Two-letter state (or territory) code. */
  state: string;
  function: AgencyFunction;
  /** A signed sharing agreement (MOU) with this agency is on file, and until which agency day (inclusive) it runs. */
  agreement: { onFile: boolean; expires: string | null };
};

export const LEGAL_BASES = ['request', 'court_order', 'exigency'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];
export const LEGAL_BASIS_LABELS: Record<LegalBasis, string> = {
  request: 'Written request',
  court_order: 'Court order',
  exigency: 'Exigent circumstances',
};

/** The data asked for: a case's collection, plates in a time window, or an area in a time window (ISO UTC). */
export type ReleaseScope =
  | { kind: 'case'; caseNumber: string }
  | { kind: 'plates'; plates: string[]; from: string; to: string }
  | { kind: 'area'; area: GeoArea; from: string; to: string };

export type Certification = {
  /** Use limited to law enforcement purposes. */
  lawEnforcementOnly: boolean;
  /** No use for, and no sharing with, immigration enforcement. */
  noImmigrationEnforcement: boolean;
  /** The recipient keeps the data at most this many days. */
  retentionDays: number;
  /** No onward sharing to anyone. */
  noOnwardSharing: boolean;
  signedBy: string;
  /** The agency day it was signed. */
  signedOn: string;
};

export type Attachment = { name: string; mime: string; sha256: string; byteLength: number };

export type ReleaseRequestDraft = {
  agency: DirectoryAgency;
  requester: { name: string; title: string; contact: string };
  purpose: string;
  theirCaseNumber: string;
  legalBasis: LegalBasis;
  scope: ReleaseScope;
  attachment: Attachment | null;
  certification: Certification;
};

export function scopeText(s: ReleaseScope): string {
  switch (s.kind) {
    case 'case':
      return `the collection of case ${s.caseNumber}`;
    case 'plates':
      return `plate${s.plates.length === 1 ? '' : 's'} ${s.plates.join(', ')} from ${s.from} to ${s.to}`;
    case 'area':
      return `${s.area.kind === 'radius' ? `${s.area.radiusM} m around ${s.area.lat}, ${s.area.lon}` : `an area of ${s.area.points.length} corners`} from ${s.from} to ${s.to}`;
  }
}

/** `REL-2026-0007`: the agency year and the request's number within it. */
export function requestNumber(year: string, ordinal: number): string {
  return `REL-${year}-${String(ordinal).padStart(4, '0')}`;
}
