/**
 * Cases: the open purpose's case and the detections collected for it (docs/cases.md). The evidence package is
 * built from a collection: `readCaseCollection` is what another domain calls (it audits its own use).
 */
import type { CaseItem } from '../../../preload/contract';
import type { ReadableDB } from '../../store/db';
import { caseCollection } from '../../store/repos/caseItems';
import { toCaseItems } from './collection';

export { casesHandlers } from './cases.handlers';
export { openCase } from './collection';

/**
 * A case's collection as it stands: every detection collected and not taken out, with its note, who added it,
 * when and from where, in the order collected; `detection` is null for one purged since. Reads only: the caller
 * passes the gate and writes the access-log record of what it does with it.
 */
export function readCaseCollection(db: ReadableDB, caseNumber: string): CaseItem[] {
  return toCaseItems(db, caseCollection(db, caseNumber.trim().toUpperCase()));
}
