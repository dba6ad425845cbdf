/**
 * The deletion certificate and the transparency report, read back as an outsider would: pdftotext for the text,
 * openssl for the signature over the certificate's data with the agency evidence key, sha256sum for the hash printed
 * in the footer. The transparency report names no plate.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PurgeRun } from '../../../preload/contract';
import {
  auditRecords,
  ADMIN_PASSWORD,
  seedStore,
  setupArgs,
  workstation,
  type Workstation,
} from '../../support/workstation';
import { agedDetections, plateOf, seedAged } from './fixture';
import { agencyDay } from '../../support/agencyDay';

const open: Workstation[] = [];
afterEach(() => {
  for (const ws of open.splice(0)) ws.dispose();
});

const pdfText = (path: string) => execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });

async function purgedWorkstation(): Promise<{ ws: Workstation; run: PurgeRun }> {
  const ws = workstation();
  open.push(ws);
  await ws.call('setup.create', setupArgs({ name: 'Oakland Police Department', profileId: 'oakland-pd' }));
  await seedStore(ws, (db) => seedAged(db, agedDetections(ws.clock.now, 400)));
  await ws.call('auth.login', { username: setupArgs().admin.username, password: ADMIN_PASSWORD });
  await ws.call('retention.placeHold', {
    kind: 'records',
    detectionIds: [390, 391],
    authority: 'Preservation letter from the District Attorney, ref. DA-2026-3341',
    reason: 'Pending prosecution; keep until the case closes',
    reviewOn: '2027-06-01',
  });
  const done = new Promise<PurgeRun>((resolve) => ws.api.on('retention.finished', resolve));
  await ws.call('retention.purge');
  return { ws, run: await done };
}

describe('retention documents', () => {
  it('issues a signed certificate of sanitization that reads back with the run’s numbers', async () => {
    const { ws, run } = await purgedWorkstation();
    expect(run.certificate).not.toBeNull();
    const pdf = run.certificate!.path!;
    const text = pdfText(pdf);
    expect(text).toContain('Certificate of sanitization');
    expect(text).toContain('NIST SP 800-88');
    expect(text).toMatch(new RegExp(`Detections \\(reads\\)\\s+${run.detections}\\b`));
    expect(text).toMatch(new RegExp(`Hits\\s+${run.hits}\\b`));
    // The capture span as the agency's days (Oakland), not UTC's.
    expect(text).toContain(agencyDay(0, new Date(run.firstSeenAt!)));
    expect(text).toContain(agencyDay(0, new Date(run.lastSeenAt!)));
    expect(text.replace(/\s+/g, '')).toContain(run.idsSha256);
    expect(text).toContain('DA-2026-3341');
    expect(text).toMatch(/secure_delete/);
    // Nothing of the detections themselves: no plate, kept or removed.
    for (let id = 1; id <= 400; id++) expect(text).not.toContain(plateOf(id));

    // The signature over the data beside it verifies with openssl and the agency's public key.
    const base = pdf.replace(/\.pdf$/, '');
    const verified = execFileSync(
      'openssl',
      [
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        `${base}.pub.pem`,
        '-rawin',
        '-in',
        `${base}.json`,
        '-sigfile',
        `${base}.sig`,
      ],
      { encoding: 'utf8' },
    );
    expect(verified).toMatch(/Signature Verified Successfully/);
    const sha = execFileSync('sha256sum', [`${base}.json`], { encoding: 'utf8' }).split(' ')[0]!;
    expect(sha).toBe(run.certificate!.contentSha256);
    expect(text.replace(/\s+/g, '')).toContain(sha.slice(0, 16));

    // The access log has the run with its counts, span, hash and certificate.
    const logged = (await auditRecords(ws)).filter((r) => r.action === 'retention.purge');
    expect(logged).toHaveLength(1);
    expect(logged[0]!.data).toMatchObject({
      runId: run.id,
      detections: run.detections,
      hits: run.hits,
      idsSha256: run.idsSha256,
      certificateId: run.certificate!.id,
      firstSeenAt: run.firstSeenAt,
    });
    expect(logged[0]!.data.certificateSignature).toMatch(/^[A-Za-z0-9+/]{86}==$/);
  });

  it('publishes a transparency report (PDF, CSV, JSON) with the period’s counts and no plate', async () => {
    const { ws, run } = await purgedWorkstation();
    const report = await ws.call('retention.transparencyReport', { from: '2026-01-01', to: '2026-12-31' });
    const text = pdfText(report.pdf.path!);
    const csv = readFileSync(report.csvPath, 'utf8');
    const json = JSON.parse(readFileSync(report.jsonPath, 'utf8')) as {
      rows: { section: string; item: string; value: string }[];
    };
    const value = (section: string, item: string) =>
      json.rows.find((r) => r.section === section && r.item === item)?.value;
    expect(value('purges', 'detections removed')).toBe(String(run.detections));
    expect(value('releases by receiving agency', 'releases')).toBe('none recorded');
    expect(value('audits', 'audits')).toBe('none recorded');
    expect(Number(value('detections', 'detections (reads)'))).toBeGreaterThan(0);
    expect(csv).toContain(`purges,detections removed,${run.detections}`);
    expect(text).toContain('ALPR transparency report');
    expect(text).toContain('none recorded');
    for (const doc of [text, csv, JSON.stringify(json)]) {
      expect(doc).not.toMatch(/QR\d{6}X/);
      expect(doc).not.toContain(setupArgs().admin.username);
    }
    const bad = await ws.refused('retention.transparencyReport', { from: '2026-12-31', to: '2026-01-01' });
    expect(bad.code).toBe('INVALID_ARGUMENT');

    // Reviewed, then published: the three files in a public folder that `sha256sum -c` checks, recorded once.
    const published = await ws.call('retention.publishTransparency', { documentId: report.pdf.id });
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: published.folder }).toString()).toMatch(
      /\.pdf: OK\n.*\.csv: OK\n.*\.figures\.json: OK/,
    );
    expect(readFileSync(join(published.folder, basename(report.csvPath)), 'utf8')).toBe(csv);
    expect((await ws.refused('retention.publishTransparency', { documentId: report.pdf.id })).code).toBe('CONFLICT');
    const logged = (await auditRecords(ws)).filter((r) => r.action === 'retention.publishTransparency');
    expect(logged.map((r) => r.data.documentId)).toEqual([report.pdf.id]);

    // A report whose PDF changed after it was issued is not published.
    const second = await ws.call('retention.transparencyReport', { from: '2026-01-01', to: '2026-06-30' });
    appendFileSync(second.pdf.path!, '%tampered\n');
    const refused = await ws.refused('retention.publishTransparency', { documentId: second.pdf.id });
    expect(refused).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/not the report that was issued/),
    });
    expect(existsSync(join(dirname(published.folder), second.pdf.id))).toBe(false);
  });
});
