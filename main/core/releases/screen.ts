/**
 * Screening a release request against the law and the agency's policy profile (docs/releases.md). The answer is
 * a decision record: every rule with its sources (statute, bulletin, policy section), whether it passed and why,
 * and the result — pass, refused, or routed to the public-records process (a requester that is not an agency).
 * Pure and quick: it runs when the request is recorded, again when it is approved, and again at fulfilment (an
 * agreement may have expired in between).
 */
import { citationText, type Citation, type PolicyProfile } from '../access/policy';
import { immigrationSignals } from './immigration';
import { AGENCY_KIND_LABELS, type ReleaseRequestDraft } from './request';

export const RULE_IDS = [
  'immigration_enforcement',
  'public_agency',
  'california',
  'recipient_class',
  'written_request',
  'agreement',
  'certification',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export type ScreenRule = {
  id: RuleId;
  title: string;
  /** Where the rule comes from, as a person cites it. */
  sources: string[];
  /** null: the rule does not apply to this agency's profile. */
  passed: boolean | null;
  reason: string;
};

export type ScreenResult = 'pass' | 'refused' | 'public_records';

export type ScreenDecision = {
  result: ScreenResult;
  /** One sentence: what happens to the request and why. */
  summary: string;
  rules: ScreenRule[];
  /** The agency day the screen was run (an agreement's expiry is compared with it). */
  screenedOn: string;
  profileId: string;
};

const LAW = {
  valuesAct: 'Gov. Code § 7284.6 (California Values Act)',
  publicAgency: 'Civil Code § 1798.90.55(b)',
  definition: 'Civil Code § 1798.90.5(f)',
  bulletin: 'Cal. DOJ Information Bulletin 2023-DLE-06',
} as const;

const cite = (c: Citation) => citationText(c);
const uniq = (xs: string[]) => [...new Set(xs)];
const PUBLIC_KINDS = new Set(['municipal', 'county', 'state']);

export function screenRequest(r: ReleaseRequestDraft, profile: PolicyProfile, today: string): ScreenDecision {
  const s = profile.sharing;
  const a = r.agency;
  const rules: ScreenRule[] = [];

  // 1. Never for immigration enforcement: the purpose, the agency, the person, the certification.
  const signals = immigrationSignals({
    purpose: r.purpose,
    agency: a.name,
    'requester’s title': r.requester.title,
    'requester’s contact': r.requester.contact,
    'requesting person': r.requester.name,
  });
  const immigration = signals.length > 0 || !r.certification.noImmigrationEnforcement;
  rules.push({
    id: 'immigration_enforcement',
    title: 'Never for immigration enforcement',
    sources: uniq([LAW.valuesAct, cite(s.immigrationEnforcement.cite)]),
    passed: !immigration,
    reason: signals.length
      ? `The request names immigration enforcement: ${uniq(signals.map((x) => `“${x.term}” in the ${x.field}`)).join('; ')}. ALPR data is never shared for immigration enforcement, however the request is worded.`
      : !r.certification.noImmigrationEnforcement
        ? 'The recipient did not certify that the data will not be used for, or shared with, immigration enforcement.'
        : 'Nothing in the purpose, the agency or the person names immigration enforcement, and the recipient certified it will not be used for it.',
  });

  // 2. A public agency: a California state or local agency (private requesters go to the public-records process).
  const outOfStateException =
    a.kind === 'out_of_state' &&
    s.outOfState?.only === 'exigency_or_court_order' &&
    (r.legalBasis === 'court_order' || r.legalBasis === 'exigency');
  const isPublic = PUBLIC_KINDS.has(a.kind) || outOfStateException;
  rules.push({
    id: 'public_agency',
    title: 'Shared only with a public agency',
    // The profile's law-limit citation names the statutes already; without one, the statutes themselves.
    sources: s.lawLimit ? [cite(s.lawLimit.cite)] : [LAW.publicAgency, LAW.definition],
    passed: isPublic,
    reason: isPublic
      ? outOfStateException
        ? `${a.name} is a public agency of another state; the profile allows a release outside California on ${r.legalBasis === 'court_order' ? 'a court order' : 'exigent circumstances'} (${cite(s.outOfState!.cite)}).`
        : `${a.name} is a ${AGENCY_KIND_LABELS[a.kind].toLowerCase()}: a public agency.`
      : a.kind === 'private_other'
        ? `${a.name} is not a public agency; its request goes to ${s.otherRequests.process} (${cite(s.otherRequests.cite)}).`
        : `${a.name} is a ${AGENCY_KIND_LABELS[a.kind].toLowerCase()}: not a California state or local agency, which is all a “public agency” is (${LAW.definition}; ${LAW.bulletin}).`,
  });

  // 3. California only, unless the profile allows the exception.
  const inCalifornia = a.state.toUpperCase() === 'CA' && a.kind !== 'federal' && a.kind !== 'out_of_state';
  const californiaOk = inCalifornia || outOfStateException;
  rules.push({
    id: 'california',
    title: 'California agencies only',
    sources: uniq([
      s.lawLimit ? cite(s.lawLimit.cite) : LAW.bulletin,
      ...(s.outOfState ? [cite(s.outOfState.cite)] : []),
    ]),
    passed: californiaOk,
    reason: inCalifornia
      ? `${a.name} is in California.`
      : outOfStateException
        ? `${a.name} is outside California; allowed on ${r.legalBasis === 'court_order' ? 'a court order' : 'exigent circumstances'} by ${cite(s.outOfState!.cite)}.`
        : s.outOfState && a.kind === 'out_of_state'
          ? `${a.name} is outside California; the profile allows that only on exigent circumstances or a court order (${cite(s.outOfState.cite)}), and this request rests on ${r.legalBasis === 'request' ? 'a written request alone' : r.legalBasis}.`
          : `${a.name} is ${a.kind === 'federal' ? 'a federal agency' : `in ${a.state}`}: the Attorney General reads the law to exclude out-of-state and federal agencies (${LAW.bulletin}).`,
  });

  // 4. The recipient classes the policy names.
  const classes = s.recipients.classes;
  const fn = a.function;
  const classOk =
    (classes.includes('law_enforcement_or_prosecutorial_agency') &&
      (fn === 'law_enforcement' || fn === 'prosecution')) ||
    (classes.includes('prosecutor') && fn === 'prosecution') ||
    // Alameda's "or others only as permitted by law": the law's own limit (rules 2–3) decides.
    (classes.includes('prosecutor') && fn !== 'none') ||
    (classes.includes('california_public_agency') && fn !== 'none') ||
    (classes.includes('government_entity_public_safety') && fn !== 'none');
  rules.push({
    id: 'recipient_class',
    title: 'A recipient the policy names',
    sources: [cite(s.recipients.cite)],
    passed: classOk,
    reason: classOk
      ? `${a.name} (${fn.replace('_', ' ')}) is a recipient the policy allows.`
      : `The policy shares only with ${classes.map((c) => c.replace(/_/g, ' ')).join(' or ')}; ${a.name} is recorded as ${fn === 'none' ? 'neither' : fn.replace('_', ' ')}.`,
  });

  // 5. A written request naming the agency, the person and the purpose, kept on file.
  const missing = [
    !r.attachment ? 'the written request itself (attach it)' : null,
    r.requester.name.trim().length < 2 ? 'the requesting person' : null,
    r.purpose.trim().length < 10 ? 'the intended purpose' : null,
  ].filter((x): x is string => x !== null);
  rules.push({
    id: 'written_request',
    title: 'A written request, kept on file',
    sources: [cite(s.writtenRequest.cite)],
    passed: !s.writtenRequest.required || missing.length === 0,
    reason:
      missing.length === 0
        ? `The written request names ${a.name}, ${r.requester.name} and the intended purpose; it is attached (SHA-256 ${r.attachment!.sha256.slice(0, 16)}…) and kept on file.`
        : s.writtenRequest.required
          ? `The policy requires a written request; missing: ${missing.join(', ')}.`
          : `Missing: ${missing.join(', ')} (the policy does not require a written request).`,
  });

  // 6. An agreement on file, where the profile requires one.
  const need = s.agreementRequired?.required ?? false;
  const agreementCurrent = a.agreement.onFile && (a.agreement.expires === null || a.agreement.expires >= today);
  rules.push({
    id: 'agreement',
    title: 'A sharing agreement on file',
    sources: s.agreementRequired ? [cite(s.agreementRequired.cite)] : [cite(s.agreement.cite)],
    passed: need ? agreementCurrent : null,
    reason: !need
      ? `The profile does not require a sharing agreement${a.agreement.onFile ? ' (one is on file)' : ''}.`
      : agreementCurrent
        ? `An agreement with ${a.name} is on file${a.agreement.expires ? `, in force until ${a.agreement.expires}` : ''}.`
        : a.agreement.onFile
          ? `The agreement with ${a.name} expired on ${a.agreement.expires}; the policy requires one in force.`
          : `The policy requires a sharing agreement, and none with ${a.name} is on file.`,
  });

  // 7. The recipient's signed certification.
  const c = r.certification;
  const uncertified = [
    !c.lawEnforcementOnly ? 'use limited to law enforcement' : null,
    !c.noImmigrationEnforcement ? 'no immigration enforcement' : null,
    !c.noOnwardSharing ? 'no onward sharing' : null,
    !(c.retentionDays >= 1) ? 'a retention limit' : null,
    c.signedBy.trim().length < 2 ? 'a signature' : null,
  ].filter((x): x is string => x !== null);
  rules.push({
    id: 'certification',
    title: 'The recipient’s signed certification',
    sources: [
      'the product’s default (every release carries the recipient’s certification)',
      LAW.publicAgency,
      LAW.valuesAct,
    ],
    passed: uncertified.length === 0,
    reason:
      uncertified.length === 0
        ? `Signed by ${c.signedBy} on ${c.signedOn}: law enforcement use only, no immigration enforcement, kept at most ${c.retentionDays} days, no onward sharing.`
        : `The certification lacks ${uncertified.join(', ')}.`,
  });

  const failed = rules.filter((x) => x.passed === false);
  const result: ScreenResult =
    failed.length === 0 ? 'pass' : a.kind === 'private_other' && !immigration ? 'public_records' : 'refused';
  const summary =
    result === 'pass'
      ? `Passes every rule; nothing is released until approved by: ${s.approver.who}.`
      : result === 'public_records'
        ? `${a.name} is not a public agency: ALPR data is not released to it under this policy; the request goes to ${s.otherRequests.process}.`
        : `Refused: ${failed.map((x) => x.title.toLowerCase()).join('; ')}.`;
  return { result, summary, rules, screenedOn: today, profileId: profile.id };
}
