import type { Role } from '../../../preload/contract';

/** Core's ROLE_LABELS, restated: the renderer imports only types from main; `Record<Role>` keeps it complete. */
export const ROLE_NAMES: Record<Role, string> = {
  investigator: 'Investigator',
  evidence_technician: 'Evidence technician',
  records_custodian: 'Records custodian',
  administrator: 'ALPR administrator',
};

export const ROLE_HINTS: Record<Role, string> = {
  investigator: 'Opens purposes and searches ALPR data',
  evidence_technician: 'Books ALPR data to evidence media',
  records_custodian: 'Handles release requests and reads the access log',
  administrator: 'Manages users, training and policy',
};

export const ALL_ROLES: Role[] = ['investigator', 'evidence_technician', 'records_custodian', 'administrator'];
