import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store/db';
import { releasesInPeriod } from '../../../main/services/releases';
import { accessLog } from '../../support/accessLog';
import { COMPLIANT } from '../../support/auditChecklist';
import { opensslVerifyBag } from '../../support/evidenceBag';
import { storeKey } from '../../support/workstation';
import {
  COMMANDER,
  CUSTODIAN,
  LIEUTENANT,
  releaseWorkstation,
  requestArgs,
  SHERIFF,
  type ReleaseWorkstation,
} from './fixture';

const run = (cmd: string, args: string[], cwd?: string) => spawnSync(cmd, args, { cwd, encoding: 'utf8' });

let f: ReleaseWorkstation;
let sheriffId: number;
let attachment: string;

beforeAll(async () => {
  f = await releaseWorkstation();
  attachment = await f.pdf();
  await f.as(CUSTODIAN);
  sheriffId = (await f.ws.call('releases.saveAgency', SHERIFF)).id;
}, 60_000);
afterAll(() => f.ws.dispose());

describe('a California sheriff’s request, end to end', () => {
  let id: number;
  let number: string;
  let plates: string[];
  let packageDir: string;

  it('is recorded with its written request hashed, and passes screening', async () => {
    plates = [...new Set(f.rows.filter((_, i) => i % 97 === 5).map((r) => r.plate))].slice(0, 3);
    await f.as(CUSTODIAN);
    const r = await f.ws.call(
      'releases.record',
      requestArgs(sheriffId, attachment, {
        scope: { kind: 'plates', plates, from: '2026-11-21T00:00:00Z', to: '2026-11-23T00:00:00Z' },
      }),
    );
    id = r.id;
    number = r.number;
    expect(number).toBe('REL-2026-0001');
    expect(r.status).toBe('screened');
    expect(r.decision.result).toBe('pass');
    expect(r.attachment.mime).toBe('application/pdf');
    expect(r.attachment.sha256).toBe(run('sha256sum', [attachment]).stdout.slice(0, 64));
  });

  it('is not fulfilled before approval', async () => {
    await f.as(CUSTODIAN, true);
    const e = await f.ws.refused('releases.fulfil', { id, folder: f.dir });
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toMatch(/nothing is released before/);
    expect(readdirSync(f.dir).filter((n) => n.startsWith('canvass-release'))).toEqual([]);
  });

  it('cannot be approved by the custodian role alone, nor by the one who prepared it', async () => {
    await f.as(CUSTODIAN);
    expect((await f.ws.refused('releases.decide', { id, decision: 'approve', note: 'Fine by me' })).code).toBe(
      'FORBIDDEN',
    );
    await f.as(LIEUTENANT);
    const mine = await f.ws.call('releases.record', requestArgs(sheriffId, attachment));
    const e = await f.ws.refused('releases.decide', { id: mine.id, decision: 'approve', note: 'Looks fine' });
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toMatch(/You recorded REL-2026-0002/);
    // Another approver may: the lieutenant decides the custodian's request below is not needed; deny theirs.
    await f.as(COMMANDER);
    expect(
      (await f.ws.call('releases.decide', { id: mine.id, decision: 'deny', note: 'Duplicate of REL-2026-0001' }))
        .status,
    ).toBe('denied');
  });

  it('is approved by the commander with a note', async () => {
    await f.as(COMMANDER);
    const r = await f.ws.call('releases.decide', {
      id,
      decision: 'approve',
      note: 'Approved: robbery series, 90-day limit',
    });
    expect(r.status).toBe('approved');
    expect(r.decidedBy).toBe(COMMANDER.username);
  });

  it('needs a purpose to fulfil (an ALPR read), then releases exactly the approved scope', async () => {
    await f.as(CUSTODIAN);
    expect((await f.ws.refused('releases.fulfil', { id, folder: f.dir })).code).toBe('PURPOSE_REQUIRED');
    await f.as(CUSTODIAN, true);
    const r = await f.ws.call('releases.fulfil', { id, folder: f.dir });
    expect(r.status).toBe('fulfilled');
    const expected = f.rows.filter((d) => plates.includes(d.plate)).map((d) => d.id);
    expect(r.detections).toBe(expected.length);
    packageDir = r.packagePath!;
    expect(packageDir).toBe(join(f.dir, `canvass-release-${number}`));
    const csv = readFileSync(join(packageDir, 'data/detections.csv'), 'utf8').trim().split('\r\n');
    expect(csv.length - 1).toBe(expected.length);
    expect(
      csv
        .slice(1)
        .map((l) => Number(l.split(',')[0]))
        .sort((a, b) => a - b),
    ).toEqual([...expected].sort((a, b) => a - b));
    // Nothing outside the approved plates.
    for (const line of csv.slice(1)) expect(plates).toContain(line.split(',')[1]);
    // The written request travels with it, byte for byte.
    expect(readFileSync(join(packageDir, 'data/written-request.pdf'))).toEqual(readFileSync(attachment));
  });

  it('is a bag anyone checks with sha256sum and openssl', () => {
    expect(run('sha256sum', ['-c', 'manifest-sha256.txt'], packageDir).status).toBe(0);
    expect(run('sha256sum', ['-c', 'tagmanifest-sha256.txt'], packageDir).status).toBe(0);
    const v = opensslVerifyBag(packageDir);
    expect(v.stdout).toMatch(/Signature Verified Successfully/);
  });

  it('holds a release packet PDF that reads back with the request, decision, citations, approval and summary', async () => {
    const list = await f.ws.call('releases.list');
    const r = list.find((x) => x.id === id)!;
    expect(r.packet?.kind).toBe('release-packet');
    const pdf = r.packet!.path!;
    expect(existsSync(pdf)).toBe(true);
    // The copy in the package is the same document.
    expect(readFileSync(join(packageDir, 'data/release-packet.pdf'))).toEqual(readFileSync(pdf));
    const text = run('pdftotext', ['-layout', pdf, '-']).stdout.replace(/\s+/g, ' ');
    expect(text).toContain(`Release ${number}`);
    expect(text).toContain('San Mateo County Sheriff');
    expect(text).toContain('CA0410000');
    expect(text).toContain('SMSO-26-11873');
    expect(text).toContain('Screening decision');
    expect(text).toContain('Gov. Code § 7284.6');
    expect(text).toContain('Civil Code § 1798.90.55(b)');
    expect(text).toContain('2023-DLE-06');
    expect(text).toContain('§ 462.7(d)');
    expect(text).toContain('Sgt. Ana Rivera');
    expect(text).toContain('Approved: robbery series, 90-day limit');
    expect(text).toContain(r.attachment.sha256);
    expect(text).toContain(`Detections ${r.detections}`);
    const csvSha = run('sha256sum', [join(packageDir, 'data/detections.csv')]).stdout.slice(0, 64);
    expect(text).toContain(csvSha);
    expect(text).toContain('Destroyed at most 90 days after receipt');
    const info = run('pdfinfo', [pdf]).stdout;
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeGreaterThanOrEqual(2);
    // Pages to look at.
    const out = join(__dirname, '../../../test-results/releases');
    run('mkdir', ['-p', out]);
    expect(run('pdftoppm', ['-png', '-r', '60', pdf, join(out, 'packet')]).status).toBe(0);
  });

  it('is not fulfilled twice', async () => {
    await f.as(CUSTODIAN, true);
    expect((await f.ws.refused('releases.fulfil', { id, folder: f.dir })).code).toBe('CONFLICT');
  });

  it('lands in the access log: recorded, decided, released with every detection id', async () => {
    const records = (await accessLog(f.ws.dir, COMMANDER.username, COMMANDER.password))
      .reverse()
      .map((e) => ({ action: e.action, outcome: e.outcome, data: JSON.parse(e.data) as Record<string, unknown> }));
    const of = (action: string) => records.filter((x) => x.action === action);
    expect(of('releases.record').length).toBeGreaterThanOrEqual(2);
    expect(of('releases.decide').map((x) => x.outcome)).toEqual(['denied', 'ok', 'ok']);
    const released = of('releases.fulfil').find((x) => x.outcome === 'ok')!;
    expect(released.data.number).toBe(number);
    expect((released.data.detectionIds as number[]).length).toBe(
      (await f.ws.call('releases.list')).find((x) => x.id === id)!.detections,
    );
    // Written ahead of the package, so a stop between the package and its record still leaves what left in the log.
    const started = of('releases.fulfil.started');
    expect(started).toHaveLength(1);
    expect(records.indexOf(started[0]!)).toBeLessThan(records.indexOf(released));
    expect(started[0]!.data.detectionIds).toEqual(released.data.detectionIds);
    expect(started[0]!.data.package).toBe(released.data.package);
    // Refused: before approval, without a purpose (the gate), and a second time.
    expect(of('releases.fulfil').filter((x) => x.outcome === 'denied').length).toBe(3);
  });

  it('shows in the release log and its CSV; counts by receiving agency for the audit memo and report', async () => {
    await f.as(CUSTODIAN);
    const log = await f.ws.call('releases.log', {});
    expect(log.map((l) => l.number)).toEqual([number]);
    expect(log[0]!.agency.name).toBe(SHERIFF.name);
    const none = await f.ws.call('releases.log', { from: '2026-12-01T00:00:00Z' });
    expect(none).toEqual([]);
    const { path, rows } = await f.ws.call('releases.exportLog', {});
    expect(rows).toBe(1);
    const csv = readFileSync(path, 'utf8').trim().split('\r\n');
    expect(csv[0]).toMatch(/^request,receiving_agency,ori,/);
    expect(csv[1]).toContain(number);
    expect(csv[1]).toContain('CA0410000');
    const db = openStore(join(f.ws.dir, 'canvass.db'), await storeKey(f.ws), { migrate: false });
    try {
      const p = releasesInPeriod(db, '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z');
      expect(p.total.releases).toBe(1);
      expect(p.byAgency).toEqual([
        expect.objectContaining({ name: SHERIFF.name, ori: 'CA0410000', releases: 1, detections: log[0]!.detections }),
      ]);
      expect(releasesInPeriod(db, '2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z').total.releases).toBe(0);
    } finally {
      db.close();
    }
    // The public transparency report (issue 21) counts it by receiving agency.
    await f.as(COMMANDER);
    const report = await f.ws.call('retention.transparencyReport', { from: '2026-11-01', to: '2026-11-30' });
    const figures = (JSON.parse(readFileSync(report.jsonPath, 'utf8')) as { rows: Record<string, string>[] }).rows;
    expect(figures.filter((r) => r.section === 'releases by receiving agency')).toEqual([
      {
        section: 'releases by receiving agency',
        item: `${SHERIFF.name} (CA) — ${log[0]!.detections} detections`,
        value: '1',
      },
    ]);
  });

  it('is listed under sharing in the period by the audit memo the administrator signs', async () => {
    await f.as(COMMANDER);
    const audit = await f.ws.call('audit.open', { number: 'AUD-2026-01', from: '2026-11-01', to: '2026-11-22' });
    await f.ws.call('audit.screen', { auditId: audit.id });
    for (const item of await f.ws.call('audit.inquiries', { auditId: audit.id }))
      await f.ws.call('audit.answer', { auditId: audit.id, key: item.key, answers: COMPLIANT });
    const memo = await f.ws.call('audit.sign', { auditId: audit.id, recommendations: 'None this period.' });
    const text = run('pdftotext', ['-layout', memo.path!, '-']).stdout.replace(/\s+/g, ' ');
    const [released] = await f.ws.call('releases.log', {});
    expect(text).toContain(`1 release of ${released!.detections} detection`);
    expect(text).toContain(`${SHERIFF.name} (ORI CA0410000), CA: 1 release`);
    expect(text).not.toContain('None recorded: Canvass holds no record of ALPR data shared');
  });

  it('is received by another agency: verified against the sender’s key and shown read-only; a tampered copy is refused', async () => {
    const fingerprint = run('sh', [
      '-c',
      `openssl pkey -pubin -in "${join(packageDir, 'agency-evidence.pub.pem')}" -outform DER | sha256sum`,
    ]).stdout.slice(0, 64);
    const other = await releaseWorkstation('daly-city-pd', 10);
    try {
      await other.as(CUSTODIAN);
      expect((await other.ws.refused('releases.receive', { path: packageDir, fingerprint })).code).toBe(
        'PURPOSE_REQUIRED',
      );
      await other.as(CUSTODIAN, true);
      const got = await other.ws.call('releases.receive', { path: packageDir, fingerprint });
      expect(got.verdict.ok).toBe(true);
      expect(got.record.number).toBe(number);
      expect(got.record.sender.name).toBe('Los Altos Police Department');
      expect(got.totalRows).toBe(got.record.summary.detections);
      expect(got.columns[0]).toBe('detection_id');
      expect(got.destroyBy).toBe('2027-02-20'); // 2026-11-22 + 90 days
      const wrongKey = await other.ws.refused('releases.receive', { path: packageDir, fingerprint: 'ab'.repeat(32) });
      expect(wrongKey.message).toMatch(/not signed by the key|not opened/);
      const copy = join(other.dir, 'tampered');
      cpSync(packageDir, copy, { recursive: true });
      appendFileSync(join(copy, 'data/detections.csv'), '999999,QZZ99999,CA\r\n');
      const e = await other.ws.refused('releases.receive', { path: copy, fingerprint });
      expect(e.code).toBe('CONFLICT');
      expect(e.message).toMatch(/data\/detections\.csv/);
      expect(statSync(copy).isDirectory()).toBe(true);
    } finally {
      other.ws.dispose();
    }
  }, 60_000);
});

describe('what screening refuses', () => {
  it('refuses ICE whatever the wording, and never lets it be approved', async () => {
    await f.as(CUSTODIAN);
    const ice = await f.ws.call('releases.saveAgency', {
      ...SHERIFF,
      name: 'U.S. Immigration and Customs Enforcement, ERO San Francisco',
      ori: null,
      kind: 'federal',
      state: 'CA',
    });
    const wordings = ['Criminal investigation of a vehicle', 'Locate a fugitive', 'Public safety: vehicle of interest'];
    for (const purpose of wordings) {
      const r = await f.ws.call('releases.record', requestArgs(ice.id, attachment, { purpose }));
      expect(r.status).toBe('refused');
      expect(r.decision.rules.find((x) => x.id === 'immigration_enforcement')!.passed).toBe(false);
    }
    // From a California agency, in the purpose's words.
    for (const purpose of [
      'Assist ICE with locating the owner',
      'Removal proceedings: locate respondent',
      'Task force under 287(g)',
      'Ubicar para deportación',
    ]) {
      const r = await f.ws.call('releases.record', requestArgs(sheriffId, attachment, { purpose }));
      expect(r.status, purpose).toBe('refused');
    }
    const refused = (await f.ws.call('releases.list')).find((x) => x.status === 'refused')!;
    await f.as(COMMANDER);
    expect(
      (await f.ws.refused('releases.decide', { id: refused.id, decision: 'approve', note: 'approve anyway' })).code,
    ).toBe('CONFLICT');
  });

  it('refuses an out-of-state agency under a profile without the exception', async () => {
    await f.as(CUSTODIAN);
    const reno = await f.ws.call('releases.saveAgency', {
      ...SHERIFF,
      name: 'Reno Police Department',
      ori: 'NV0160200',
      kind: 'out_of_state',
      state: 'NV',
    });
    const r = await f.ws.call('releases.record', requestArgs(reno.id, attachment, { legalBasis: 'court_order' }));
    expect(r.status).toBe('refused');
    expect(r.decision.rules.find((x) => x.id === 'california')!.passed).toBe(false);
  });

  it('routes a private company to the public-records process', async () => {
    await f.as(CUSTODIAN);
    const acme = await f.ws.call('releases.saveAgency', {
      ...SHERIFF,
      name: 'Acme Repossession LLC',
      ori: null,
      kind: 'private_other',
      function: 'none',
    });
    const r = await f.ws.call('releases.record', requestArgs(acme.id, attachment));
    expect(r.status).toBe('public_records');
    expect(r.decision.summary).toMatch(/goes to/);
  });

  it('refuses an attachment that is too large, not a PDF or image, or damaged — and records nothing', async () => {
    await f.as(CUSTODIAN);
    const before = (await f.ws.call('releases.list')).length;
    const big = f.file(
      'big.pdf',
      Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(21 * 1024 * 1024), Buffer.from('%%EOF\n')]),
    );
    const text = f.file('request.pdf.txt', 'Dear records unit, please send the data.');
    const cut = readFileSync(attachment);
    const truncated = f.file('truncated.pdf', cut.subarray(0, cut.length - 200));
    const empty = f.file('empty.png', '');
    for (const [path, re] of [
      [big, /at most 20 MB/],
      [text, /not a PDF or an image/],
      [truncated, /damaged PDF/],
      [empty, /is empty/],
      [join(f.dir, 'nowhere.pdf'), /cannot be read/],
    ] as const) {
      const e = await f.ws.refused('releases.record', requestArgs(sheriffId, path));
      expect(e.message).toMatch(re);
      expect(e.message).toMatch(/Nothing was recorded/);
    }
    expect((await f.ws.call('releases.list')).length).toBe(before);
    // An image is accepted.
    const png = f.file(
      'scan.png',
      Buffer.from(
        '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6300010000050001',
        'hex',
      ),
    );
    expect((await f.ws.call('releases.record', requestArgs(sheriffId, png))).attachment.mime).toBe('image/png');
  });
});

/** A Los Altos workstation with one request to the sheriff recorded and approved (the commander signed in). */
async function approvedRelease() {
  const p = await releaseWorkstation('los-altos-pd', 50);
  const pdf = await p.pdf();
  await p.as(CUSTODIAN);
  const sheriff = await p.ws.call('releases.saveAgency', SHERIFF);
  const r = await p.ws.call('releases.record', requestArgs(sheriff.id, pdf));
  await p.as(COMMANDER);
  await p.ws.call('releases.decide', { id: r.id, decision: 'approve', note: 'Approved' });
  return { p, r };
}

describe('a release Canvass stopped writing before it was recorded', () => {
  it('is named when its package is found on the drive; nothing is written, and the release goes once it is moved', async () => {
    const { p, r } = await approvedRelease();
    try {
      // What an interrupted release leaves: its package under the final name, no release recorded.
      const left = join(p.dir, `canvass-release-${r.number}`);
      mkdirSync(left);
      writeFileSync(join(left, 'bagit.txt'), 'BagIt-Version: 1.0\n');
      await p.as(CUSTODIAN, true);
      const e = await p.ws.refused('releases.fulfil', { id: r.id, folder: p.dir });
      expect(e.code).toBe('CONFLICT');
      expect(e.message).toMatch(/was written there but not recorded/);
      expect(readdirSync(left)).toEqual(['bagit.txt']);
      expect((await p.ws.call('releases.list')).find((x) => x.id === r.id)!.status).toBe('approved');
      rmSync(left, { recursive: true });
      expect((await p.ws.call('releases.fulfil', { id: r.id, folder: p.dir })).status).toBe('fulfilled');
    } finally {
      p.ws.dispose();
    }
  });
});

describe('a fulfilment under way', () => {
  it('shows its progress, and when cancelled releases nothing and leaves nothing on the drive', async () => {
    const { p, r } = await approvedRelease();
    try {
      await p.as(CUSTODIAN, true);

      // Cancelled while its packet renders: nothing is written, the request stays approved, the log says so.
      const before = readdirSync(p.dir);
      const cancelling: Promise<{ cancelling: boolean }>[] = [];
      const off = p.ws.api.on('releases.progress', (e) => {
        if (e.phase === 'rendering' && cancelling.length === 0)
          cancelling.push(p.ws.call('releases.fulfilCancel', { id: r.id }));
      });
      const e = await p.ws.refused('releases.fulfil', { id: r.id, folder: p.dir });
      off();
      expect(await cancelling[0]).toEqual({ cancelling: true });
      expect(e.code).toBe('CANCELLED');
      expect(e.message).toMatch(/Nothing was released/);
      expect(readdirSync(p.dir)).toEqual(before);
      expect((await p.ws.call('releases.list')).find((x) => x.id === r.id)!.status).toBe('approved');
      expect(await p.ws.call('releases.fulfilCancel', { id: r.id })).toEqual({ cancelling: false });

      // Fulfilled again, it reports each phase, the package's files written and read back.
      const phases: string[] = [];
      const off2 = p.ws.api.on('releases.progress', (x) => phases.push(x.phase));
      expect((await p.ws.call('releases.fulfil', { id: r.id, folder: p.dir })).status).toBe('fulfilled');
      off2();
      expect([...new Set(phases)]).toEqual(['reading', 'rendering', 'writing', 'verifying', 'recording']);
      const log = (await accessLog(p.ws.dir, COMMANDER.username, COMMANDER.password))
        .reverse()
        .filter((x) => x.action === 'releases.fulfil')
        .map((x) => ({ outcome: x.outcome, data: JSON.parse(x.data) as { reason?: string } }));
      expect(log.map((x) => [x.outcome, x.data.reason ?? null])).toEqual([
        ['failed', 'cancelled before writing'],
        ['ok', null],
      ]);
    } finally {
      p.ws.dispose();
    }
  });
});

describe('an approval whose screen no longer passes (Piedmont: an agreement in force)', () => {
  it('is refused at fulfilment once the agreement expired, and nothing is released', async () => {
    const p = await releaseWorkstation('piedmont-pd', 50);
    try {
      const pdf = await p.pdf();
      await p.as(CUSTODIAN);
      const noAgreement = await p.ws.call('releases.saveAgency', SHERIFF);
      expect((await p.ws.call('releases.record', requestArgs(noAgreement.id, pdf))).status).toBe('refused');
      const withAgreement = await p.ws.call('releases.saveAgency', {
        ...noAgreement,
        agreement: { onFile: true, expires: '2026-11-30' },
      });
      const r = await p.ws.call('releases.record', requestArgs(withAgreement.id, pdf));
      expect(r.status).toBe('screened');
      const later = await p.ws.call('releases.record', requestArgs(withAgreement.id, pdf));
      await p.as(COMMANDER);
      await p.ws.call('releases.decide', { id: r.id, decision: 'approve', note: 'Approved under the MOU' });
      p.ws.clock.advanceDays(10); // 2026-12-02: the MOU ran out on 11-30
      await p.as(CUSTODIAN, true);
      const e = await p.ws.refused('releases.fulfil', { id: r.id, folder: p.dir });
      expect(e.code).toBe('CONFLICT');
      expect(e.message).toMatch(/no longer passes screening/);
      expect(e.message).toMatch(/sharing agreement/);
      expect(readdirSync(p.dir).filter((n) => n.includes('canvass-release'))).toEqual([]);
      // Nor is a request approved once its agreement ran out.
      await p.as(COMMANDER);
      const notNow = await p.ws.refused('releases.decide', { id: later.id, decision: 'approve', note: 'Approved' });
      expect(notNow.code).toBe('CONFLICT');
      expect(notNow.message).toMatch(/expired on 2026-11-30/);
      const after = (await p.ws.call('releases.list')).find((x) => x.id === r.id)!;
      expect(after.status).toBe('approved');
      expect(after.screenings.map((s) => `${s.step}:${s.result}`)).toEqual([
        'recorded:pass',
        'approval:pass',
        'fulfilment:refused',
      ]);
    } finally {
      p.ws.dispose();
    }
  }, 60_000);
});
