/**
 * The public transparency report (docs/retention.md): for a period, agency-wide figures a member of the public may
 * read — cameras, detections, hits and the hit ratio, hits by final state, searches by authorized purpose, releases
 * by receiving agency, retention per kind, audits and their findings, data errors corrected, purges. Counts only:
 * nothing in it identifies a plate or a person (`publicFigures` is all that reaches the PDF, the CSV and the JSON).
 */
import { documentId, type Block, type DocumentSpec } from '../documents/spec';

export const TRANSPARENCY_KIND = 'transparency-report';
export const NONE_RECORDED = 'none recorded';

export type Counted = { label: string; count: number };

export type TransparencyFacts = {
  agency: { name: string; ori: string | null };
  profileSource: string;
  timeZone: string;
  from: string;
  to: string;
  issuedAt: string;
  issuedBy: { username: string; fullName: string | null };
  cameras: Counted[];
  detections: number;
  hits: number;
  hitsByState: Counted[];
  searchesByPurpose: Counted[];
  /** Releases by receiving agency, or "none recorded" (issue 19 wires them). */
  releases: Counted[] | typeof NONE_RECORDED;
  retention: { kind: string; period: string; cite: string }[];
  /** Audits done and their findings, or "none recorded" (issue 20 wires them). */
  audits: Counted[] | typeof NONE_RECORDED;
  correctionsMade: number;
  purges: { runs: number; detections: number; hits: number; images: number };
};

/** The figures as rows (section, item, value): the CSV, and the JSON's `rows`. */
export type FigureRow = { section: string; item: string; value: string };

export function hitRatio(hits: number, detections: number): string {
  return detections === 0 ? 'n/a' : `1 in ${Math.round(detections / Math.max(hits, 1)).toLocaleString('en-US')}`;
}

export function publicFigures(f: TransparencyFacts): FigureRow[] {
  const rows: FigureRow[] = [];
  const add = (section: string, item: string, value: string | number) =>
    rows.push({ section, item, value: String(value) });
  for (const c of f.cameras) add('cameras', c.label, c.count);
  add('detections', 'detections (reads)', f.detections);
  add('hits', 'hits', f.hits);
  add('hits', 'hit ratio', hitRatio(f.hits, f.detections));
  for (const h of f.hitsByState) add('hits by final state', h.label, h.count);
  for (const s of f.searchesByPurpose) add('searches by purpose', s.label, s.count);
  if (f.releases === NONE_RECORDED) add('releases by receiving agency', 'releases', NONE_RECORDED);
  else for (const r of f.releases) add('releases by receiving agency', r.label, r.count);
  for (const r of f.retention) add('retention', r.kind, `${r.period} (${r.cite})`);
  if (f.audits === NONE_RECORDED) add('audits', 'audits', NONE_RECORDED);
  else for (const a of f.audits) add('audits', a.label, a.count);
  add('data errors corrected', 'corrected reads', f.correctionsMade);
  add('purges', 'runs', f.purges.runs);
  add('purges', 'detections removed', f.purges.detections);
  add('purges', 'hits removed', f.purges.hits);
  add('purges', 'images removed', f.purges.images);
  return rows;
}

export function figuresCsv(rows: readonly FigureRow[]): string {
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return ['section,item,value', ...rows.map((r) => [r.section, r.item, r.value].map(q).join(','))].join('\n') + '\n';
}

export function transparencySpec(f: TransparencyFacts, rows: readonly FigureRow[]): DocumentSpec {
  const sections = [...new Set(rows.map((r) => r.section))];
  const blocks: Block[] = [
    { type: 'heading', text: 'ALPR transparency report', level: 1 },
    {
      type: 'paragraph',
      text: `${f.agency.name}, ${f.from} to ${f.to} (the agency\u2019s days). Agency-wide counts from the data this workstation holds; no plate and no person is named. Policy: ${f.profileSource}.`,
    },
    ...sections.flatMap((s): Block[] => [
      { type: 'heading', text: s[0]!.toUpperCase() + s.slice(1), level: 2 },
      {
        type: 'table',
        columns: [
          { key: 'item', label: 'Item', width: 3 },
          { key: 'value', label: 'Value', width: 2, align: 'right' },
        ],
        rows: rows.filter((r) => r.section === s).map((r) => ({ item: r.item, value: r.value })),
      },
    ]),
    {
      type: 'signatures',
      lines: [{ role: 'Reviewed and published by the ALPR Administrator', name: f.issuedBy.fullName }],
    },
  ];
  return {
    meta: {
      kind: TRANSPARENCY_KIND,
      documentId: documentId('TRP', `${f.from}-${f.to}`, f.issuedAt),
      title: 'ALPR transparency report',
      subtitle: `${f.from} to ${f.to}`,
      agency: f.agency,
      caseNumber: null,
      createdAt: f.issuedAt,
      createdBy: f.issuedBy,
      timeZone: f.timeZone,
      handling: 'Public',
    },
    blocks,
  };
}
