import type { PolicyProfile } from '../access/policy';
import { addPeriod, type IsoDay } from '../shared/calendar';

export type AuditCadence = PolicyProfile['audit']['cadence'];

export type CadenceStatus = {
  /** How often audits are due now (the phase `today` falls in). */
  everyMonths: number;
  /** The next audit is due on this agency-local day (today or earlier when overdue; null: no audit yet and no start date). */
  dueOn: IsoDay | null;
  /** Due dates that passed with no audit filed, oldest first. */
  overdue: IsoDay[];
  /** Never audited and the profile records no start: an audit is due now. */
  neverAudited: boolean;
};

/** The phase in force on `day`: Alameda audits every 6 months for two years from implementation, then yearly. */
export function everyMonthsOn(cadence: AuditCadence, day: IsoDay): number {
  if (cadence.startsOn === null) return cadence.phases[0]!.everyMonths;
  let start = cadence.startsOn;
  for (const phase of cadence.phases) {
    if (phase.forMonths === undefined) return phase.everyMonths;
    const end = addPeriod(start, { months: phase.forMonths }, 'clamp');
    if (day < end) return phase.everyMonths;
    start = end;
  }
  return cadence.phases[cadence.phases.length - 1]!.everyMonths;
}

/**
 * When the next audit is due and which were missed, from the profile's cadence and the day the last audit was
 * filed (null: none yet, counted from the profile's start date).
 */
export function cadenceStatus(cadence: AuditCadence, lastFiledOn: IsoDay | null, today: IsoDay): CadenceStatus {
  const anchor = lastFiledOn ?? cadence.startsOn;
  if (anchor === null) {
    return { everyMonths: everyMonthsOn(cadence, today), dueOn: null, overdue: [], neverAudited: true };
  }
  const overdue: IsoDay[] = [];
  let due = addPeriod(anchor, { months: everyMonthsOn(cadence, anchor) }, 'clamp');
  // Each missed due date starts the next interval; a long silence lists every audit that was not done (capped).
  while (due < today && overdue.length < 100) {
    overdue.push(due);
    due = addPeriod(due, { months: everyMonthsOn(cadence, due) }, 'clamp');
  }
  return {
    everyMonths: everyMonthsOn(cadence, today),
    dueOn: overdue[0] ?? due,
    overdue,
    neverAudited: lastFiledOn === null,
  };
}
