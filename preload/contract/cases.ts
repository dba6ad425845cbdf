/**
 * A case's collection (docs/cases.md): detections set aside for the open purpose's case, each with a short note,
 * who added it and when. Reading the collection is ALPR data: purpose gate and access log. The evidence package
 * is built from it.
 */
import type { CaseSource } from '../../main/core/cases/collection';
import type { NumberKind } from './access';
import type { Detection } from './detections';

export type { CaseSource };

export type CaseItem = {
  id: number;
  detectionId: number;
  /** The detection as the store holds it now; null when it has been purged since it was collected. */
  detection: Detection | null;
  note: string;
  source: CaseSource;
  addedBy: { username: string; fullName: string | null };
  addedAt: string;
};

export type CaseCollection = {
  /** The open purpose's number, upper-cased: the case. */
  caseNumber: string;
  numberKind: NumberKind;
  items: CaseItem[];
};

export type CaseAddArgs = {
  /** 1–2,000 detections. */
  detectionIds: number[];
  /** Why they belong to the case: 3–500 characters ("suspect vehicle, 02:14 northbound"). */
  note: string;
  source: CaseSource;
};

export type CaseAddResult = {
  caseNumber: string;
  added: CaseItem[];
  /** Detections that were in the collection already (nothing changed for them). */
  already: CaseItem[];
};

export type CasesContract = {
  'cases.add': (args: CaseAddArgs) => CaseAddResult;
  'cases.collection': () => CaseCollection;
  'cases.remove': (args: { itemId: number; reason: string }) => { removed: boolean };
  /** The collection as CSV, written through main into the exports folder; the export is itself audited. */
  'cases.export': () => { path: string; items: number; sha256: string };
};

export const CASES_METHODS = [
  'cases.add',
  'cases.collection',
  'cases.remove',
  'cases.export',
] as const satisfies readonly (keyof CasesContract)[];
