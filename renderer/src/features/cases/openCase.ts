import type { SessionInfo } from '../../../../preload/contract';
import { hasRole } from '../../shared/session';

/**
 * The case the open purpose collects for, as main decides it (core/cases caseOfPurpose): the purpose's number,
 * trimmed and upper-cased. Null without a purpose or a number, with what to tell the person.
 */
export type OpenCase =
  { ok: true; purposeId: number; caseNumber: string; kindLabel: string } | { ok: false; reason: string };

export function openCase(session: SessionInfo): OpenCase {
  const p = session.purpose;
  if (!p) return { ok: false, reason: 'Open a purpose for the case first: its number names the case.' };
  const number = p.number?.trim().toUpperCase();
  if (!number || !p.numberKind)
    return {
      ok: false,
      reason: 'The open purpose has no case, incident, call or warrant number, so there is no case to collect for.',
    };
  const kindLabel = { case: 'Case', incident: 'Incident', call: 'Call', warrant: 'Warrant' }[p.numberKind];
  return { ok: true, purposeId: p.id, caseNumber: number, kindLabel };
}

/** Who may put detections in a case (main refuses the others too). */
export function mayCollect(session: SessionInfo): boolean {
  return hasRole(session, 'investigator', 'evidence_technician');
}
