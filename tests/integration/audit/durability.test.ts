import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../main/core/audit/chain';
import { openStore } from '../../../main/store/db';
import { iterateAudit } from '../../../main/store/repos/audit';
import { upsertCameras } from '../../../main/store/repos/cameras';
import { upsertDetections } from '../../../main/store/repos/detections';
import { CAMERAS, detectionBatch } from '../../support/detectionsFixture';
import {
  INVESTIGATOR_PASSWORD,
  seedStore,
  withInvestigator,
  workstation,
  type Workstation,
} from '../../support/workstation';

/**
 * An access record is on disk before its results are returned. A real workstation process runs one search
 * under `strace`: between the search's start and its results being back in hand, the store's WAL — where the
 * search's access record was just committed — is synced (fsync/fdatasync). With synchronous=NORMAL it was not:
 * a power cut after the results were on screen could lose the record of that search.
 */
const REPO = resolve(__dirname, '../../..');
const strace = spawnSync('strace', ['-V'], { encoding: 'utf8' });
const STRACE = strace.status === 0 ? 'strace' : null;

let ws: Workstation;
let key: Buffer;

beforeAll(async () => {
  ws = workstation();
  await withInvestigator(ws);
  key = await seedStore(ws, (db) => {
    upsertCameras(db, CAMERAS);
    upsertDetections(db, detectionBatch(41, 1, 60));
  });
  ws.api.close();
}, 60_000);
afterAll(() => ws.dispose());

describe.skipIf(!STRACE)(
  `durable access records${STRACE ? '' : ' (skipped: strace is not installed; .ci/run installs it)'}`,
  () => {
    it('syncs the WAL holding the search’s access record before the results are returned', () => {
      const trace = join(ws.dir, 'strace.txt');
      const r = spawnSync(
        STRACE!,
        [
          '-f',
          '-qq',
          '-e',
          'trace=openat,fsync,fdatasync',
          '-o',
          trace,
          process.execPath,
          '--import',
          'tsx',
          'tests/support/searchChild.ts',
          ws.dir,
          'det.chen',
          INVESTIGATOR_PASSWORD,
        ],
        { cwd: REPO, encoding: 'utf8', timeout: 120_000 },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout.trim()).rows).toBeGreaterThan(0);

      const lines = readFileSync(trace, 'utf8').split('\n');
      const at = (marker: string) => lines.findIndex((l) => l.includes(`.marker-${marker}`));
      const begins = at('search-begins');
      const returned = at('results-returned');
      expect(begins).toBeGreaterThan(0);
      expect(returned).toBeGreaterThan(begins);
      // The WAL's file descriptors, as the process opened them before the search.
      const walFds = new Set(
        lines
          .slice(0, begins)
          .map((l) => /openat\(.*canvass\.db-wal".*\) = (\d+)$/.exec(l)?.[1])
          .filter((fd): fd is string => fd !== undefined),
      );
      expect(walFds.size).toBeGreaterThan(0);
      const synced = lines
        .slice(begins, returned)
        .filter(
          (l) =>
            /\b(fsync|fdatasync)\((\d+)\)/.test(l) &&
            walFds.has(/\((\d+)\)/.exec(l.slice(l.search(/fsync|fdatasync/)))![1]!),
        );
      expect(synced.length, 'an fsync/fdatasync of canvass.db-wal between the search and its results').toBeGreaterThan(
        0,
      );

      const db = openStore(join(ws.dir, 'canvass.db'), key, { readonly: true });
      const searches = [...iterateAudit(db)]
        .map((l) => JSON.parse(l.body) as AuditRecord)
        .filter((a) => a.action === 'detections.search' && a.workstation === 'search-child');
      db.close();
      expect(searches).toHaveLength(1);
      expect(searches[0]!.purpose?.number).toBe('26-004512');
    });
  },
);
