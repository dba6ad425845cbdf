import type { AuditRecord } from './chain';
import type { Inquiry } from './screening';
import type { Json } from '../shared/canonicalJson';

/** Searches the workstation runs by itself (the clone scan after a sync): logged, but nobody's inquiry. */
const AUTOMATIC = new Set(['search.cloneScan']);

/**
 * Which access-log records are browsing inquiries: searches of detection data a person made (the plate search
 * and the analyses), as they ended well. Viewing one detection, an image or a hit follows from an inquiry and is
 * not one.
 */
export function isBrowsingInquiry(action: string, outcome: string): boolean {
  return outcome === 'ok' && !AUTOMATIC.has(action) && (action === 'detections.search' || action.startsWith('search.'));
}

type Query = { [key: string]: Json };

/** An access-log record as an audit sees it; null when it is not a browsing inquiry. */
export function inquiryFromRecord(workstation: string, seq: number, r: AuditRecord): Inquiry | null {
  if (!isBrowsingInquiry(r.action, r.outcome)) return null;
  const query = (
    r.data.query && typeof r.data.query === 'object' && !Array.isArray(r.data.query) ? r.data.query : {}
  ) as Query;
  const plate = typeof query.plate === 'string' && query.plate.trim() !== '' ? query.plate.trim().toUpperCase() : null;
  const from = typeof query.from === 'string' ? Date.parse(query.from) : NaN;
  const to = typeof query.to === 'string' ? Date.parse(query.to) : NaN;
  const cameras = Array.isArray(query.cameras) ? query.cameras.length : 0;
  return {
    key: `${workstation}#${seq}`,
    source: 'canvass',
    workstation,
    seq,
    at: r.at,
    username: r.username,
    action: r.action,
    purpose: r.purpose
      ? {
          numberKind: r.purpose.numberKind,
          number: r.purpose.number,
          purposeId: r.purpose.purposeId,
          description: r.purpose.description,
          freeText: false,
        }
      : null,
    plates: plate ? [plate] : [],
    windowHours: Number.isFinite(from) && Number.isFinite(to) ? Math.max(0, (to - from) / 3_600_000) : null,
    // An analysis is always of scenes (places) or of one plate; a plain search is bounded by an area or cameras.
    bounded: r.action.startsWith('search.') || query.area != null || cameras > 0,
    networks: 1,
    resultCount: typeof r.data.resultCount === 'number' ? r.data.resultCount : null,
  };
}
