import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The policy texts the shipped profiles cite (tests/support/policies), cut into sections so a test can check a
 * citation against the words of the section it names.
 */
const DIR = join(__dirname, 'policies');
const REFERRAL = 'berkeley-council-referral-with-bay-area-policies.txt';

/**
 * Which text holds each profile's policy. The referral attaches seven policies, each beginning with the heading
 * "Automated License Plate Readers (ALPRs)"; `part` counts those headings (0 = the referral itself).
 */
const TEXTS: Record<string, { file: string; part?: number }> = {
  'los-altos-pd': { file: 'los-altos-pd-462.txt' },
  'modesto-pd': { file: 'modesto-pd-462.txt' },
  'daly-city-pd': { file: 'daly-city-pd-457.txt' },
  'la-port-police': { file: 'la-port-police-462.txt' },
  'berkeley-pd-proposed': { file: REFERRAL, part: 0 },
  'vallejo-pd': { file: REFERRAL, part: 1 },
  'alameda-pd': { file: REFERRAL, part: 2 },
  'emeryville-pd': { file: REFERRAL, part: 3 },
  'hayward-pd': { file: REFERRAL, part: 4 },
  'oakland-pd': { file: REFERRAL, part: 5 },
  'piedmont-pd': { file: REFERRAL, part: 6 },
  'san-leandro-pd': { file: REFERRAL, part: 7 },
};

/**
 * The words as a reader sees them: struck-out text gone (Los Altos marks its deletions ~~so~~), link and bold
 * markup dropped, bullets and line breaks folded into single spaces, typographic quotes made plain.
 */
export function readableText(raw: string): string {
  return raw
    .replace(/~~[^~]*~~/g, ' ')
    .replace(/\[([^\]]*)\]\(#\)/g, '$1')
    .replace(/\*\*/g, '')
    .replace(/\\([()])/g, '$1')
    .replace(/[\uf0b7●•·]/g, ' ')
    .replace(/[’‘]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/(\w)-\s*\n\s*(\w)/g, '$1-$2')
    .replace(/\s+/g, ' ')
    .trim();
}

const SECTION_HEADING = /^\s*(\d{3}\.\d+(?:\.\d+)?)\s+[A-Z]/;
const REFERRAL_HEADING = /^\s*([A-Z][A-Z ]{5,}[A-Z])\s*$/;

export type PolicySection = { section: string; text: string };

function linesOf(profileId: string): string[] {
  const where = TEXTS[profileId];
  if (!where) throw new Error(`No policy text is known for the profile ${profileId}.`);
  const lines = readFileSync(join(DIR, where.file), 'utf8').split('\n');
  if (where.part === undefined) return lines;
  const starts = lines.flatMap((l, i) => (l.trim() === 'Automated License Plate Readers (ALPRs)' ? [i] : []));
  const from = where.part === 0 ? 0 : starts[where.part - 1]!;
  const to = starts[where.part] ?? lines.length;
  return lines.slice(from, to);
}

/** The sections of a profile's policy in order (a number may appear twice: Vallejo numbers two sections 426.4). */
export function policySections(profileId: string): PolicySection[] {
  const heading = TEXTS[profileId]?.part === 0 ? REFERRAL_HEADING : SECTION_HEADING;
  const out: { section: string; lines: string[] }[] = [];
  for (const line of linesOf(profileId)) {
    const m = heading.exec(line);
    if (m) out.push({ section: m[1]!, lines: [line] });
    else out.at(-1)?.lines.push(line);
  }
  return out.map((s) => ({ section: s.section, text: readableText(s.lines.join('\n')) }));
}

/** "462.6(e)" → "462.6"; a referral heading stays as it is. */
export function baseSection(section: string): string {
  return /^\d/.test(section) ? section.replace(/\(.*$/, '') : section.toUpperCase();
}

/**
 * Where a citation's words are: the sections of that number that hold the quote (with the subsection marker
 * it names, e.g. "(e)"). Empty when the quote is not in the section the citation names.
 */
export function sectionsQuoting(profileId: string, section: string, quote: string | undefined): PolicySection[] {
  const wanted = baseSection(section);
  const marks = [...section.matchAll(/\(([a-z0-9]+)\)/g)].map((m) => `(${m[1]})`);
  const needle = quote === undefined ? null : readableText(quote);
  return policySections(profileId).filter(
    (s) =>
      s.section.toUpperCase() === wanted &&
      marks.every((m) => s.text.includes(m)) &&
      (needle === null || s.text.includes(needle)),
  );
}
