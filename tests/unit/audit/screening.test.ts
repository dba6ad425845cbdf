import { describe, expect, it } from 'vitest';
import {
  screen,
  screenInquiry,
  splitReason,
  type Inquiry,
  type ScreeningAccount,
  type ScreeningRules,
} from '../../../main/core/audit/screening';
import { shippedProfile } from '../../support/profiles';
import type { PolicyProfile } from '../../../main/core/access/policy';

function rulesOf(p: PolicyProfile): ScreeningRules {
  return {
    inquiry: p.inquiry,
    purposes: p.purposes,
    timeZone: p.timeZone,
    training: { validity: p.training.validity.period, requiredTopics: p.training.topics.required },
  };
}
const vallejo = rulesOf(shippedProfile('vallejo-pd'));
const losAltos = rulesOf(shippedProfile('los-altos-pd'));

const trained: ScreeningAccount = {
  username: 'jdoe',
  disabledAt: null,
  courses: [{ completedOn: '2026-01-10', topics: vallejo.training.requiredTopics.map((t) => t.id) }],
};
const accounts = new Map([['jdoe', trained]]);

let seq = 0;
function canvass(number: string | null, description: string, over: Partial<Inquiry> = {}): Inquiry {
  seq++;
  return {
    key: `ws-1#${seq}`,
    source: 'canvass',
    workstation: 'ws-1',
    seq,
    at: '2026-06-02T18:00:00.000Z',
    username: 'jdoe',
    action: 'detections.search',
    purpose: {
      numberKind: number ? 'case' : null,
      number,
      purposeId: 'stolen_wanted_vehicle',
      description,
      freeText: false,
    },
    plates: ['7ABC123'],
    windowHours: 48,
    bounded: true,
    networks: 1,
    resultCount: 3,
    ...over,
  };
}
/** A vendor's reason: one free-text cell. */
function imported(reason: string, over: Partial<Inquiry> = {}): Inquiry {
  return canvass(null, '', {
    source: 'imported',
    purpose: { numberKind: null, number: null, purposeId: null, description: reason, freeText: true },
    ...over,
  });
}
const kinds = (q: Inquiry, rules = vallejo) => screenInquiry(q, rules, accounts).map((f) => f.kind);

describe('screening: a reason a reviewer cannot tie to an incident', () => {
  // The reasons audits of vendors' logs found in large shares of searches.
  it.each([
    'investigation',
    'inv',
    'bolo',
    'Investigation',
    'INV.',
    'inv ',
    'BOLO',
    'investigation - inv',
    'suspect vehicle',
    'follow up',
    'check plate',
    'routine patrol check',
    'LPR search',
    'info',
    'misc',
    'n/a',
    'test',
    '.',
    '-',
    'x',
  ])('flags the vendor reason “%s”', (reason) => {
    expect(kinds(imported(reason))).toContain('untied_reason');
  });

  it.each(['', '   ', '\t'])('flags a blank reason %j', (reason) => {
    const f = screenInquiry(imported(reason), vallejo, accounts);
    expect(f.map((x) => x.kind)).toContain('untied_reason');
  });

  it('flags an inquiry with no purpose at all, saying none was recorded', () => {
    const f = screenInquiry(canvass(null, '', { purpose: null }), vallejo, accounts);
    expect(f).toContainEqual({ kind: 'untied_reason', reason: 'No reason recorded.' });
  });

  it('does not flag “26-004512 shooting Hillsdale/El Camino, gray Civic”', () => {
    expect(kinds(imported('26-004512 shooting Hillsdale/El Camino, gray Civic'))).toEqual([]);
    expect(kinds(imported('26-004512 shooting Hillsdale/El Camino, gray Civic'), losAltos)).toEqual([]);
  });

  it.each([
    '26-004512 shooting Hillsdale/El Camino, gray Civic',
    'Case 26-011873 armed robbery 7-Eleven Sonoma Blvd, white Tacoma',
    'AMBER alert 26-000931 abducted child, silver Odyssey last seen Tennessee St',
    'Homicide 2026-00417 Lemon St, dark sedan fleeing north',
    'CR26-7781 residential burglary Glen Cove, van seen by neighbour',
    'stolen vehicle 26-002211 red Honda Accord taken from Safeway lot',
  ])('does not flag the specific reason “%s”', (reason) => {
    expect(kinds(imported(reason), losAltos)).toEqual([]);
  });

  it.each([
    ['investigation 26-004512', 'a number but words that say nothing'],
    ['26-004512', 'a number and no words'],
    ['26-004512 inv', 'a number and an abbreviation'],
    ['bolo 26-004512', 'a number and a bolo'],
  ])('flags “%s” (%s)', (reason) => {
    expect(kinds(imported(reason), losAltos)).toContain('untied_reason');
  });

  it('flags a reason without a number where the policy requires one (Los Altos 462.6(e)) and says so', () => {
    const f = screenInquiry(
      imported('armed robbery at the Safeway on El Camino, white Tacoma seen leaving'),
      losAltos,
      accounts,
    );
    expect(f[0]!.kind).toBe('untied_reason');
    expect(f[0]!.reason).toMatch(/462\.6\(e\).*number/);
  });

  it('accepts a long enough description without a number where the policy allows it (Vallejo: number and/or reason)', () => {
    expect(kinds(imported('armed robbery at the Safeway on Sonoma Blvd, white Tacoma seen leaving at 2130'))).toEqual(
      [],
    );
  });

  it('flags a short numberless description where the policy allows one, asking for what/where/when', () => {
    const f = screenInquiry(imported('robbery Safeway'), vallejo, accounts);
    expect(f[0]!.reason).toMatch(/what, where, when/);
  });

  it('flags a Canvass purpose whose number is malformed', () => {
    expect(kinds(canvass('!!', 'shooting at Hillsdale and El Camino, gray Civic'))).toContain('untied_reason');
  });

  it('does not flag a Canvass purpose with its number apart', () => {
    expect(kinds(canvass('26-004512', 'shooting Hillsdale/El Camino, gray Civic'))).toEqual([]);
  });
});

describe('screening: the policy, the user, the breadth', () => {
  it('flags a purpose outside the policy’s list', () => {
    const q = canvass('26-004512', 'shooting Hillsdale/El Camino, gray Civic');
    q.purpose!.purposeId = 'curiosity';
    expect(kinds(q)).toEqual(['purpose_not_listed']);
  });

  it.each([
    'ICE request 26-0042 locate subject',
    'assist immigration 26-004512 locate vehicle',
    'Deportation case 26-004512 silver Camry',
    'CBP detainer 26-004512 white van',
    'protest at city hall 26-004512 vehicles present',
    'Rally on Georgia St 26-004512 attendees',
    'demonstration 26-004512 Marin St plates',
    'undocumented 26-004512 workers van',
    'border patrol assist 26-004512 pickup',
  ])('flags the immigration or protected-activity words in “%s”', (reason) => {
    expect(kinds(imported(reason))).toContain('sensitive_words');
  });

  it.each(['police', 'justice center', 'Price St', 'practice', 'March 3 burglary', 'device theft'])(
    'does not take “%s” for a sensitive word',
    (word) => {
      expect(kinds(imported(`26-004512 burglary ${word} gray Civic`))).not.toContain('sensitive_words');
    },
  );

  it('flags a user whose training had lapsed at the time of the inquiry', () => {
    const q = canvass('26-004512', 'shooting Hillsdale/El Camino, gray Civic', { at: '2027-03-01T18:00:00.000Z' });
    const f = screenInquiry(q, vallejo, accounts);
    expect(f.map((x) => x.kind)).toEqual(['untrained']);
    expect(f[0]!.reason).toMatch(/2027-03-01.*2026-01-10/);
  });

  it('flags an unknown account and a disabled one', () => {
    expect(kinds(canvass('26-004512', 'shooting Hillsdale/El Camino, gray Civic', { username: 'ghost' }))).toEqual([
      'account',
    ]);
    const disabled = new Map([['jdoe', { ...trained, disabledAt: '2026-05-01T00:00:00.000Z' }]]);
    const f = screenInquiry(canvass('26-004512', 'shooting Hillsdale/El Camino, gray Civic'), vallejo, disabled);
    expect(f.map((x) => x.kind)).toEqual(['account']);
    // 00:00 UTC on 1 May is the evening of 30 April in Vallejo: the reason names the agency's day.
    expect(f[0]!.reason).toBe('The account was disabled on 2026-04-30.');
  });

  it('does not flag a vendor export’s user for being unknown to Canvass', () => {
    expect(
      kinds(imported('26-004512 shooting Hillsdale/El Camino, gray Civic', { username: 'someone@agency.gov' })),
    ).toEqual([]);
  });

  it.each<[string, Partial<Inquiry>, RegExp]>([
    ['no plate and no area', { plates: [], bounded: false }, /whole agency/],
    ['a long window', { windowHours: 24 * 90 }, /90-day window/],
    ['many plates', { plates: Array.from({ length: 40 }, (_, i) => `P${i}`) }, /40 plates/],
    ['several networks', { networks: 1200 }, /1200 networks/],
    ['no window and no plate', { plates: [], windowHours: null }, /no time window/],
  ])('flags a search far broader than its purpose: %s', (_what, over, reason) => {
    const f = screenInquiry(canvass('26-004512', 'shooting Hillsdale/El Camino, gray Civic', over), vallejo, accounts);
    expect(f.map((x) => x.kind)).toEqual(['broad']);
    expect(f[0]!.reason).toMatch(reason);
  });
});

describe('screening a period', () => {
  it('flags the same plate searched under unrelated purposes, counts by kind and user, and puts the most flagged first', () => {
    const qs = [
      canvass('26-000001', 'shooting Hillsdale/El Camino, gray Civic', { plates: ['8XYZ999'] }),
      canvass('26-000002', 'robbery at Safeway, Sonoma Blvd, white Tacoma', { plates: ['8XYZ999'] }),
      canvass('26-000003', 'burglary on Glen Cove Parkway, blue van', { plates: ['8XYZ999'] }),
      canvass('26-000001', 'shooting Hillsdale/El Camino, gray Civic', { plates: ['5AAA111'] }),
      canvass('26-000001', 'shooting Hillsdale/El Camino, gray Civic', { plates: ['5AAA111'] }),
      canvass(null, 'bolo', { username: 'ghost', plates: ['5AAA111'] }),
    ];
    const r = screen(qs, vallejo, accounts);
    expect(r.population).toBe(6);
    expect(r.byKind.repeated_plate).toBe(3);
    expect(r.byKind.untied_reason).toBe(1);
    expect(r.byKind.account).toBe(1);
    expect(r.flagged[0]!.inquiry.username).toBe('ghost');
    expect(r.byUser).toEqual([
      { username: 'jdoe', inquiries: 5, flagged: 3 },
      { username: 'ghost', inquiries: 1, flagged: 1 },
    ]);
  });
});

describe('the number inside a vendor’s reason', () => {
  it.each([
    ['26-004512 shooting Hillsdale/El Camino, gray Civic', '26-004512'],
    ['shooting (26-004512) Hillsdale', '26-004512'],
    ['CR26-7781 burglary', 'CR26-7781'],
    ['Case #2026-00417 homicide', '#2026-00417'],
    ['bolo 7-11 robbery', null],
    ['investigation', null],
  ])('finds in “%s” the number %j', (text, number) => {
    expect(splitReason(text).number).toBe(number);
  });
});
