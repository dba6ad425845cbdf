import { describe, expect, it } from 'vitest';
import {
  idsLink,
  kindBound,
  purgeCutoffs,
  purgePlan,
  tighteningProblem,
  IDS_CHAIN_START,
} from '../../../main/core/retention/plan';
import { startOfLocalDay } from '../../../main/core/shared/calendar';
import { publicFigures, figuresCsv, hitRatio, NONE_RECORDED } from '../../../main/core/retention/transparency';
import { shippedProfile } from '../../support/profiles';
import { createHash } from 'node:crypto';

const tz = 'America/Los_Angeles';

describe('purge plan', () => {
  it('cuts at the start of the oldest kept local day, per camera kind (Los Altos: fixed 30 days, mobile 1 year)', () => {
    // 03:00 UTC on 22 November is still 21 November in California.
    const plan = purgePlan(shippedProfile('los-altos-pd'), {}, new Date('2026-11-22T03:00:00Z'));
    expect(plan.today).toBe('2026-11-21');
    expect(plan.detection.fixed).toBe(startOfLocalDay('2026-10-23', tz).getTime());
    expect(plan.detection.mobile).toBe(startOfLocalDay('2025-11-22', tz).getTime());
  });

  it('has no cutoff where the profile keeps a kind indefinitely (Hayward hits)', () => {
    const plan = purgePlan(shippedProfile('hayward-pd'), {}, new Date('2026-11-22T12:00:00Z'));
    expect(plan.hit).toBeNull();
    expect(purgeCutoffs(plan).hit).toBe(-1);
    expect(plan.detection.general).toBeNull();
  });

  it('tightens but never loosens, and says the bound', () => {
    const la = shippedProfile('los-altos-pd');
    expect(tighteningProblem(la, { detection: 90 })).toBeNull();
    expect(tighteningProblem(la, { detection: 366 })).toMatch(/set 365 days or fewer/);
    expect(tighteningProblem(shippedProfile('hayward-pd'), { hit: 30 })).toMatch(/indefinitely/);
    expect(tighteningProblem(shippedProfile('hayward-pd'), { detection: 200 })).toMatch(/set 366 days or more/);
    expect(tighteningProblem(shippedProfile('oakland-pd'), { detection: 100 })).toMatch(/fixes the period/);
    const plan = purgePlan(la, { detection: 90 }, new Date('2026-11-22T20:00:00Z'));
    expect(plan.detection.mobile).toBe(startOfLocalDay('2026-08-25', tz).getTime());
    // The fixed cameras' 30 days stay shorter than the tightening.
    expect(plan.detection.fixed).toBe(startOfLocalDay('2026-10-24', tz).getTime());
    expect(kindBound(la, 'detection')).toMatchObject({ minDays: 1, maxDays: 365 });
  });

  it('chains the removed ids as sha256sum would', () => {
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    expect(idsLink(sha, IDS_CHAIN_START, 'detection', [3, 9])).toBe(sha(`${'0'.repeat(64)}\ndetection\n3\n9`));
  });
});

describe('transparency figures', () => {
  it('lists counts only, with "none recorded" where a neighbour has nothing yet', () => {
    const rows = publicFigures({
      agency: { name: 'A', ori: null },
      profileSource: 'P',
      timeZone: tz,
      from: '2026-01-01',
      to: '2026-12-31',
      issuedAt: '2027-01-02T00:00:00Z',
      issuedBy: { username: 'x', fullName: 'X' },
      cameras: [{ label: 'fixed cameras', count: 3 }],
      detections: 1000,
      hits: 4,
      hitsByState: [{ label: 'rejected: misread', count: 1 }],
      searchesByPurpose: [],
      releases: NONE_RECORDED,
      retention: [],
      audits: NONE_RECORDED,
      correctionsMade: 2,
      purges: { runs: 1, detections: 10, hits: 0, images: 0 },
    });
    expect(rows).toContainEqual({ section: 'hits', item: 'hit ratio', value: hitRatio(4, 1000) });
    expect(hitRatio(4, 1000)).toBe('1 in 250');
    expect(figuresCsv(rows)).toContain('audits,audits,none recorded');
    expect(figuresCsv(rows)).toContain('hits by final state,rejected: misread,1');
  });
});
