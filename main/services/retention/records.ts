import type { RecordKindInfo } from '../../../preload/contract';
import { localDate } from '../../core/access/training';
import {
  RECORD_KINDS,
  RECORD_RULES,
  RECORDS_CITE,
  RECORDS_MINIMUM_TEXT,
  recordsEligibleBefore,
} from '../../core/retention/records';
import { startOfLocalDay } from '../../core/shared/calendar';
import { departmentRecordAges } from '../../store/repos/retention';
import { profileOf, storeOf, type Context } from '../kernel/context';

/**
 * The department records on the workstation by kind, with those past the two-year minimum (core/retention/records.ts):
 * what the custodian reviews for destruction under the records retention schedule. Counts and days only.
 */
export function departmentRecords(ctx: Context): RecordKindInfo[] {
  const zone = profileOf(ctx).timeZone;
  const before = startOfLocalDay(recordsEligibleBefore(localDate(ctx.now(), zone)), zone).toISOString();
  const ages = departmentRecordAges(storeOf(ctx), before);
  return RECORD_KINDS.map((kind) => ({
    kind,
    ...RECORD_RULES[kind],
    rule: RECORDS_MINIMUM_TEXT,
    cite: RECORDS_CITE,
    count: ages[kind].count,
    oldestOn: ages[kind].oldestAt === null ? null : localDate(new Date(ages[kind].oldestAt), zone),
    eligible: ages[kind].eligible,
  }));
}
