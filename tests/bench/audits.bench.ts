/**
 * Audits of use (issue 20), on a real store:
 *
 * - audits.screening_1m.seconds: `audit.screen` through the Api over 1,000,000 browsing inquiries in the access log
 *   (read from the store, parsed, screened, the sample drawn and stored) — target under 10 s. Baseline, same run,
 *   same store: reading and parsing those records and nothing else (the floor any screening pays).
 * - audits.screening_1m.split: the same screening request, outside the Api, on two auditScreen workers (the log cut
 *   in two stretches, as the app does on a machine with two cores or more) against one worker, in this run: one
 *   worker before and after the two, the baseline their mean. The request names the store's accounts, as the Api's
 *   does (without them every inquiry is flagged "unknown account", and the hand-over is the whole period).
 * - audits.memo.seconds: `audit.sign` for that audit (the memo laid out on the documents worker, written, hashed,
 *   registered, logged) — target under 3 s.
 * - audits.import_100k.seconds: `audit.import` of a 100,000-row Flock organization-audit CSV — target under 5 s.
 *   Baseline, same run, same file: reading it and splitting it into lines and cells on commas.
 *
 *   npm run bench -- audits
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { AuditRecord } from '../../main/core/audit/chain';
import { appendAudit, iterateAudit } from '../../main/store/repos/audit';
import { openStore } from '../../main/store/db';
import { screeningAccounts } from '../../main/services/audit/audits';
import { screenInWorker, type ScreenRequest } from '../../main/services/audit/screenPeriod';
import { COMPLIANT } from '../support/auditChecklist';
import { agencyDay } from '../support/agencyDay';
import { flockCsv } from '../support/flockCsv';
import { shippedProfile } from '../support/profiles';
import { rng } from '../support/prng';
import { ADMIN_PASSWORD, seedStore, setupArgs, storeKey, withInvestigator, workstation } from '../support/workstation';
import { emit, round, wanted } from './report';

const RECORDS = Number(process.env.CANVASS_BENCH_AUDIT_RECORDS ?? 1_000_000);
const IMPORT_ROWS = 100_000;

const REASONS: [string | null, string][] = [
  ['26-004512', 'Shooting at El Camino Real and San Antonio Rd, gray Civic'],
  [null, 'investigation'],
  [null, 'bolo'],
  ['26-011873', 'Armed robbery 7-Eleven, white Tacoma'],
  [null, 'Protest at city hall, vehicles present'],
];

/** A search record under one of ~5,000 purposes (mostly specific ones), for one of that purpose's plates. */
function record(i: number, r: () => number, start: number): AuditRecord {
  const p = Math.floor(r() * 5000);
  const [number, description] =
    p < 4500
      ? [`26-${String(p).padStart(6, '0')}`, `Burglary ${p} on Main St, blue van`]
      : REASONS[p % REASONS.length]!;
  // A case's searches are for its own few plates; one in fifty is for a plate of any case (the repeats screening looks for).
  const plateNo = r() < 0.02 ? Math.floor(r() * 200_000) : p * 40 + Math.floor(r() * 40);
  const plate = `${(plateNo % 9) + 1}ABC${String(plateNo).padStart(6, '0')}`;
  const from = new Date(start + i * 500 - 86_400_000 * (1 + Math.floor(r() * 7))).toISOString();
  const to = new Date(start + i * 500).toISOString();
  return {
    at: to,
    action: 'detections.search',
    outcome: 'ok',
    // One person in 1,000 searches is not an account the agency knows; the rest are the trained investigator.
    username: i % 1000 === 999 ? 'det.gone' : 'det.chen',
    agency: 'Los Altos Police Department',
    purpose: {
      id: p,
      numberKind: number ? 'case' : null,
      number,
      purposeId: 'canvass_major_crime',
      purposeLabel: 'Canvass',
      description,
    },
    data: { query: { plate, from, to, limit: 200 }, resultCount: 3, detectionIds: [i, i + 1, i + 2] },
    workstation: 'test-ws',
  };
}

export async function run(filter: string | undefined): Promise<void> {
  if (!wanted(filter, 'audits')) return;
  const ws = workstation();
  try {
    await withInvestigator(ws);
    const start = ws.clock.now.getTime() - RECORDS * 500 - 3_600_000;
    const r = rng(20);
    await seedStore(ws, (db) => {
      db.exec('BEGIN');
      for (let i = 0; i < RECORDS; i++) appendAudit(db, record(i, r, start));
      db.exec('COMMIT');
    });
    await ws.call('auth.login', { username: setupArgs().admin.username, password: ADMIN_PASSWORD });

    if (wanted(filter, 'audits.screening_1m') || wanted(filter, 'audits.memo')) {
      // The floor: the same records read from the store and parsed, on a connection of its own.
      const key = await storeKey(ws);
      const db = openStore(join(ws.dir, 'canvass.db'), key, { migrate: false });
      const f0 = performance.now();
      let n = 0;
      for (const link of iterateAudit(db))
        if ((JSON.parse(link.body) as AuditRecord).action === 'detections.search') n++;
      const floor = (performance.now() - f0) / 1000;

      // The same request on one worker (the old path) and on two, outside the Api (no audit is written).
      const request = (): ScreenRequest => {
        const k = new ArrayBuffer(key.length);
        new Uint8Array(k).set(key);
        const p = shippedProfile('los-altos-pd');
        return {
          storePath: join(ws.dir, 'canvass.db'),
          key: k,
          local: 'bench',
          importId: null,
          fromIso: new Date(start - 86_400_000).toISOString(),
          toIso: ws.clock.now.toISOString(),
          rules: {
            inquiry: p.inquiry,
            purposes: p.purposes,
            timeZone: p.timeZone,
            training: { validity: p.training.validity.period, requiredTopics: p.training.topics.required },
          },
          accounts: [...screeningAccounts(db)],
          seed: '0'.repeat(64),
          size: 10,
        };
      };
      const timedScreen = async (threads: number) => {
        const s0 = performance.now();
        const c = process.cpuUsage();
        const reply = await screenInWorker(request(), db, { threads });
        const used = process.cpuUsage(c);
        if (reply.population !== n) throw new Error(`screened ${reply.population} of ${n} searches`);
        return { seconds: (performance.now() - s0) / 1000, cpu: (used.user + used.system) / 1e6, reply };
      };
      const one1 = await timedScreen(1);
      const two = await timedScreen(2);
      const one2 = await timedScreen(1);
      if (JSON.stringify(two.reply) !== JSON.stringify(one1.reply)) throw new Error('two workers screened otherwise');
      emit({
        name: 'audits.screening_1m.split',
        value: round(two.seconds),
        unit: 's',
        baseline: round((one1.seconds + one2.seconds) / 2),
        note: `same request, two auditScreen workers (value) vs one (baseline: mean of ${round(one1.seconds)} before and ${round(one2.seconds)} after); CPU seconds two ${round(two.cpu)}, one ${round(one1.cpu)} / ${round(one2.cpu)}; load ${round(loadavg()[0]!)}`,
      });
      db.close();

      const from = agencyDay(0, new Date(start));
      const to = agencyDay(0, ws.clock.now);
      const a = await ws.call('audit.open', { number: 'AUD-BENCH-1', from, to });
      const rss0 = process.memoryUsage().rss;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const d = await ws.call('audit.screen', { auditId: a.id });
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(c0);
      const rss = process.memoryUsage().rss;
      if (d.population !== n) throw new Error(`screened ${d.population} of ${n} searches`);
      emit({
        name: 'audits.screening_1m.seconds',
        value: round(seconds),
        unit: 's',
        baseline: round(floor),
        note: `${d.population} inquiries; baseline: read + parse only; target < 10 s`,
      });
      // CPU time and the load: on a shared two-core machine the wall clock says as much about the neighbours.
      emit({
        name: 'audits.screening_1m.cpu_seconds',
        value: round((cpu.user + cpu.system) / 1e6),
        unit: 's',
        baseline: null,
      });
      emit({
        name: 'audits.load_average',
        value: round(loadavg()[0]!),
        unit: 'load',
        baseline: null,
        note: `${cpus().length} cores`,
      });
      emit({
        name: 'audits.screening_1m.flagged',
        value: d.screening!.flaggedInquiries,
        unit: 'inquiries',
        baseline: null,
      });
      emit({ name: 'audits.screening_1m.rss_growth', value: round((rss - rss0) / 1e6), unit: 'MB', baseline: null });

      const items = await ws.call('audit.inquiries', { auditId: a.id });
      for (const i of items) {
        await ws.call('audit.answer', {
          auditId: a.id,
          key: i.key,
          answers: COMPLIANT,
        });
      }
      const m0 = performance.now();
      const memo = await ws.call('audit.sign', { auditId: a.id, recommendations: 'None.' });
      emit({
        name: 'audits.memo.seconds',
        value: round((performance.now() - m0) / 1000),
        unit: 's',
        baseline: 3,
        note: `${memo.pages} pages; target < 3 s`,
      });
    }

    if (wanted(filter, 'audits.import_100k')) {
      const path = join(ws.dir, 'flock-100k.csv');
      writeFileSync(path, flockCsv({ rows: IMPORT_ROWS, start: Date.parse('2026-10-01T00:00:00Z') }).csv);
      const b0 = performance.now();
      let cells = 0;
      for (const line of readFileSync(path, 'utf8').split('\n')) cells += line.split(',').length;
      const floor = (performance.now() - b0) / 1000;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const imported = await ws.call('audit.import', { path });
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(c0);
      emit({
        name: 'audits.import_100k.cpu_seconds',
        value: round((cpu.user + cpu.system) / 1e6),
        unit: 's',
        baseline: null,
      });
      if (imported.rows !== IMPORT_ROWS || cells === 0) throw new Error(`imported ${imported.rows} rows`);
      emit({
        name: 'audits.import_100k.seconds',
        value: round(seconds),
        unit: 's',
        baseline: round(floor, 3),
        note: 'baseline: read + split on newlines and commas; target < 5 s',
      });
    }
  } finally {
    ws.dispose();
  }
}
