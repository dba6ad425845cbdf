import type { AgencyFunction, AgencyKind, LegalBasis, ReleaseStatus } from '../../../../preload/contract';

/** How the release screens name the directory's kinds, the legal bases and a request's states. */
export const KIND_LABELS: Record<AgencyKind, string> = {
  municipal: 'Municipal (city)',
  county: 'County',
  state: 'State',
  federal: 'Federal',
  tribal: 'Tribal',
  out_of_state: 'Another state',
  private_other: 'Private / other',
};

export const FUNCTION_LABELS: Record<AgencyFunction, string> = {
  law_enforcement: 'Law enforcement',
  prosecution: 'Prosecution',
  other_government: 'Other government',
  none: 'None (not an agency)',
};

export const BASIS_LABELS: Record<LegalBasis, string> = {
  request: 'Written request',
  court_order: 'Court order',
  exigency: 'Exigent circumstances',
};

export const STATUS: Record<ReleaseStatus, { label: string; color: string }> = {
  screened: { label: 'Awaiting decision', color: 'blue' },
  refused: { label: 'Refused at screening', color: 'red' },
  public_records: { label: 'Public-records process', color: 'orange' },
  approved: { label: 'Approved', color: 'teal' },
  denied: { label: 'Denied', color: 'gray' },
  fulfilled: { label: 'Released', color: 'green' },
};

export const options = <K extends string>(labels: Record<K, string>) =>
  (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
