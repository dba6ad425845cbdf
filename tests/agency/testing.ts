import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Json } from '../../main/core/shared/canonicalJson';
import { appendAudit } from '../../main/store/repos/audit';
import { inTransaction, openStore, type WritableDB } from '../../main/store/db';
import { upsertCameras } from '../../main/store/repos/cameras';
import { upsertDetections } from '../../main/store/repos/detections';
import { AgencyClient } from '../../main/services/sync/client';
import { runSync, type SyncOptions, type SyncResult } from '../../main/services/sync/engine';
import type { AgencyDataset } from './generator/dataset';
import type { CameraRow } from '../../main/store/repos/cameras';
import { seedAgency, type SeedOptions } from './server/seed';
import { AgencyServer, type AgencyServerOptions } from './server/server';
import { openAgencyStore } from './server/store';

/** Helpers for tests and benchmarks: a seeded agency server on loopback and a fresh SQCipher workstation store. */
export type TestAgency = {
  server: AgencyServer;
  dataset: AgencyDataset;
  dir: string;
  url: string;
  close: () => Promise<void>;
};

export async function startTestAgency(
  options: Partial<SeedOptions> & { detections: number; dir?: string; server?: Partial<AgencyServerOptions> },
): Promise<TestAgency> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'canvass-agency-'));
  const db = openAgencyStore(dir);
  const dataset = await seedAgency(db, dir, {
    seed: options.seed ?? 1,
    detections: options.detections,
    endMs: options.endMs ?? Date.now(),
    images: options.images ?? 'none',
    ...(options.days ? { days: options.days } : {}),
  });
  db.close();
  const server = new AgencyServer({ dataDir: dir, testHooks: true, ...options.server });
  const url = await server.listen();
  return {
    server,
    dataset,
    dir,
    url,
    close: async () => {
      await server.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The generator's cameras as the workstation stores them (what the cameras feed would bring). */
export function cameraRows(dataset: AgencyDataset): CameraRow[] {
  return dataset.cameras.map((c) => ({
    id: c.id,
    name: c.name,
    kind: c.kind,
    lat: c.lat,
    lon: c.lon,
    heading: c.heading,
    version: 1,
  }));
}

/** The generator's cameras and detections written the way a sync writes them (version 1, a chunk a transaction). */
export function loadDataset(db: WritableDB, dataset: AgencyDataset): void {
  upsertCameras(db, cameraRows(dataset));
  for (const chunk of dataset.detections())
    inTransaction(db, () =>
      upsertDetections(
        db,
        chunk.detections.map((d) => ({ id: d.id, ...d.data, version: 1 })),
      ),
    );
}

export type TestWorkstation = { db: WritableDB; dir: string; key: Buffer; path: string; close: () => void };

/** Temporary folders made here are removed when the test process exits. */
const made = new Set<string>();
process.once('exit', () => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.add(d);
  return d;
}

export function openTestWorkstation(dir = tempDir('canvass-ws-'), key = randomBytes(32)): TestWorkstation {
  const path = join(dir, 'canvass.db');
  const db = openStore(path, key);
  return {
    db,
    dir,
    key,
    path,
    /** Closes the store and removes its folder. */
    close: () => {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
      made.delete(dir);
    },
  };
}

/** An audit writer for tests that do not build a services Context (production goes through auditLog.record). */
export function testAudit(username: string, workstation = 'test-ws'): SyncOptions['audit'] {
  return (db: WritableDB, action: string, outcome: 'ok' | 'denied' | 'failed', data: { [key: string]: Json }) => {
    appendAudit(db, {
      at: new Date().toISOString(),
      action,
      outcome,
      username,
      agency: 'San Mateo Police Department (synthetic)',
      purpose: null,
      data,
      workstation,
    });
  };
}

/** Enrolls a workstation as the demo administrator, then signs in as `username` with the workstation credential. */
export async function enrolledClient(
  url: string,
  dataset: AgencyDataset,
  username = 'det.alvarez',
): Promise<{ client: AgencyClient; workstation: { id: string; secret: string } }> {
  const admin = dataset.users.find((u) => u.data.username === 'admin.ramirez')!;
  const enrolling = new AgencyClient(url);
  await enrolling.signIn(admin.data.username, admin.password, null);
  const enrolled = await enrolling.enroll('Detective bureau laptop 3');
  enrolling.close();
  const user = dataset.users.find((u) => u.data.username === username)!;
  const client = new AgencyClient(url);
  const workstation = { id: enrolled.workstationId, secret: enrolled.secret };
  await client.signIn(user.data.username, user.password, workstation);
  return { client, workstation };
}

export async function syncOnce(
  db: WritableDB,
  client: AgencyClient,
  url: string,
  extra: Partial<SyncOptions> = {},
): Promise<SyncResult> {
  return runSync(db, {
    client,
    serverUrl: url,
    username: 'det.alvarez',
    audit: testAudit('det.alvarez'),
    retry: { attempts: 5, baseMs: 20, maxMs: 200 },
    ...extra,
  });
}
