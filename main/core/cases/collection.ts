/**
 * A case's collection (docs/cases.md): the detections an investigator set aside for a case, each with a short
 * note saying why, who added it and when. The case is the open purpose's number: a purpose without one has no
 * case to collect for. Pure rules; the services store and audit.
 */
import type { PurposeDraft } from '../access/purpose';

/** Where a detection was added from: the screen that showed it, so the collection says how it was found. */
export const CASE_SOURCES = {
  search: 'Search',
  detail: 'Read detail',
  commonVehicles: 'Common vehicles',
  travellingTogether: 'Travelling together',
  plateHabits: 'Usual places',
  clonedPlates: 'Cloned plates',
  reread: 'Re-read report',
  hit: 'Hot-list hit',
} as const;

export type CaseSource = keyof typeof CASE_SOURCES;

export const NOTE_MAX = 500;
/** One add takes at most this many detections (a search answer, a vehicle's sightings). */
export const ADD_MAX = 2000;

export type CaseKey = { number: string; kind: NonNullable<PurposeDraft['numberKind']> };

/**
 * The case a purpose collects for: its number, trimmed and upper-cased so "26-04417" and "26-04417 " are one
 * case. Null when the purpose has no number.
 */
export function caseOfPurpose(p: Pick<PurposeDraft, 'number' | 'numberKind'>): CaseKey | null {
  const number = p.number?.trim().toUpperCase();
  if (!number || !p.numberKind) return null;
  return { number, kind: p.numberKind };
}

export const NO_CASE_NUMBER =
  'The open purpose has no case, incident, call or warrant number, so there is no case to collect for. Open a purpose with the number to build its collection.';

export type NoteCheck = { ok: true; note: string } | { ok: false; reason: string };

/** A note says why the detection matters: one line, 3–500 characters. */
export function checkNote(raw: string): NoteCheck {
  const note = raw.trim().replace(/\s+/g, ' ');
  if (note.length < 3)
    return { ok: false, reason: 'Say in a few words why this belongs to the case (e.g. “suspect vehicle, 02:14 NB”).' };
  if (note.length > NOTE_MAX) return { ok: false, reason: `A note is at most ${NOTE_MAX} characters.` };
  return { ok: true, note };
}
