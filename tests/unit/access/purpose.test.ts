import { describe, expect, it } from 'vitest';
import { checkPurpose, type PurposeDraft, type PurposeRules } from '../../../main/core/access/purpose';
import { shippedProfile } from '../../support/profiles';

/** A policy silent on what an inquiry carries: the product's default (any of the four numbers, or a description). */
const AUTHORIZED: PurposeRules = {
  purposes: ['stolen_wanted_vehicle', 'missing_person', 'warrant', 'criminal_investigation', 'canvass_major_crime'].map(
    (id) => ({ id, label: id, cite: { kind: 'default', note: 'A test policy’s purposes.' } }),
  ),
  inquiry: shippedProfile('modesto-pd').inquiry,
};

function draft(overrides: Partial<PurposeDraft> = {}): PurposeDraft {
  return {
    numberKind: 'case',
    number: '26-004512',
    purposeId: 'canvass_major_crime',
    description: 'Shooting at El Camino Real and San Antonio Rd on 2026-11-21; canvass for the suspect vehicle',
    ...overrides,
  };
}

function reason(input: PurposeDraft): string {
  const r = checkPurpose(input, AUTHORIZED);
  if (r.ok) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  return r.reason;
}

describe('the purpose a reviewer can tie to an incident', () => {
  it('accepts a case number, an authorized purpose and a description of what happened', () => {
    expect(checkPurpose(draft(), AUTHORIZED)).toEqual({ ok: true, draft: draft() });
  });

  it('accepts incident, call and warrant numbers in the formats agencies use', () => {
    for (const [numberKind, number] of [
      ['incident', 'LA-2026-118842'],
      ['call', '261122-0457'],
      ['warrant', 'SCW-A1/2026.114'],
      ['case', '26:000451#2'],
    ] as const) {
      expect(checkPurpose(draft({ numberKind, number }), AUTHORIZED).ok, `${numberKind} ${number}`).toBe(true);
    }
  });

  it('keeps what a reviewer needs: the number trimmed, the description on one line, no kind without a number', () => {
    const r = checkPurpose(
      draft({ number: '  26-004512 ', description: '  Shooting at   El Camino Real\n on 2026-11-21 ' }),
      AUTHORIZED,
    );
    expect(r).toEqual({ ok: true, draft: { ...draft(), description: 'Shooting at El Camino Real on 2026-11-21' } });
    const withoutNumber = checkPurpose(
      draft({
        numberKind: 'case',
        number: '   ',
        description: 'AMBER alert: 6-year-old taken from Grant Park, Los Altos, at 15:10 in a blue minivan',
      }),
      AUTHORIZED,
    );
    expect(withoutNumber.ok && withoutNumber.draft).toMatchObject({ numberKind: null, number: null });
  });

  it('refuses a purpose the agency’s policy does not authorize', () => {
    expect(reason(draft({ purposeId: 'immigration_enforcement' }))).toBe(
      'Choose one of the authorized purposes of your agency’s ALPR policy.',
    );
  });

  it('refuses a number that is not a case, incident, call or warrant number', () => {
    for (const number of ['12', 'x'.repeat(41), '-26-0045', '26 004512', '26_004512', "26-0045'; DROP"]) {
      expect(reason(draft({ number })), number).toMatch(/3–40 letters, digits and - \/ \. : #/);
    }
  });

  it('asks what kind of number it is', () => {
    expect(reason(draft({ numberKind: null }))).toMatch(/case, incident, call or warrant number/);
  });

  it('refuses a numberless purpose where the policy requires the number (Los Altos 462.6(e))', () => {
    const losAltos = shippedProfile('los-altos-pd');
    const numberless = draft({
      numberKind: null,
      number: null,
      description: 'Burglary at 220 Main Street, Los Altos, 2026-11-21 about 02:10; a grey van seen leaving',
    });
    const r = checkPurpose(numberless, losAltos);
    expect(r).toEqual({
      ok: false,
      reason:
        'Your agency’s policy (§ 462.6(e)) requires the case or incident number with every inquiry, and the reason. Enter the number.',
    });
    // The same purpose is accepted where the policy lets a description stand in (Daly City 457.6(d)).
    expect(checkPurpose(numberless, shippedProfile('daly-city-pd')).ok).toBe(true);
    // With its case number Los Altos accepts it.
    expect(checkPurpose({ ...numberless, numberKind: 'case', number: '26-004512' }, losAltos).ok).toBe(true);
  });

  it('accepts only the number kinds the policy names', () => {
    const vallejo = shippedProfile('vallejo-pd'); // 426.5(e): case or incident number
    const call = checkPurpose(
      draft({ numberKind: 'call', number: '261122-0457', purposeId: 'criminal_investigation' }),
      vallejo,
    );
    expect(call.ok ? null : call.reason).toBe(
      'Your agency’s policy (§ 426.5(e)) names case or incident numbers for an inquiry, not call numbers. Enter the case or incident number it relates to.',
    );
    expect(
      checkPurpose(
        draft({ numberKind: 'incident', number: 'VPD-26-0451', purposeId: 'criminal_investigation' }),
        vallejo,
      ).ok,
    ).toBe(true);
    const dalyCity = shippedProfile('daly-city-pd'); // 457.6(d): case, call or warrant number
    expect(checkPurpose(draft({ numberKind: 'incident', number: 'DC-26-1180' }), dalyCity).ok).toBe(false);
    expect(checkPurpose(draft({ numberKind: 'call', number: 'DC-26-1180' }), dalyCity).ok).toBe(true);
  });

  it('refuses generic descriptions, with or without a number', () => {
    for (const description of [
      'investigation',
      'Investigation of a case',
      'general follow up on vehicle',
      'Routine check of plates for the suspect',
      'ALPR lookup — ongoing criminal investigation',
    ]) {
      expect(reason(draft({ description })), description).toMatch(/too generic for a reviewer to tie to an incident/);
    }
  });

  it('refuses a description too short to mean anything', () => {
    expect(reason(draft({ description: 'theft' }))).toBe('Describe the purpose in at least 10 characters.');
  });

  it('without a number, asks for enough of what, where and when to find the incident later', () => {
    const short = reason(draft({ numberKind: null, number: null, description: 'Burglary on Main Street' }));
    expect(short).toMatch(
      /Without a case, incident, call or warrant number, describe the incident \(what, where, when\) in at least 40 characters/,
    );
    expect(
      checkPurpose(
        draft({
          numberKind: null,
          number: null,
          description: 'Burglary at 220 Main Street, Los Altos, 2026-11-21 about 02:10',
        }),
        AUTHORIZED,
      ).ok,
    ).toBe(true);
  });
});
