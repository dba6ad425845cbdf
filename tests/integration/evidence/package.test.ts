import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { hash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceFinished, EvidencePackageInfo } from '../../../preload/contract';
import type { AuditRecord } from '../../../main/core/audit/chain';
import { parseBagInfo, bagInfoValue } from '../../../main/core/evidence/bagit';
import { CASE_CONTEXT } from '../../../main/core/evidence/caseGraph';
import { checkSegment } from '../../../main/core/evidence/segment';
import { HIT_STATES } from '../../../main/core/hotlists/hitStates';
import { openStore } from '../../../main/store/db';
import { accessLog } from '../../support/accessLog';
import { tempDir } from '../../agency/testing';
import { opensslVerifyBag } from '../../support/evidenceBag';
import { expandJsonLd, type Expanded } from '../../support/jsonld';
import { evidenceFixture, resultPath, type EvidenceFixture } from './fixture';

/**
 * An evidence package built from a case's collection synced from the reference agency server, through the real API
 * and the real encrypted store, written to a folder standing for a drive, read back, verified and booked; then
 * checked the way a defence expert would, with sha256sum and openssl alone, and tampered with three ways.
 */
const ROOT = resolve(__dirname, '../../..');
let fx: EvidenceFixture;
let done: EvidenceFinished;
let pkg: EvidencePackageInfo;
let bag: string;
/** The collection minus one detection: the technician narrows what goes in. */
let packaged: number[];
let left: number;
let corrected: number;

const sh = (cmd: string, args: string[], cwd = bag) => spawnSync(cmd, args, { cwd, encoding: 'utf8' });
const evidenceVerify = (dir: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'tools/evidence-verify.ts'), dir], {
    cwd: ROOT,
    encoding: 'utf8',
  });

/** The access log as an outside auditor reads it (the app's own view hides detection ids from an administrator). */
async function auditRecords(): Promise<AuditRecord[]> {
  const admin = fx.ag.dataset.users.find((u) => u.data.username === 'admin.ramirez')!;
  const log = await accessLog(fx.ws.dir, 'admin.ramirez', admin.password);
  return log.map((e) => ({ ...e, data: JSON.parse(e.data) }) as unknown as AuditRecord).reverse();
}

beforeAll(async () => {
  fx = await evidenceFixture({ detections: 4000, seed: 18, images: 'evidence', extra: 6 });
  // An investigator corrects one read (the original stays) before the technician packages the case.
  corrected = fx.collected[0]!;
  await fx.ws.call('ocr.correct', {
    detectionId: corrected,
    chosen: 'manual',
    plate: 'TEST123',
    reason: 'Read against the overview photo: the camera dropped a character',
  });
  await fx.asTechnician();
  const view = await fx.ws.call('evidence.overview');
  left = view.items[view.items.length - 1]!.detectionId;
  packaged = view.items.map((i) => i.detectionId).filter((id) => id !== left);
  const medium = fx.medium();
  const started = await fx.ws.call('evidence.build', { detectionIds: packaged, medium });
  done = await fx.finished(started.attemptId);
  if (done.status !== 'booked') throw new Error(`the package did not book: ${JSON.stringify(done.error)}`);
  pkg = done.package!;
  bag = join(pkg.medium, pkg.folder);
}, 300_000);

afterAll(async () => {
  await fx?.close();
});

describe('an evidence package of a case’s collection', () => {
  it('is written, read back, verified and booked under an item number of the case', () => {
    expect(done.verdict).toMatchObject({ ok: true, problem: null, signature: { state: 'valid', expectedKey: true } });
    expect(pkg).toMatchObject({ status: 'booked', itemNumber: `${fx.caseNumber}-E01`, detections: packaged.length });
    expect(pkg.folder).toBe(`canvass-evidence-${fx.caseNumber}-E01`);
    // The medium holds the package under its final name and nothing else (no INCOMPLETE folder left behind).
    expect(readdirSync(pkg.medium)).toEqual([pkg.folder]);
    expect(existsSync(join(bag, 'INCOMPLETE-DO-NOT-USE.txt'))).toBe(false);
  });

  it('checks with coreutils and OpenSSL alone: sha256sum -c, no added file, the signature, the key’s fingerprint', () => {
    const payload = sh('sha256sum', ['-c', '--strict', 'manifest-sha256.txt']);
    expect(payload.status, payload.stdout + payload.stderr).toBe(0);
    expect(payload.stdout.trim().split('\n')).toHaveLength(pkg.files!);
    expect(payload.stdout).not.toMatch(/FAILED/);
    expect(sh('sha512sum', ['-c', '--strict', 'manifest-sha512.txt']).status).toBe(0);
    expect(sh('sha256sum', ['-c', '--strict', 'tagmanifest-sha256.txt']).status).toBe(0);
    // README step 2, as written there.
    const added = sh('bash', ['-c', 'comm -23 <(find data -type f | sort) <(cut -c 67- manifest-sha256.txt | sort)']);
    expect(added.stdout).toBe('');
    const sig = opensslVerifyBag(bag);
    expect(sig.stdout.trim()).toBe('Signature Verified Successfully');
    const fp = execFileSync(
      'bash',
      ['-c', 'openssl pkey -pubin -in agency-evidence.pub.pem -outform DER | sha256sum'],
      {
        cwd: bag,
        encoding: 'utf8',
      },
    ).split(' ')[0];
    expect(fp).toBe(pkg.keyFingerprint);
    const info = parseBagInfo(readFileSync(join(bag, 'bag-info.txt'), 'utf8'));
    expect(bagInfoValue(info, 'Canvass-Key-Fingerprint')).toBe(`SHA256:${fp}`);
    expect(bagInfoValue(info, 'External-Identifier')).toBe(pkg.itemNumber);
    expect(bagInfoValue(info, 'Payload-Oxum')).toBe(`${pkg.bytes}.${pkg.files}`);
    expect(readFileSync(join(bag, 'bagit.txt'), 'utf8')).toBe(
      'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n',
    );
  });
});

describe('what the package holds', () => {
  it('holds every packaged detection with every field, the original read beside its correction, and nothing else', () => {
    const csv = readFileSync(join(bag, 'data/detections.csv'), 'utf8').trim().split('\r\n');
    expect(csv[0]).toMatch(/^case_number,item_id,detection_id,status,plate,state,seen_at_utc,/);
    expect(csv).toHaveLength(packaged.length + 1);
    const ids = csv.slice(1).map((l) => Number(l.split(',')[2]));
    expect(ids.sort((a, b) => a - b)).toEqual([...packaged].sort((a, b) => a - b));
    expect(ids).not.toContain(left);
    const corrections = readFileSync(join(bag, 'data/corrections.csv'), 'utf8');
    expect(corrections).toContain(`${corrected},`);
    expect(corrections).toContain('TEST123');
    expect(corrections).toContain('Read against the overview photo');
    const geo = JSON.parse(readFileSync(join(bag, 'data/detections.geojson'), 'utf8')) as {
      features: { geometry: { coordinates: number[] }; properties: Record<string, unknown> }[];
    };
    expect(geo.features).toHaveLength(packaged.length);
    const fixed = geo.features.find((f) => f.properties.detectionId === corrected)!;
    // The camera's read stays; the correction stands beside it.
    expect(fixed.properties.plateAsRead).not.toBe('TEST123');
    expect(fixed.properties.currentPlate).toBe('TEST123');
  });

  it('holds the images as the agency stored them: the same bytes, named by their SHA-256', () => {
    const images = readdirSync(join(bag, 'data/images'));
    expect(images.length).toBeGreaterThan(5);
    for (const name of images) {
      const bytes = readFileSync(join(bag, 'data/images', name));
      const sha = name.replace(/\.png$/, '');
      expect(hash('sha256', bytes, 'hex')).toBe(sha);
      const agency = fx.ag.server.db.prepare('SELECT bytes FROM images WHERE sha256 = ?').get(sha) as { bytes: Buffer };
      expect(Buffer.compare(bytes, agency.bytes)).toBe(0);
    }
  });

  it('holds the hits with their state', () => {
    const hits = readFileSync(join(bag, 'data/hits.csv'), 'utf8').trim().split('\r\n');
    expect(hits[0]).toBe(
      'detection_id,hit_id,list_id,list_name,entry_id,plate,state,hit_at_utc,status,disposition,step,step_at_utc,step_status,step_by,step_note',
    );
    // The van is on the burglary BOLO: its sightings raised hits.
    expect(hits.length).toBeGreaterThan(1);
    const states = new RegExp(`,(${HIT_STATES.join('|')}),`);
    expect(hits.slice(1).filter((l) => !states.test(l))).toEqual([]);
  });

  it('holds the searches and additions that found the detections, with the chain segment that proves them', () => {
    const text = readFileSync(join(bag, 'data/access-log.ndjson'), 'utf8');
    const verdict = checkSegment(text, (s) => hash('sha256', s, 'hex'));
    expect(verdict).toMatchObject({ ok: true });
    const lines = text
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => JSON.parse(l) as { body?: string; withheld?: string });
    const shown = lines.filter((l) => l.body).map((l) => JSON.parse(l.body!) as AuditRecord);
    expect(shown.map((r) => r.action)).toEqual(['detections.search', 'cases.add', 'detections.search', 'cases.add']);
    expect(shown.every((r) => r.purpose?.number === fx.caseNumber && r.username === 'det.alvarez')).toBe(true);
    // Any record of another matter between them is there only as hashes.
    expect(lines.every((l) => (l.body === undefined) === (l.withheld !== undefined))).toBe(true);
    // Tampering with a shown record is caught.
    const altered = text.replace('Suspect van (BOLO)', 'Suspect car (BOLO)');
    expect(checkSegment(altered, (s) => hash('sha256', s, 'hex'))).toMatchObject({ ok: false });
  });

  it('carries a CASE/UCO graph that expands as JSON-LD offline with its own context', () => {
    const doc = JSON.parse(readFileSync(join(bag, 'case.jsonld'), 'utf8')) as { '@context': unknown };
    expect(doc['@context']).toEqual(CASE_CONTEXT);
    const nodes = expandJsonLd(doc);
    const UCO = 'https://ontology.unifiedcyberontology.org/uco/';
    const CASE = 'https://ontology.caseontology.org/case/investigation/';
    const ofType = (t: string) => nodes.filter((n) => (n['@type'] as string[]).includes(t));
    const value = (n: Expanded, p: string) =>
      ((n[p] as Expanded[])[0]!['@value'] ?? (n[p] as Expanded[])[0]!['@id']) as string;
    const files = ofType(`${UCO}observable/File`);
    expect(files).toHaveLength(pkg.files!);
    // Each file: a FileFacet with its path and a ContentDataFacet with SHA-256 and SHA-512 hashes.
    const manifest = new Map(
      readFileSync(join(bag, 'manifest-sha256.txt'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => [l.slice(66), l.slice(0, 64)] as const),
    );
    for (const f of files) {
      const facets = f[`${UCO}core/hasFacet`] as Expanded[];
      const fileFacet = facets.find((x) => (x['@type'] as string[])[0] === `${UCO}observable/FileFacet`)!;
      const content = facets.find((x) => (x['@type'] as string[])[0] === `${UCO}observable/ContentDataFacet`)!;
      const path = value(fileFacet, `${UCO}observable/filePath`);
      const hashes = content[`${UCO}observable/hash`] as Expanded[];
      const sha256 = hashes.find((h) => value(h, `${UCO}types/hashMethod`) === 'SHA256')!;
      expect(value(sha256, `${UCO}types/hashValue`)).toBe(manifest.get(path));
      expect((sha256[`${UCO}types/hashValue`] as Expanded[])[0]!['@type']).toBe(
        'http://www.w3.org/2001/XMLSchema#hexBinary',
      );
    }
    const provenance = ofType(`${CASE}ProvenanceRecord`);
    expect(provenance).toHaveLength(1);
    expect(value(provenance[0]!, `${CASE}exhibitNumber`)).toBe(pkg.itemNumber);
    expect(provenance[0]![`${UCO}core/object`]).toHaveLength(pkg.files!);
    const actions = ofType(`${CASE}InvestigativeAction`);
    // The two searches, the two additions, and the packaging; each with performer, times, object and result.
    expect(actions).toHaveLength(5);
    for (const a of actions)
      for (const p of ['performer', 'startTime', 'endTime', 'object', 'result', 'instrument'])
        expect(a[`${UCO}action/${p}`], p).toBeDefined();
    const packaging = actions.find((a) => value(a, `${UCO}core/name`) === 'evidence.package')!;
    expect(value(packaging, `${UCO}action/result`)).toBe(provenance[0]!['@id']);
    expect(ofType(`${CASE}Investigation`).map((n) => value(n, `${UCO}core/name`))).toEqual([fx.caseNumber]);
  });

  it('has a report that reads back with poppler: cover, detections, a page each, the access log, custody', () => {
    const pdf = join(bag, 'data/evidence-report.pdf');
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThanOrEqual(packaged.length + 4);
    expect(info).toMatch(/Title:\s+ALPR evidence report — Evidence item 26-04417-E01/);
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
    // Every font is embedded (a subset of DejaVu from resources/fonts), none taken from the system.
    expect(
      fonts
        .split('\n')
        .slice(2)
        .filter(Boolean)
        .every((l) => / yes yes yes /.test(l) && /DejaVu/.test(l)),
    ).toBe(true);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    writeFileSync(resultPath('package-report.txt'), text);
    for (const s of [
      'ALPR evidence report',
      pkg.itemNumber,
      'Mei Chen (et.chen)',
      pkg.keyFingerprint,
      'Printed on the booked report',
      'Detections in this package',
      'Access-log extract',
      'Chain of custody',
      `Page 1 of ${pages}`,
      `Page ${pages} of ${pages}`,
    ])
      expect(text, s).toContain(s);
    for (const id of packaged) expect(text).toContain(`Detection ${id} —`);
    // A wrapped table cell reads on when its column is the last one.
    expect(text.replace(/\s+/g, ' ')).toContain(
      '(manual): Read against the overview photo: the camera dropped a character',
    );
    // The footer's hash is the SHA-256 of the report's data beside it.
    const json = readFileSync(join(bag, 'data/evidence-report.json'));
    expect(text).toContain(`Content SHA-256 ${hash('sha256', json, 'hex')}`);
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', pdf, resultPath('package-report-cover')]);
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '3', '-l', '3', pdf, resultPath('package-report-detection')]);
  });
});

describe('booking', () => {
  it('records the package, its custody’s first entry and the report, and marks its detections held', async () => {
    const view = await fx.ws.call('evidence.overview');
    const p = view.packages.find((x) => x.id === pkg.id)!;
    expect(p.custody).toEqual([
      expect.objectContaining({ action: 'Packaged and written', toPerson: 'Mei Chen', recordedBy: 'et.chen' }),
    ]);
    expect(p.reports).toEqual([
      expect.objectContaining({ path: join(bag, 'data/evidence-report.pdf'), kind: 'evidence-report' }),
    ]);
    expect(
      Object.keys(view.held)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([...packaged].sort((a, b) => a - b));
    expect(view.held[packaged[0]!]).toBe(pkg.itemNumber);
    expect(view.held[left]).toBeUndefined();
  });

  it('keeps held detections and their hits when a purge or a server tombstone deletes them', async () => {
    const key = await storeKeyOf();
    const db = openStore(join(fx.ws.dir, 'canvass.db'), key);
    try {
      const before = db.prepare('SELECT count(*) FROM detections').pluck().get() as number;
      const other = db
        .prepare('SELECT id FROM detections WHERE id NOT IN (SELECT value FROM json_each(?)) LIMIT 1')
        .pluck()
        .get(JSON.stringify(fx.collected)) as number;
      const deleted = db
        .prepare('DELETE FROM detections WHERE id IN (SELECT value FROM json_each(?))')
        .run(JSON.stringify([...packaged, other])).changes;
      expect(deleted).toBe(1);
      expect(db.prepare('SELECT count(*) FROM detections').pluck().get()).toBe(before - 1);
      expect(
        db
          .prepare('DELETE FROM hits WHERE detection_id IN (SELECT value FROM json_each(?))')
          .run(JSON.stringify(packaged)).changes,
      ).toBe(0);
    } finally {
      db.close();
    }
  });

  it('tells the agency server on sync: the key is registered and the booking’s signature checks there', async () => {
    await fx.ws.call('sync.start', {});
    for (let i = 0; i < 300; i++) {
      const s = await fx.ws.call('sync.status');
      if (!s.running && s.lastRun?.finishedAt) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const server = fx.ag.server.evidence();
    expect(server.keys).toEqual([expect.objectContaining({ fingerprint: pkg.keyFingerprint })]);
    expect(server.bookings).toEqual([
      expect.objectContaining({ itemNumber: pkg.itemNumber, tagManifestSha256: pkg.tagManifestSha256, custody: 1 }),
    ]);
    const view = await fx.ws.call('evidence.overview');
    expect(view.key.registeredAt).not.toBeNull();
  });

  it('records every step in the access log with the detections it touched', async () => {
    const records = await auditRecords();
    const started = records.find((r) => r.action === 'evidence.build' && r.data.outcome === 'started')!;
    expect(started.data.detectionIds).toEqual(packaged);
    const booked = records.find((r) => r.action === 'evidence.book')!;
    expect(booked).toMatchObject({ username: 'et.chen', outcome: 'ok' });
    expect(booked.data).toMatchObject({ itemNumber: pkg.itemNumber, tagManifestSha256: pkg.tagManifestSha256 });
    expect(String(booked.purpose)).toContain(fx.caseNumber);
    expect(records.some((r) => r.action === 'evidence.overview' && r.username === 'et.chen')).toBe(true);
  });
});

describe('tampering, named by sha256sum, openssl and evidence:verify', () => {
  const copyOfBag = () => {
    const dir = join(tempDir('canvass-tamper-'), pkg.folder);
    cpSync(bag, dir, { recursive: true });
    return dir;
  };

  it('a flipped byte in an image', async () => {
    const dir = copyOfBag();
    const image = readdirSync(join(dir, 'data/images'))[0]!;
    const path = join(dir, 'data/images', image);
    const bytes = readFileSync(path);
    const at = bytes.length >> 1;
    bytes[at] = bytes[at]! ^ 0x01;
    writeFileSync(path, bytes);
    const coreutils = sh('sha256sum', ['-c', '--quiet', 'manifest-sha256.txt'], dir);
    expect(coreutils.status).not.toBe(0);
    expect(coreutils.stdout).toContain(`data/images/${image}: FAILED`);
    const ours = evidenceVerify(dir);
    expect(ours.status).toBe(1);
    expect(ours.stdout).toContain(`FIRST PROBLEM (differs) data/images/${image}`);
    // The lists themselves are untouched, so the signature still holds: it is the manifest that names the image.
    expect(ours.stdout).toContain('signature: VALID');
    const inApp = await fx.ws.call('evidence.verify', { path: dir });
    expect(inApp).toMatchObject({ ok: false, problem: { kind: 'differs', file: `data/images/${image}` } });
  });

  it('a deleted file', async () => {
    const dir = copyOfBag();
    unlinkSync(join(dir, 'data/hits.csv'));
    const coreutils = sh('sha256sum', ['-c', '--quiet', 'manifest-sha256.txt'], dir);
    expect(coreutils.stdout + coreutils.stderr).toMatch(/data\/hits\.csv: (FAILED open or read|No such file)/);
    const ours = evidenceVerify(dir);
    expect(ours.status).toBe(1);
    expect(ours.stdout).toContain('FIRST PROBLEM (missing) data/hits.csv');
    expect(await fx.ws.call('evidence.verify', { path: dir })).toMatchObject({
      problem: { kind: 'missing', file: 'data/hits.csv' },
    });
  });

  it('an added file', async () => {
    const dir = copyOfBag();
    writeFileSync(join(dir, 'data/images/planted.png'), 'not from the agency');
    const added = sh(
      'bash',
      ['-c', 'comm -23 <(find data -type f | sort) <(cut -c 67- manifest-sha256.txt | sort)'],
      dir,
    );
    expect(added.stdout.trim()).toBe('data/images/planted.png');
    const ours = evidenceVerify(dir);
    expect(ours.status).toBe(1);
    expect(ours.stdout).toContain('FIRST PROBLEM (extra) data/images/planted.png');
    expect(await fx.ws.call('evidence.verify', { path: dir })).toMatchObject({
      problem: { kind: 'extra', file: 'data/images/planted.png' },
    });
  });

  it('a rewritten manifest: the tag manifest and the signature give it away', () => {
    const dir = copyOfBag();
    const m = join(dir, 'manifest-sha256.txt');
    writeFileSync(m, readFileSync(m, 'utf8').replace(/^[0-9a-f]{64}/, 'f'.repeat(64)));
    expect(sh('sha256sum', ['-c', '--quiet', 'tagmanifest-sha256.txt'], dir).stdout).toContain(
      'manifest-sha256.txt: FAILED',
    );
    // Rewriting the tag manifest to match breaks the signature.
    const t = join(dir, 'tagmanifest-sha256.txt');
    const fresh = hash('sha256', readFileSync(m), 'hex');
    writeFileSync(t, readFileSync(t, 'utf8').replace(/^[0-9a-f]{64}(  manifest-sha256\.txt)$/m, `${fresh}$1`));
    const sig = opensslVerifyBag(dir);
    expect(sig.stdout).toContain('Signature Verification Failure');
    const ours = evidenceVerify(dir);
    expect(ours.stdout).toContain('signature: INVALID');
    expect(ours.status).toBe(1);
  });

  it('the untouched package verifies outside the app, with the fingerprint the agency publishes', () => {
    const ok = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'tools/evidence-verify.ts'), bag, '--fingerprint', pkg.keyFingerprint],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`Verified: ${pkg.files} files`);
    const other = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'tools/evidence-verify.ts'), bag, '--fingerprint', 'a'.repeat(64)],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(other.status).toBe(1);
    expect(other.stdout).toContain('not the agency');
  });
});

describe('chain of custody and the printed report', () => {
  it('adds a transfer and prints the booked report with the tag manifest’s hash and every custody entry', async () => {
    fx.ws.clock.advanceMinutes(10);
    const entry = await fx.ws.call('evidence.custodyAdd', {
      packageId: pkg.id,
      action: 'Transferred',
      fromPerson: 'Mei Chen',
      toPerson: 'Property Officer D. Lin',
      location: 'Property room, locker 14',
    });
    expect(entry).toMatchObject({ action: 'Transferred', toPerson: 'Property Officer D. Lin', recordedBy: 'et.chen' });
    const refused = await fx.ws.refused('evidence.custodyAdd', {
      packageId: pkg.id,
      action: 'Received',
      toPerson: 'Clerk of court',
      at: '2099-01-01T00:00:00Z',
    });
    expect(refused).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/future/) });
    const doc = await fx.ws.call('evidence.report', { packageId: pkg.id });
    expect(doc.path).toMatch(/EVR-26-04417-E01-\d{8}T\d{6}Z\.pdf$/);
    const text = execFileSync('pdftotext', ['-layout', doc.path!, '-'], { encoding: 'utf8' });
    writeFileSync(resultPath('booked-report.txt'), text);
    expect(text).toContain(pkg.tagManifestSha256!);
    expect(text).toContain('Property Officer D. Lin');
    expect(text).toMatch(/Packaged and\s+Mei Chen/);
    expect(text).not.toContain('Printed on the booked report');
    expect(hash('sha256', readFileSync(doc.path!), 'hex')).toBe(doc.pdfSha256);
    expect(hash('sha256', readFileSync(doc.path!.replace(/\.pdf$/, '.json')), 'hex')).toBe(doc.contentSha256);
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', doc.path!, resultPath('booked-report-cover')]);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [doc.path!], { encoding: 'utf8' }))![1]);
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '70',
      '-f',
      String(pages),
      '-l',
      String(pages),
      doc.path!,
      resultPath('booked-report-custody'),
    ]);
    // Printed again in the same second: its own id, both registered with the package.
    const again = await fx.ws.call('evidence.report', { packageId: pkg.id });
    expect(again.id).toBe(`${doc.id}-2`);
    expect(again.path).toBe(doc.path!.replace(/\.pdf$/, '-2.pdf'));
    const reports = (await fx.ws.call('evidence.overview')).packages.find((p) => p.id === pkg.id)!.reports;
    expect(reports.map((r) => r.id)).toEqual(expect.arrayContaining([doc.id, again.id]));
  }, 90_000);
});

describe('refusals change nothing', () => {
  it('refuses a detection the case did not collect, a missing medium, and another build while one runs', async () => {
    const stranger = fx.ag.dataset.truth.shooting.suspectDetectionIds[0] ?? 1;
    const medium = fx.medium();
    expect(await fx.ws.refused('evidence.build', { detectionIds: [stranger], medium })).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/not in the collection of case 26-04417/),
    });
    expect(
      await fx.ws.refused('evidence.build', { detectionIds: packaged, medium: join(medium, 'no-such-drive') }),
    ).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await fx.ws.refused('evidence.build', { detectionIds: packaged, medium: 'relative/path' })).toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    const first = await fx.ws.call('evidence.build', { detectionIds: [left], medium });
    const second = await fx.ws.refused('evidence.build', { detectionIds: [left], medium: fx.medium() });
    expect(second).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/is being written now/) });
    const end = await fx.finished(first.attemptId);
    expect(end).toMatchObject({ status: 'booked', itemNumber: `${fx.caseNumber}-E02` });
    expect(readdirSync(medium)).toEqual([`canvass-evidence-${fx.caseNumber}-E02`]);
  }, 120_000);

  it('refuses an investigator: packaging is the evidence technician’s', async () => {
    await fx.asInvestigator();
    expect(await fx.ws.refused('evidence.overview')).toMatchObject({ code: 'FORBIDDEN' });
    await fx.asTechnician();
  });
});

async function storeKeyOf(): Promise<Buffer> {
  const { readKeyring, findEntry, unwrapKey } = await import('../../../main/store/keyring');
  const ring = readKeyring(join(fx.ws.dir, 'keyring.json'));
  const admin = fx.ag.dataset.users.find((u) => u.data.username === 'admin.ramirez')!;
  return (await unwrapKey(ring, findEntry(ring, 'admin.ramirez')!, admin.password))!;
}

void rmSync;
