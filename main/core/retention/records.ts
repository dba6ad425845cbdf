import type { RetentionRule } from '../access/policy';
import type { IsoDay } from '../shared/calendar';
import { oldestKeptDay } from './schedule';

/**
 * The department's own records that Canvass keeps beside the ALPR data — release requests and decisions, audits of
 * use with their memos, imported vendor logs, evidence package records — and each one's clock. No timer purges them:
 * they are records of the department (Gov. Code § 34090: kept at least two years, then destroyed only with the
 * legislative body's approval and the city attorney's written consent, under the records retention schedule), so
 * Canvass lists those whose minimum has passed for the custodian's destruction review instead.
 *
 * The ALPR data kinds have their clocks too: a detection, its image and its OCR re-reads from capture; a hit from its
 * alert, which is its detection's capture (core/retention/plan.ts).
 */
export const RECORD_KINDS = ['release_record', 'audit_record', 'vendor_log', 'evidence_record'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export type RecordKindRule = {
  label: string;
  /** When the record's clock starts. */
  clock: string;
};

export const RECORD_RULES: Record<RecordKind, RecordKindRule> = {
  release_record: {
    label: 'Release requests, decisions and packet records',
    clock: 'from closing (fulfilled, refused or denied)',
  },
  audit_record: { label: 'Audits of use and their memoranda', clock: 'from filing by the Custodian of Records' },
  vendor_log: { label: 'Imported vendor audit logs', clock: 'from import' },
  evidence_record: { label: 'Evidence package records (what each booked package holds)', clock: 'from booking' },
};

/** The clocks of the purged ALPR data kinds, as the retention screen names them. */
export const DATA_CLOCKS = {
  detection: 'from capture',
  image: 'from its detection’s capture',
  hit: 'from the alert (its detection’s capture)',
} as const;

export const RECORDS_MINIMUM_TEXT = 'at least 2 years, then destroyed only under the records retention schedule';
export const RECORDS_CITE = 'Gov. Code § 34090';

/** Two years, no timer: the rule whose `oldestKeptDay` says which clocks have passed the minimum. */
const TWO_YEARS: RetentionRule = {
  data: 'audit_log',
  stored: true,
  minimum: { years: 2 },
  maximum: { years: 2 },
  cite: { kind: 'law', law: RECORDS_CITE },
};

/** Records whose clock started before this agency-local day have kept their two-year minimum by `today`. */
export function recordsEligibleBefore(today: IsoDay): IsoDay {
  return oldestKeptDay(TWO_YEARS, today)!;
}
