import { describe, expect, it } from 'vitest';
import type { DirectoryAgency, ReleaseRequestDraft } from '../../../main/core/releases/request';
import { screenRequest } from '../../../main/core/releases/screen';
import { shippedProfile } from '../../support/profiles';
import { CERTIFICATION, REQUESTER, SHERIFF_ENTRY, THEIR_CASE } from '../../support/releaseRequest';

const TODAY = '2026-11-22';

const agency = (over: Partial<DirectoryAgency> = {}): DirectoryAgency => ({ ...SHERIFF_ENTRY, ...over });

const request = (over: Partial<ReleaseRequestDraft> = {}): ReleaseRequestDraft => ({
  agency: agency(),
  requester: REQUESTER,
  purpose: 'Armed robbery series: the suspect vehicle’s movements',
  theirCaseNumber: THEIR_CASE,
  legalBasis: 'request',
  scope: { kind: 'plates', plates: ['8ABC123'], from: '2026-11-01T00:00:00Z', to: '2026-11-20T00:00:00Z' },
  attachment: { name: 'request.pdf', mime: 'application/pdf', sha256: 'a'.repeat(64), byteLength: 1000 },
  certification: CERTIFICATION,
  ...over,
});

const rule = (d: ReturnType<typeof screenRequest>, id: string) => d.rules.find((r) => r.id === id)!;

describe('screening a release request', () => {
  const losAltos = shippedProfile('los-altos-pd');

  it('passes a California sheriff’s request, every rule cited', () => {
    const d = screenRequest(request(), losAltos, TODAY);
    expect(d.result).toBe('pass');
    expect(d.rules.map((r) => r.id)).toEqual([
      'immigration_enforcement',
      'public_agency',
      'california',
      'recipient_class',
      'written_request',
      'agreement',
      'certification',
    ]);
    for (const r of d.rules) expect(r.sources.length).toBeGreaterThan(0);
    expect(rule(d, 'immigration_enforcement').sources).toContain('Gov. Code § 7284.6 (California Values Act)');
    expect(rule(d, 'immigration_enforcement').sources).toContain('§ 462.7(d)');
    expect(rule(d, 'public_agency').sources.join('; ')).toContain('1798.90.55(b)');
    expect(rule(d, 'california').sources.join('; ')).toContain('Cal. DOJ Information Bulletin 2023-DLE-06');
    expect(rule(d, 'agreement').passed).toBeNull();
  });

  it('refuses an immigration purpose even from a California agency', () => {
    const d = screenRequest(request({ purpose: 'Assist with a 287(g) removal operation' }), losAltos, TODAY);
    expect(d.result).toBe('refused');
    expect(rule(d, 'immigration_enforcement').passed).toBe(false);
    expect(rule(d, 'immigration_enforcement').reason).toMatch(/287\(g\)/);
  });

  it('refuses ICE as the requester however the purpose is worded', () => {
    const ice = agency({ name: 'U.S. Immigration and Customs Enforcement', kind: 'federal', ori: null, state: 'DC' });
    const d = screenRequest(request({ agency: ice, purpose: 'Criminal investigation of a vehicle' }), losAltos, TODAY);
    expect(d.result).toBe('refused');
    expect(rule(d, 'immigration_enforcement').passed).toBe(false);
    expect(rule(d, 'public_agency').passed).toBe(false);
  });

  it('refuses when the recipient will not certify no immigration enforcement', () => {
    const r = request();
    const d = screenRequest(
      { ...r, certification: { ...r.certification, noImmigrationEnforcement: false } },
      losAltos,
      TODAY,
    );
    expect(d.result).toBe('refused');
    expect(rule(d, 'immigration_enforcement').passed).toBe(false);
  });

  it('refuses a federal agency (the AG’s reading) and an out-of-state one', () => {
    const fbi = screenRequest(
      request({ agency: agency({ name: 'FBI San Francisco', kind: 'federal', state: 'CA' }) }),
      losAltos,
      TODAY,
    );
    expect(fbi.result).toBe('refused');
    expect(rule(fbi, 'california').reason).toMatch(/federal/);
    const reno = agency({ name: 'Reno Police Department', kind: 'out_of_state', state: 'NV', ori: 'NV0160200' });
    const d = screenRequest(request({ agency: reno, legalBasis: 'court_order' }), losAltos, TODAY);
    expect(d.result).toBe('refused');
    expect(rule(d, 'california').passed).toBe(false);
  });

  it('allows an out-of-state agency on a court order only where the profile does (Daly City 457.6(g))', () => {
    const daly = shippedProfile('daly-city-pd');
    const reno = agency({ name: 'Reno Police Department', kind: 'out_of_state', state: 'NV', ori: 'NV0160200' });
    const onRequest = screenRequest(request({ agency: reno }), daly, TODAY);
    expect(onRequest.result).toBe('refused');
    expect(rule(onRequest, 'california').reason).toMatch(/exigent circumstances or a court order/);
    const onOrder = screenRequest(request({ agency: reno, legalBasis: 'court_order' }), daly, TODAY);
    expect(onOrder.result).toBe('pass');
    expect(rule(onOrder, 'california').sources).toContain('§ 457.6(g)');
    const exigent = screenRequest(request({ agency: reno, legalBasis: 'exigency' }), daly, TODAY);
    expect(exigent.result).toBe('pass');
  });

  it('routes a private company to the public-records process, with the reason', () => {
    const vendor = agency({ name: 'Acme Repossession LLC', kind: 'private_other', function: 'none', ori: null });
    const d = screenRequest(request({ agency: vendor }), losAltos, TODAY);
    expect(d.result).toBe('public_records');
    expect(d.summary).toMatch(/not a public agency/);
    expect(rule(d, 'public_agency').reason).toMatch(/Civil Code § 1798\.90\.55/);
  });

  it('refuses a private requester whose purpose is immigration enforcement (no public-records route)', () => {
    const vendor = agency({ name: 'Acme Skip Tracing', kind: 'private_other', function: 'none', ori: null });
    const d = screenRequest(
      request({ agency: vendor, purpose: 'Locate for deportation proceedings' }),
      losAltos,
      TODAY,
    );
    expect(d.result).toBe('refused');
  });

  it('requires an agreement in force where the profile does (Piedmont), and sees it expire', () => {
    const piedmont = shippedProfile('piedmont-pd');
    const none = screenRequest(request(), piedmont, TODAY);
    expect(none.result).toBe('refused');
    expect(rule(none, 'agreement').passed).toBe(false);
    const inForce = request({ agency: agency({ agreement: { onFile: true, expires: '2026-12-31' } }) });
    expect(screenRequest(inForce, piedmont, TODAY).result).toBe('pass');
    expect(screenRequest(inForce, piedmont, '2026-12-31').result).toBe('pass');
    const expired = screenRequest(inForce, piedmont, '2027-01-01');
    expect(expired.result).toBe('refused');
    expect(rule(expired, 'agreement').reason).toMatch(/expired on 2026-12-31/);
  });

  it('holds the recipient classes: Los Altos shares with law enforcement or prosecutors only', () => {
    const parks = agency({ name: 'Santa Clara County Parks', function: 'other_government' });
    expect(screenRequest(request({ agency: parks }), losAltos, TODAY).result).toBe('refused');
    const hayward = shippedProfile('hayward-pd');
    expect(screenRequest(request({ agency: parks }), hayward, TODAY).result).toBe('pass');
  });

  it('needs the written request and a complete certification', () => {
    expect(rule(screenRequest(request({ attachment: null }), losAltos, TODAY), 'written_request').passed).toBe(false);
    const r = request();
    const d = screenRequest({ ...r, certification: { ...r.certification, noOnwardSharing: false } }, losAltos, TODAY);
    expect(d.result).toBe('refused');
    expect(rule(d, 'certification').reason).toMatch(/no onward sharing/);
  });
});
