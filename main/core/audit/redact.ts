import type { Json } from '../shared/canonicalJson';

/**
 * What the access-log view shows of a record's data to someone who may review the log but not read ALPR data
 * (an administrator-only account, or a custodian with no purpose open). Records of ALPR access keep their
 * counts and how they ended; the plates, patterns, search terms, detection ids and free text that could name a
 * vehicle are hidden, and `hidden` lists which fields were.
 */
const KEPT = new Set(['resultCount', 'count', 'batchId', 'chosen', 'error', 'fetchedFromServer', 'for', 'readId']);

/** Actions that read ALPR data (the gate's `alpr` methods, under their audit names). */
export function isAlprAccess(action: string, hasPurpose: boolean): boolean {
  return hasPurpose || /^(detections|search|ocr|hits|hotlists|evidence|releases)\./.test(action);
}

export function redactAlprData(
  action: string,
  outcome: string,
  hasPurpose: boolean,
  data: { [key: string]: Json },
): { data: { [key: string]: Json }; redacted: boolean } {
  if (!isAlprAccess(action, hasPurpose)) return { data, redacted: false };
  const kept: { [key: string]: Json } = {};
  const hidden: string[] = [];
  for (const [k, v] of Object.entries(data)) {
    // The gate's refusals say why in `reason` ("no purpose", "training"); elsewhere a reason is free text.
    if (KEPT.has(k) || (k === 'reason' && outcome === 'denied')) kept[k] = v;
    else hidden.push(k);
  }
  if (hidden.length === 0) return { data, redacted: false };
  return { data: { ...kept, hidden }, redacted: true };
}
