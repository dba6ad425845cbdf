import type { Block, DocumentSpec, DocumentMeta } from '../documents/spec';
import { FLAG_KINDS, FLAG_LABELS, type Flag, type FlagKind, type Inquiry } from './screening';

/**
 * The audit memorandum (docs/audits.md): to the Chief of Police, from the auditor, as every seed policy asks —
 * the period, the population and how the sample was drawn (the seed, so anyone can redraw it), the screening's
 * counts, each inquiry reviewed with its finding (random and auditor-added kept apart), the data errors with their
 * correction status, retention compliance, sharing in the period, and recommendations. Pure: the service gathers.
 */

export type MemoAnswers = {
  purposeSpecific: string;
  numberValid: string;
  scopeProportionate: string;
  userTrained: string;
  dataErrors: { kind: string; detail: string; correction: string }[];
  finding: 'compliant' | 'finding';
  findingText: string;
  remediation: string;
};

export type MemoInquiry = { origin: 'random' | 'flagged'; inquiry: Inquiry; flags: Flag[]; answers: MemoAnswers };

export type MemoInput = {
  meta: Omit<DocumentMeta, 'kind' | 'title' | 'subtitle' | 'handling'>;
  number: string;
  periodFrom: string;
  periodTo: string;
  /** "Canvass access log (this workstation and 3 others, agency-wide)" or "Imported: Flock Safety organization audit, file.csv". */
  sourceText: string;
  imported: boolean;
  to: string;
  from: { title: string; name: string };
  population: number;
  seed: string;
  headHash: string;
  sampleSize: number;
  sampleRule: string;
  screening: {
    byKind: Record<FlagKind, number>;
    flaggedInquiries: number;
    byUser: { username: string; inquiries: number; flagged: number }[];
  };
  inquiries: MemoInquiry[];
  /**
   * Data errors Canvass already knows of in the detections the reviewed inquiries returned (corrected reads, re-reads
   * that differ and are not yet corrected), listed beside the reviewer's own.
   */
  knownErrors: { key: string; kind: 'misread'; detail: string; correction: 'corrected' | 'open' }[];
  /** Where the policy has data errors reported for correction. */
  corrections: { reportTo: string; upstream: boolean; cite: string };
  retention: string[];
  sharing: string[];
  recommendations: string;
  signer: { title: string; name: string };
  custodian: string;
  timeZone: string;
};

const ANSWER = { yes: 'yes', no: 'NO', na: 'n/a' } as Record<string, string>;
const CORRECTION = { corrected: 'corrected', reported: 'reported for correction', open: 'not yet corrected' } as Record<
  string,
  string
>;
const ERROR_KIND = { misread: 'misread plate', wrong_state: 'wrong state', other: 'other' } as Record<string, string>;

function when(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  })
    .format(new Date(iso))
    .replace(',', '');
}

function purposeText(q: Inquiry): string {
  if (!q.purpose) return '(none recorded)';
  const n = q.purpose.number ? `${q.purpose.number} ` : '';
  return `${n}${q.purpose.description}`.trim() || '(blank)';
}

function inquiryTable(list: MemoInquiry[], timeZone: string): Block {
  return {
    type: 'table',
    columns: [
      { key: 'n', label: '#', width: 4, align: 'right' },
      { key: 'key', label: 'Record', width: 13, mono: true },
      { key: 'when', label: 'When (local)', width: 12 },
      { key: 'user', label: 'User', width: 10 },
      { key: 'searched', label: 'Searched', width: 13 },
      { key: 'purpose', label: 'Purpose as recorded', width: 22 },
      { key: 'checks', label: 'Specific / number / scope / trained', width: 12 },
      { key: 'finding', label: 'Finding', width: 18 },
    ],
    rows: list.map((m, i) => ({
      n: String(i + 1),
      key: m.inquiry.key,
      when: when(m.inquiry.at, timeZone),
      user: m.inquiry.username ?? '(none)',
      searched: m.inquiry.plates.length ? m.inquiry.plates.join(', ') : m.inquiry.action,
      purpose: purposeText(m.inquiry),
      checks: [m.answers.purposeSpecific, m.answers.numberValid, m.answers.scopeProportionate, m.answers.userTrained]
        .map((a) => ANSWER[a] ?? a)
        .join(' / '),
      finding:
        m.answers.finding === 'compliant'
          ? 'Compliant'
          : `Finding: ${m.answers.findingText}${m.answers.remediation ? ` — Remediation: ${m.answers.remediation}` : ''}`,
    })),
  };
}

export function memoSpec(input: MemoInput): DocumentSpec {
  const random = input.inquiries.filter((m) => m.origin === 'random');
  const added = input.inquiries.filter((m) => m.origin === 'flagged');
  const errors = [
    ...input.inquiries.flatMap((m) =>
      m.answers.dataErrors.map((e) => ({ key: m.inquiry.key, foundBy: 'reviewer', ...e })),
    ),
    ...input.knownErrors.map((e) => ({ ...e, foundBy: 'Canvass record' })),
  ];
  const findings = input.inquiries.filter((m) => m.answers.finding === 'finding').length;
  const blocks: Block[] = [
    {
      type: 'fields',
      rows: [
        { label: 'To', value: input.to },
        { label: 'From', value: `${input.from.name}, ${input.from.title}` },
        { label: 'Subject', value: `Audit ${input.number} of ALPR detection browsing inquiries` },
        { label: 'Period', value: `${input.periodFrom} to ${input.periodTo}` },
        { label: 'Log audited', value: input.sourceText },
      ],
    },
  ];
  if (input.imported) {
    blocks.push({
      type: 'paragraph',
      tone: 'warning',
      text: 'IMPORTED DATA: the inquiries audited here come from the vendor’s export named above, not from Canvass’s access log. Canvass screened and sampled them as they were exported; it did not verify them against the vendor’s system.',
    });
  }
  blocks.push(
    { type: 'heading', text: 'Population and sample', level: 2 },
    {
      type: 'paragraph',
      text: `${input.population} browsing inquiries were made in the period. ${input.sampleRule} The random sample of ${random.length} was drawn from a published seed, so that anyone holding the log can draw it again: seed = SHA-256("canvass-audit-sample\\n${input.number}\\n<log head>"); each inquiry ranks by SHA-256(seed + "\\n" + its record key); the sample is the ${input.sampleSize} lowest ranks.`,
    },
    {
      type: 'fields',
      rows: [
        { label: 'Log head', value: input.headHash, mono: true },
        { label: 'Seed', value: input.seed, mono: true },
        { label: 'Random sample', value: String(random.length) },
        { label: 'Added by the auditor from the flags', value: String(added.length) },
      ],
    },
    { type: 'heading', text: 'Screening of every inquiry', level: 2 },
    {
      type: 'paragraph',
      text: `Before sampling, every inquiry in the period was screened; ${input.screening.flaggedInquiries} of ${input.population} were flagged for at least one reason.`,
    },
    {
      type: 'table',
      columns: [
        { key: 'kind', label: 'Flag', width: 70 },
        { key: 'count', label: 'Inquiries', width: 30, align: 'right' },
      ],
      rows: FLAG_KINDS.map((k) => ({ kind: FLAG_LABELS[k], count: String(input.screening.byKind[k]) })),
    },
  );
  const flaggedUsers = input.screening.byUser.filter((u) => u.flagged > 0);
  if (flaggedUsers.length) {
    blocks.push({
      type: 'table',
      columns: [
        { key: 'user', label: 'User', width: 50 },
        { key: 'inquiries', label: 'Inquiries', width: 25, align: 'right' },
        { key: 'flagged', label: 'Flagged', width: 25, align: 'right' },
      ],
      rows: flaggedUsers.map((u) => ({ user: u.username, inquiries: String(u.inquiries), flagged: String(u.flagged) })),
    });
  }
  blocks.push(
    { type: 'heading', text: 'Inquiries reviewed: random sample', level: 2 },
    random.length ? inquiryTable(random, input.timeZone) : { type: 'paragraph', text: 'No inquiries in the period.' },
  );
  if (added.length) {
    blocks.push(
      { type: 'heading', text: 'Inquiries reviewed: added from the flags', level: 2 },
      {
        type: 'paragraph',
        tone: 'muted',
        text: 'Chosen by the auditor from the screening’s flags; not part of the random sample.',
      },
      inquiryTable(added, input.timeZone),
    );
  }
  blocks.push(
    {
      type: 'paragraph',
      text: `${findings} of ${input.inquiries.length} inquiries reviewed have a finding.`,
    },
    { type: 'heading', text: 'Data errors found', level: 2 },
    errors.length
      ? {
          type: 'table',
          columns: [
            { key: 'key', label: 'Record', width: 18, mono: true },
            { key: 'kind', label: 'Error', width: 13 },
            { key: 'foundBy', label: 'Found by', width: 13 },
            { key: 'detail', label: 'Detail', width: 38 },
            { key: 'correction', label: 'Correction', width: 18 },
          ],
          rows: errors.map((e) => ({
            key: e.key,
            kind: ERROR_KIND[e.kind] ?? e.kind,
            foundBy: e.foundBy,
            detail: e.detail,
            correction: CORRECTION[e.correction] ?? e.correction,
          })),
        }
      : { type: 'paragraph', text: 'No data errors were found in the inquiries reviewed.' },
    {
      type: 'paragraph',
      tone: 'muted',
      text: `Data errors are reported for correction to: ${input.corrections.reportTo}${
        input.corrections.upstream ? ', outside the department' : ''
      } — ${input.corrections.cite}. “Found by Canvass record” lists the detections these inquiries returned whose read was corrected, or whose OCR re-read differs and is not yet corrected.`,
    },
    { type: 'heading', text: 'Retention compliance', level: 2 },
    ...input.retention.map((text): Block => ({ type: 'paragraph', text })),
    { type: 'heading', text: 'Sharing in the period', level: 2 },
    ...input.sharing.map((text): Block => ({ type: 'paragraph', text })),
    { type: 'heading', text: 'Recommendations', level: 2 },
    { type: 'paragraph', text: input.recommendations.trim() || 'None.' },
    {
      type: 'signatures',
      lines: [
        { role: `Approved: ${input.signer.title}`, name: input.signer.name },
        { role: 'Filed: Custodian of Records', name: input.custodian },
      ],
    },
  );
  return {
    meta: {
      ...input.meta,
      kind: 'audit-memo',
      title: 'Memorandum: Audit of ALPR use',
      subtitle: `${input.number}, ${input.periodFrom} to ${input.periodTo}${input.imported ? ' (imported vendor log)' : ''}`,
      handling: 'ALPR audit — law enforcement use only',
    },
    blocks,
  };
}
