import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EvidenceFinished, EvidenceProgress } from '../../../preload/contract';
import { startTestAgency, tempDir, type TestAgency } from '../../agency/testing';
import { agencyUser, syncFromAgency, type AgencyUser } from '../../support/agencyWorkstation';
import { testClock, workstation, type Workstation } from '../../support/workstation';

/** Where evidence tests leave what a person should look at (report pages as PNG). */
export const RESULTS_DIR = resolve(__dirname, '../../../test-results/evidence');

export type EvidenceFixture = {
  ag: TestAgency;
  ws: Workstation;
  caseNumber: string;
  /** The detections the investigator collected for the case, in the order collected. */
  collected: number[];
  technician: AgencyUser;
  investigator: AgencyUser;
  /** Signs the evidence technician in (through the agency server the first time) with the case's purpose open. */
  asTechnician(): Promise<void>;
  asInvestigator(): Promise<void>;
  /** A fresh folder standing for a drive. */
  medium(): string;
  /** Resolves with the build's end; `onProgress` hears every progress event until then. */
  finished(attemptId: string, onProgress?: (p: EvidenceProgress) => void): Promise<EvidenceFinished>;
  close(): Promise<void>;
};

/**
 * A workstation synced from the reference agency server whose investigator collected detections for the burglary
 * series (case 26-04417): the van's sightings, and with `extra` that many more of the last days' detections, so a
 * package has as many as a test needs.
 */
export async function evidenceFixture(options: {
  detections: number;
  seed: number;
  images: 'evidence' | 'all';
  extra?: number;
}): Promise<EvidenceFixture> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const ag = await startTestAgency({
    detections: options.detections,
    seed: options.seed,
    days: 14,
    images: options.images,
  });
  const ws = workstation({ clock: testClock(new Date().toISOString()) });
  await syncFromAgency(ws, ag, 'Evidence room');
  const caseNumber = ag.dataset.truth.burglary.caseNumber;
  const investigator = agencyUser(ag, 'det.alvarez');
  const technician = agencyUser(ag, 'et.chen');
  const purpose = (description: string) => ({
    numberKind: 'case' as const,
    number: caseNumber,
    purposeId: 'criminal_investigation',
    description,
  });
  const signIn = async (u: AgencyUser, description: string) => {
    await ws.api.call('auth.logout', undefined); // whoever is signed in, if anyone
    await ws.call('auth.login', { username: u.username, password: u.password });
    await ws.call('purposes.open', purpose(description));
  };
  const asInvestigator = () => signIn(investigator, 'Residential burglary series: the suspect van and the sites');
  const asTechnician = () => signIn(technician, 'Residential burglary series: booking the ALPR evidence to media');

  await asInvestigator();
  const van = await ws.call('detections.search', {
    plate: ag.dataset.truth.burglary.van.plate,
    similar: false,
    nearMisses: false,
    limit: 500,
  });
  await ws.call('cases.add', {
    detectionIds: van.rows.map((r) => r.id),
    note: 'Suspect van (BOLO), sightings near the burglary sites',
    source: 'search',
  });
  if (options.extra) {
    // The newest detections of the last days (the canvass around the series), to make a package as large as needed.
    const to = new Date(Date.now()).toISOString();
    const from = new Date(Date.now() - 14 * 86_400_000).toISOString();
    const near = await ws.call('detections.search', { from, to, limit: options.extra });
    await ws.call('cases.add', {
      detectionIds: near.rows.map((r) => r.id),
      note: 'Traffic in the area in the days of the series',
      source: 'search',
    });
  }
  const collection = await ws.call('cases.collection');
  const collected = collection.items.map((i) => i.detectionId);
  let n = 0;
  return {
    ag,
    ws,
    caseNumber,
    collected,
    technician,
    investigator,
    asTechnician,
    asInvestigator,
    medium: () => tempDir(`canvass-medium-${++n}-`),
    finished: (attemptId, onProgress) =>
      new Promise((resolve) => {
        const offProgress = ws.api.on('evidence.progress', (p) => {
          if (p.attemptId === attemptId) onProgress?.(p);
        });
        const off = ws.api.on('evidence.finished', (f) => {
          if (f.attemptId !== attemptId) return;
          off();
          offProgress();
          resolve(f);
        });
      }),
    close: async () => {
      ws.dispose();
      await ag.close();
    },
  };
}

export const resultPath = (name: string) => join(RESULTS_DIR, name);
