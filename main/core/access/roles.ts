/** The four roles of the product. A user holds one or more. */
export const ROLES = ['investigator', 'evidence_technician', 'records_custodian', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  investigator: 'Investigator',
  evidence_technician: 'Evidence technician',
  records_custodian: 'Records custodian',
  administrator: 'ALPR administrator',
};
