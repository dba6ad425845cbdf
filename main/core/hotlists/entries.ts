/**
 * Hot-list entries the agency makes itself: what an entry must hold (policy: the plate, the entering member, the
 * related case number and a short synopsis), the checks on what a person typed, and who may approve what —
 * a new entry goes live only after the ALPR administrator approves it, a later update after the entering
 * member's supervisor does, and removal needs a reason. Pure: the workstation and the reference agency server
 * apply the same rules.
 */
import { isPlateState } from '../plates/states';
import { BODY_TYPES, COLORS } from '../plates/vehicle';
import { addDays } from '../access/training';

export const ENTRY_STATUSES = ['pending', 'active', 'refused', 'removed'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export const ENTRY_STATUS_LABELS: Record<EntryStatus, string> = {
  pending: 'Awaiting approval',
  active: 'Active',
  refused: 'Refused',
  removed: 'Removed',
};

/** What a person types for an entry (or an update of one). */
export type EntryFields = {
  plate: string;
  state: string;
  make: string | null;
  model: string | null;
  color: string | null;
  body: string | null;
  reason: string;
  caseNumber: string;
  synopsis: string;
  /** Agency-local YYYY-MM-DD; null takes the policy's default (auto-inactivation after N days). */
  expiresOn: string | null;
};

/** The fields once checked: the expiry resolved (the policy's default when none was typed). */
export type CheckedEntryFields = Omit<EntryFields, 'expiresOn'> & { expiresOn: string };

export type EntryRefusal = { field: keyof EntryFields; message: string };

export type EntryRules = {
  /** The agency's local date. */
  today: string;
  /** Days after which an entry inactivates itself unless an expiry is given (policy profile). */
  defaultExpiryDays: number;
};

const PLATE_CHAR = /^[A-Z0-9]$/;

/** A plate as typed ("7abc 123", "7ABC-123") in the form lists hold it, or why it cannot be one. */
export function normalizeEntryPlate(input: string): { ok: true; plate: string } | { ok: false; message: string } {
  const plate = input.toUpperCase().replace(/[\s-]/g, '');
  if (plate === '') return { ok: false, message: 'Enter the plate.' };
  const wild = [...plate].find((c) => c === '*' || c === '?' || c === '[' || c === ']');
  if (wild)
    return {
      ok: false,
      message: `A hot-list entry names one whole plate; “${wild}” is a search wildcard. Search for a partial plate instead, and enter it once it is known.`,
    };
  const bad = [...plate].find((c) => !PLATE_CHAR.test(c));
  if (bad)
    return {
      ok: false,
      message: `“${bad}” is not a character any state issues on a plate: plates carry the letters A–Z and the digits 0–9.`,
    };
  if (plate.length < 2 || plate.length > 8)
    return { ok: false, message: `A plate has 2 to 8 characters; “${plate}” has ${plate.length}.` };
  return { ok: true, plate };
}

function text(value: string | null | undefined): string {
  return (value ?? '').trim();
}

/** Checks and normalizes what a person typed; the first problem is named with its field. */
export function checkEntryFields(
  input: EntryFields,
  rules: EntryRules,
): { ok: true; fields: CheckedEntryFields } | { ok: false; refusal: EntryRefusal } {
  const refuse = (field: keyof EntryFields, message: string) => ({ ok: false as const, refusal: { field, message } });
  const plate = normalizeEntryPlate(input.plate);
  if (!plate.ok) return refuse('plate', plate.message);
  const state = text(input.state).toUpperCase();
  if (!isPlateState(state))
    return refuse(
      'state',
      state === ''
        ? 'Enter the state of issue (two letters, e.g. CA).'
        : `“${state}” is not a state of issue: use the two-letter postal code (CA, NV, DC, PR, …).`,
    );
  const color = text(input.color).toLowerCase() || null;
  if (color && !(COLORS as readonly string[]).includes(color))
    return refuse('color', `“${input.color}” is not a colour Canvass records: ${COLORS.join(', ')}.`);
  const body = text(input.body).toLowerCase() || null;
  if (body && !(BODY_TYPES as readonly string[]).includes(body))
    return refuse('body', `“${input.body}” is not a body type Canvass records: ${BODY_TYPES.join(', ')}.`);
  const reason = text(input.reason);
  if (reason.length < 3) return refuse('reason', 'Say why the vehicle is wanted (at least 3 characters).');
  if (reason.length > 200) return refuse('reason', 'The reason is at most 200 characters.');
  const caseNumber = text(input.caseNumber);
  if (caseNumber.length < 2) return refuse('caseNumber', 'Enter the related case number: the policy requires it.');
  if (caseNumber.length > 40) return refuse('caseNumber', 'A case number is at most 40 characters.');
  const synopsis = text(input.synopsis);
  if (synopsis.length < 10)
    return refuse('synopsis', 'Write a short synopsis of the originating call (at least 10 characters).');
  if (synopsis.length > 1000) return refuse('synopsis', 'The synopsis is at most 1,000 characters.');
  const expiresOn = input.expiresOn ? text(input.expiresOn) : addDays(rules.today, rules.defaultExpiryDays);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(expiresOn)) return refuse('expiresOn', 'An expiry is a date (YYYY-MM-DD).');
  if (expiresOn < rules.today)
    return refuse(
      'expiresOn',
      `The expiry ${expiresOn} is in the past (today is ${rules.today}): choose a later date.`,
    );
  return {
    ok: true,
    fields: {
      plate: plate.plate,
      state,
      make: text(input.make) || null,
      model: text(input.model) || null,
      color,
      body,
      reason,
      caseNumber,
      synopsis,
      expiresOn,
    },
  };
}

/** An entry past its expiry is inactive, whatever its status says. */
export function isExpired(expiresOn: string | null, today: string): boolean {
  return expiresOn !== null && expiresOn < today;
}

/** Whether an entry raises hits today: approved, not removed, not expired. */
export function isLive(status: EntryStatus, expiresOn: string | null, today: string): boolean {
  return status === 'active' && !isExpired(expiresOn, today);
}

/** A change awaiting a decision: a new entry (the administrator's) or an update (the entering member's supervisor's). */
export type ChangeKind = 'create' | 'update';

export type Approver = { username: string; roles: readonly string[] };

/**
 * Who may approve a change, or why this person may not. `enteringMember` is the entry's entering member (for a
 * new entry, the requester), `supervisorOf` their supervisor's username (null when none is on record).
 */
export function approvalRefusal(
  change: { kind: ChangeKind; requestedBy: string; enteringMember: string },
  approver: Approver,
  supervisorOfEnteringMember: string | null,
): string | null {
  if (change.kind === 'create') {
    if (!approver.roles.includes('administrator'))
      return 'A new hot-list entry is approved by the ALPR administrator before it goes live.';
    if (approver.username === change.requestedBy)
      return 'You entered this entry: another ALPR administrator approves it (nobody approves their own entry).';
    return null;
  }
  if (supervisorOfEnteringMember === null)
    return `${change.enteringMember} has no supervisor on record, so nobody can approve updates of their entries: an administrator records the supervisor (Users & training).`;
  if (approver.username !== supervisorOfEnteringMember)
    return `An update of this entry is approved by ${supervisorOfEnteringMember}, the entering member’s supervisor.`;
  if (approver.username === change.requestedBy)
    return 'You proposed this update yourself: it is approved by the entering member’s supervisor, not by you.';
  return null;
}

/** Who may remove an entry (with a reason): its entering member, their supervisor, or an ALPR administrator. */
export function removalRefusal(
  entry: { enteringMember: string | null; general: boolean },
  who: Approver,
  supervisorOfEnteringMember: string | null,
  reason: string,
): string | null {
  if (entry.general)
    return 'General lists come from their source (CA DOJ, NCIC, DMV) and are replaced at each refresh: an entry is removed there.';
  if (reason.trim().length < 5) return 'Say why the entry is removed (at least 5 characters).';
  if (who.roles.includes('administrator')) return null;
  if (entry.enteringMember !== null && who.username === entry.enteringMember) return null;
  if (supervisorOfEnteringMember !== null && who.username === supervisorOfEnteringMember) return null;
  return 'An entry is removed by its entering member, their supervisor or an ALPR administrator.';
}
