import { rng } from './prng';

/**
 * Flock Safety organization-audit exports made for the tests (docs/audits.md, "Imported logs"): a seeded mix of
 * the reasons vendors' audits find — specific ones with a case number, and "investigation", "inv", "bolo",
 * blanks — over the search types Flock names, in either Time Frame shape.
 */
const GOOD = [
  '26-004512 shooting Hillsdale/El Camino, gray Civic',
  'Case 26-011873 armed robbery 7-Eleven Sonoma Blvd, white Tacoma',
  'CR26-7781 residential burglary Glen Cove, van seen by neighbour',
  'AMBER alert 26-000931 abducted child, silver Odyssey last seen Tennessee St',
];
const BAD = ['investigation', 'inv', 'bolo', '', 'Investigation', 'suspect vehicle'];
const TYPES = ['lookup', 'search', 'freeform', 'visual', 'multiGeo', 'convoy'];

/** `11/14/2025, 09:53:36 AM UTC` for an epoch time. */
export function flockTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  const h = d.getUTCHours() % 12 || 12;
  return `${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${d.getUTCFullYear()}, ${p(h)}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'} UTC`;
}

const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export type FlockFixture = { csv: string; rows: number; bad: number };

export function flockCsv(options: {
  rows: number;
  seed?: number;
  /** First search time (epoch ms); the rest follow within the next `spanDays`. */
  start: number;
  spanDays?: number;
  shape?: 'one-cell' | 'two-cells';
  /** Header spelling: as Flock writes it, or lower-case with underscores. */
  header?: 'flock' | 'snake';
}): FlockFixture {
  const r = rng(options.seed ?? 7);
  const two = options.shape === 'two-cells';
  const names = two
    ? [
        'ID',
        'Org Name',
        'Total Networks Searched',
        'Total Devices Searched',
        'Time Frame Start',
        'Time Frame End',
        'Reason',
        'Search Time',
        'Search Type',
        'Moderation',
      ]
    : [
        'ID',
        'Org Name',
        'Total Networks Searched',
        'Total Devices Searched',
        'Time Frame',
        'Reason',
        'Search Time',
        'Search Type',
        'Moderation',
      ];
  const header = options.header === 'snake' ? names.map((n) => n.toLowerCase().replace(/ /g, '_')) : names;
  const lines = [header.join(',')];
  let bad = 0;
  const span = (options.spanDays ?? 30) * 86_400_000;
  for (let i = 0; i < options.rows; i++) {
    const at = options.start + Math.floor(r() * span);
    const isBad = r() < 0.3;
    if (isBad) bad++;
    const reason = isBad ? BAD[Math.floor(r() * BAD.length)]! : GOOD[Math.floor(r() * GOOD.length)]!;
    const from = flockTime(at - Math.floor(r() * 7 + 1) * 86_400_000);
    const to = flockTime(at);
    const networks = r() < 0.1 ? 1 + Math.floor(r() * 900) : 1;
    const cells = [
      `a1b2c3d4-${String(i).padStart(8, '0')}`,
      'San Mateo PD (synthetic)',
      String(networks),
      String(1 + Math.floor(r() * 60)),
      ...(two ? [from, to] : [`${from} - ${to}`]),
      reason,
      flockTime(at),
      TYPES[Math.floor(r() * TYPES.length)]!,
      r() < 0.05 ? 'flagged' : 'none',
    ];
    lines.push(cells.map(q).join(','));
  }
  return { csv: lines.join('\r\n') + '\r\n', rows: options.rows, bad };
}
