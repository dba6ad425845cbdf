import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Citation, DataKind, PolicyProfile } from '../../../main/core/access/policy';
import { ruleFor, type RetentionScope } from '../../../main/core/retention/schedule';
import { SHIPPED_PROFILES, shippedProfile } from '../../support/profiles';

/**
 * The shipped policy profiles, agency by agency: each value as the policy states it, with the section it
 * cites (policyCitations.test.ts checks the cited words are in that section of the text). Values a policy does
 * not state are the product's stricter defaults and say so.
 */
const ids = readdirSync(SHIPPED_PROFILES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();
const all = ids.map(shippedProfile);

/** The citation is the policy's section `section`, quoting `words`. */
function cites(c: Citation, section: string, words?: string): void {
  expect(c).toMatchObject({ kind: 'policy', section });
  if (words) expect(c.kind === 'policy' ? c.quote : '').toContain(words);
}
function isDefault(c: Citation, words?: RegExp): void {
  expect(c.kind).toBe('default');
  if (words) expect(c.kind === 'default' ? c.note : '').toMatch(words);
}
const rule = (p: PolicyProfile, data: DataKind, scope: RetentionScope = {}) => ruleFor(p, data, scope);
const classIds = (p: PolicyProfile) => p.classifications.map((c) => c.id).sort();
const purposeIds = (p: PolicyProfile) => p.purposes.map((c) => c.id);
const purpose = (p: PolicyProfile, id: string) => p.purposes.find((x) => x.id === id)!;

describe('shipped policy profiles', () => {
  it('ships one profile per agency, each named for its file', () => {
    expect(ids).toEqual([
      'alameda-pd',
      'berkeley-pd-proposed',
      'daly-city-pd',
      'emeryville-pd',
      'hayward-pd',
      'la-port-police',
      'los-altos-pd',
      'modesto-pd',
      'oakland-pd',
      'piedmont-pd',
      'san-leandro-pd',
      'vallejo-pd',
    ]);
    for (const p of all) expect(ids).toContain(p.id);
  });

  it('every profile forbids sharing for immigration enforcement: by its own words or by the Values Act', () => {
    for (const p of all) {
      expect(p.sharing.immigrationEnforcement.prohibited, p.id).toBe(true);
      const c = p.sharing.immigrationEnforcement.cite;
      if (c.kind === 'law') expect(c.law, p.id).toMatch(/Gov\. Code § 7284\.6/);
      else expect(c.kind, p.id).toBe('policy');
    }
  });

  it('every profile notes where SB 34, as the Attorney General reads it (2023-DLE-06), is narrower than its text', () => {
    for (const p of all) {
      expect(p.sharing.lawLimit?.californiaPublicAgenciesOnly, p.id).toBe(true);
      expect(p.sharing.lawLimit?.cite, p.id).toMatchObject({ kind: 'law', law: expect.stringMatching(/2023-DLE-06/) });
    }
  });

  it('eight profiles name “law enforcement or prosecutorial agencies”, as their texts do; none says California-public by default', () => {
    const le = all.filter((p) => p.sharing.recipients.classes.includes('law_enforcement_or_prosecutorial_agency'));
    expect(le.map((p) => p.id).sort()).toEqual([
      'emeryville-pd',
      'la-port-police',
      'los-altos-pd',
      'modesto-pd',
      'oakland-pd',
      'piedmont-pd',
      'san-leandro-pd',
      'vallejo-pd',
    ]);
    for (const p of le) {
      const c = p.sharing.recipients.cite;
      expect(c.kind === 'policy' && c.quote, p.id).toMatch(/law enforcement or prosecutorial agencies/);
    }
    // Only Daly City's text limits sharing to California; Berkeley's referral has no rule, so the law's applies.
    const ca = all.filter((p) => p.sharing.recipients.classes.includes('california_public_agency')).map((p) => p.id);
    expect(ca.sort()).toEqual(['berkeley-pd-proposed', 'daly-city-pd']);
    expect(shippedProfile('berkeley-pd-proposed').sharing.recipients.cite.kind).toBe('law');
  });

  it('ten profiles allow department-related civil or administrative action, and all allow production of records', () => {
    const civil = all.filter((p) => purposeIds(p).includes('civil_administrative_action')).map((p) => p.id);
    expect(civil.sort()).toEqual(ids.filter((id) => id !== 'alameda-pd' && id !== 'berkeley-pd-proposed'));
    for (const id of civil)
      expect(purpose(shippedProfile(id), 'civil_administrative_action').cite).toMatchObject({ kind: 'policy' });
    for (const p of all) {
      const production = purpose(p, 'records_production');
      expect(production, p.id).toBeDefined();
      if (p.id !== 'berkeley-pd-proposed') {
        expect(production.cite.kind === 'policy' && production.cite.quote, p.id).toMatch(
          /lawful action to produce records/,
        );
      }
    }
  });

  it('no policy states an access-log period: every profile keeps the log two years (Gov. Code § 34090) and never purges it', () => {
    for (const p of all) {
      const log = rule(p, 'audit_log');
      expect(log.minimum, p.id).toEqual({ years: 2 });
      expect(log.maximum, p.id).toBeNull();
      expect(log.cite, p.id).toMatchObject({ kind: 'law', law: expect.stringMatching(/34090/) });
    }
  });

  it('training validity is a calendar year everywhere; only Piedmont and Oakland state it', () => {
    for (const p of all) {
      expect(p.training.validity.period, p.id).toEqual({ years: 1 });
      if (p.id === 'piedmont-pd' || p.id === 'oakland-pd') expect(p.training.validity.cite.kind).toBe('policy');
      else isDefault(p.training.validity.cite, /Piedmont 438\.7 and Oakland 430\.9/);
    }
  });

  it('the external annual audit is Los Altos’ alone', () => {
    expect(all.filter((p) => p.audit.outside !== null).map((p) => p.id)).toEqual(['los-altos-pd']);
  });

  it('job classifications the text does not list are the product’s choice and say so (seven profiles)', () => {
    const withDefaults = all.filter((p) => p.classifications.some((c) => c.cite.kind === 'default')).map((p) => p.id);
    expect(withDefaults.sort()).toEqual([
      'alameda-pd',
      'berkeley-pd-proposed',
      'daly-city-pd',
      'emeryville-pd',
      'la-port-police',
      'modesto-pd',
      'piedmont-pd',
    ]);
  });
});

describe('Los Altos PD (Policy 462)', () => {
  const p = shippedProfile('los-altos-pd');

  it('keeps vehicle-mounted data at most one year and the vendor’s fixed cameras 30 days (462.5)', () => {
    const d = rule(p, 'detection', { cameras: 'mobile' });
    expect([d.minimum, d.maximum]).toEqual([null, { years: 1 }]);
    cites(d.cite, '462.5', 'shall be stored for a maximum of one year');
    const fixed = rule(p, 'detection', { cameras: 'fixed' });
    expect(fixed.maximum).toEqual({ days: 30 });
    cites(fixed.cite, '462.5', 'purge their data at the end of 30 days');
  });

  it('requires the case or incident number and the reason on every browsing inquiry (462.6(e))', () => {
    expect(p.inquiry).toMatchObject({ numberKinds: ['case', 'incident'], numberRequired: true });
    cites(
      p.inquiry.cite,
      '462.6(e)',
      'either the associated Los Altos Police Department case number or incident number, and the reason',
    );
  });

  it('audits twice a year, at least 10 inquiries from the preceding six months, plus an outside audit each year', () => {
    expect(p.audit.cadence.phases).toEqual([{ everyMonths: 6 }]);
    cites(p.audit.cadence.cite, '462.6(f)', 'semi-annual');
    expect(p.audit.sample.inquiries).toBe(10);
    cites(p.audit.sample.cite, '462.6', 'at minimum 10 detection browsing inquiries');
    expect(p.audit.lookback.months).toBe(6);
    cites(p.audit.lookback.cite, '462.6', 'preceding 6 month period');
    expect(p.audit.reportedTo.who).toMatch(/Chief of Police/);
    expect(p.audit.outside).toMatchObject({ everyMonths: 12 });
    cites(p.audit.outside!.cite, '462.6(g)', 'outside law enforcement agency');
  });

  it('gives access only to sworn officers, crime analysts and dispatchers (462.3.1(a))', () => {
    expect(classIds(p)).toEqual(['crime_analyst', 'dispatcher', 'sworn_officer']);
    for (const c of p.classifications)
      cites(c.cite, '462.3.1(a)', 'sworn police officers, crime analysts and communication dispatchers');
  });

  it('shares with law enforcement or prosecutorial agencies on a written request, never for immigration enforcement', () => {
    expect(p.sharing.recipients.classes).toEqual(['law_enforcement_or_prosecutorial_agency']);
    cites(p.sharing.immigrationEnforcement.cite, '462.7(d)', 'federal immigration enforcement');
    expect(p.sharing.writtenRequest).toMatchObject({ required: true, keptOnFile: true });
    cites(p.sharing.approver.cite, '462.7(b)', 'Administration Division Commander');
  });

  it('verifies an alert through CLETS before any action, and refreshes general hot lists daily (462.4)', () => {
    expect(p.hits.validationBeforeStop.required).toBe(true);
    cites(p.hits.validationBeforeStop.cite, '462.4(g)', 'verified through a CLETS inquiry');
    expect(p.hotLists.generalRefresh.everyHours).toBe(24);
    cites(p.hotLists.generalRefresh.cite, '462.4(h)', 'a minimum of once a day');
  });

  it('struck the designee item: the law still asks for the title (Civil Code § 1798.90.51(b)(2)(E))', () => {
    expect(p.designee.record).toBe('title');
    expect(p.designee.cite).toMatchObject({ kind: 'law', law: 'Civil Code § 1798.90.51(b)(2)(E)' });
    expect(p.administrator.title).toMatch(/Administrative Captain/);
  });
});

describe('Modesto PD (Policy 462)', () => {
  const p = shippedProfile('modesto-pd');

  it('keeps data a minimum of one calendar year (Gov. Code § 34090.6), then purges (462.5)', () => {
    const d = rule(p, 'detection');
    expect([d.minimum, d.maximum]).toEqual([{ years: 1 }, { years: 1 }]);
    cites(d.cite, '462.5', 'minimum of one year');
  });

  it('releases on a written request approved by the Operations Division Commander (462.7)', () => {
    expect(p.sharing.writtenRequest.required).toBe(true);
    cites(p.sharing.writtenRequest.cite, '462.7(a)', 'written request');
    expect(p.sharing.approver.who).toMatch(/Operations Division Commander/);
    expect(p.sharing.agreement.allowed).toBe(false);
  });

  it('asks CLETS verification only “if practicable”, which does not block a stop (462.4(f))', () => {
    expect(p.hits.validationBeforeStop.required).toBe(false);
    cites(p.hits.validationBeforeStop.cite, '462.4(f)', 'If practicable');
  });

  it('audits “on a regular basis”: the yearly cadence, sample and look-back are the product’s and say so', () => {
    expect(p.audit.cadence.phases).toEqual([{ everyMonths: 12 }]);
    isDefault(p.audit.cadence.cite, /regular basis/);
    isDefault(p.audit.sample.cite);
    isDefault(p.audit.lookback.cite);
    expect(p.audit.reportedTo.who).toBeNull();
  });

  it('requires the title and name of the current designee (462.3.1(e))', () => {
    expect(p.designee.record).toBe('title_and_name');
    cites(p.designee.cite, '462.3.1(e)', 'title and name of the current designee');
  });
});

describe('Daly City PD (Policy 457)', () => {
  const p = shippedProfile('daly-city-pd');

  it('releases only to California public agencies (457.7), and outside California only on exigency or court order (457.6(g))', () => {
    expect(p.sharing.recipients.classes).toEqual(['california_public_agency']);
    cites(p.sharing.recipients.cite, '457.7', 'limited to California state or local agencies');
    expect(p.sharing.outOfState?.only).toBe('exigency_or_court_order');
    cites(p.sharing.outOfState!.cite, '457.6(g)', 'exigent circumstance or court order');
  });

  it('resolves 457.6(g)(1) and 457.7 on federal agencies the strict way, and says so', () => {
    const note = p.notes.find((n) => /federal/i.test(n.topic))!;
    expect(note.text).toMatch(/follows the stricter, 457\.7/);
    expect(note.cites.map((c) => (c.kind === 'policy' ? c.section : c.kind))).toEqual(['457.6(g)', '457.7', 'law']);
  });

  it('asks for a case, call or warrant number, or a justification specific enough to find the incident (457.6(d))', () => {
    expect(p.inquiry).toMatchObject({ numberKinds: ['case', 'call', 'warrant'], numberRequired: false });
    cites(p.inquiry.cite, '457.6(d)', 'case, call, or warrant number');
  });

  it('keeps data a minimum of one year (457.5)', () => {
    expect(rule(p, 'detection').minimum).toEqual({ years: 1 });
    cites(rule(p, 'detection').cite, '457.5', 'minimum of one year');
  });
});

describe('LA Port Police (Policy 462)', () => {
  const p = shippedProfile('la-port-police');

  it('keeps data a minimum of five calendar years under the Harbor Department schedule (462.4)', () => {
    expect(rule(p, 'detection').minimum).toEqual({ years: 5 });
    cites(rule(p, 'detection').cite, '462.4', 'minimum of five years');
  });

  it('shall verify through CLETS before a stop or detention on an alert alone (462.3(f))', () => {
    expect(p.hits.validationBeforeStop.required).toBe(true);
    cites(p.hits.validationBeforeStop.cite, '462.3(f)', 'Officers shall verify');
  });

  it('shares on a written request or a signed participating-agency agreement (462.7)', () => {
    expect(p.sharing.agreement.allowed).toBe(true);
    cites(p.sharing.agreement.cite, '462.7(a)', 'mutual participating agency agreement');
    expect(p.sharing.approver.who).toMatch(/Support Services Division Commander/);
    expect(p.sharing.otherRequests.process).toMatch(/§ 810/);
  });
});

describe('Vallejo PD (Policy 426)', () => {
  const p = shippedProfile('vallejo-pd');

  it('keeps data no longer than one year, and the vendor’s (Flock Safety) fixed cameras 30 days (426.4)', () => {
    expect(rule(p, 'detection').maximum).toEqual({ years: 1 });
    cites(rule(p, 'detection').cite, '426.4', 'no longer than one year');
    expect(rule(p, 'detection', { cameras: 'fixed' }).maximum).toEqual({ days: 30 });
    cites(rule(p, 'detection', { cameras: 'fixed' }).cite, '426.4', 'Flock Safety will purge');
  });

  it('audits once a year at least 10 inquiries drawn from the preceding six months (462.7, so numbered)', () => {
    expect(p.audit.cadence.phases).toEqual([{ everyMonths: 12 }]);
    expect(p.audit.sample.inquiries).toBe(10);
    expect(p.audit.lookback.months).toBe(6);
    cites(p.audit.lookback.cite, '462.7', 'preceding six-month period');
    expect(p.audit.conductedBy.who).toMatch(/Professional Standards Division/);
  });

  it('documents every inquiry by case or incident number and/or a reason (426.5(e))', () => {
    expect(p.inquiry).toMatchObject({ numberKinds: ['case', 'incident'], numberRequired: false });
    cites(p.inquiry.cite, '426.5(e)', 'and/or a reason');
  });

  it('gives access only to sworn officers, crime analysts and police assistants (426.3.1(a))', () => {
    expect(classIds(p)).toEqual(['crime_analyst', 'police_assistant', 'sworn_officer']);
  });

  it('requires a validated alert before restricting anyone’s freedom (426.4(e)); has no canvass clause', () => {
    expect(p.hits.validationBeforeStop.required).toBe(true);
    expect(purposeIds(p)).not.toContain('canvass_major_crime');
    expect(purposeIds(p)).toContain('partial_plate_major_crime');
  });
});

describe('Alameda PD (Policy 462)', () => {
  const p = shippedProfile('alameda-pd');

  it('keeps data six calendar months, then purges (462.3(d))', () => {
    const d = rule(p, 'detection');
    expect([d.minimum, d.maximum]).toEqual([{ months: 6 }, { months: 6 }]);
    cites(d.cite, '462.3(d)', 'stored for a period of six months');
  });

  it('audits every six months for two years after implementation, then annually (462.3(b)5)', () => {
    expect(p.audit.cadence.phases).toEqual([{ everyMonths: 6, forMonths: 24 }, { everyMonths: 12 }]);
    expect(p.audit.cadence.startsOn).toBeNull();
    cites(
      p.audit.cadence.cite,
      '462.3(b)',
      'during the first two years subsequent to implementation and no less than annually thereafter',
    );
    expect(p.audit.conductedBy.who).toBe('Inspectional Services Section supervisor');
  });

  it('shares with prosecutors or others only as permitted by law; its request procedure is the product’s stricter choice', () => {
    expect(p.sharing.recipients.classes).toEqual(['prosecutor']);
    cites(p.sharing.recipients.cite, '462.3(d)', 'shared with prosecutors or others only as permitted by law');
    isDefault(p.sharing.writtenRequest.cite, /stricter/);
    isDefault(p.sharing.approver.cite, /stricter/);
  });

  it('canvasses after homicides, shootings, robberies, kidnappings, sexual assaults and AMBER Alerts (462.3(b)8)', () => {
    cites(
      purpose(p, 'homicide_shooting_robbery_kidnap_sexual_assault').cite,
      '462.3(b)',
      'sexual assault or AMBER ALERT',
    );
    expect(purposeIds(p)).toContain('missing_person_amber_silver');
  });

  it('allows no stop on an alert alone (462.3(b)7)', () => {
    expect(p.hits.validationBeforeStop.required).toBe(true);
  });
});

describe('Emeryville PD (Policy 429)', () => {
  const p = shippedProfile('emeryville-pd');

  it('keeps data a minimum of one year (429.4) and releases on a written request (429.7)', () => {
    expect(rule(p, 'detection').minimum).toEqual({ years: 1 });
    cites(rule(p, 'detection').cite, '429.4', 'minimum of one year');
    cites(p.sharing.approver.cite, '429.7(b)', 'Professional Services and Standards Division Captain');
  });
});

describe('Hayward PD (Policy 429)', () => {
  const p = shippedProfile('hayward-pd');

  it('keeps detections at least one year with no maximum, and hits indefinitely (429.5(c))', () => {
    expect([rule(p, 'detection').minimum, rule(p, 'detection').maximum]).toEqual([{ years: 1 }, null]);
    cites(rule(p, 'detection').cite, '429.5(c)', 'thereafter may be purged');
    expect(rule(p, 'hit').minimum).toBe('indefinitely');
    cites(rule(p, 'hit').cite, '429.5(c)', 'maintained indefinitely');
  });

  it('may disseminate to any government entity with a law enforcement or public safety purpose (429.5(d))', () => {
    expect(p.sharing.recipients.classes).toEqual(['government_entity_public_safety']);
    cites(p.sharing.recipients.cite, '429.5(d)', 'any government entity');
  });

  it('its written request and approver are the product’s stricter choice', () => {
    isDefault(p.sharing.writtenRequest.cite, /stricter/);
    isDefault(p.sharing.approver.cite, /stricter/);
  });

  it('lists the five topics training must cover (429.4(c))', () => {
    expect(p.training.topics.required.map((t) => t.id)).toEqual([
      'privacy_civil_liberties',
      'legal_authorities',
      'current_policy',
      'security_measures',
      'practical_exercises',
    ]);
    cites(p.training.topics.cite, '429.4(c)', 'Training in the use of the system shall consist of');
  });

  it('lets sworn officers and professional staff such as investigative CSOs and crime analysts use the system (429.4(b))', () => {
    expect(classIds(p)).toEqual(['community_service_officer', 'crime_analyst', 'professional_staff', 'sworn_officer']);
  });

  it('lists the seven example purposes of 429.3(b)', () => {
    for (const id of [
      'stolen_wanted_vehicle',
      'warrant',
      'violent_crime_witness_victim',
      'missing_person_amber_silver',
      'support_other_agency',
      'event_protection',
      'critical_infrastructure',
    ]) {
      cites(purpose(p, id).cite, '429.3(b)');
    }
  });
});

describe('Oakland PD (Policy 430)', () => {
  const p = shippedProfile('oakland-pd');

  it('keeps data six calendar months (430.6)', () => {
    expect(rule(p, 'detection').maximum).toEqual({ months: 6 });
    cites(rule(p, 'detection').cite, '430.6', 'stored for six months');
  });

  it('limits users to sergeants, officers, police service technicians and parking enforcement (430.4)', () => {
    expect(classIds(p)).toEqual(['parking_enforcement', 'police_service_technician', 'sworn_officer']);
  });

  it('requires annual training covering nine topics (430.9)', () => {
    cites(p.training.validity.cite, '430.9', 'required annually');
    expect(p.training.topics.required).toHaveLength(9);
    expect(p.training.topics.required.map((t) => t.label)).toContain('Implementing post-breach procedures');
  });

  it('lists neither homeland security nor electronic surveillance (430.3)', () => {
    expect(purposeIds(p)).not.toContain('homeland_security');
    expect(purposeIds(p)).not.toContain('electronic_surveillance');
  });

  it('asks for the title of the designee only (430.3.1(e)); audits by the Bureau of Services correct data errors (430.7(c))', () => {
    expect(p.designee.record).toBe('title');
    cites(p.designee.cite, '430.3.1(e)', 'The title of the current designee');
    expect(p.corrections.reportTo).toMatch(/Bureau of Services/);
    cites(p.corrections.cite, '430.7(c)', 'correct data errors');
  });
});

describe('Piedmont PD (Policy 438)', () => {
  const p = shippedProfile('piedmont-pd');

  it('blocks anyone whose training is more than a year old, and lists six topics (438.7)', () => {
    cites(p.training.validity.cite, '438.7', 'more than a year');
    expect(p.training.topics.required.map((t) => t.id)).toEqual([
      'privacy_civil_liberties',
      'legal_authorities',
      'current_policy',
      'technology_evolution',
      'security_measures',
      'practical_exercises',
    ]);
  });

  it('may share by an agreement that meets the policy (438.6); its written request is the product’s stricter choice', () => {
    expect(p.sharing.agreement.allowed).toBe(true);
    cites(p.sharing.agreement.cite, '438.6', 'contract or memorandum of understanding');
    isDefault(p.sharing.writtenRequest.cite, /stricter/);
  });

  it('keeps data a minimum of one year (438.4)', () => {
    expect(rule(p, 'detection').minimum).toEqual({ years: 1 });
  });
});

describe('San Leandro PD (Policy 418)', () => {
  const p = shippedProfile('san-leandro-pd');

  it('stores data one year and purges it on the 366th day, as written (418.5)', () => {
    const d = rule(p, 'detection');
    expect([d.minimum, d.maximum]).toEqual([{ years: 1 }, { purgeOnDay: 366 }]);
    cites(d.cite, '418.5', 'purged on the 366th day');
  });

  it('audits quarterly by the ALPR Administrator, reported to nobody it names (418.6(c))', () => {
    expect(p.audit.cadence.phases).toEqual([{ everyMonths: 3 }]);
    expect(p.audit.conductedBy.who).toMatch(/^ALPR Administrator/);
    cites(p.audit.conductedBy.cite, '418.6(c)', 'by the ALPR Administrator on a quarterly basis');
    expect(p.audit.reportedTo.who).toBeNull();
  });

  it('reports data errors upstream, to NCRIC (418.6(d))', () => {
    expect(p.corrections).toMatchObject({ upstream: true, reportTo: expect.stringMatching(/NCRIC/) });
    cites(p.corrections.cite, '418.6(d)', 'report any errors to NCRIC');
    expect(all.filter((x) => x.corrections.upstream).map((x) => x.id)).toEqual(['san-leandro-pd']);
  });

  it('ties training to the NCRIC curriculum (418.8)', () => {
    expect(p.training.topics.curriculum).toBe('NCRIC ALPR Policy');
    cites(p.training.topics.cite, '418.8', 'NCRIC ALPR Policy');
  });

  it('lets sworn peace officers with a need and right to know use ALPR for the purposes of 418.4.1', () => {
    cites(p.classifications.find((c) => c.id === 'sworn_officer')!.cite, '418.4.1', 'need and right to know');
    for (const id of ['event_protection', 'critical_infrastructure', 'support_other_agency']) {
      cites(purpose(p, id).cite, '418.4.1');
    }
  });
});

describe('Berkeley PD (council referral, proposed)', () => {
  const p = shippedProfile('berkeley-pd-proposed');

  it('keeps data no less than sixty days and no more than one year (Recommendation)', () => {
    const d = rule(p, 'detection');
    expect([d.minimum, d.maximum]).toEqual([{ days: 60 }, { years: 1 }]);
    cites(d.cite, 'Recommendation', 'no greater than one year, no less than sixty days');
  });

  it('keeps parking reads 30 days and parking hits 365 days, and stores no images of reads (BPD AO #001-2016)', () => {
    const parking = { program: 'parking_enforcement' as const };
    expect(rule(p, 'detection', parking).maximum).toEqual({ days: 30 });
    expect(rule(p, 'hit', parking).maximum).toEqual({ days: 365 });
    cites(rule(p, 'hit', parking).cite, 'Rationale for Recommendation', 'hits to 365 days');
    expect(rule(p, 'image', parking)).toMatchObject({ stored: false, minimum: null, maximum: null });
    cites(rule(p, 'image', parking).cite, 'Rationale for Recommendation', 'Images of reads are not stored');
  });

  it('reports each year through the City Manager’s surveillance technology report (BMC § 2.99.070)', () => {
    expect(p.audit.reportedTo.who).toMatch(/City Manager/);
  });

  it('covers violent crime, traffic safety, illegal dumping and parking enforcement', () => {
    expect(purposeIds(p)).toEqual(
      expect.arrayContaining([
        'violent_crime_investigation',
        'traffic_violation',
        'illegal_dumping',
        'parking_enforcement',
      ]),
    );
  });

  it('is silent on sharing procedure and hit validation: the defaults say so', () => {
    isDefault(p.sharing.writtenRequest.cite, /sets none/);
    isDefault(p.hits.validationBeforeStop.cite, /counterfeiting/);
  });
});
