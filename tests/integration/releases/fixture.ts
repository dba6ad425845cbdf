import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { AgencyArgs, RecordRequestArgs } from '../../../preload/contract';
import { upsertCameras } from '../../../main/store/repos/cameras';
import { upsertDetections, type DetectionRow } from '../../../main/store/repos/detections';
import { CAMERAS, detectionBatch } from '../../support/detectionsFixture';
import { shippedProfile } from '../../support/profiles';
import { CERTIFICATION, REQUESTER, THEIR_CASE } from '../../support/releaseRequest';
import {
  ADMIN_PASSWORD,
  seedStore,
  setupArgs,
  testClock,
  workstation,
  type Workstation,
} from '../../support/workstation';

export const CUSTODIAN = { username: 'rc.okafor', fullName: 'Daniel Okafor', password: 'records-custodian-7 delta' };
/** A custodian who is also an administrator: may approve others' requests, never their own. */
export const LIEUTENANT = { username: 'lt.park', fullName: 'Lt. Grace Park', password: 'lieutenant-park-4 echo' };
export const COMMANDER = {
  username: setupArgs().admin.username,
  fullName: setupArgs().admin.fullName,
  password: ADMIN_PASSWORD,
};

export const RELEASE_PURPOSE = {
  numberKind: 'case' as const,
  number: '26-004512',
  purposeId: 'records_production',
  description: 'Producing ALPR records for an approved release request of an outside agency',
};

export type ReleaseWorkstation = {
  ws: Workstation;
  rows: DetectionRow[];
  dir: string;
  as(who: { username: string; password: string }, purpose?: boolean): Promise<void>;
  /** A real PDF (pdfkit) standing for the scanned written request. */
  pdf(name?: string): Promise<string>;
  file(name: string, bytes: Uint8Array | string): string;
};

/** A workstation of `profileId` with a custodian, a lieutenant (custodian + administrator) and `count` detections. */
export async function releaseWorkstation(profileId = 'los-altos-pd', count = 400): Promise<ReleaseWorkstation> {
  const ws = workstation({ clock: testClock('2026-11-22T18:00:00Z') });
  const args = setupArgs({ profileId });
  await ws.call('setup.create', args);
  for (const [u, roles] of [
    [CUSTODIAN, ['records_custodian']],
    [LIEUTENANT, ['records_custodian', 'administrator']],
  ] as const) {
    const made = await ws.call('users.create', {
      username: u.username,
      fullName: u.fullName,
      badgeId: `R-${u.username.length}`,
      classification: 'sworn_officer',
      roles: [...roles],
      password: u.password,
    });
    await ws.call('training.record', {
      userId: made.id,
      course: 'ALPR Operator (POST 2024)',
      completedOn: '2026-06-15',
      instructor: 'Lt. K. Osei',
      topics: shippedProfile(profileId).training.topics.required.map((t) => t.id),
    });
  }
  await ws.call('auth.logout');
  const rows = detectionBatch(1919, 1, count);
  await seedStore(ws, (db) => {
    upsertCameras(db, CAMERAS);
    upsertDetections(db, rows);
  });
  const dir = mkdtempSync(join(tmpdir(), 'canvass-releases-'));
  const file = (name: string, bytes: Uint8Array | string) => {
    const p = join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };
  return {
    ws,
    rows,
    dir,
    file,
    async as(who, purpose = false) {
      await ws.api.call('auth.logout', undefined);
      await ws.call('auth.login', { username: who.username, password: who.password });
      if (purpose) await ws.call('purposes.open', RELEASE_PURPOSE);
    },
    async pdf(name = 'written-request.pdf') {
      const doc = new PDFDocument({ size: 'LETTER' });
      const chunks: Buffer[] = [];
      doc.on('data', (c: Buffer) => chunks.push(c));
      const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
      doc.fontSize(14).text('San Mateo County Sheriff’s Office — Request for ALPR data');
      doc.fontSize(11).text('Requesting: Det. Sgt. Lena Ortiz. Purpose: armed robbery series, case SMSO-26-11873.');
      doc.end();
      await done;
      return file(name, Buffer.concat(chunks));
    },
  };
}

export const SHERIFF: AgencyArgs = {
  id: null,
  name: 'San Mateo County Sheriff’s Office',
  ori: 'CA0410000',
  kind: 'county',
  state: 'CA',
  function: 'law_enforcement',
  agreement: { onFile: false, expires: null },
};

export function requestArgs(
  agencyId: number,
  attachmentPath: string,
  over: Partial<RecordRequestArgs> = {},
): RecordRequestArgs {
  return {
    agencyId,
    requester: REQUESTER,
    purpose: 'Armed robbery series: the suspect vehicles’ movements',
    theirCaseNumber: THEIR_CASE,
    legalBasis: 'request',
    scope: { kind: 'plates', plates: ['QZA00000'], from: '2026-11-21T00:00:00Z', to: '2026-11-23T00:00:00Z' },
    attachmentPath,
    certification: CERTIFICATION,
    ...over,
  };
}
