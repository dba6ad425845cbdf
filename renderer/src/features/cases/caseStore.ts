/**
 * What this window knows of the open case's collection, outside any component: which detections are in it
 * (from the case view's read and from this window's adds), so an "Add to case" button can say "In the case"
 * without reading the collection again, and the case view knows to re-read after an add elsewhere. Keyed by the
 * open purpose: another purpose (another case, another person) starts empty.
 */
import { useSyncExternalStore } from 'react';
import type { CaseItem } from '../../../../preload/contract';

type Known = { purposeId: number; caseNumber: string; items: Map<number, CaseItem>; version: number };

let known: Known | null = null;
const listeners = new Set<() => void>();

function changed(next: Known): void {
  known = next;
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

function forPurpose(purposeId: number, caseNumber: string): Known {
  return known && known.purposeId === purposeId && known.caseNumber === caseNumber
    ? known
    : { purposeId, caseNumber, items: new Map(), version: 0 };
}

/** The collection as the case view read it (replaces what was known). */
export function knowCollection(purposeId: number, caseNumber: string, items: readonly CaseItem[]): void {
  const k = forPurpose(purposeId, caseNumber);
  changed({ ...k, items: new Map(items.map((i) => [i.detectionId, i])) });
}

/** Items this window added (or found already there): the case view re-reads on its next showing. */
export function knowAdded(purposeId: number, caseNumber: string, items: readonly CaseItem[]): void {
  const k = forPurpose(purposeId, caseNumber);
  const next = new Map(k.items);
  for (const i of items) next.set(i.detectionId, i);
  changed({ ...k, items: next, version: k.version + 1 });
}

export function knowRemoved(purposeId: number, caseNumber: string, detectionId: number): void {
  const k = forPurpose(purposeId, caseNumber);
  const next = new Map(k.items);
  next.delete(detectionId);
  changed({ ...k, items: next, version: k.version + 1 });
}

/** How many of `ids` are known to be in the open case, and the store's version (bumps with each change). */
export function useKnownCase(purposeId: number | null, caseNumber: string | null, ids: readonly number[]) {
  const k = useSyncExternalStore(subscribe, () => known);
  const mine = k && k.purposeId === purposeId && k.caseNumber === caseNumber ? k : null;
  return { collected: mine ? ids.filter((id) => mine.items.has(id)).length : 0, version: mine?.version ?? 0 };
}

/** Sign-out: nothing of a case stays in the window. */
export function forgetCase(): void {
  known = null;
  for (const l of listeners) l();
}
