import { checkReason } from '../access/purpose';
import type { NumberKind, PolicyProfile } from '../access/policy';
import { localDate, trainingStatus, type TrainingCourse, type TrainingRule } from '../access/training';

/**
 * Screening an audit's whole period before the sample is drawn (docs/audits.md): every browsing inquiry is
 * checked against the rules a reviewer would apply, and each flag says why. The log may come from this
 * workstation, from the agency-wide feed or from a vendor's export; they all arrive here as `Inquiry`.
 */

/** One browsing inquiry as an audit sees it, whatever log it came from. */
export type Inquiry = {
  /** Stable across redraws: `<workstation>#<seq>` for Canvass logs, `<file sha256 prefix>#<line>` for imports. */
  key: string;
  source: 'canvass' | 'imported';
  workstation: string;
  seq: number;
  /** ISO-8601 UTC. */
  at: string;
  username: string | null;
  action: string;
  /**
   * The purpose as logged. Canvass logs carry the number apart from the reason; a vendor's export has one
   * free-text reason (`number` null, `freeText` true) and the number is looked for inside it.
   */
  purpose: {
    numberKind: string | null;
    number: string | null;
    purposeId: string | null;
    description: string;
    freeText: boolean;
  } | null;
  /** Plates or patterns searched (empty for an area or description search). */
  plates: string[];
  /** Length of the time window searched, in hours; null when the search had none (all retained data). */
  windowHours: number | null;
  /** Whether the search was limited to an area or named cameras (false: the whole agency, or several networks). */
  bounded: boolean;
  /** Networks searched (vendors' exports; 1 for Canvass: the agency's own). */
  networks: number;
  resultCount: number | null;
};

export const FLAG_KINDS = [
  'untied_reason',
  'purpose_not_listed',
  'untrained',
  'broad',
  'repeated_plate',
  'sensitive_words',
  'account',
] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

export const FLAG_LABELS: Record<FlagKind, string> = {
  untied_reason: 'Reason not tied to an incident',
  purpose_not_listed: 'Purpose outside the policy',
  untrained: 'User without current training',
  broad: 'Search broader than its purpose',
  repeated_plate: 'Same plate, unrelated purposes',
  sensitive_words: 'Immigration or protected activity',
  account: 'Account disabled or unknown',
};

export type Flag = { kind: FlagKind; reason: string };

/** What screening knows about the people in the log. */
export type ScreeningAccount = {
  username: string;
  /** ISO time the account was disabled, or null. */
  disabledAt: string | null;
  courses: readonly TrainingCourse[];
};

/** How broad is too broad: the product's defaults (no policy sets them), named so the memo can state them. */
export const BREADTH = {
  /** A window longer than this, for one purpose, is looked at. */
  windowHours: 24 * 31,
  /** More plates than this in one inquiry. */
  plates: 25,
  /** Repeated: the same plate searched under this many different purposes (the first search under each is flagged). */
  repeatPurposes: 3,
} as const;

/**
 * Words that point at immigration enforcement (Gov. Code § 7284.6; the policies' sharing limits) or at activity the
 * First Amendment protects. Matched as whole words; a flag only asks the reviewer to look.
 */
const SENSITIVE = [
  'immigration',
  'immigrant',
  'immigrants',
  'ice',
  'cbp',
  'hsi',
  'ero',
  'deport',
  'deportation',
  'deportable',
  'undocumented',
  'illegal alien',
  'illegal aliens',
  'border patrol',
  'customs and border',
  'visa overstay',
  'protest',
  'protests',
  'protester',
  'protesters',
  'protestor',
  'rally',
  'rallies',
  'demonstration',
  'demonstrators',
  'demonstrator',
  'picket',
  'picketing',
  'vigil',
  'activist',
  'activists',
  'abortion',
  'reproductive',
  'first amendment',
];
const SENSITIVE_PATTERN = new RegExp(`\\b(${SENSITIVE.map((w) => w.replace(/ /g, '\\s+')).join('|')})\\b`, 'i');

/** A case/incident number inside a free-text reason: a token with at least four digits, e.g. `26-004512`, `CR2026-118`. */
const NUMBER_IN_TEXT = /(?:^|[\s,;(])([A-Za-z]{0,4}[-#]?\d[\d\-/.:]*\d)(?=$|[\s,;)])/;

/** Splits a free-text reason into the number it carries and the rest. */
export function splitReason(text: string): { number: string | null; description: string } {
  const m = NUMBER_IN_TEXT.exec(text);
  if (!m || (m[1]!.match(/\d/g) ?? []).length < 4) return { number: null, description: text.trim() };
  const description = (text.slice(0, m.index) + ' ' + text.slice(m.index + m[0].length)).replace(/\s+/g, ' ').trim();
  return { number: m[1]!, description };
}

export type ScreeningRules = Pick<PolicyProfile, 'inquiry' | 'purposes' | 'timeZone'> & {
  training: TrainingRule;
};

export type ScreenedInquiry = { inquiry: Inquiry; flags: Flag[] };

export type ScreeningResult = {
  population: number;
  flagged: ScreenedInquiry[];
  byKind: Record<FlagKind, number>;
  byUser: { username: string; inquiries: number; flagged: number }[];
};

/**
 * What screening remembers across inquiries: most of a period's searches share a few purposes and a few people,
 * so the purpose's flags are judged once per distinct purpose and training once per person per quarter hour (every
 * time zone's day starts on a quarter hour, so the bucket never straddles two local days).
 */
export type ScreeningMemo = { purposes: Map<string, Flag[]>; training: Map<string, Flag | null> };

export function screeningMemo(): ScreeningMemo {
  return { purposes: new Map(), training: new Map() };
}

/** Flags for one inquiry that need only the inquiry itself and the rules (the repeated-plate flag needs the period). */
export function screenInquiry(
  q: Inquiry,
  rules: ScreeningRules,
  accounts: ReadonlyMap<string, ScreeningAccount>,
  memo: ScreeningMemo = screeningMemo(),
): Flag[] {
  const p = q.purpose;
  let flags: Flag[];
  if (p === null || p.description.trim() === '') {
    flags = [{ kind: 'untied_reason', reason: 'No reason recorded.' }];
  } else {
    const key = `${p.freeText ? 1 : 0}\u0000${p.numberKind}\u0000${p.number}\u0000${p.purposeId}\u0000${p.description}`;
    let known = memo.purposes.get(key);
    if (known === undefined) {
      known = purposeFlags(p, rules);
      memo.purposes.set(key, known);
    }
    flags = [...known];
  }
  const account = q.username === null ? undefined : accounts.get(q.username.toLowerCase());
  if (q.username === null || account === undefined) {
    if (q.source === 'canvass') {
      flags.push({ kind: 'account', reason: `No account “${q.username ?? '(none)'}” is known to the agency.` });
    }
  } else {
    if (account.disabledAt !== null && account.disabledAt <= q.at) {
      flags.push({
        kind: 'account',
        reason: `The account was disabled on ${localDate(new Date(account.disabledAt), rules.timeZone)}.`,
      });
    }
    const bucket = `${account.username}\u0000${q.at.slice(0, 14)}${Math.floor(Number(q.at.slice(14, 16)) / 15)}`;
    let training = memo.training.get(bucket);
    if (training === undefined) {
      training = trainingFlag(account, q.at, rules);
      memo.training.set(bucket, training);
    }
    if (training) flags.push(training);
  }
  const broad = breadth(q);
  if (broad) flags.push({ kind: 'broad', reason: broad });
  return flags;
}

function trainingFlag(account: ScreeningAccount, at: string, rules: ScreeningRules): Flag | null {
  const status = trainingStatus(account.courses, rules.training, new Date(at), rules.timeZone);
  if (status.current) return null;
  return {
    kind: 'untrained',
    reason: status.lastCompletedOn
      ? `Training was not current on ${localDate(new Date(at), rules.timeZone)} (last course ${status.lastCompletedOn}).`
      : 'No training is recorded for this user.',
  };
}

/** The flags a purpose earns on its own: its reason, its place in the policy's list, its words. */
function purposeFlags(p: NonNullable<Inquiry['purpose']>, rules: ScreeningRules): Flag[] {
  const flags: Flag[] = [];
  const f = reasonFlag(p, rules);
  if (f) flags.push(f);
  if (!p.freeText && p.purposeId !== null && !rules.purposes.some((x) => x.id === p.purposeId)) {
    flags.push({ kind: 'purpose_not_listed', reason: `“${p.purposeId}” is not one of the policy’s purposes.` });
  }
  const sensitive = SENSITIVE_PATTERN.exec(`${p.number ?? ''} ${p.description}`);
  if (sensitive) {
    flags.push({
      kind: 'sensitive_words',
      reason: `The reason says “${sensitive[1]}”: immigration enforcement or protected activity.`,
    });
  }
  return flags;
}

function reasonFlag(p: NonNullable<Inquiry['purpose']>, rules: ScreeningRules): Flag | null {
  let number = p.number;
  let description = p.description;
  let numberKind = p.numberKind as NumberKind | null;
  if (p.freeText) {
    ({ number, description } = splitReason(p.description));
    // A vendor's reason does not say which kind its number is; take it as the first kind the policy names.
    numberKind = number === null ? null : rules.inquiry.numberKinds[0]!;
  }
  const check = checkReason({ numberKind, number, description }, rules);
  return check.ok ? null : { kind: 'untied_reason', reason: check.reason };
}

function breadth(q: Inquiry): string | null {
  const parts: string[] = [];
  if (q.plates.length === 0 && !q.bounded) parts.push('no plate and no area: the whole agency');
  if (q.windowHours === null && q.plates.length === 0) parts.push('no time window');
  else if (q.windowHours !== null && q.windowHours > BREADTH.windowHours)
    parts.push(`a ${Math.round(q.windowHours / 24)}-day window`);
  if (q.plates.length > BREADTH.plates) parts.push(`${q.plates.length} plates`);
  if (q.networks > 1) parts.push(`${q.networks} networks searched`);
  return parts.length ? `Broad search: ${parts.join('; ')}.` : null;
}

/** The purpose as a reviewer would tell two apart: the number if there is one, else the words. */
function purposeIdentity(p: Inquiry['purpose']): string {
  if (p === null) return '';
  if (p.freeText) return (splitReason(p.description).number ?? p.description).toLowerCase();
  return (p.number ?? p.description).toLowerCase();
}

/**
 * What screening learns from one stretch of the log: everything but the repeated-plate flags, which need the whole
 * period. Stretches screened apart (on two threads) and joined in log order give what one pass gives. It crosses
 * threads as it is (a structured clone keeps a representative and its place in `flagged` the same object).
 */
export type ScreeningPart = {
  population: number;
  flagged: ScreenedInquiry[];
  byKind: Record<FlagKind, number>;
  users: Map<string, { inquiries: number; flagged: number }>;
  /**
   * Per plate, the key of the first inquiry under each distinct purpose: what the repeated-plate flag points at.
   * Keys, not inquiries: most plates of a long period have a first inquiry and few are ever repeated, and holding
   * a million inquiries to the end cost more in garbage collection than the screening itself (docs/audits.md).
   */
  byPlate: Map<string, { identities: string[]; reps: string[] }>;
};

/**
 * Gives back, screened, the inquiries of these keys (none of them flagged on its own): the few first inquiries a
 * repeated plate points at, which screening let go of. The service reads them again from their log.
 */
export type RecallInquiries = (keys: readonly string[]) => Iterable<ScreenedInquiry>;

/** Screens one stretch of the period's inquiries, in log order. */
export function screenPart(
  inquiries: Iterable<Inquiry>,
  rules: ScreeningRules,
  accounts: ReadonlyMap<string, ScreeningAccount>,
): ScreeningPart {
  const memo = screeningMemo();
  const flagged: ScreenedInquiry[] = [];
  const byKind = Object.fromEntries(FLAG_KINDS.map((k) => [k, 0])) as Record<FlagKind, number>;
  const users = new Map<string, { inquiries: number; flagged: number }>();
  // Searching a plate again under the same purpose is a related search; only the representatives stay in memory,
  // not the whole period (a million inquiries stream through).
  const byPlate = new Map<string, { identities: string[]; reps: string[] }>();
  let population = 0;
  for (const q of inquiries) {
    population++;
    const s: ScreenedInquiry = { inquiry: q, flags: screenInquiry(q, rules, accounts, memo) };
    const user = q.username ?? '(none)';
    let u = users.get(user);
    if (!u) users.set(user, (u = { inquiries: 0, flagged: 0 }));
    u.inquiries++;
    if (s.flags.length) {
      u.flagged++;
      flagged.push(s);
      for (const kind of new Set(s.flags.map((f) => f.kind))) byKind[kind]++;
    }
    if (q.plates.length === 0) continue;
    const identity = purposeIdentity(q.purpose);
    for (const plate of q.plates) {
      const held = byPlate.get(plate);
      if (held === undefined) byPlate.set(plate, { identities: [identity], reps: [q.key] });
      else if (!held.identities.includes(identity)) {
        held.identities.push(identity);
        held.reps.push(q.key);
      }
    }
  }
  return { population, flagged, byKind, users, byPlate };
}

/** Joins stretches screened apart (given in log order) into the first, as if screened in one pass. */
function joinParts(parts: readonly ScreeningPart[]): ScreeningPart {
  const [first, ...rest] = parts;
  if (!first) throw new Error('screening has no part');
  for (const p of rest) {
    first.population += p.population;
    for (const f of p.flagged) first.flagged.push(f); // not push(...): a stretch may flag more than a call takes
    for (const k of FLAG_KINDS) first.byKind[k] += p.byKind[k];
    for (const [name, u] of p.users) {
      const had = first.users.get(name);
      if (had) {
        had.inquiries += u.inquiries;
        had.flagged += u.flagged;
      } else first.users.set(name, u);
    }
    for (const [plate, held] of p.byPlate) {
      const had = first.byPlate.get(plate);
      if (had === undefined) {
        first.byPlate.set(plate, held);
        continue;
      }
      held.identities.forEach((identity, i) => {
        if (had.identities.includes(identity)) return;
        had.identities.push(identity);
        had.reps.push(held.reps[i]!);
      });
    }
  }
  return first;
}

/**
 * Finishes a screening from its stretches (in log order): the repeated-plate flags, then flagged inquiries most
 * flagged first, then in time order, so the reviewer sees them first.
 */
export function finishScreening(parts: readonly ScreeningPart[], recall: RecallInquiries): ScreeningResult {
  const { population, flagged, byKind, users, byPlate } = joinParts(parts);
  const repeated = [...byPlate].filter(([, held]) => held.identities.length >= BREADTH.repeatPurposes);
  const known = new Map(flagged.map((s) => [s.inquiry.key, s]));
  const missing = [...new Set(repeated.flatMap(([, held]) => held.reps))].filter((key) => !known.has(key));
  for (const s of recall(missing)) known.set(s.inquiry.key, s);
  for (const [plate, held] of repeated) {
    const n = held.identities.length;
    for (const key of held.reps) {
      const s = known.get(key);
      if (s === undefined) throw new Error(`screening could not read inquiry ${key} again`);
      if (s.flags.some((f) => f.kind === 'repeated_plate')) continue;
      if (s.flags.length === 0) {
        flagged.push(s);
        users.get(s.inquiry.username ?? '(none)')!.flagged++;
      }
      s.flags.push({
        kind: 'repeated_plate',
        reason: `${plate} was searched under ${n} different purposes in the period.`,
      });
      byKind.repeated_plate++;
    }
  }
  flagged.sort((a, b) => b.flags.length - a.flags.length || a.inquiry.at.localeCompare(b.inquiry.at));
  return {
    population,
    flagged,
    byKind,
    byUser: [...users]
      .map(([username, u]) => ({ username, ...u }))
      .sort((a, b) => b.flagged - a.flagged || a.username.localeCompare(b.username)),
  };
}

/**
 * Screens a period's inquiries in one pass (see `finishScreening` for the order of the flagged), holding them all in
 * memory: for a set already in hand. A period's log is screened by services/audit/screenPeriod.ts.
 */
export function screen(
  inquiries: Iterable<Inquiry>,
  rules: ScreeningRules,
  accounts: ReadonlyMap<string, ScreeningAccount>,
): ScreeningResult {
  const all = new Map<string, Inquiry>();
  const kept = function* (): Generator<Inquiry> {
    for (const q of inquiries) {
      all.set(q.key, q);
      yield q;
    }
  };
  const part = screenPart(kept(), rules, accounts);
  return finishScreening([part], (keys) =>
    keys.map((key) => {
      const q = all.get(key)!;
      return { inquiry: q, flags: screenInquiry(q, rules, accounts) };
    }),
  );
}
