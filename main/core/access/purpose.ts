import { ruleSource, type NumberKind, type PolicyProfile } from './policy';

/**
 * The purpose gate's rule for what counts as a purpose a reviewer can tie to an incident later:
 * a case/incident/call/warrant number, or a description specific enough to find the incident without one.
 */
export type PurposeDraft = {
  numberKind: NumberKind | null;
  number: string | null;
  purposeId: string;
  description: string;
};

/** A purpose as the access log and the screens name it: its number, the profile's label and the reason. */
export type PurposeDescription = PurposeDraft & { id: number; purposeLabel: string };

/**
 * The purpose an audit of ALPR use opens (docs/audits.md): not one of the policy's inquiry purposes, so it never
 * unlocks a search; it carries the audit's number and period.
 */
export const AUDIT_PURPOSE = { id: 'audit_of_use', label: 'Audit of ALPR use' } as const;

/** The profile's label for a purpose (the id itself when the profile no longer lists it). */
export function describePurpose(
  profile: Pick<PolicyProfile, 'purposes'> | null,
  p: PurposeDraft & { id: number },
): PurposeDescription {
  const purposeLabel =
    p.purposeId === AUDIT_PURPOSE.id
      ? AUDIT_PURPOSE.label
      : (profile?.purposes.find((a) => a.id === p.purposeId)?.label ?? p.purposeId);
  return {
    id: p.id,
    numberKind: p.numberKind,
    number: p.number,
    purposeId: p.purposeId,
    purposeLabel,
    description: p.description,
  };
}

const NUMBER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9\-/.:#]{2,39}$/;
const MIN_DESCRIPTION = 10;
const MIN_DESCRIPTION_WITHOUT_NUMBER = 40;

/** Words that say nothing about which incident: a description made only of these is refused. */
const GENERIC_WORDS = new Set(
  'a an and the of for to in on at with by from investigation investigate investigating case cases crime crimes police query queries search searching check checking lookup look up follow followup follow-up work working research info information data general routine alpr lpr plate plates vehicle vehicles car cars suspect suspects lead leads review patrol ongoing misc other stuff test'.split(
    ' ',
  ),
);

export type PurposeCheck = { ok: true; draft: PurposeDraft } | { ok: false; reason: string };

/** The profile's rules a purpose is checked against: its purposes and what an inquiry must carry. */
export type PurposeRules = Pick<PolicyProfile, 'purposes' | 'inquiry'>;

/** "case or incident", "case, call or warrant". */
export function numberKindsText(kinds: readonly NumberKind[]): string {
  return kinds.length === 1 ? kinds[0]! : `${kinds.slice(0, -1).join(', ')} or ${kinds[kinds.length - 1]}`;
}

export function checkPurpose(input: PurposeDraft, rules: PurposeRules): PurposeCheck {
  if (!rules.purposes.some((p) => p.id === input.purposeId)) {
    return { ok: false, reason: 'Choose one of the authorized purposes of your agency’s ALPR policy.' };
  }
  const reason = checkReason(input, rules);
  if (!reason.ok) return { ok: false, reason: reason.reason };
  return { ok: true, draft: { ...reason.reason, purposeId: input.purposeId } };
}

/** Why a reason cannot be tied to an incident, as a kind a screening can count. */
export type ReasonProblem = 'no_number' | 'number_kind' | 'number_invalid' | 'too_short' | 'generic' | 'undescribed';

export type ReasonCheck =
  { ok: true; reason: Omit<PurposeDraft, 'purposeId'> } | { ok: false; problem: ReasonProblem; reason: string };

/**
 * The purpose gate's judgement of the number and the words alone: whether a reviewer could tie them to an
 * incident later. The gate applies it before a search; the audit screening applies it afterwards to logs that
 * did not pass through the gate (an older profile, a vendor's portal).
 */
export function checkReason(
  input: Omit<PurposeDraft, 'purposeId'>,
  rules: Pick<PolicyProfile, 'inquiry'>,
): ReasonCheck {
  const number = input.number?.trim() || null;
  const description = input.description.trim().replace(/\s+/g, ' ');
  const kinds = numberKindsText(rules.inquiry.numberKinds);
  const fail = (problem: ReasonProblem, reason: string): ReasonCheck => ({ ok: false, problem, reason });
  if (number === null && rules.inquiry.numberRequired) {
    return fail(
      'no_number',
      `${ruleSource(rules.inquiry.cite)} requires the ${kinds} number with every inquiry, and the reason. Enter the number.`,
    );
  }
  if (number !== null) {
    if (input.numberKind === null) return fail('number_kind', `Say whether the number is a ${kinds} number.`);
    if (!rules.inquiry.numberKinds.includes(input.numberKind)) {
      return fail(
        'number_kind',
        `${ruleSource(rules.inquiry.cite)} names ${kinds} numbers for an inquiry, not ${input.numberKind} numbers. Enter the ${kinds} number it relates to.`,
      );
    }
    if (!NUMBER_PATTERN.test(number)) {
      return fail('number_invalid', `A ${kinds} number is 3–40 letters, digits and - / . : #.`);
    }
  }
  if (description.length < MIN_DESCRIPTION) {
    return fail('too_short', `Describe the purpose in at least ${MIN_DESCRIPTION} characters.`);
  }
  if (isGeneric(description)) {
    return fail(
      'generic',
      'The description is too generic for a reviewer to tie to an incident. Say what happened, where and when.',
    );
  }
  if (number === null && description.length < MIN_DESCRIPTION_WITHOUT_NUMBER) {
    return fail(
      'undescribed',
      `Without a ${kinds} number, describe the incident (what, where, when) in at least ${MIN_DESCRIPTION_WITHOUT_NUMBER} characters so a reviewer can identify it later.`,
    );
  }
  return { ok: true, reason: { numberKind: number === null ? null : input.numberKind, number, description } };
}

function isGeneric(description: string): boolean {
  const words = description.toLowerCase().match(/[a-z0-9'-]+/g) ?? [];
  const specific = words.filter((w) => !GENERIC_WORDS.has(w));
  return specific.length < 2;
}
