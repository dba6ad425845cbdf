import { describe, expect, it } from 'vitest';
import { memoSpec, type MemoInput } from '../../../main/core/audit/memo';
import { FLAG_KINDS, type Inquiry } from '../../../main/core/audit/screening';

const inquiry = (key: string): Inquiry => ({
  key,
  source: 'imported',
  workstation: 'Org',
  seq: 2,
  at: '2026-10-02T17:00:00.000Z',
  username: null,
  action: 'flock.lookup',
  purpose: { numberKind: null, number: null, purposeId: null, description: 'bolo', freeText: true },
  plates: [],
  windowHours: 24,
  bounded: true,
  networks: 1,
  resultCount: null,
});
const answers = {
  purposeSpecific: 'no',
  numberValid: 'no',
  scopeProportionate: 'yes',
  userTrained: 'na',
  dataErrors: [],
  finding: 'finding' as const,
  findingText: 'bolo is no reason',
  remediation: 'retrain',
};

function input(imported: boolean): MemoInput {
  return {
    meta: {
      documentId: 'MEMO-1',
      agency: { name: 'Vallejo PD', ori: null },
      caseNumber: null,
      createdAt: '2026-11-01T00:00:00.000Z',
      createdBy: { username: 'a', fullName: 'A' },
      timeZone: 'America/Los_Angeles',
    },
    number: 'AUD-1',
    periodFrom: '2026-10-01',
    periodTo: '2026-10-31',
    sourceText: imported ? 'Imported: Flock Safety organization audit, x.csv' : 'Canvass',
    imported,
    to: 'Chief of Police',
    from: { title: 'Captain', name: 'A' },
    population: 1,
    seed: 'ab'.repeat(32),
    headHash: 'cd'.repeat(32),
    sampleSize: 10,
    sampleRule: 'At least 10.',
    screening: { byKind: Object.fromEntries(FLAG_KINDS.map((k) => [k, 0])) as never, flaggedInquiries: 1, byUser: [] },
    inquiries: [
      { origin: 'random', inquiry: inquiry('flock:1'), flags: [], answers },
      { origin: 'flagged', inquiry: inquiry('flock:2'), flags: [], answers },
    ],
    knownErrors: [],
    corrections: {
      reportTo: 'Northern California Regional Intelligence Center',
      upstream: true,
      cite: 'San Leandro 462.9',
    },
    retention: ['ok'],
    sharing: ['None recorded'],
    recommendations: '',
    signer: { title: 'Captain', name: 'A' },
    custodian: 'Custodian of Records',
    timeZone: 'America/Los_Angeles',
  };
}

describe('the audit memo', () => {
  it('says on its face when the log audited was imported', () => {
    const text = JSON.stringify(memoSpec(input(true)));
    expect(text).toContain('IMPORTED DATA');
    expect(memoSpec(input(true)).meta.subtitle).toMatch(/imported vendor log/);
    expect(JSON.stringify(memoSpec(input(false)))).not.toContain('IMPORTED DATA');
  });

  it('keeps the random sample and the auditor’s additions in separate tables', () => {
    const blocks = memoSpec(input(false)).blocks;
    const headings = blocks.filter((b) => b.type === 'heading').map((b) => (b as { text: string }).text);
    expect(headings).toContain('Inquiries reviewed: random sample');
    expect(headings).toContain('Inquiries reviewed: added from the flags');
  });

  it('lists the data errors Canvass knows of beside the reviewer’s, and where errors are reported', () => {
    const memo = input(false);
    memo.knownErrors = [
      {
        key: 'WS1:12',
        kind: 'misread',
        detail: 'Detection 7 read 8ABC123; corrected to 8ABC128',
        correction: 'corrected',
      },
    ];
    const text = JSON.stringify(memoSpec(memo));
    expect(text).toContain('Detection 7 read 8ABC123; corrected to 8ABC128');
    expect(text).toContain('Canvass record');
    expect(text).toContain(
      'reported for correction to: Northern California Regional Intelligence Center, outside the department — San Leandro 462.9',
    );
    expect(text).not.toContain('No data errors were found');
    expect(JSON.stringify(memoSpec(input(false)))).toContain('No data errors were found');
  });
});
