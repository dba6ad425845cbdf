import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../main/core/audit/chain';
import { drawSample, sampleSeed } from '../../../main/core/audit/sample';
import { appendAudit } from '../../../main/store/repos/audit';
import { insertCorrection, insertOcrRead } from '../../../main/store/repos/ocr';
import { COMPLIANT } from '../../support/auditChecklist';
import {
  ADMIN_PASSWORD,
  INVESTIGATOR_PASSWORD,
  SHOOTING_PURPOSE,
  auditRecords,
  seedStore,
  setupArgs,
  withInvestigator,
  workstation,
  type Workstation,
} from '../../support/workstation';

/**
 * An audit of ALPR use end to end on one workstation (docs/audits.md): the investigator searches under a proper
 * purpose; older records that never passed the purpose gate (a profile that asked less, a restored log) carry the
 * reasons vendors' audits keep finding. The administrator opens the audit (a purpose, logged), screens the period,
 * draws the sample from the published seed, answers the checklist, signs the memo; the custodian files it.
 */
const sha = (t: string) => createHash('sha256').update(t).digest('hex');
let ws: Workstation;
const admin = setupArgs().admin.username;

/** A search record as an older log would hold it, under whatever reason was typed then. */
function oldSearch(
  at: string,
  username: string,
  number: string | null,
  description: string,
  plate: string,
): AuditRecord {
  return {
    at,
    action: 'detections.search',
    outcome: 'ok',
    username,
    agency: 'Los Altos Police Department',
    purpose: {
      id: 0,
      numberKind: number ? 'case' : null,
      number,
      purposeId: 'stolen_wanted_vehicle',
      purposeLabel: 'Stolen or wanted vehicle',
      description,
    },
    data: { query: { plate, limit: 200 }, resultCount: 2, detectionIds: [11, 12] },
    workstation: 'test-ws',
  };
}

beforeAll(async () => {
  ws = workstation();
  await withInvestigator(ws);
  await ws.call('auth.login', { username: admin, password: ADMIN_PASSWORD });
  await ws.call('users.create', {
    username: 'rec.okafor',
    fullName: 'Rita Okafor',
    badgeId: '7001',
    classification: 'crime_analyst',
    roles: ['records_custodian'],
    password: INVESTIGATOR_PASSWORD,
  });
  await ws.call('auth.logout');
  // Twenty searches the investigator makes today, under a purpose the gate accepts.
  await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
  await ws.call('purposes.open', SHOOTING_PURPOSE);
  for (let i = 0; i < 20; i++) await ws.call('detections.search', { plate: `7AB${String(i).padStart(3, '0')}` });
  await ws.call('auth.logout');
  // Older records, from before the gate: the reasons audits of vendors' logs keep finding.
  await seedStore(ws, (db) => {
    const reasons: [string | null, string][] = [
      [null, 'investigation'],
      [null, 'inv'],
      [null, 'bolo'],
      [null, ''],
      [null, 'armed robbery at the Safeway on El Camino, white Tacoma'],
      ['26-0042', 'ICE request locate subject vehicle'],
      ['26-004512', 'shooting Hillsdale/El Camino, gray Civic'],
    ];
    reasons.forEach(([n, d], i) =>
      appendAudit(db, oldSearch(`2026-11-0${i + 1}T17:00:00.000Z`, 'det.chen', n, d, `5XY${i}00`)),
    );
    // What the store knows about detections 11 and 12, which those searches returned: 11's read was corrected,
    // 12's re-read differs and nobody has corrected it yet. The memo lists both as data errors.
    const read = insertOcrRead(db, {
      detectionId: 11,
      at: '2026-11-10T18:00:00.000Z',
      username: 'det.chen',
      batchId: null,
      purposeId: null,
      originalPlate: '5XY000',
      plate: '5XY008',
      confidence: 91,
      charConfidence: [],
      variant: null,
      candidates: [],
      differs: true,
      doubt: 0.8,
      errorCode: null,
      errorMessage: null,
      occlusion: null,
      region: null,
    });
    insertCorrection(db, {
      detectionId: 11,
      originalPlate: '5XY000',
      correctedPlate: '5XY008',
      chosen: 'reread',
      ocrReadId: read,
      reason: 'last character is an 8 on the image',
      username: 'det.chen',
      at: '2026-11-10T18:05:00.000Z',
      outboxKey: 'test-correction-11',
    });
    insertOcrRead(db, {
      detectionId: 12,
      at: '2026-11-10T18:10:00.000Z',
      username: 'det.chen',
      batchId: null,
      purposeId: null,
      originalPlate: '5XY001',
      plate: '5XY0O1',
      confidence: 64,
      charConfidence: [],
      variant: null,
      candidates: [],
      differs: true,
      doubt: 0.5,
      errorCode: null,
      errorMessage: null,
      occlusion: null,
      region: null,
    });
    appendAudit(
      db,
      oldSearch(
        '2026-11-09T17:00:00.000Z',
        'det.gone',
        '26-004512',
        'shooting Hillsdale/El Camino, gray Civic',
        '5XY900',
      ),
    );
  });
}, 60_000);
afterAll(() => ws.dispose());

describe('an audit of ALPR use on one workstation', () => {
  let auditId: number;

  it('is refused to an investigator: audits are the administrator’s (or the custodian’s)', async () => {
    await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
    expect((await ws.refused('audit.open', { number: 'AUD-2026-02', from: '2026-11-01', to: '2026-11-22' })).code).toBe(
      'FORBIDDEN',
    );
    await ws.call('auth.logout');
  });

  it('opens as a purpose of its own, logged like any other', async () => {
    await ws.call('auth.login', { username: admin, password: ADMIN_PASSWORD });
    expect((await ws.refused('audit.open', { number: 'x', from: '2026-11-01', to: '2026-11-22' })).message).toMatch(
      /audit number/,
    );
    expect(
      (await ws.refused('audit.open', { number: 'AUD-2026-02', from: '2026-11-22', to: '2026-11-01' })).message,
    ).toMatch(/ends before/);
    const a = await ws.call('audit.open', { number: 'AUD-2026-02', from: '2026-11-01', to: '2026-11-22' });
    auditId = a.id;
    expect(a.status).toBe('open');
    expect((await ws.refused('audit.open', { number: 'AUD-2026-02', from: '2026-11-01', to: '2026-11-22' })).code).toBe(
      'CONFLICT',
    );
    const { session } = await ws.call('app.state');
    expect(session?.purpose?.number).toBe('AUD-2026-02');
    const opened = (await auditRecords(ws)).find((r) => r.action === 'audit.open')!;
    expect(opened.purpose).toMatchObject({ number: 'AUD-2026-02', purposeId: 'audit_of_use' });
    expect(opened.purpose!.description).toMatch(/2026-11-01 to 2026-11-22/);
  });

  it('screens every inquiry with the reason for each flag, and draws the sample from the published seed', async () => {
    const d = await ws.call('audit.screen', { auditId });
    expect(d.population).toBe(28);
    const reasons = new Map(d.flagged.map((f) => [f.inquiry.purpose?.description ?? '', f.flags.map((x) => x.kind)]));
    for (const generic of ['investigation', 'inv', 'bolo', '']) expect(reasons.get(generic)).toContain('untied_reason');
    // Los Altos requires the number (462.6(e)): a good description without one is still flagged.
    expect(reasons.get('armed robbery at the Safeway on El Camino, white Tacoma')).toEqual(['untied_reason']);
    expect(reasons.get('ICE request locate subject vehicle')).toContain('sensitive_words');
    expect(d.flagged.find((f) => f.inquiry.username === 'det.gone')!.flags.map((f) => f.kind)).toEqual(['account']);
    expect(d.flagged.some((f) => f.inquiry.username === 'det.chen' && f.inquiry.purpose?.number === '26-004512')).toBe(
      false,
    );
    expect(d.screening!.byKind.untied_reason).toBe(5);
    expect(d.screening!.byUser[0]).toMatchObject({ username: 'det.chen', inquiries: 27, flagged: 6 });
    expect(d.sampleSize).toBe(10);
    expect(d.sampled).toBe(10);

    // Anyone with the log redraws the same sample: the seed from the audit number and the head, then the ranks.
    const log = await auditRecords(ws);
    const screened = log.find((r) => r.action === 'audit.screen')!;
    expect(screened.data.seed).toBe(d.seed);
    expect(d.seed).toBe(sampleSeed(sha, 'AUD-2026-02', d.headHash!));
    const keys: string[] = [];
    log.forEach((r, i) => {
      if (r.action === 'detections.search' && r.at >= '2026-11-01T07:00:00.000Z') keys.push(`test-ws#${i + 1}`);
    });
    expect(keys).toHaveLength(28);
    expect(drawSample(sha, d.seed!, keys, 10)).toEqual(screened.data.sample);
    const items = await ws.call('audit.inquiries', { auditId });
    expect(items.map((i) => i.key)).toEqual(screened.data.sample);
    expect(items[0]!.record).toContain('detections.search');
    expect((await ws.refused('audit.screen', { auditId })).code).toBe('CONFLICT');
  });

  it('shows the flagged inquiries (who searched what) only under the audit’s purpose, and logs the reading', async () => {
    await ws.call('purposes.close');
    const refused = await ws.refused('audit.detail', { auditId });
    expect(refused.message).toMatch(/Open audit AUD-2026-02 first/);
    await ws.call('audit.resume', { auditId });
    const d = await ws.call('audit.detail', { auditId });
    const read = (await auditRecords(ws)).filter((r) => r.action === 'audit.detail').at(-1)!;
    expect(read.data.flagged).toEqual(d.flagged.map((f) => f.inquiry.key));
    expect(read.purpose).toMatchObject({ number: 'AUD-2026-02' });
  });

  it('keeps flagged inquiries the auditor adds apart from the random ones', async () => {
    const d = await ws.call('audit.detail', { auditId });
    const ice = d.flagged.find((f) => f.flags.some((x) => x.kind === 'sensitive_words'))!;
    const random = (await ws.call('audit.inquiries', { auditId })).map((i) => i.key);
    const extra = [
      ice.inquiry.key,
      ...d.flagged
        .map((f) => f.inquiry.key)
        .filter((k) => !random.includes(k) && k !== ice.inquiry.key)
        .slice(0, 1),
    ];
    const after = await ws.call('audit.addFlagged', { auditId, keys: extra });
    const items = await ws.call('audit.inquiries', { auditId });
    expect(items.filter((i) => i.origin === 'random')).toHaveLength(10);
    expect(items.filter((i) => i.origin === 'flagged').map((i) => i.key)).toEqual(
      extra.filter((k) => !random.includes(k)),
    );
    expect(after.sampled).toBe(items.length);
    expect((await ws.refused('audit.addFlagged', { auditId, keys: ['nobody#1'] })).code).toBe('NOT_FOUND');
  });

  it('records the checklist, refuses to sign until every inquiry has one, and refuses a finding without words', async () => {
    const items = await ws.call('audit.inquiries', { auditId });
    expect((await ws.refused('audit.sign', { auditId, recommendations: '' })).message).toMatch(/no checklist yet/);
    expect(
      (await ws.refused('audit.answer', { auditId, key: items[0]!.key, answers: { ...COMPLIANT, finding: 'finding' } }))
        .message,
    ).toMatch(/finding/);
    for (const item of items) {
      const bad = item.flags.length > 0;
      await ws.call('audit.answer', {
        auditId,
        key: item.key,
        answers: bad
          ? {
              ...COMPLIANT,
              purposeSpecific: 'no',
              finding: 'finding',
              findingText: `Reason “${item.inquiry.purpose?.description ?? ''}” cannot be tied to an incident`,
              remediation: 'Refresher on purposes; supervisor to review',
              dataErrors: [{ kind: 'misread', detail: 'Plate read 8 for B at camera LA-07', correction: 'reported' }],
            }
          : COMPLIANT,
      });
    }
    const log = await auditRecords(ws);
    expect(log.filter((r) => r.action === 'audit.answer')).toHaveLength(items.length);
  });

  let memoPath = '';
  it('is signed by the administrator: the memo PDF reads back with the seed, the findings and the data errors; its hash is in the log', async () => {
    const memo = await ws.call('audit.sign', {
      auditId,
      recommendations: 'Require a case number on every vendor portal search.',
    });
    memoPath = memo.path!;
    const pdf = readFileSync(memoPath);
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(memo.pdfSha256);
    const text = execFileSync('pdftotext', ['-layout', memoPath, '-']).toString();
    const flat = text.replace(/\s+/g, ' ');
    const d = await ws.call('audit.detail', { auditId });
    expect(flat).toContain('Chief of Police');
    expect(flat).toContain('AUD-2026-02');
    expect(flat).toContain(d.seed!.slice(0, 32));
    expect(flat).toContain('cannot be tied to an incident');
    expect(flat).toMatch(/misread plate/);
    expect(flat).toMatch(/reported for correction/);
    // The errors the store knew of, found without the reviewer, and where errors go (the profile's corrections).
    // (table cells wrap: match the pieces of each line)
    expect(flat).toContain('Detection 11 read 5XY000; corrected to 5XY008 by');
    expect(flat).toContain('(last character is an 8 on the image)');
    expect(flat).toContain('Detection 12 read 5XY001; an OCR re-read on');
    expect(flat).toContain('reads 5XY0O1, confidence 64 %');
    expect(flat).toContain('“Found by Canvass record” lists');
    expect(flat).toContain(
      'reported for correction to: Chief of Police (the audit memorandum lists the data errors found)',
    );
    expect(flat).toMatch(/Sharing in the period None recorded/);
    expect(flat).toMatch(/Added by the auditor/);
    expect(flat).toMatch(/Inquiries reviewed: added from the flags/);
    expect(flat).toContain('Require a case number');
    expect(execFileSync('pdfinfo', [memoPath]).toString()).toMatch(/Pages:\s+\d+/);
    const signed = (await auditRecords(ws)).find((r) => r.action === 'audit.sign')!;
    expect(signed.data.pdfSha256).toBe(memo.pdfSha256);
    expect(signed.username).toBe(admin);
    expect((await ws.refused('audit.file', { auditId })).code).toBe('FORBIDDEN');
    await ws.call('auth.logout');
  });

  it('is filed by the custodian, who cannot file a memo changed since it was signed', async () => {
    await ws.call('auth.login', { username: 'rec.okafor', password: INVESTIGATOR_PASSWORD });
    const filed = await ws.call('audit.file', { auditId });
    expect(filed).toMatchObject({ status: 'filed', filedBy: 'rec.okafor' });
    const { audits, cadence } = await ws.call('audit.audits');
    expect(audits[0]!.findings).toBeGreaterThan(0);
    expect(cadence).toMatchObject({ everyMonths: 6, dueOn: '2027-05-22', overdue: [] });
    await ws.call('auth.logout');
  });

  it('is counted, with its findings, in the public transparency report of a period it overlaps', async () => {
    await ws.call('auth.login', { username: admin, password: ADMIN_PASSWORD });
    const { audits } = await ws.call('audit.audits');
    const a = audits.find((x) => x.id === auditId)!;
    const report = await ws.call('retention.transparencyReport', { from: a.periodFrom, to: a.periodTo });
    const rows = (JSON.parse(readFileSync(report.jsonPath, 'utf8')) as { rows: Record<string, string>[] }).rows;
    expect(rows.filter((r) => r.section === 'audits')).toEqual([
      {
        section: 'audits',
        item: expect.stringMatching(/^AUD-2026-02 \(.+ inquiries reviewed\): findings$/),
        value: String(a.findings),
      },
    ]);
    await ws.call('auth.logout');
  });
});
