import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { parsePolicyProfile, type PolicyProfile } from '../../../main/core/access/policy';

/**
 * The shipped policy profiles (resources/policies/*.json) hold the agencies' ALPR policies as data. These tests read
 * like the policies: each assertion is a fact from the policy text (section cited) or a California default.
 */
const dir = fileURLToPath(new URL('../../../resources/policies/', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

const profiles = new Map<string, PolicyProfile>();
for (const file of files) {
  const raw: unknown = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  try {
    profiles.set(path.basename(file, '.json'), parsePolicyProfile(raw));
  } catch (err) {
    throw new Error(`resources/policies/${file} does not match the policy profile schema: ${String(err)}`);
  }
}

function profile(id: string): PolicyProfile {
  const p = profiles.get(id);
  if (!p) throw new Error(`no policy profile ${id}.json in resources/policies`);
  return p;
}
const classIds = (id: string) => profile(id).allowedClassifications.map((c) => c.id);
const purposeIds = (id: string) => profile(id).authorizedPurposes.map((p) => p.id);

const ONE_YEAR = 365;
const SIX_MONTHS_MIN = 181; // shortest calendar half-year
const SIX_MONTHS_MAX = 184; // longest calendar half-year

const expectedIds = [
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
];

describe('shipped policy profiles', () => {
  it('ships one profile per agency and every file parses against the schema', () => {
    expect([...profiles.keys()].sort()).toEqual(expectedIds);
  });

  it('ids are unique and equal the file names', () => {
    const ids = [...profiles.values()].map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [file, p] of profiles) expect(p.id).toBe(file);
  });

  it('every profile names its source policy', () => {
    for (const p of profiles.values()) expect(p.source).toMatch(/polic|referral/i);
  });

  it('every profile forbids sharing for immigration enforcement', () => {
    for (const p of profiles.values()) expect(p.sharing.prohibitImmigrationEnforcement, p.id).toBe(true);
  });

  it('every profile releases ALPR data only to public or government agencies (Civil Code 1798.90.55)', () => {
    for (const p of profiles.values()) {
      expect(['california_public_agency', 'public_agency', 'government_law_enforcement'], p.id).toContain(
        p.sharing.eligibleRecipients,
      );
    }
  });

  it('every retention rule is coherent: a minimum never exceeds the maximum', () => {
    for (const p of profiles.values()) {
      for (const [kind, rule] of Object.entries(p.retention)) {
        if (rule.minDays !== null && rule.maxDays !== null) {
          expect(rule.minDays, `${p.id} ${kind}`).toBeLessThanOrEqual(rule.maxDays);
        }
      }
    }
  });

  it('images are never kept longer than detections', () => {
    for (const p of profiles.values()) {
      const { detection, image } = p.retention;
      if (detection.maxDays !== null) {
        expect(image.maxDays ?? Number.POSITIVE_INFINITY, p.id).toBeLessThanOrEqual(detection.maxDays);
      }
    }
  });

  it('no policy states an access-log period, so every profile keeps the log at least two years and says so', () => {
    for (const p of profiles.values()) {
      expect(p.retention.audit_log.minDays, p.id).toBeGreaterThanOrEqual(730);
      expect(p.retention.audit_log.maxDays, p.id).toBeNull();
      expect(p.retention.audit_log.note, p.id).toMatch(/default/i);
    }
  });

  it('nobody uses the system on training older than one year', () => {
    for (const p of profiles.values()) expect(p.training.validityDays, p.id).toBeLessThanOrEqual(ONE_YEAR);
  });

  it('general hot lists are refreshed at least once a day', () => {
    for (const p of profiles.values()) expect(p.hotLists.generalRefreshHours, p.id).toBeLessThanOrEqual(24);
  });

  it('every audit samples at least 10 inquiries at least once a year', () => {
    for (const p of profiles.values()) {
      expect(p.audit.sampleSize, p.id).toBeGreaterThanOrEqual(10);
      expect(p.audit.cadenceMonths, p.id).toBeLessThanOrEqual(12);
    }
  });
});

describe('Los Altos PD (Policy 462)', () => {
  it('keeps vehicle-mounted detections at most one year and notes the vendor 30-day purge', () => {
    const d = profile('los-altos-pd').retention.detection;
    expect(d.maxDays).toBe(ONE_YEAR);
    expect(d.minDays).toBeNull();
    expect(d.note).toMatch(/30 days/);
  });

  it('audits at least 10 browsing inquiries from the prior six months twice a year', () => {
    const a = profile('los-altos-pd').audit;
    expect(a.cadenceMonths).toBe(6);
    expect(a.sampleSize).toBeGreaterThanOrEqual(10);
    expect(a.lookbackMonths).toBe(6);
    expect(a.reportTo).toMatch(/Chief of Police/);
  });

  it('is audited each year by an outside law enforcement agency (the only profile that is)', () => {
    expect(profile('los-altos-pd').audit.externalAnnualAudit).toBe(true);
    const others = [...profiles.values()].filter((p) => p.id !== 'los-altos-pd');
    for (const p of others) expect(p.audit.externalAnnualAudit, p.id).toBe(false);
  });

  it('gives access only to sworn officers, crime analysts and dispatchers', () => {
    expect(classIds('los-altos-pd').sort()).toEqual(['crime_analyst', 'dispatcher', 'sworn_officer']);
  });

  it('validates an alert through CLETS before any police action', () => {
    expect(profile('los-altos-pd').hits.validationRequiredBeforeStop).toBe(true);
  });
});

describe('Modesto PD (Policy 462)', () => {
  it('keeps detections at least one year (Gov. Code 34090.6), then purges', () => {
    const d = profile('modesto-pd').retention.detection;
    expect(d.minDays).toBe(ONE_YEAR);
    expect(d.maxDays).not.toBeNull();
  });

  it('releases on a written request approved by the Operations Division Commander', () => {
    const s = profile('modesto-pd').sharing;
    expect(s.writtenRequestRequired).toBe(true);
    expect(s.approver).toMatch(/Operations Division Commander/);
    expect(s.agreementAlternative).toBe(false);
  });

  it('asks CLETS verification only "if practicable", so it does not block a stop', () => {
    expect(profile('modesto-pd').hits.validationRequiredBeforeStop).toBe(false);
  });
});

describe('Daly City PD (Policy 457)', () => {
  it('releases only to California public agencies', () => {
    expect(profile('daly-city-pd').sharing.eligibleRecipients).toBe('california_public_agency');
  });

  it('shares nothing outside California without exigency or a court order', () => {
    expect(profile('daly-city-pd').sharing.outOfStateRequiresExigencyOrCourtOrder).toBe(true);
  });

  it('keeps detections at least one year', () => {
    expect(profile('daly-city-pd').retention.detection.minDays).toBe(ONE_YEAR);
  });
});

describe('LA Port Police (Policy 462)', () => {
  it('requires validation before a stop', () => {
    expect(profile('la-port-police').hits.validationRequiredBeforeStop).toBe(true);
  });

  it('keeps detections at least five years under the Harbor Department schedule', () => {
    expect(profile('la-port-police').retention.detection.minDays).toBeGreaterThanOrEqual(5 * ONE_YEAR);
  });

  it('shares on a written request or a signed participating-agency agreement', () => {
    const s = profile('la-port-police').sharing;
    expect(s.writtenRequestRequired).toBe(true);
    expect(s.agreementAlternative).toBe(true);
    expect(s.approver).toMatch(/Support Services Division Commander/);
  });
});

describe('Vallejo PD (Policy 426)', () => {
  it('keeps detections no longer than one year', () => {
    const d = profile('vallejo-pd').retention.detection;
    expect(d.maxDays).toBe(ONE_YEAR);
    expect(d.note).toMatch(/30 days/);
  });

  it('audits at least 10 detection browsing inquiries once a year', () => {
    const a = profile('vallejo-pd').audit;
    expect(a.cadenceMonths).toBe(12);
    expect(a.sampleSize).toBeGreaterThanOrEqual(10);
  });

  it('gives access only to sworn officers, crime analysts and police assistants', () => {
    expect(classIds('vallejo-pd').sort()).toEqual(['crime_analyst', 'police_assistant', 'sworn_officer']);
  });

  it('requires a validated alert before a stop', () => {
    expect(profile('vallejo-pd').hits.validationRequiredBeforeStop).toBe(true);
  });
});

describe('Alameda PD (Policy 462)', () => {
  it('keeps detections six months', () => {
    const d = profile('alameda-pd').retention.detection;
    expect(d.maxDays).toBeGreaterThanOrEqual(SIX_MONTHS_MIN);
    expect(d.maxDays).toBeLessThanOrEqual(SIX_MONTHS_MAX);
  });

  it('audits every six months', () => {
    expect(profile('alameda-pd').audit.cadenceMonths).toBe(6);
  });

  it('canvasses after homicides, shootings, robberies, kidnappings, sexual assaults and AMBER Alerts', () => {
    expect(purposeIds('alameda-pd')).toContain('homicide_shooting_robbery_kidnap_sexual_assault');
    expect(purposeIds('alameda-pd')).toContain('missing_person_amber_silver');
  });

  it('allows no stop on an alert alone', () => {
    expect(profile('alameda-pd').hits.validationRequiredBeforeStop).toBe(true);
  });
});

describe('Emeryville PD (Policy 429)', () => {
  it('keeps detections at least one year', () => {
    expect(profile('emeryville-pd').retention.detection.minDays).toBe(ONE_YEAR);
  });
});

describe('Hayward PD (Policy 429)', () => {
  it('keeps detections at least one year and hits indefinitely', () => {
    const r = profile('hayward-pd').retention;
    expect(r.detection.minDays).toBe(ONE_YEAR);
    expect(r.hit.maxDays).toBeNull();
    expect(r.hit.note).toMatch(/indefinitely/);
  });

  it('may disseminate to any government entity with a law enforcement purpose', () => {
    expect(profile('hayward-pd').sharing.eligibleRecipients).toBe('government_law_enforcement');
  });

  it('lets sworn officers and investigative community service officers and crime analysts use the system', () => {
    expect(classIds('hayward-pd')).toEqual(
      expect.arrayContaining(['sworn_officer', 'community_service_officer', 'crime_analyst']),
    );
  });

  it('lists the seven example purposes, from stolen vehicles to critical infrastructure', () => {
    expect(purposeIds('hayward-pd')).toEqual(
      expect.arrayContaining([
        'stolen_wanted_vehicle',
        'warrant',
        'violent_crime_witness_victim',
        'missing_person_amber_silver',
        'support_other_agency',
        'event_protection',
        'critical_infrastructure',
      ]),
    );
  });
});

describe('Oakland PD (Policy 430)', () => {
  it('keeps detections six months', () => {
    const d = profile('oakland-pd').retention.detection;
    expect(d.maxDays).toBeGreaterThanOrEqual(SIX_MONTHS_MIN);
    expect(d.maxDays).toBeLessThanOrEqual(SIX_MONTHS_MAX);
  });

  it('limits users to sergeants, officers, police service technicians and parking enforcement', () => {
    expect(classIds('oakland-pd').sort()).toEqual([
      'parking_enforcement',
      'police_service_technician',
      'sworn_officer',
    ]);
  });

  it('does not list homeland security or electronic surveillance among its purposes', () => {
    expect(purposeIds('oakland-pd')).not.toContain('homeland_security');
    expect(purposeIds('oakland-pd')).not.toContain('electronic_surveillance');
  });

  it('requires training updates annually', () => {
    expect(profile('oakland-pd').training.validityDays).toBeLessThanOrEqual(ONE_YEAR);
  });
});

describe('Piedmont PD (Policy 438)', () => {
  it('blocks users whose training is older than one year', () => {
    expect(profile('piedmont-pd').training.validityDays).toBeLessThanOrEqual(ONE_YEAR);
  });

  it('may share by an agreement that meets this policy', () => {
    expect(profile('piedmont-pd').sharing.agreementAlternative).toBe(true);
  });

  it('keeps detections at least one year', () => {
    expect(profile('piedmont-pd').retention.detection.minDays).toBe(ONE_YEAR);
  });
});

describe('San Leandro PD (Policy 418)', () => {
  it('keeps detections one year and purges them on the 366th day', () => {
    const d = profile('san-leandro-pd').retention.detection;
    expect(d.minDays).toBe(ONE_YEAR);
    expect(d.maxDays).toBe(ONE_YEAR);
  });

  it('audits quarterly and reports data errors to NCRIC', () => {
    const a = profile('san-leandro-pd').audit;
    expect(a.cadenceMonths).toBe(3);
    expect(a.reportTo).toMatch(/NCRIC/);
  });

  it('lets sworn peace officers use ALPR for the listed purposes', () => {
    expect(classIds('san-leandro-pd')).toContain('sworn_officer');
    expect(classIds('san-leandro-pd')).not.toContain('parking_enforcement');
    expect(purposeIds('san-leandro-pd')).toEqual(
      expect.arrayContaining(['event_protection', 'critical_infrastructure', 'support_other_agency']),
    );
  });
});

describe('Berkeley PD (council referral, proposed)', () => {
  it('keeps detections no less than sixty days and no more than one year', () => {
    const d = profile('berkeley-pd-proposed').retention.detection;
    expect(d.minDays).toBe(60);
    expect(d.maxDays).toBe(ONE_YEAR);
  });

  it('keeps parking hits no longer than 365 days', () => {
    expect(profile('berkeley-pd-proposed').retention.hit.maxDays).toBe(ONE_YEAR);
  });

  it('reports to the City Manager each year', () => {
    const a = profile('berkeley-pd-proposed').audit;
    expect(a.cadenceMonths).toBe(12);
    expect(a.reportTo).toMatch(/City Manager/);
  });

  it('covers violent crime, traffic safety, illegal dumping and parking enforcement', () => {
    expect(purposeIds('berkeley-pd-proposed')).toEqual(
      expect.arrayContaining([
        'violent_crime_investigation',
        'traffic_violation',
        'illegal_dumping',
        'parking_enforcement',
      ]),
    );
  });
});
