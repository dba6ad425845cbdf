import type { Certification, DirectoryAgency } from '../../main/core/releases/request';

/** The requesting detective and the certification the release tests and the bench use. */
export const REQUESTER = { name: 'Det. Sgt. Lena Ortiz', title: 'Detective Sergeant', contact: 'lortiz@smcgov.org' };

export const CERTIFICATION: Certification = {
  lawEnforcementOnly: true,
  noImmigrationEnforcement: true,
  retentionDays: 90,
  noOnwardSharing: true,
  signedBy: REQUESTER.name,
  signedOn: '2026-11-21',
};

export const THEIR_CASE = 'SMSO-26-11873';

/** A California sheriff's office as the directory holds it (no agreement on file). */
export const SHERIFF_ENTRY: DirectoryAgency = {
  id: 1,
  name: 'San Mateo County Sheriff’s Office',
  ori: 'CA0410000',
  kind: 'county',
  state: 'CA',
  function: 'law_enforcement',
  agreement: { onFile: false, expires: null },
};
