/**
 * Plates (docs/search.md): what a typed plate pattern means, and the vehicle vocabulary the pickers offer.
 */

/** The values the vehicle pickers offer: what the store holds, most frequent first. */
export type SearchVocabulary = {
  makes: { value: string; count: number; models: { value: string; count: number }[] }[];
  colors: { value: string; count: number }[];
  bodies: { value: string; count: number }[];
  features: { id: string; label: string }[];
  states: string[];
  headings: string[];
};

/** What a plate pattern means, for the plate field's feedback as the user types (docs/search.md). */
export type PatternPart = {
  /** The characters of the input this part covers, as typed (normalized to upper case). */
  text: string;
  /** 0-based column in the normalized input. */
  column: number;
  kind: 'char' | 'unknown' | 'run' | 'class';
  /** One phrase: "7", "one unknown character", "any run of characters", "one of 8 or B". */
  meaning: string;
  /** With similar-looking characters on, the characters this one also matches (e.g. "8" → ["B"]). */
  similar: string[];
};

export type PatternFeedback =
  | { ok: true; normalized: string; parts: PatternPart[]; length: { min: number; max: number | null }; summary: string }
  | { ok: false; normalized: string; column: number; reason: string };

export type PlatesContract = {
  'search.vocabulary': () => SearchVocabulary;
  'search.describePattern': (args: { plate: string; similar?: boolean }) => PatternFeedback;
};

export const PLATES_METHODS = [
  'search.vocabulary',
  'search.describePattern',
] as const satisfies readonly (keyof PlatesContract)[];
