import { spawnSync, type SpawnSyncReturns } from 'node:child_process';

/**
 * README step 3 of an evidence package, as written there (docs/evidence-package.md): stock OpenSSL 3 checks the
 * Ed25519 signature over the tag manifest, in the package's folder. "Signature Verified Successfully" on stdout.
 */
export function opensslVerifyBag(dir: string): SpawnSyncReturns<string> {
  return spawnSync(
    'openssl',
    [
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      'agency-evidence.pub.pem',
      '-rawin',
      '-in',
      'tagmanifest-sha256.txt',
      '-sigfile',
      'tagmanifest-sha256.txt.sig',
    ],
    { cwd: dir, encoding: 'utf8' },
  );
}
