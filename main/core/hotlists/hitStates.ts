/**
 * The verification states of a hit, as Alameda's policy names them, and the one rule for moving between them:
 * Alert (not visually verified) → Tentative hit (a person compared the image with the entry) → Validated (a
 * live query of the source — CLETS / NCIC — shows the entry still active) → Confirmed (the entering agency
 * confirmed), or Rejected with a reason at any step; every hit closes with a disposition. No state is skipped.
 * Pure: the workstation and the reference agency server check transitions with the same function.
 */

export const HIT_STATES = ['alert', 'tentative', 'validated', 'confirmed', 'rejected'] as const;
export type HitState = (typeof HIT_STATES)[number];

export const HIT_STATE_LABELS: Record<HitState, string> = {
  alert: 'Alert',
  tentative: 'Tentative hit',
  validated: 'Validated',
  confirmed: 'Confirmed',
  rejected: 'Rejected',
};

/** What each state means, in the policy's words. */
export const HIT_STATE_MEANING: Record<HitState, string> = {
  alert: 'Not visually verified: an alert alone is no basis for action.',
  tentative: 'Visually verified against the image, not yet validated by a live query.',
  validated: 'A live query shows the entry active; not yet confirmed by the entering agency.',
  confirmed: 'Confirmed valid and active by the entering agency.',
  rejected: 'Not a hit: rejected with a reason.',
};

export const REJECT_REASONS = [
  'misread',
  'wrong_state',
  'descriptors_differ',
  'entry_inactive',
  'list_stale',
  'duplicate',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const REJECT_REASON_LABELS: Record<RejectReason, string> = {
  misread: 'Misread: the plate characters differ from the image',
  wrong_state: 'Wrong state of issue',
  descriptors_differ: 'Vehicle descriptors differ from the entry',
  entry_inactive: 'Entry no longer active at the source',
  list_stale: 'The list was stale when the alert was raised',
  duplicate: 'Duplicate of another hit',
};

export const DISPOSITIONS = [
  'no_action',
  'not_located',
  'stop_made',
  'citation',
  'arrest',
  'vehicle_recovered',
  'other',
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export const DISPOSITION_LABELS: Record<Disposition, string> = {
  no_action: 'No action',
  not_located: 'Vehicle not located',
  stop_made: 'Stop made',
  citation: 'Stop made, citation issued',
  arrest: 'Arrest',
  vehicle_recovered: 'Vehicle recovered',
  other: 'Other (see the note)',
};

export const HIT_ACTIONS = ['verify', 'validate', 'confirm', 'reject', 'close'] as const;
export type HitAction = (typeof HIT_ACTIONS)[number];

export const HIT_ACTION_LABELS: Record<HitAction, string> = {
  verify: 'Visually verified',
  validate: 'Validated by live query',
  confirm: 'Confirmed by the entering agency',
  reject: 'Reject',
  close: 'Close with a disposition',
};

/** The one forward step from each open state (rejection is possible from every open state but Rejected). */
const FORWARD: Partial<Record<HitState, HitAction>> = {
  alert: 'verify',
  tentative: 'validate',
  validated: 'confirm',
  confirmed: 'close',
  rejected: 'close',
};

const TARGET: Record<Exclude<HitAction, 'close'>, HitState> = {
  verify: 'tentative',
  validate: 'validated',
  confirm: 'confirmed',
  reject: 'rejected',
};

/** A person's side-by-side comparison of the image with the entry, as they recorded it. */
export type Comparison = {
  /** The plate characters on the image against the entry's. */
  characters: 'match' | 'differ';
  /** The state of issue on the image against the entry's (unreadable: the image does not show it). */
  state: 'match' | 'differ' | 'unreadable';
};

/** What a person did, saw and recorded with one transition. */
export type TransitionRequest = {
  action: HitAction;
  /** The state the person saw the hit in: another workstation may have moved it since. */
  from: HitState;
  compared?: Comparison;
  reason?: RejectReason;
  note?: string;
  /** Required to move past Tentative when the descriptors differ. */
  justification?: string;
  /** validate: the live query's transaction reference, when it ran, and whether the entry is still active. */
  reference?: string;
  referenceAt?: string;
  entryActive?: boolean;
  /** confirm: who at the entering agency confirmed, and how. */
  confirmedBy?: string;
  confirmedHow?: string;
  disposition?: Disposition;
};

/** The hit as the rule needs it. */
export type HitForTransition = {
  status: HitState;
  closedAt: string | null;
  /** When the hit was raised (epoch ms): a live query cannot predate it. */
  at: number;
  /** The descriptor comparison of the detection with the entry. */
  descriptors: 'agree' | 'differ' | 'unknown';
  /** A justification for differing descriptors is already on the hit's trail. */
  justified: boolean;
};

export type TransitionVerdict =
  { ok: true; to: HitState; closes: boolean } | { ok: false; code: 'CONFLICT' | 'INVALID_ARGUMENT'; message: string };

const MIN_JUSTIFICATION = 15;

/** The next action a person is expected to take on a hit in this state (the detail's primary button). */
export function nextAction(status: HitState, closedAt: string | null): HitAction | null {
  return closedAt ? null : (FORWARD[status] ?? null);
}

/** The actions open on a hit in this state, the forward step first. */
export function openActions(status: HitState, closedAt: string | null): HitAction[] {
  if (closedAt) return [];
  const forward = FORWARD[status];
  const out: HitAction[] = forward ? [forward] : [];
  if (status !== 'rejected' && status !== 'confirmed') out.push('reject');
  return out;
}

/**
 * Whether `req` may move `hit`, and to which state. Refusals name what to do instead, in the words of the
 * policy: no state is skipped, a differing vehicle needs a typed justification to go past Tentative, a live
 * query that shows the entry inactive is a rejection, not a validation.
 */
export function checkTransition(hit: HitForTransition, req: TransitionRequest, now: number): TransitionVerdict {
  const refuse = (message: string): TransitionVerdict => ({ ok: false, code: 'INVALID_ARGUMENT', message });
  if (hit.closedAt)
    return { ok: false, code: 'CONFLICT', message: 'This hit is closed: nothing more can be recorded on it.' };
  if (req.from !== hit.status)
    return {
      ok: false,
      code: 'CONFLICT',
      message: `This hit is no longer ${article(req.from)} but ${article(hit.status)}: look at it again before you act.`,
    };
  const label = HIT_STATE_LABELS[hit.status];
  const forward = FORWARD[hit.status];
  if (req.action === 'reject') {
    if (hit.status === 'rejected') return refuse('This hit is already rejected; close it with a disposition.');
    if (hit.status === 'confirmed')
      return refuse('A confirmed hit is not rejected: close it with its disposition (the stop made, or no action).');
    if (!req.reason) return refuse('Choose why the hit is rejected.');
    if (req.reason === 'duplicate' && !req.note?.trim()) return refuse('Name the hit this one duplicates in the note.');
    return { ok: true, to: 'rejected', closes: false };
  }
  if (req.action !== forward) {
    if (req.action === 'close')
      return refuse(
        `${label} is not the end of verification: a hit closes only once it is confirmed or rejected. No state is skipped.`,
      );
    return refuse(
      `No state is skipped: this hit is ${article(hit.status)}, so the next step is “${HIT_ACTION_LABELS[forward!]}”, not “${HIT_ACTION_LABELS[req.action]}”.`,
    );
  }
  switch (req.action) {
    case 'verify': {
      const c = req.compared;
      if (!c) return refuse('Record what you compared: the plate characters and the state of issue on the image.');
      if (c.characters === 'differ')
        return refuse('The characters on the image differ from the entry: reject the hit as a misread instead.');
      if (c.state === 'differ')
        return refuse('The state of issue on the image differs from the entry: reject the hit (wrong state) instead.');
      return { ok: true, to: 'tentative', closes: false };
    }
    case 'validate': {
      const why = pastTentative(hit, req);
      if (why) return refuse(why);
      if (!req.reference?.trim() || req.reference.trim().length < 3)
        return refuse('Enter the live query’s transaction reference (e.g. the CLETS message number).');
      const at = req.referenceAt ? Date.parse(req.referenceAt) : NaN;
      if (Number.isNaN(at)) return refuse('Enter when the live query ran.');
      if (at > now + 5 * 60_000) return refuse('The live query cannot have run in the future.');
      if (at < hit.at - 60_000) return refuse('The live query ran before the alert: it cannot validate this hit.');
      if (req.entryActive !== true)
        return refuse(
          'A live query that does not show the entry active does not validate the hit: reject it (entry no longer active).',
        );
      return { ok: true, to: 'validated', closes: false };
    }
    case 'confirm': {
      const why = pastTentative(hit, req);
      if (why) return refuse(why);
      if (!req.confirmedBy?.trim() || req.confirmedBy.trim().length < 3)
        return refuse('Name who at the entering agency confirmed the entry.');
      if (!req.confirmedHow?.trim() || req.confirmedHow.trim().length < 3)
        return refuse('Say how the entering agency confirmed it (phone, teletype, message).');
      return { ok: true, to: 'confirmed', closes: false };
    }
    case 'close': {
      if (!req.disposition) return refuse('Choose the disposition the hit closes with.');
      if (hit.status === 'rejected' && req.disposition !== 'no_action' && req.disposition !== 'other')
        return refuse('A rejected hit closes with no action taken on it.');
      if (req.disposition === 'other' && !req.note?.trim()) return refuse('Describe the disposition in the note.');
      return { ok: true, to: hit.status, closes: true };
    }
  }
  return refuse('Unknown action.');
}

/** A hit whose descriptors differ goes past Tentative only with a typed justification (once, on its trail). */
function pastTentative(hit: HitForTransition, req: TransitionRequest): string | null {
  if (hit.descriptors !== 'differ' || hit.justified) return null;
  const j = req.justification?.trim() ?? '';
  if (j.length >= MIN_JUSTIFICATION) return null;
  return `The vehicle on the image differs from the entry’s description: a hit like this one (Green v. City and County of San Francisco) goes past Tentative only with a typed justification of at least ${MIN_JUSTIFICATION} characters.`;
}

export function targetOf(action: HitAction, from: HitState): HitState {
  return action === 'close' ? from : TARGET[action];
}

function article(s: HitState): string {
  const label = HIT_STATE_LABELS[s];
  return /^[AEIOU]/.test(label) ? `an ${label}` : `${s === 'tentative' ? 'a ' : ''}${label}`;
}
