/**
 * Builds the SQLCipher binding for Electron's ABI beside the Node build.
 *
 * `npm install` builds better-sqlite3-multiple-ciphers for Node, so vitest, the e2e host and the tools run
 * the real binding. Electron needs its own build (the binding uses V8's ABI, not N-API; sharp uses N-API
 * and needs nothing). This script compiles a second copy against Electron's headers into
 * native/electron/<electron version>/ — once per Electron version — and native/sqlcipher.ts picks it when
 * running inside Electron. Packaged builds get theirs from electron-builder's `npmRebuild`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { electronBindingPath } from './sqlcipher';

const require = createRequire(__filename);

function electronVersion(): string | null {
  try {
    return (require('electron/package.json') as { version: string }).version;
  } catch {
    return null;
  }
}

const version = electronVersion();
if (!version) {
  console.error('electron is not installed: nothing to rebuild.');
  process.exit(1);
}
const target = electronBindingPath(version);
if (existsSync(target)) process.exit(0);

console.log(`Building the SQLCipher binding for Electron ${version} (about 2–3 minutes, once)…`);
const pkgDir = dirname(require.resolve('better-sqlite3-multiple-ciphers/package.json'));
const work = mkdtempSync(join(tmpdir(), 'canvass-electron-binding-'));
try {
  cpSync(pkgDir, work, { recursive: true, filter: (src) => !src.includes(`${pkgDir}/build`) });
  const gyp = require.resolve('node-gyp/bin/node-gyp.js');
  const r = spawnSync(
    process.execPath,
    [
      gyp,
      'rebuild',
      '--release',
      `--target=${version}`,
      '--dist-url=https://electronjs.org/headers',
      '--runtime=electron',
    ],
    { cwd: work, stdio: 'inherit' },
  );
  if (r.status !== 0) {
    console.error('The Electron build of the SQLCipher binding failed; see the output above.');
    process.exit(r.status ?? 1);
  }
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(work, 'build/Release/better_sqlite3.node'), target);
} finally {
  rmSync(work, { recursive: true, force: true });
}
