/**
 * The person overseeing the ALPR operation for the ALPR Administrator: "the title and name of the current
 * designee in overseeing the ALPR operation" (e.g. Modesto 462.3.1(e)). Recorded from a day on; the one whose
 * day is latest (on or before a given day) is that day's designee.
 */
export type Designee = {
  id: number;
  title: string;
  name: string;
  /** The agency-local day they took it on. */
  since: string;
  recordedBy: string | null;
  recordedAt: string;
};
