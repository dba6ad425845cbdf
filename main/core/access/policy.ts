import { z } from 'zod';
import { isIsoDay, periodDayRange, type Period } from '../shared/calendar';

/**
 * A policy profile is the agency's ALPR policy held as data: the app reads limits from here rather than
 * branching on the agency. Profiles for the agencies in shared/policies ship in resources/policies; the
 * administrator picks one at setup and may adjust it within the law's bounds (every change is audited).
 *
 * Every value carries its citation (docs/policy-profiles.md): the policy section that states it (with the
 * words, where they fit), the law that imposes it, the product's stricter default where the policy is silent,
 * or the administrator's own setting. A profile with a value and no citation does not load.
 */

const text = (max: number) => z.string().trim().min(2).max(max);
const id = z
  .string()
  .regex(/^[a-z0-9_]+$/, 'ids are lower-case words joined by underscores')
  .max(64);

const MISSING_CITATION =
  'Every value needs its citation: the policy section that states it, the law that imposes it, or a note that it is the product’s default.';

/** Where a value comes from. */
export const citationSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('policy'),
      /** The section as the policy numbers it: "462.5", "462.6(e)", "426.4(f)(4)", or a heading ("Recommendation"). */
      section: z.string().trim().min(1).max(80),
      /** The policy's own words (a verbatim excerpt of that section). */
      quote: z.string().trim().min(3).max(600).optional(),
      note: z.string().trim().max(1200).optional(),
    }),
    z.strictObject({
      kind: z.literal('law'),
      /** The statute or official reading, e.g. "Gov. Code § 7284.6" or "Cal. DOJ Information Bulletin 2023-DLE-06". */
      law: text(300),
      note: z.string().trim().max(1200).optional(),
    }),
    z.strictObject({
      kind: z.literal('default'),
      /** Why the product chose this where the policy says nothing: always the stricter choice. */
      note: z.string().trim().min(10).max(1200),
    }),
    z.strictObject({
      kind: z.literal('agency'),
      /** The administrator changed the shipped value: who, when, and what the citation said before. */
      note: z.string().trim().min(10).max(2000),
    }),
  ],
  { error: (issue) => (issue.input === undefined ? MISSING_CITATION : undefined) },
);
export type Citation = z.infer<typeof citationSchema>;

/** A citation as a sentence names it: "§ 462.6(e)", "Gov. Code § 7284.6", "the product's default". */
export function citationText(c: Citation): string {
  switch (c.kind) {
    case 'policy':
      return /^\d/.test(c.section) ? `§ ${c.section}` : c.section;
    case 'law':
      return c.law;
    case 'default':
      return 'the product’s default';
    case 'agency':
      return 'the administrator’s setting';
  }
}

/** Who says so, to open a sentence: "Your agency’s policy (§ 462.6(e))", "Gov. Code § 7284.6", … */
export function ruleSource(c: Citation): string {
  switch (c.kind) {
    case 'policy':
      return `Your agency’s policy (${citationText(c)})`;
    case 'law':
      return c.law;
    case 'default':
      return 'This workstation’s policy profile';
    case 'agency':
      return 'Your agency’s settings';
  }
}

/** An object with its citation: `cited({ inquiries: ... })` → `{ inquiries, cite }`. */
function cited<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject({ ...shape, cite: citationSchema });
}

export const periodSchema = z
  .strictObject({
    years: z.number().int().min(0).max(100).optional(),
    months: z.number().int().min(0).max(1200).optional(),
    days: z.number().int().min(0).max(36_500).optional(),
  })
  .refine((p) => (p.years ?? 0) + (p.months ?? 0) + (p.days ?? 0) > 0, {
    error: 'A period is at least one day, month or year.',
  });

export const labelledSchema = z.strictObject({ id, label: text(200) });
export type Labelled = z.infer<typeof labelledSchema>;
const citedLabelled = labelledSchema.extend({ cite: citationSchema });

// ——— Retention ———

export const DATA_KINDS = ['detection', 'image', 'hit', 'audit_log'] as const;
export type DataKind = (typeof DATA_KINDS)[number];
/** Camera kinds as the cameras feed names them (core/sync/protocol.ts). */
export const CAMERA_KINDS = ['fixed', 'mobile'] as const;
export type CameraKind = (typeof CAMERA_KINDS)[number];
/** Programs whose reads a policy keeps apart (Berkeley's parking enforcement, BPD AO #001-2016). */
export const PROGRAMS = ['parking_enforcement'] as const;

const minimumSchema = z.union([periodSchema, z.literal('indefinitely')]);
const purgeOnDaySchema = z.strictObject({
  /** Purged on this day, counting the capture day as day 1 (San Leandro 418.5: "purged on the 366th day"). */
  purgeOnDay: z.number().int().min(1).max(36_500),
});
const maximumSchema = z.union([periodSchema, purgeOnDaySchema]);

export const retentionRuleSchema = z
  .strictObject({
    data: z.enum(DATA_KINDS),
    /** Only records from cameras of this kind; absent = every camera. */
    cameras: z.enum(CAMERA_KINDS).optional(),
    /** Only reads of this program; absent = every program. */
    program: z.enum(PROGRAMS).optional(),
    /** false: this data is not stored at all (Berkeley: "Images of reads are not stored on the server"). */
    stored: z.boolean(),
    /** Keep at least this long (not purged before it ends); 'indefinitely' = never purged; null = no minimum. */
    minimum: minimumSchema.nullable(),
    /** Purged when this period ends, or on the named day; null = no maximum stated. */
    maximum: maximumSchema.nullable(),
    cite: citationSchema,
  })
  .superRefine((r, ctx) => {
    if (!r.stored && (r.minimum !== null || r.maximum !== null)) {
      ctx.addIssue({ code: 'custom', path: ['stored'], message: 'Data that is not stored has no minimum or maximum.' });
    }
    if (r.minimum === 'indefinitely' && r.maximum !== null) {
      ctx.addIssue({ code: 'custom', path: ['maximum'], message: 'Data kept indefinitely has no maximum.' });
    }
    if (r.minimum !== null && r.minimum !== 'indefinitely' && r.maximum !== null) {
      const shortestMin = periodDayRange(r.minimum).shortest;
      const longestMax = 'purgeOnDay' in r.maximum ? r.maximum.purgeOnDay - 1 : periodDayRange(r.maximum).longest;
      if (shortestMin > longestMax) {
        ctx.addIssue({ code: 'custom', path: ['maximum'], message: 'The maximum is shorter than the minimum.' });
      }
    }
  });
export type RetentionRule = z.infer<typeof retentionRuleSchema>;

// ——— Audits ———

const cadenceSchema = cited({
  /** In order; each phase but the last lasts `forMonths` (Alameda: every 6 months for two years, then annually). */
  phases: z
    .array(
      z.strictObject({
        everyMonths: z.number().int().min(1).max(24),
        forMonths: z.number().int().min(1).max(240).optional(),
      }),
    )
    .min(1)
    .max(6),
  /** When the first phase began (e.g. the system's implementation); null until recorded — the first phase applies. */
  startsOn: z.string().refine(isIsoDay, { error: 'A date (YYYY-MM-DD).' }).nullable(),
}).superRefine((c, ctx) => {
  c.phases.forEach((p, i) => {
    const last = i === c.phases.length - 1;
    if (last !== (p.forMonths === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['phases', i, 'forMonths'],
        message: last ? 'The last phase runs on: it has no length.' : 'Every phase but the last has a length.',
      });
    }
  });
});

// ——— Sharing ———

/** Recipient classes as the policy texts name them. */
export const RECIPIENT_CLASSES = [
  /** "other law enforcement or prosecutorial agencies" (eight of the texts). */
  'law_enforcement_or_prosecutorial_agency',
  /** "California state or local agencies, including law enforcement agencies" (Daly City 457.7; Civil Code § 1798.90.5). */
  'california_public_agency',
  /** "any government entity with an authorized law enforcement or public safety purpose" (Hayward 429.5(d)). */
  'government_entity_public_safety',
  /** "prosecutors or others only as permitted by law" (Alameda 462.3(d)). */
  'prosecutor',
] as const;
export type RecipientClass = (typeof RECIPIENT_CLASSES)[number];

// ——— Queries ———

export const NUMBER_KINDS = ['case', 'incident', 'call', 'warrant'] as const;
export type NumberKind = (typeof NUMBER_KINDS)[number];

export const DESIGNEE_RECORDS = ['title_and_name', 'title'] as const;

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function uniqueIds(list: readonly { id: string }[], ctx: z.RefinementCtx, path: string): void {
  const seen = new Set<string>();
  list.forEach((x, i) => {
    if (seen.has(x.id))
      ctx.addIssue({ code: 'custom', path: [path, i, 'id'], message: `The id “${x.id}” is listed twice.` });
    seen.add(x.id);
  });
}

export const PROFILE_SCHEMA_VERSION = 2;

export const policyProfileSchema = z
  .strictObject({
    schemaVersion: z.literal(PROFILE_SCHEMA_VERSION),
    id: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .max(64),
    agencyName: text(200),
    /** IANA time zone of the agency: training dates and retention periods are its local days. */
    timeZone: z
      .string()
      .min(3)
      .max(64)
      .refine(isTimeZone, { error: 'Not a time zone name (e.g. America/Los_Angeles).' })
      .default('America/Los_Angeles'),
    /** Where the facts come from: the policy's title and number. */
    source: text(300),
    /** The ALPR Administrator as the policy titles the position, and what the policy asks to be kept of the designee. */
    administrator: cited({ title: text(200) }),
    designee: cited({ record: z.enum(DESIGNEE_RECORDS) }),
    retention: z.array(retentionRuleSchema).min(1).max(24),
    audit: z.strictObject({
      cadence: cadenceSchema,
      /** At least this many detection browsing inquiries drawn at random per audit. */
      sample: cited({ inquiries: z.number().int().min(1).max(1000) }),
      /** How far back the sample reaches; null = the whole interval since the previous audit. */
      lookback: cited({ months: z.number().int().min(1).max(24).nullable() }),
      conductedBy: cited({ who: text(300) }),
      /** Who receives the audit (a memorandum); null where the policy names nobody. */
      reportedTo: cited({ who: text(300).nullable() }),
      /** An audit by someone outside the department, e.g. Los Altos 462.6(g). */
      outside: cited({ everyMonths: z.number().int().min(1).max(60), by: text(300) }).nullable(),
    }),
    /** Where data errors are reported for correction, and whether that is outside the department. */
    corrections: cited({ reportTo: text(300), upstream: z.boolean() }),
    sharing: z.strictObject({
      recipients: cited({ classes: z.array(z.enum(RECIPIENT_CLASSES)).min(1).max(RECIPIENT_CLASSES.length) }),
      /** Where the law reads narrower than the text: only California state or local agencies (SB 34 as the AG reads it). */
      lawLimit: cited({ californiaPublicAgenciesOnly: z.boolean() }).nullable(),
      immigrationEnforcement: cited({ prohibited: z.boolean() }),
      /** Data leaves California only on an exigent circumstance or a court order (Daly City 457.6(g)). */
      outOfState: cited({ only: z.literal('exigency_or_court_order') }).nullable(),
      writtenRequest: cited({ required: z.boolean(), keptOnFile: z.boolean() }),
      /** A signed participating-agency agreement (or MOU) may stand in for a written request. */
      agreement: cited({ allowed: z.boolean() }),
      /** A signed sharing agreement in force must be on file before anything is released (Piedmont 438.6, LA Port 462.7(a)); absent = not required. */
      agreementRequired: cited({ required: z.boolean() }).optional(),
      approver: cited({ who: text(300) }),
      /** How requests from anyone else are handled (the records-release process). */
      otherRequests: cited({ process: text(300) }),
    }),
    /** What every purpose must carry (the reason is always required: Civil Code § 1798.90.52(a)(4)). */
    inquiry: cited({
      /** The number kinds the policy names; a number of another kind is refused. */
      numberKinds: z.array(z.enum(NUMBER_KINDS)).min(1).max(NUMBER_KINDS.length),
      /** A number is required: no description-only purposes (Los Altos 462.6(e)). */
      numberRequired: z.boolean(),
    }),
    training: z.strictObject({
      validity: cited({ period: periodSchema }),
      /** Topics a course must cover to count; empty = the policy lists none. */
      topics: cited({ required: z.array(labelledSchema).max(30), curriculum: text(300).nullable() }),
    }),
    classifications: z.array(citedLabelled).min(1).max(40),
    purposes: z.array(citedLabelled).min(1).max(60),
    hits: z.strictObject({ validationBeforeStop: cited({ required: z.boolean() }) }),
    hotLists: z.strictObject({
      generalRefresh: cited({ everyHours: z.number().int().min(1).max(24) }),
      /** An agency-list entry entered without an expiry inactivates itself after this many days. */
      entryExpiry: cited({ days: z.number().int().min(1).max(365) }).default({
        days: 30,
        cite: {
          kind: 'default',
          note: 'No policy sets how long an agency-entered hot-list entry stays active; Canvass inactivates one entered without an expiry after 30 days, so a forgotten entry cannot alert for ever.',
        },
      }),
    }),
    security: cited({
      maxFailedLogins: z.number().int().min(1).max(20),
      idleLockMinutes: z.number().int().min(1).max(120),
      minPasswordLength: z.number().int().min(8).max(128),
    }),
    /** Conflicts inside the text and how the profile resolves them; product choices worth a word. */
    notes: z
      .array(z.strictObject({ topic: text(120), text: text(2000), cites: z.array(citationSchema).min(1) }))
      .max(20),
  })
  .superRefine((p, ctx) => {
    uniqueIds(p.classifications, ctx, 'classifications');
    uniqueIds(p.purposes, ctx, 'purposes');
    uniqueIds(p.training.topics.required, ctx, 'training');
    const scopes = new Set<string>();
    p.retention.forEach((r, i) => {
      const key = `${r.data}/${r.cameras ?? '*'}/${r.program ?? '*'}`;
      if (scopes.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['retention', i], message: `Two retention rules for ${key}.` });
      }
      scopes.add(key);
    });
    for (const kind of DATA_KINDS) {
      if (!scopes.has(`${kind}/*/*`)) {
        ctx.addIssue({
          code: 'custom',
          path: ['retention'],
          message: `No retention rule for every ${kind} (without a scope).`,
        });
      }
    }
  });
export type PolicyProfile = z.infer<typeof policyProfileSchema>;

/** Validates a profile read from disk or edited by an administrator; the message names the field. */
export function parsePolicyProfile(input: unknown): PolicyProfile {
  return policyProfileSchema.parse(input);
}

/** The first problem of a profile that does not parse, as a person reads it: "retention.0.cite: …". */
export function profileProblem(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.join('.') || 'the profile'}: ${issue.message}`;
}

/**
 * The law's bounds on any profile, shipped or edited: what an administrator may not set whatever the text
 * says. Returns the first breach, with the law, or null.
 */
export function lawBreach(p: PolicyProfile): string | null {
  if (!p.sharing.immigrationEnforcement.prohibited) {
    return 'California law forbids sharing ALPR data for immigration enforcement (Gov. Code § 7284.6, the California Values Act): the prohibition cannot be turned off.';
  }
  if (p.sharing.lawLimit && !p.sharing.lawLimit.californiaPublicAgenciesOnly) {
    return 'Civil Code § 1798.90.55(b) lets a public agency share ALPR data only with another public agency, which § 1798.90.5(f) limits to California state and local agencies: the limit cannot be turned off.';
  }
  const log = p.retention.find((r) => r.data === 'audit_log' && !r.cameras && !r.program)!;
  const twoYears = periodDayRange({ years: 2 }).shortest;
  if (
    !log.stored ||
    log.minimum === null ||
    (log.minimum !== 'indefinitely' && periodDayRange(log.minimum).shortest < twoYears)
  ) {
    return 'The access log is a record of the department: it is kept at least two years (Gov. Code § 34090) and cannot be set shorter.';
  }
  for (const r of p.retention.filter((x) => x.data === 'audit_log')) {
    if (r.maximum !== null) {
      return 'The access log is never purged automatically: its destruction follows the records retention schedule, not a timer. Leave its maximum empty.';
    }
  }
  return null;
}

export type { Period };
