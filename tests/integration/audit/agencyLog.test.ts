import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAgency, type TestAgency } from '../../agency/testing';
import { agencyAdminSetup, agencyUser, syncFromAgency, waitForSync } from '../../support/agencyWorkstation';
import { agencyDay } from '../../support/agencyDay';
import { COMPLIANT } from '../../support/auditChecklist';
import { testClock, workstation, type Workstation } from '../../support/workstation';

/**
 * Audits cover every workstation, not the one in front of the auditor (docs/audits.md, "The agency-wide log"):
 * two workstations push their access logs to the reference agency server; the administrator's workstation pulls
 * the agency-wide log with each chain's verdict, names the workstation that has not reported, and screens and
 * samples the other workstation's searches with its own.
 */
let ag: TestAgency;
let bureau: Workstation;
let office: Workstation;
let silent: Workstation;
const idOf = (ws: Workstation) =>
  (JSON.parse(readFileSync(join(ws.dir, 'enrollment.json'), 'utf8')) as { workstationId: string }).workstationId;

beforeAll(async () => {
  ag = await startTestAgency({ detections: 400, seed: 20 });
  const now = () => testClock(new Date().toISOString());
  bureau = workstation({ clock: now() });
  office = workstation({ clock: now() });
  silent = workstation({ clock: now() });
  await syncFromAgency(bureau, ag, 'Detective bureau');
  await syncFromAgency(office, ag, 'Administration office');
  // Enrolled, but never synced: it has not reported its log.
  const { admin, args } = agencyAdminSetup(ag, {
    agency: { name: 'San Mateo Police Department (synthetic)', profileId: 'los-altos-pd' },
    training: { course: 'ALPR Operator', completedOn: agencyDay(0, silent.clock.now), instructor: 'Lt. Osei' },
  });
  await silent.call('setup.create', args);
  await silent.call('sync.enroll', {
    serverUrl: ag.url,
    username: admin.username,
    password: admin.password,
    name: 'Patrol laptop 12',
  });
  await silent.call('auth.logout');

  // A detective searches on the bureau's workstation under a proper purpose; the next sync pushes the log.
  const det = agencyUser(ag, 'det.alvarez');
  await bureau.call('auth.login', { username: det.username, password: det.password });
  const {
    purposes: [purpose],
  } = await bureau.call('purposes.options');
  await bureau.call('purposes.open', {
    numberKind: 'case',
    number: '26-011873',
    purposeId: purpose!.id,
    description: 'Shooting on El Camino Real; canvass for the suspect vehicle',
  });
  for (let i = 0; i < 12; i++) await bureau.call('detections.search', { plate: `8KJ${String(i).padStart(3, '0')}` });
  await bureau.call('auth.logout');
  const admin1 = agencyUser(ag, 'admin.ramirez');
  for (const ws of [bureau, office]) {
    await ws.call('auth.login', { username: admin1.username, password: admin1.password });
    await ws.call('sync.start', { password: admin1.password });
    await waitForSync(ws);
    if (ws === bureau) await ws.call('auth.logout');
  }
}, 300_000);

afterAll(async () => {
  for (const ws of [bureau, office, silent]) ws.dispose();
  await ag.server.close().catch(() => undefined);
  rmSync(ag.dir, { recursive: true, force: true });
});

describe('the agency-wide log', () => {
  it('gives the administrator every workstation with its chain’s verdict, and names the one that has not reported', async () => {
    const info = await office.call('audit.agencyLog');
    const byId = new Map(info.workstations.map((w) => [w.workstationId, w]));
    expect(byId.get(idOf(bureau))).toMatchObject({
      name: 'Detective bureau',
      verdict: 'Verified by the server and here',
      silent: false,
    });
    expect(byId.get(idOf(office))).toMatchObject({
      verdict: 'Verified by the server (this workstation)',
      silent: false,
    });
    expect(byId.get(idOf(silent))).toMatchObject({ name: 'Patrol laptop 12', lastPushedAt: null, silent: true });
    expect(info.records).toBe(ag.server.auditChain(idOf(bureau)).length + ag.server.auditChain(idOf(silent)).length);
    expect(info.records).toBeGreaterThan(12);
    // Pulling again fetches nothing twice.
    expect((await office.call('audit.agencyLog')).records).toBe(info.records);
  });

  it('is refused to an investigator', async () => {
    await office.call('auth.logout');
    const det = agencyUser(ag, 'det.alvarez');
    await office.call('auth.login', { username: det.username, password: det.password });
    expect((await office.refused('audit.agencyLog')).code).toBe('FORBIDDEN');
    await office.call('auth.logout');
  });

  it('brings the other workstation’s searches into the audit’s screening and sample', async () => {
    const admin1 = agencyUser(ag, 'admin.ramirez');
    await office.call('auth.login', { username: admin1.username, password: admin1.password });
    const today = agencyDay(0, office.clock.now);
    const a = await office.call('audit.open', {
      number: 'AUD-AGENCY-1',
      from: agencyDay(1, office.clock.now),
      to: today,
    });
    const d = await office.call('audit.screen', { auditId: a.id });
    expect(d.population).toBe(12);
    const items = await office.call('audit.inquiries', { auditId: a.id });
    expect(items).toHaveLength(10);
    expect(items.every((i) => i.inquiry.workstation === idOf(bureau) && i.inquiry.username === 'det.alvarez')).toBe(
      true,
    );
    expect(items[0]!.record).toContain('26-011873');
  });

  it('pushes the signed memo and its filing to the agency server, which holds the record of the audit', async () => {
    const a = (await office.call('audit.audits')).audits.find((x) => x.number === 'AUD-AGENCY-1')!;
    for (const item of await office.call('audit.inquiries', { auditId: a.id }))
      await office.call('audit.answer', { auditId: a.id, key: item.key, answers: COMPLIANT });
    const memo = await office.call('audit.sign', { auditId: a.id, recommendations: '' });
    await office.call('auth.logout');
    const custodian = agencyUser(ag, 'rc.okafor');
    await office.call('auth.login', { username: custodian.username, password: custodian.password });
    await office.call('audit.file', { auditId: a.id });
    await office.call('auth.logout');
    const admin1 = agencyUser(ag, 'admin.ramirez');
    await office.call('auth.login', { username: admin1.username, password: admin1.password });
    await office.call('sync.start', { password: admin1.password });
    await waitForSync(office);
    const onServer = ag.server.auditMemos().filter((m) => m.number === 'AUD-AGENCY-1');
    expect(onServer.map((m) => [m.step, m.by])).toEqual([
      ['signed', admin1.username],
      ['filed', custodian.username],
    ]);
    expect(onServer.every((m) => m.workstationId === idOf(office) && m.pdfSha256 === memo.pdfSha256)).toBe(true);
    expect(onServer[0]).toMatchObject({ population: 12, reviewed: 10, findings: 0, documentId: memo.documentId });
  });
});
