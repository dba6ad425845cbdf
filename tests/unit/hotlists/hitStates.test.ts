import { describe, expect, it } from 'vitest';
import {
  checkTransition,
  nextAction,
  openActions,
  type HitForTransition,
  type TransitionRequest,
} from '../../../main/core/hotlists/hitStates';

const NOW = Date.parse('2026-11-22T18:00:00Z');
const hit = (patch: Partial<HitForTransition> = {}): HitForTransition => ({
  status: 'alert',
  closedAt: null,
  at: NOW - 3_600_000,
  descriptors: 'agree',
  justified: false,
  ...patch,
});
const verify: TransitionRequest = {
  action: 'verify',
  from: 'alert',
  compared: { characters: 'match', state: 'match' },
};
const validate: TransitionRequest = {
  action: 'validate',
  from: 'tentative',
  reference: 'CLETS 2611-0457',
  referenceAt: new Date(NOW - 60_000).toISOString(),
  entryActive: true,
};
const confirm: TransitionRequest = {
  action: 'confirm',
  from: 'validated',
  confirmedBy: 'CA DOJ SVS desk',
  confirmedHow: 'Teletype',
};

function refusal(h: HitForTransition, r: TransitionRequest): string {
  const v = checkTransition(h, r, NOW);
  if (v.ok) throw new Error(`accepted ${r.action} from ${h.status}`);
  return v.message;
}

describe('the four verification states of Alameda’s policy', () => {
  it('walks Alert → Tentative → Validated → Confirmed, then closes with a disposition', () => {
    expect(checkTransition(hit(), verify, NOW)).toEqual({ ok: true, to: 'tentative', closes: false });
    expect(checkTransition(hit({ status: 'tentative' }), validate, NOW)).toEqual({
      ok: true,
      to: 'validated',
      closes: false,
    });
    expect(checkTransition(hit({ status: 'validated' }), confirm, NOW)).toEqual({
      ok: true,
      to: 'confirmed',
      closes: false,
    });
    expect(
      checkTransition(hit({ status: 'confirmed' }), { action: 'close', from: 'confirmed', disposition: 'arrest' }, NOW),
    ).toEqual({ ok: true, to: 'confirmed', closes: true });
  });

  it('skips no state', () => {
    expect(refusal(hit(), { ...validate, from: 'alert' })).toMatch(/No state is skipped.*“Visually verified”/);
    expect(refusal(hit(), { ...confirm, from: 'alert' })).toMatch(/No state is skipped/);
    expect(refusal(hit({ status: 'tentative' }), { ...confirm, from: 'tentative' })).toMatch(/No state is skipped/);
    expect(refusal(hit(), { action: 'close', from: 'alert', disposition: 'arrest' })).toMatch(
      /closes only once it is confirmed or rejected/,
    );
  });

  it('rejects from any open state with a reason, and a rejected hit closes with no action', () => {
    for (const status of ['alert', 'tentative', 'validated'] as const)
      expect(
        checkTransition(hit({ status }), { action: 'reject', from: status, reason: 'misread' }, NOW),
      ).toMatchObject({
        ok: true,
        to: 'rejected',
      });
    expect(refusal(hit(), { action: 'reject', from: 'alert' })).toMatch(/Choose why/);
    expect(refusal(hit(), { action: 'reject', from: 'alert', reason: 'duplicate' })).toMatch(/Name the hit/);
    expect(refusal(hit({ status: 'confirmed' }), { action: 'reject', from: 'confirmed', reason: 'misread' })).toMatch(
      /close it with its disposition/,
    );
    expect(refusal(hit({ status: 'rejected' }), { action: 'close', from: 'rejected', disposition: 'arrest' })).toMatch(
      /no action/,
    );
    expect(
      checkTransition(hit({ status: 'rejected' }), { action: 'close', from: 'rejected', disposition: 'no_action' }, NOW)
        .ok,
    ).toBe(true);
  });

  it('sends a person who saw different characters or state to a rejection, not a Tentative hit', () => {
    expect(refusal(hit(), { ...verify, compared: { characters: 'differ', state: 'match' } })).toMatch(/misread/);
    expect(refusal(hit(), { ...verify, compared: { characters: 'match', state: 'differ' } })).toMatch(/wrong state/);
    expect(checkTransition(hit(), { ...verify, compared: { characters: 'match', state: 'unreadable' } }, NOW).ok).toBe(
      true,
    );
    expect(refusal(hit(), { action: 'verify', from: 'alert' })).toMatch(/Record what you compared/);
  });

  it('validates only with a live query that shows the entry active, after the alert and not in the future', () => {
    const t = hit({ status: 'tentative' });
    expect(refusal(t, { ...validate, reference: ' ' })).toMatch(/transaction reference/);
    expect(refusal(t, { ...validate, entryActive: false })).toMatch(/reject it \(entry no longer active\)/);
    expect(refusal(t, { ...validate, referenceAt: new Date(NOW + 3_600_000).toISOString() })).toMatch(/future/);
    expect(refusal(t, { ...validate, referenceAt: new Date(NOW - 5 * 3_600_000).toISOString() })).toMatch(
      /before the alert/,
    );
  });

  it('takes a hit whose descriptors differ past Tentative only with a typed justification', () => {
    const differs = hit({ status: 'tentative', descriptors: 'differ' });
    expect(refusal(differs, validate)).toMatch(/Green v\. City and County of San Francisco/);
    expect(refusal(differs, { ...validate, justification: 'looks fine' })).toMatch(/at least 15 characters/);
    expect(
      checkTransition(differs, { ...validate, justification: 'Entry lists the pre-repaint colour; VIN checked' }, NOW)
        .ok,
    ).toBe(true);
    // Once on the trail, the justification carries through Confirmed.
    expect(checkTransition(hit({ status: 'validated', descriptors: 'differ', justified: true }), confirm, NOW).ok).toBe(
      true,
    );
    expect(refusal(hit({ status: 'validated', descriptors: 'differ' }), confirm)).toMatch(/justification/);
  });

  it('refuses a move from a state the hit is no longer in, and anything on a closed hit', () => {
    expect(checkTransition(hit({ status: 'tentative' }), verify, NOW)).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      message: expect.stringMatching(/no longer an Alert but a Tentative hit/),
    });
    expect(checkTransition(hit({ closedAt: '2026-11-22T17:00:00Z' }), verify, NOW)).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    });
  });

  it('offers the forward step as the next action, rejection beside it', () => {
    expect(nextAction('alert', null)).toBe('verify');
    expect(nextAction('validated', null)).toBe('confirm');
    expect(nextAction('rejected', null)).toBe('close');
    expect(nextAction('confirmed', '2026-11-22T17:00:00Z')).toBeNull();
    expect(openActions('tentative', null)).toEqual(['validate', 'reject']);
    expect(openActions('confirmed', null)).toEqual(['close']);
    expect(openActions('alert', '2026-11-22T17:00:00Z')).toEqual([]);
  });
});
