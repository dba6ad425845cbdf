/**
 * Is a request about immigration enforcement? California forbids sharing ALPR data for it (Gov. Code § 7284.6,
 * the Values Act), whoever asks and however it is worded. Requests are free text, so the test reads the words,
 * not a checkbox:
 *
 * 1. The text is folded: lower case, accents dropped ("deportación" → "deportacion"), punctuation to spaces, and
 *    runs of single letters joined ("I.C.E.", "I C E" → "ice"; "C.B.P." → "cbp").
 * 2. Names and phrases that only mean immigration enforcement match anywhere: the agencies (Immigration and
 *    Customs Enforcement, Customs and Border Protection, Border Patrol, Homeland Security Investigations,
 *    Enforcement and Removal Operations, USCIS), the law (287(g), 8 U.S.C. § 1357, a detainer, Form I-247),
 *    the acts (deport…, removal proceedings/orders, immigration status/violations/holds…), the people
 *    ("illegal alien", "undocumented", "unlawfully present", "visa overstay") and Spanish ("inmigracion", "la migra").
 * 3. "ICE" is also a word: written in capitals (or dotted) it is the agency; in lower case it counts only beside a
 *    word of enforcement (agent, detainer, raid, custody, officer…), so "ice cream truck" is not a signal.
 * 4. An e-mail address at ice.dhs.gov or cbp.dhs.gov is the agency's.
 *
 * The test errs towards refusing: a lawful request caught by it can be corrected and screened again, while a
 * release for immigration enforcement cannot be undone.
 */

export type ImmigrationSignal = { term: string; field: string };

/** Lower case, no accents, punctuation as spaces, single letters joined: the text the patterns read. */
export function foldText(text: string): string {
  const plain = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    // 287(g) and 8 U.S.C. keep their shape as words: "287 g", "8 u s c".
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  // Join runs of two or more single letters: "i c e" → "ice", "u s c" → "usc".
  return plain.replace(/\b([a-z])(?: ([a-z])\b)+/g, (run) => run.replace(/ /g, ''));
}

/** Phrases that mean immigration enforcement wherever they appear (matched on folded text, as whole words). */
const PHRASES: readonly [RegExp, string][] = [
  [/\bimmigration (?:and )?customs enforcement\b/, 'Immigration and Customs Enforcement'],
  [/\bcustoms (?:and )?border protection\b/, 'Customs and Border Protection'],
  [/\bborder patrol\b/, 'Border Patrol'],
  [/\bhomeland security investigations?\b/, 'Homeland Security Investigations'],
  [/\benforcement (?:and )?removal operations?\b/, 'Enforcement and Removal Operations'],
  [/\b(?:cbp|hsi|uscis|usbp|ero)\b/, 'an immigration agency’s initials'],
  [/\bcitizenship (?:and )?immigration services\b/, 'U.S. Citizenship and Immigration Services'],
  [/\bimmigration\b/, 'immigration'],
  [/\binmigracion\b/, 'inmigración'],
  [/\bla migra\b|\bmigra\b/, 'la migra'],
  [/\bdeport\w*/, 'deportation'],
  [
    /\bremovals?\b(?: \w+){0,2} (?:proceedings?|orders?|operations?|cases?|hearings?|flights?)\b/,
    'removal proceedings',
  ],
  [/\bremovable\b/, 'removable'],
  [/\b287 ?g\b/, '287(g)'],
  [/\b8 usc (?:section )?1(?:357|324|325|326|227|231)\b/, '8 U.S.C. (immigration)'],
  [/\btitle 8\b/, 'Title 8 (immigration)'],
  [/\bdetainers?\b/, 'an immigration detainer'],
  [/\bi 247\w*\b|\bi247\w*\b/, 'Form I-247 (detainer)'],
  [/\b(?:illegal|criminal|undocumented|removable) aliens?\b|\baliens?\b/, 'alien'],
  [/\bundocumented\b/, 'undocumented'],
  [
    /\bunlawful(?:ly)? presen(?:t|ce)\b|\billegally present\b|\billegal entry\b|\breentry\b|\bre entry\b/,
    'unlawful presence or entry',
  ],
  [/\bvisa overstays?\b|\boverstay(?:ed|s)? (?:a |the |their |his |her )?visa\b/, 'visa overstay'],
  [/\bnon ?citizens?\b/, 'non-citizen'],
  [/\bice dhs gov\b|\bcbp dhs gov\b/, 'an immigration agency’s e-mail address'],
];

/** Beside a lower-case "ice", these make it the agency. */
const ICE_CONTEXT =
  /\b(?:agents?|officers?|detainers?|holds?|raids?|custody|detention|detained|warrants?|operations?|enforcement|field office|task force|special agents?|requests?|ero|hsi|sweeps?|arrests?|dhs|federal)\b/;

export function immigrationSignals(fields: Record<string, string | null | undefined>): ImmigrationSignal[] {
  const out: ImmigrationSignal[] = [];
  for (const [field, raw] of Object.entries(fields)) {
    if (!raw) continue;
    const folded = foldText(raw);
    for (const [re, term] of PHRASES) if (re.test(folded)) out.push({ term, field });
    if (iceTheAgency(raw, folded)) out.push({ term: 'ICE', field });
  }
  return out;
}

function iceTheAgency(raw: string, folded: string): boolean {
  // Capitals or dots in the original: "ICE", "I.C.E.", "I C E" (folded to "ice" from single letters).
  if (/\bICE\b|\bI\s*\.\s*C\s*\.\s*E\b|\bI C E\b/.test(raw)) return true;
  const words = folded.split(' ');
  return words.some((w, i) => w === 'ice' && ICE_CONTEXT.test(words.slice(Math.max(0, i - 3), i + 4).join(' ')));
}
