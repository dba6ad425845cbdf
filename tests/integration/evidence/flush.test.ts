import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bagInfoText, payloadOxum } from '../../../main/core/evidence/bagit';
import { INCOMPLETE_MARKER } from '../../../main/core/evidence/layout';
import { listFiles } from '../../../main/services/evidence/bagVerify';
import { writeBag, type PayloadFile } from '../../../main/services/evidence/bagWriter';
import type * as flush from '../../../main/services/evidence/flush';
import { flushToMedium, flushWay, type FlushArgs } from '../../../main/services/evidence/flush';
import { tempDir } from '../../agency/testing';

/**
 * The writer puts every byte of a package on the medium (flush.ts) before it reads the package back, and so before
 * the package gets its final name. What the medium held at the flush is recorded here: the files and their sizes,
 * and whether the final name existed yet. Without the flush, or with it after the rename or before the last file,
 * these tests fail.
 */
type Flushed = { args: FlushArgs; onMedium: Map<string, number>; finalExists: boolean };
const flushes: Flushed[] = [];
let failWith: NodeJS.ErrnoException | null = null;
let watching: { temp: string; final: string } | null = null;

vi.mock('../../../main/services/evidence/flush', async (importOriginal) => {
  const actual = await importOriginal<typeof flush>();
  return {
    ...actual,
    flushToMedium: async (args: FlushArgs) => {
      if (watching)
        flushes.push({
          args,
          onMedium: new Map(listFiles(watching.temp, '').map((p) => [p, statSync(join(watching!.temp, p)).size])),
          finalExists: existsSync(watching.final),
        });
      if (failWith) throw failWith;
      return actual.flushToMedium(args);
    },
  };
});

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const fingerprint = createHash('sha256')
  .update(publicKey.export({ type: 'spki', format: 'der' }))
  .digest('hex');

function payload(): PayloadFile[] {
  const text = Buffer.from('detection,plate\n1,ABC123\n');
  const images = Array.from({ length: 40 }, (_, i) => randomBytes(3000 + i * 500));
  return [
    { path: 'data/detections.csv', mime: 'text/csv', size: text.length, read: () => text },
    ...images.map((b): PayloadFile => {
      const sha = createHash('sha256').update(b).digest('hex');
      return { path: `data/images/${sha}.jpg`, mime: 'image/jpeg', size: b.length, expectSha256: sha, read: () => b };
    }),
  ];
}

function write(medium: string, files: PayloadFile[]) {
  const bytes = files.reduce((s, f) => s + f.size, 0);
  watching = { temp: join(medium, 'INCOMPLETE-pkg'), final: join(medium, 'pkg') };
  return writeBag({
    medium,
    tempName: 'INCOMPLETE-pkg',
    finalName: 'pkg',
    payload: files,
    keyFingerprint: fingerprint,
    tagFiles: () => [
      { name: 'bag-info.txt', data: bagInfoText([{ label: 'Payload-Oxum', value: payloadOxum(bytes, files.length) }]) },
      { name: 'agency-evidence.pub.pem', data: pem },
    ],
    sign: (m) => sign(null, m, privateKey),
  });
}

beforeEach(() => {
  flushes.length = 0;
  failWith = null;
  watching = null;
});
afterEach(() => {
  watching = null;
});

describe('the writer flushes the package to the medium before it reads it back and names it', () => {
  it('flushes once, after every file of the package was written in full, while it is still INCOMPLETE', async () => {
    const medium = tempDir('canvass-flush-');
    const written = await write(medium, payload());
    expect(written.verdict.ok).toBe(true);
    expect(flushes).toHaveLength(1);
    const [f] = flushes;
    expect(f!.finalExists).toBe(false);
    // What the package holds in the end is exactly what was on the medium at the flush (less the marker)...
    const final = new Map(listFiles(written.path, '').map((p) => [p, statSync(join(written.path, p)).size]));
    f!.onMedium.delete(`/${INCOMPLETE_MARKER}`);
    expect(f!.onMedium).toEqual(final);
    // ...and every one of those files, and the folders that hold them, was given to the flush.
    const given = new Set(f!.args.files.map((p) => p.slice(watching!.temp.length)));
    expect([...final.keys()].filter((p) => !given.has(p))).toEqual([]);
    expect(f!.args.dirs).toEqual([
      join(watching!.temp, 'data', 'images'),
      join(watching!.temp, 'data'),
      watching!.temp,
    ]);
  });

  it('a flush that fails (the drive reports an I/O error) leaves no package, complete-looking or not', async () => {
    const medium = tempDir('canvass-flush-');
    failWith = Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
    await expect(write(medium, payload())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(flushes).toHaveLength(1);
    expect(readdirSync(medium)).toEqual([]);
  });
});

describe('flushToMedium', () => {
  const written = () => {
    const dir = tempDir('canvass-flush-');
    mkdirSync(join(dir, 'data'));
    const files = [0, 1, 2].map((i) => join(dir, 'data', `${i}.bin`));
    for (const f of files) writeFileSync(f, randomBytes(5000));
    return { dir, files, dirs: [join(dir, 'data'), dir] };
  };

  it('takes one syncfs of the medium on Linux 5.8 or later with coreutils, else fsyncs each file', async () => {
    const { files, dirs } = written();
    const way = flushWay();
    if (process.platform === 'linux' && existsSync('/usr/bin/sync')) expect(way).toBe('syncfs');
    expect(await flushToMedium({ files, dirs })).toBe(way);
    expect(await flushToMedium({ files, dirs, way: 'fsync' })).toBe('fsync');
  });

  it.each(['syncfs', 'fsync'] as const)(
    '%s: a folder gone from the medium fails with the system’s error',
    async (way) => {
      const { dir, files, dirs } = written();
      renameSync(dir, `${dir}-removed`);
      rmSync(`${dir}-removed`, { recursive: true });
      await expect(flushToMedium({ files, dirs, way })).rejects.toMatchObject({ code: 'ENOENT' });
    },
  );
});
