import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A Linux release is checked with stock tools, since nothing in an AppImage or a .deb is enforced by
 * electron-builder's integrity fuse: `openssl` verifies the Ed25519 signature over SHA256SUMS, `sha256sum -c`
 * the files. An altered package or an altered list is caught.
 */
const REPO = resolve(__dirname, '../../..');
let dir: string;

const run = (cmd: string, args: string[], cwd = dir) => spawnSync(cmd, args, { cwd, encoding: 'utf8' });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'canvass-release-'));
  writeFileSync(join(dir, 'Canvass-0.1.0.AppImage'), Buffer.alloc(200_000, 7));
  writeFileSync(join(dir, 'canvass_0.1.0_amd64.deb'), Buffer.alloc(150_000, 9));
  writeFileSync(join(dir, 'builder-debug.yml'), 'not an artifact');
  expect(run('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', join(dir, 'release-key.pem')]).status).toBe(0);
  const r = spawnSync('npx', ['tsx', 'tools/release-sign.ts', dir, '--key', join(dir, 'release-key.pem')], {
    cwd: REPO,
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const verifySignature = () =>
  run('openssl', [
    'pkeyutl',
    '-verify',
    '-pubin',
    '-inkey',
    'canvass-release.pub.pem',
    '-rawin',
    '-in',
    'SHA256SUMS',
    '-sigfile',
    'SHA256SUMS.sig',
  ]);

describe('a signed release', () => {
  it('verifies with openssl and sha256sum alone', () => {
    expect(
      readFileSync(join(dir, 'SHA256SUMS'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split('  ')[1]),
    ).toEqual(['Canvass-0.1.0.AppImage', 'canvass_0.1.0_amd64.deb']);
    expect(verifySignature().stdout).toMatch(/Signature Verified Successfully/);
    const sums = run('sha256sum', ['-c', 'SHA256SUMS']);
    expect(sums.status).toBe(0);
    expect(sums.stdout).toMatch(/Canvass-0\.1\.0\.AppImage: OK/);
  });

  it('an altered package fails sha256sum; an altered list fails the signature', () => {
    const appImage = join(dir, 'Canvass-0.1.0.AppImage');
    const bytes = readFileSync(appImage);
    bytes[1000] = bytes[1000]! ^ 0xff;
    writeFileSync(appImage, bytes);
    const sums = run('sha256sum', ['-c', 'SHA256SUMS']);
    expect(sums.status).not.toBe(0);
    expect(sums.stdout).toMatch(/Canvass-0\.1\.0\.AppImage: FAILED/);

    const list = join(dir, 'SHA256SUMS');
    const forged = readFileSync(list, 'utf8').replace(/^[0-9a-f]{64}/, (h) =>
      h.replace(/^./, h[0] === '0' ? '1' : '0'),
    );
    writeFileSync(list, forged);
    const sig = verifySignature();
    expect(sig.status).not.toBe(0);
    expect(sig.stdout + sig.stderr).toMatch(/Signature Verification Failure/);
  });
});
