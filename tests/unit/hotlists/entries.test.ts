import { describe, expect, it } from 'vitest';
import { compareDescriptors, describeComparison } from '../../../main/core/hotlists/descriptors';
import {
  approvalRefusal,
  checkEntryFields,
  isLive,
  normalizeEntryPlate,
  removalRefusal,
  type EntryFields,
} from '../../../main/core/hotlists/entries';
import { hitBanners, isStale } from '../../../main/core/hotlists/staleness';

const RULES = { today: '2026-11-22', defaultExpiryDays: 30 };
const fields = (patch: Partial<EntryFields> = {}): EntryFields => ({
  plate: '7abc 123',
  state: 'ca',
  make: 'Ford',
  model: 'Transit',
  color: 'White',
  body: 'van',
  reason: 'Vehicle of interest: burglary series',
  caseNumber: '26-04417',
  synopsis: 'White van seen near two residential burglaries.',
  expiresOn: null,
  ...patch,
});

function refused(patch: Partial<EntryFields>): { field: string; message: string } {
  const r = checkEntryFields(fields(patch), RULES);
  if (r.ok) throw new Error(`accepted ${JSON.stringify(patch)}`);
  return r.refusal;
}

describe('an entry of an agency list', () => {
  it('is normalized as plates are written on lists, with the policy’s expiry when none is given', () => {
    const r = checkEntryFields(fields(), RULES);
    expect(r).toEqual({
      ok: true,
      fields: expect.objectContaining({ plate: '7ABC123', state: 'CA', color: 'white', expiresOn: '2026-12-22' }),
    });
  });

  it('refuses wildcards, characters no state issues, unknown states and an expiry in the past', () => {
    expect(refused({ plate: '7AB*' })).toMatchObject({
      field: 'plate',
      message: expect.stringMatching(/“\*” is a search wildcard/),
    });
    expect(refused({ plate: '7A?C123' }).message).toMatch(/wildcard/);
    expect(refused({ plate: '[8B]KRT21' }).message).toMatch(/wildcard/);
    expect(refused({ plate: '7ABÇ123' }).message).toMatch(/“Ç” is not a character any state issues/);
    expect(refused({ plate: '7AB.123' }).message).toMatch(/“\.”/);
    expect(refused({ plate: '123456789' }).message).toMatch(/2 to 8 characters/);
    expect(refused({ state: 'XX' })).toMatchObject({
      field: 'state',
      message: expect.stringMatching(/“XX” is not a state of issue/),
    });
    expect(refused({ state: '' }).message).toMatch(/Enter the state/);
    expect(refused({ expiresOn: '2026-11-21' })).toMatchObject({
      field: 'expiresOn',
      message: 'The expiry 2026-11-21 is in the past (today is 2026-11-22): choose a later date.',
    });
    expect(checkEntryFields(fields({ expiresOn: '2026-11-22' }), RULES).ok).toBe(true);
    expect(refused({ color: 'teal' }).field).toBe('color');
    expect(refused({ caseNumber: ' ' }).message).toMatch(/case number/);
    expect(refused({ synopsis: 'short' }).message).toMatch(/synopsis/);
    expect(normalizeEntryPlate('7-abc-123')).toEqual({ ok: true, plate: '7ABC123' });
  });

  it('is live only approved, not removed and not expired', () => {
    expect(isLive('active', '2026-11-22', '2026-11-22')).toBe(true);
    expect(isLive('active', '2026-11-21', '2026-11-22')).toBe(false);
    expect(isLive('pending', null, '2026-11-22')).toBe(false);
    expect(isLive('removed', null, '2026-11-22')).toBe(false);
  });
});

describe('who approves what', () => {
  const admin = { username: 'admin.ramirez', roles: ['administrator', 'investigator'] };
  const sergeant = { username: 'sgt.okafor', roles: ['investigator'] };
  const create = { kind: 'create' as const, requestedBy: 'det.alvarez', enteringMember: 'det.alvarez' };
  const update = { kind: 'update' as const, requestedBy: 'det.alvarez', enteringMember: 'det.alvarez' };

  it('a new entry: the ALPR administrator, never the member who entered it', () => {
    expect(approvalRefusal(create, admin, 'sgt.okafor')).toBeNull();
    expect(approvalRefusal(create, sergeant, 'sgt.okafor')).toMatch(/approved by the ALPR administrator/);
    expect(approvalRefusal({ ...create, requestedBy: 'admin.ramirez' }, admin, null)).toMatch(
      /nobody approves their own/,
    );
  });

  it('an update: the entering member’s supervisor only', () => {
    expect(approvalRefusal(update, sergeant, 'sgt.okafor')).toBeNull();
    expect(approvalRefusal(update, admin, 'sgt.okafor')).toMatch(/approved by sgt\.okafor/);
    expect(approvalRefusal(update, sergeant, null)).toMatch(/no supervisor on record/);
    expect(approvalRefusal({ ...update, requestedBy: 'sgt.okafor' }, sergeant, 'sgt.okafor')).toMatch(
      /proposed this update yourself/,
    );
  });

  it('a removal needs a reason and the member, their supervisor or an administrator', () => {
    const entry = { enteringMember: 'det.alvarez', general: false };
    const det = { username: 'det.alvarez', roles: ['investigator'] };
    const other = { username: 'det.baker', roles: ['investigator'] };
    expect(removalRefusal(entry, det, 'sgt.okafor', 'Vehicle recovered 11/21')).toBeNull();
    expect(removalRefusal(entry, sergeant, 'sgt.okafor', 'Case closed')).toBeNull();
    expect(removalRefusal(entry, admin, 'sgt.okafor', 'Case closed')).toBeNull();
    expect(removalRefusal(entry, other, 'sgt.okafor', 'Case closed')).toMatch(/entering member, their supervisor/);
    expect(removalRefusal(entry, det, 'sgt.okafor', 'no')).toMatch(/Say why/);
    expect(removalRefusal({ ...entry, general: true }, admin, null, 'Case closed')).toMatch(/General lists/);
  });
});

describe('descriptors and banners', () => {
  it('compares make, model, colour and body: agree, differ, unknown', () => {
    const green = compareDescriptors(
      { make: 'Lexus', model: 'ES', color: 'red', body: 'sedan' },
      { make: 'GMC', model: 'Sierra', color: 'gray', body: 'pickup' },
    );
    expect(green.verdict).toBe('differ');
    expect(describeComparison(green)).toBe(
      'Make, model, colour and body differ: the image shows Lexus, ES, red, sedan, the entry says GMC, Sierra, gray, pickup.',
    );
    const same = compareDescriptors(
      { make: 'honda', model: null, color: 'unknown', body: 'sedan' },
      { make: 'Honda', model: 'Civic', color: 'silver' },
    );
    expect(same.fields.map((f) => f.verdict)).toEqual(['agree', 'unknown', 'unknown', 'unknown']);
    expect(same.verdict).toBe('agree');
    expect(compareDescriptors({ make: null, model: null, color: null, body: null }, {}).verdict).toBe('unknown');
  });

  it('says when a list was stale at the alert, is stale now, or the entry was removed or expired since', () => {
    const now = Date.parse('2026-11-22T18:00:00Z');
    const list = { name: 'Stolen Vehicle System', general: true, refreshedAt: '2026-11-20T12:00:00Z' };
    expect(isStale(list, now, 24)).toBe(true);
    expect(isStale({ ...list, general: false }, now, 24)).toBe(false);
    const banners = hitBanners({
      hit: { at: Date.parse('2026-11-22T10:00:00Z'), listRefreshedAt: '2026-11-20T12:00:00Z', closedAt: null },
      list,
      entry: {
        status: 'removed',
        expiresOn: null,
        removedAt: '2026-11-22T11:00:00Z',
        removalReason: 'Vehicle recovered',
      },
      now,
      today: '2026-11-22',
      timeZone: 'America/Los_Angeles',
      maxAgeHours: 24,
    });
    expect(banners.map((b) => b.kind)).toEqual(['entry_removed', 'list_stale_at_hit', 'list_stale_now']);
    expect(banners[0]!.message).toMatch(/removed since the alert \(Vehicle recovered\)/);
    expect(banners[1]!.message).toMatch(/46 hours before it \(the policy allows 24 hours\)/);
    const expired = hitBanners({
      hit: { at: Date.parse('2026-11-22T10:00:00Z'), listRefreshedAt: null, closedAt: null },
      list: { ...list, general: false },
      entry: { status: 'active', expiresOn: '2026-11-21', removedAt: null, removalReason: null },
      now,
      today: '2026-11-22',
      timeZone: 'America/Los_Angeles',
      maxAgeHours: 24,
    });
    expect(expired.map((b) => b.kind)).toEqual(['entry_expired']);
  });

  it('compares an expiry with the alert’s day where the agency is, not the UTC day', () => {
    // 03:00 UTC on 6 December is still 5 December in California: an entry that expired on the 5th expired on the
    // alert's own day, after it, not before it.
    const expired = hitBanners({
      hit: { at: Date.parse('2026-12-06T03:00:00Z'), listRefreshedAt: null, closedAt: null },
      list: null,
      entry: { status: 'active', expiresOn: '2026-12-05', removedAt: null, removalReason: null },
      now: Date.parse('2026-12-07T18:00:00Z'),
      today: '2026-12-07',
      timeZone: 'America/Los_Angeles',
      maxAgeHours: 24,
    });
    expect(expired.map((b) => b.kind)).toEqual(['entry_expired']);
    expect(expired[0]!.message).toMatch(/expired on 2026-12-05 since the alert/);
  });
});
