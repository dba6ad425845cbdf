/**
 * Which access-log records go into a package, and how each is put in a line: the searches and analyses that found
 * its detections and the additions that collected them (each record already names its purpose).
 */
import type { AuditRecord } from '../audit/chain';
import { CASE_SOURCES, type CaseSource } from '../cases/collection';
import type { Json } from '../shared/canonicalJson';
import type { AccessFact } from './content';

/** Actions that find or collect detections; an entry ending in `.` is a prefix (every `search.*` analysis). */
export const FINDING_ACTIONS = ['detections.search', 'search.', 'cases.add'] as const;

export function isFindingAction(action: string): boolean {
  return FINDING_ACTIONS.some((a) => (a.endsWith('.') ? action.startsWith(a) : action === a));
}

/** The record as a fact of the package, or null when it names none of `packageIds`. */
export function accessFact(
  seq: number,
  r: AuditRecord,
  packageIds: ReadonlySet<number>,
  fullName: string | null,
): AccessFact | null {
  const named = Array.isArray(r.data.detectionIds) ? (r.data.detectionIds as Json[]) : [];
  const ids = named.filter((x): x is number => typeof x === 'number' && packageIds.has(x));
  if (ids.length === 0 || !isFindingAction(r.action)) return null;
  const p = r.purpose;
  return {
    seq,
    at: r.at,
    action: r.action,
    outcome: r.outcome,
    username: r.username,
    fullName,
    purpose: p ? `${p.purposeLabel}${p.number ? ` ${p.numberKind ?? ''} ${p.number}` : ''}: ${p.description}` : null,
    summary: summarize(r),
    detectionIds: [...new Set(ids)],
  };
}

function summarize(r: AuditRecord): string {
  const d = r.data;
  if (r.action === 'cases.add') {
    const source = CASE_SOURCES[d.source as CaseSource] ?? String(d.source ?? '');
    return `Added to case ${String(d.caseNumber ?? '')} from ${source}: “${String(d.note ?? '')}”`;
  }
  const terms =
    d.query && typeof d.query === 'object' && !Array.isArray(d.query) ? flat(d.query) : flat(d, ['detectionIds']);
  const results = typeof d.resultCount === 'number' ? `; ${d.resultCount} results` : '';
  return `${terms.join('; ') || 'no terms'}${results}`;
}

/** `plate 8K*`, `vehicle.color gray`, `area (drawn on the map)`: the search terms in a line. */
function flat(o: { [key: string]: Json }, skip: readonly string[] = [], prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (skip.includes(k) || v === null || k === 'limit' || k === 'resultCount') continue;
    const key = `${prefix}${k}`;
    if (k === 'area') out.push(`${key} (drawn on the map)`);
    else if (Array.isArray(v)) {
      if (v.length && v.every((x) => typeof x !== 'object'))
        out.push(`${key} ${v.slice(0, 6).join(', ')}${v.length > 6 ? '…' : ''}`);
    } else if (typeof v === 'object') out.push(...flat(v, [], `${key}.`));
    else out.push(`${key} ${String(v)}`);
  }
  return out;
}
