import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceFinished, EvidencePackageInfo } from '../../../preload/contract';
import { tempDir } from '../../agency/testing';
import { evidenceFixture, type EvidenceFixture } from './fixture';

/**
 * Portable media that fail: too small, filling up while the package is written, removed mid-write (its folder
 * deleted under the writer), a cancel, and the app killed with SIGKILL mid-write. None leaves anything that looks
 * like a complete package, and the store records every attempt.
 *
 * "Too small" and "fills up" are real file systems of a fixed size: a tmpfs mounted for the test (root is needed;
 * without it those two tests are skipped and say why). The others use a folder on the disk.
 */
const ROOT = resolve(__dirname, '../../..');
let fx: EvidenceFixture;
let ids: number[];
const mounts: string[] = [];

function mountTmpfs(size: string): string | null {
  const dir = tempDir('canvass-tmpfs-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  mounts.push(dir);
  return dir;
}
const canMount = (() => {
  const probe = mountTmpfs('1m');
  return probe !== null;
})();

/** No folder on the medium looks like a package: anything left is named INCOMPLETE- and carries the marker. */
function nothingCompleteOn(medium: string, except: string[] = []): string[] {
  const left = readdirSync(medium).filter((n) => !except.includes(n));
  for (const name of left) {
    expect(name.startsWith('INCOMPLETE-'), `${name} on the medium`).toBe(true);
    expect(existsSync(join(medium, name, 'INCOMPLETE-DO-NOT-USE.txt'))).toBe(true);
  }
  return left;
}

async function attempt(id: string): Promise<EvidencePackageInfo> {
  const view = await fx.ws.call('evidence.overview');
  return view.packages.find((p) => p.attemptId === id)!;
}

/**
 * Starts a build and calls `during` once, at the first progress event of the writing phase (the first data file is
 * written; the report and every image are still to come). What `during` throws fails the test, once the build ends.
 */
async function buildWith(
  medium: string,
  during: (tempFolder: string, attemptId: string) => void,
): Promise<{ id: string; end: EvidenceFinished; at: { files: number; totalFiles: number } }> {
  const started = await fx.ws.call('evidence.build', { detectionIds: ids, medium });
  let at: { files: number; totalFiles: number } | null = null;
  let thrown: unknown = null;
  const end = await fx.finished(started.attemptId, (p) => {
    if (at || p.phase !== 'writing') return;
    at = { files: p.files, totalFiles: p.totalFiles };
    const temp = readdirSync(medium).find((n) => n.startsWith('INCOMPLETE-'))!;
    try {
      during(join(medium, temp), started.attemptId);
    } catch (err) {
      thrown = err;
    }
  });
  if (thrown) throw thrown;
  expect(at, 'the writing phase was reached').not.toBeNull();
  return { id: started.attemptId, end, at: at! };
}

/** Someone else's files take every byte left on the medium: written in 1 MB pieces until it refuses. */
function fillUp(medium: string): number {
  const fd = openSync(join(medium, 'other-files.bin'), 'w');
  const piece = Buffer.alloc(1 << 20, 0x5a);
  let written = 0;
  try {
    for (;;) written += writeSync(fd, piece);
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  return written;
}

beforeAll(async () => {
  fx = await evidenceFixture({ detections: 400, seed: 23, images: 'all', extra: 300 });
  await fx.asTechnician();
  ids = (await fx.ws.call('evidence.overview')).items.map((i) => i.detectionId);
}, 300_000);

afterAll(async () => {
  for (const m of mounts) spawnSync('umount', [m]);
  await fx?.close();
});

describe('portable media that fail leave no complete-looking package, and the store records the attempt', () => {
  it.skipIf(!canMount)('a medium too small: refused before anything is written (a 4 MB tmpfs)', async () => {
    const medium = mountTmpfs('4m')!;
    const refused = await fx.ws.refused('evidence.build', { detectionIds: ids, medium });
    expect(refused).toMatchObject({
      code: 'DISK_FULL',
      message: expect.stringMatching(/MB free; this package needs about/),
    });
    expect(readdirSync(medium)).toEqual([]);
    const view = await fx.ws.call('evidence.overview');
    expect(view.packages[0]).toMatchObject({ status: 'failed', error: { code: 'DISK_FULL' } });
  });

  it.skipIf(!canMount)(
    'a medium that fills up while the package is written (a tmpfs filled behind the writer)',
    async () => {
      const medium = mountTmpfs('96m')!;
      let filled = 0;
      const { id, end, at } = await buildWith(medium, () => (filled = fillUp(medium)));
      expect(at.files).toBeLessThan(at.totalFiles);
      expect(filled).toBeGreaterThan(0);
      expect(end).toMatchObject({
        status: 'failed',
        error: { code: 'DISK_FULL', message: expect.stringMatching(/filled up/) },
      });
      expect(nothingCompleteOn(medium, ['other-files.bin'])).toEqual([]);
      expect(await attempt(id)).toMatchObject({ status: 'failed', error: { code: 'DISK_FULL' } });
    },
    180_000,
  );

  it('a medium removed mid-write: its folder deleted under the writer', async () => {
    const medium = fx.medium();
    // A drive pulled out takes the whole folder at once: moved off the medium's path in one step, then deleted.
    const gone = `${medium}-removed`;
    const { id, end } = await buildWith(medium, (temp) => {
      renameSync(temp, gone);
      rmSync(gone, { recursive: true, force: true });
    });
    expect(end).toMatchObject({
      status: 'failed',
      error: { code: 'NOT_FOUND', message: expect.stringMatching(/went away/) },
    });
    expect(nothingCompleteOn(medium)).toEqual([]);
    expect(await attempt(id)).toMatchObject({ status: 'failed' });
  }, 180_000);

  it('a cancel mid-write removes what was written', async () => {
    const medium = fx.medium();
    const { id, end } = await buildWith(
      medium,
      (_temp, attemptId) => void fx.ws.call('evidence.cancel', { attemptId }),
    );
    expect(end.status).toBe('cancelled');
    expect(readdirSync(medium)).toEqual([]);
    expect(await attempt(id)).toMatchObject({ status: 'cancelled' });
  }, 120_000);

  it('kill -9 mid-write: the folder stays named INCOMPLETE, and the attempt shows as interrupted', async () => {
    const medium = fx.medium();
    const outcome = await killMidWrite(medium);
    expect(outcome.killed).toBe(true);
    const left = nothingCompleteOn(medium);
    expect(left).toHaveLength(1);
    // The folder is no package: evidence:verify says so.
    const verify = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'tools/evidence-verify.ts'), join(medium, left[0]!)],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(verify.status).toBe(1);
    const view = await fx.ws.call('evidence.overview');
    const interrupted = view.packages.find((p) => p.status === 'interrupted')!;
    expect(interrupted).toMatchObject({ medium, error: { code: 'INTERRUPTED' } });
    expect(interrupted.error!.message).toMatch(/INCOMPLETE/);
  }, 120_000);

  it('after all that, a package still builds, verifies and books on a good medium', async () => {
    const medium = fx.medium();
    const started = await fx.ws.call('evidence.build', { detectionIds: ids, medium });
    const end = await fx.finished(started.attemptId);
    expect(end).toMatchObject({ status: 'booked', itemNumber: `${fx.caseNumber}-E01`, verdict: { ok: true } });
    expect(readdirSync(medium)).toEqual([`canvass-evidence-${fx.caseNumber}-E01`]);
  }, 120_000);
});

function killMidWrite(medium: string): Promise<{ killed: boolean }> {
  mkdirSync(medium, { recursive: true });
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(ROOT, 'tests/integration/evidence/buildChild.ts'),
        fx.ws.dir,
        medium,
        fx.caseNumber,
        ids.join(','),
      ],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    child.stdin.end(`${fx.technician.username}\n${fx.technician.password}\n`);
    let killed = false;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        const m = /^progress writing (\d+)/.exec(line);
        if (!killed && m && Number(m[1]) >= 40) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') done({ killed });
      else fail(new Error(`the build child ended (${code}) before it was killed: ${stderr}`));
    });
  });
}
