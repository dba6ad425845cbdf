import { describe, expect, it } from 'vitest';
import { cadenceStatus, everyMonthsOn } from '../../../main/core/audit/cadence';
import { shippedProfile } from '../../support/profiles';

describe('audit cadence from the profile', () => {
  const losAltos = shippedProfile('los-altos-pd').audit.cadence;
  const sanLeandro = shippedProfile('san-leandro-pd').audit.cadence;
  const alameda = { ...shippedProfile('alameda-pd').audit.cadence, startsOn: '2025-01-15' };

  it('Los Altos: semi-annual — due six months after the last audit was filed', () => {
    expect(cadenceStatus(losAltos, '2026-03-10', '2026-06-01')).toEqual({
      everyMonths: 6,
      dueOn: '2026-09-10',
      overdue: [],
      neverAudited: false,
    });
  });

  it('San Leandro: quarterly — lists every quarter missed', () => {
    const s = cadenceStatus(sanLeandro, '2026-01-05', '2026-12-01');
    expect(s.overdue).toEqual(['2026-04-05', '2026-07-05', '2026-10-05']);
    expect(s.dueOn).toBe('2026-04-05');
  });

  it('Alameda: every six months for two years from implementation, then annually', () => {
    expect(everyMonthsOn(alameda, '2026-12-31')).toBe(6);
    expect(everyMonthsOn(alameda, '2027-01-15')).toBe(12);
    expect(cadenceStatus(alameda, null, '2025-06-01')).toMatchObject({
      dueOn: '2025-07-15',
      overdue: [],
      neverAudited: true,
    });
    expect(cadenceStatus(alameda, '2026-12-01', '2027-03-01').dueOn).toBe('2027-06-01');
  });

  it('never audited and no start date recorded: due now', () => {
    expect(cadenceStatus(losAltos, null, '2026-06-01')).toEqual({
      everyMonths: 6,
      dueOn: null,
      overdue: [],
      neverAudited: true,
    });
  });

  it('due on the day itself is not yet overdue', () => {
    expect(cadenceStatus(losAltos, '2026-01-01', '2026-07-01').overdue).toEqual([]);
    expect(cadenceStatus(losAltos, '2026-01-01', '2026-07-02').overdue).toEqual(['2026-07-01']);
  });
});
