import { z } from 'zod';

/**
 * A policy profile is the agency's ALPR policy held as data: the app reads limits from here rather than
 * branching on the agency. Profiles for the agencies in shared/policies ship in resources/policies; the
 * administrator picks one at setup and may adjust it (every change is audited).
 */
const days = z.number().int().positive();
const optionalDays = days.nullable();

export const dataKinds = ['detection', 'image', 'hit', 'audit_log'] as const;
export type DataKind = (typeof dataKinds)[number];

export const retentionRuleSchema = z.object({
  /** Keep at least this long (e.g. Gov. Code § 34090.6 one-year minimum); null = no minimum. */
  minDays: optionalDays,
  /** Purge after this long unless a legal hold applies; null = kept indefinitely. */
  maxDays: optionalDays,
  note: z.string().max(500).optional(),
});
export type RetentionRule = z.infer<typeof retentionRuleSchema>;

export const labelledSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9_]+$/, 'ids are lower-case words joined by underscores')
    .max(64),
  label: z.string().min(2).max(120),
});
export type Labelled = z.infer<typeof labelledSchema>;

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const policyProfileSchema = z.object({
  schemaVersion: z.literal(1),
  id: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .max(64),
  agencyName: z.string().min(2).max(200),
  /** IANA time zone of the agency: training dates and retention days are its local days. */
  timeZone: z
    .string()
    .min(3)
    .max(64)
    .refine(isTimeZone, { error: 'Not a time zone name (e.g. America/Los_Angeles).' })
    .default('America/Los_Angeles'),
  /** Where the facts come from: the policy's title and number. */
  source: z.string().min(2).max(300),
  retention: z.object({
    detection: retentionRuleSchema,
    image: retentionRuleSchema,
    hit: retentionRuleSchema,
    audit_log: retentionRuleSchema,
  }),
  audit: z.object({
    /** How often a random-sample audit of browsing inquiries is due. */
    cadenceMonths: z.number().int().min(1).max(24),
    /** Minimum number of inquiries sampled per audit. */
    sampleSize: z.number().int().min(1).max(1000),
    /** How far back the sample reaches. */
    lookbackMonths: z.number().int().min(1).max(24),
    externalAnnualAudit: z.boolean(),
    reportTo: z.string().min(2).max(200),
  }),
  sharing: z.object({
    /** Who may receive ALPR data: California public agencies only, any US public agency, or any government entity with a law-enforcement purpose. */
    eligibleRecipients: z.enum(['california_public_agency', 'public_agency', 'government_law_enforcement']),
    prohibitImmigrationEnforcement: z.boolean(),
    outOfStateRequiresExigencyOrCourtOrder: z.boolean(),
    writtenRequestRequired: z.boolean(),
    approver: z.string().min(2).max(200),
    agreementAlternative: z.boolean(),
  }),
  training: z.object({
    validityDays: days.max(3650),
  }),
  allowedClassifications: z.array(labelledSchema).min(1),
  authorizedPurposes: z.array(labelledSchema).min(1),
  hits: z.object({
    /** Whether a hit must be validated (e.g. through CLETS) before a stop. */
    validationRequiredBeforeStop: z.boolean(),
  }),
  hotLists: z.object({
    generalRefreshHours: z.number().int().min(1).max(24),
    /** An agency-list entry entered without an expiry inactivates itself after this many days. */
    entryExpiryDays: z.number().int().min(1).max(365).default(30),
  }),
  security: z.object({
    maxFailedLogins: z.number().int().min(1).max(20),
    idleLockMinutes: z.number().int().min(1).max(120),
    minPasswordLength: z.number().int().min(8).max(128),
  }),
});
export type PolicyProfile = z.infer<typeof policyProfileSchema>;

/** Validates a profile read from disk or edited by an administrator; the message names the field. */
export function parsePolicyProfile(input: unknown): PolicyProfile {
  return policyProfileSchema.parse(input);
}
