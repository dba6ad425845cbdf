/**
 * `npm run release:sign -- <dist folder> --key <Ed25519 private key, PEM>`
 *
 * What protects a Linux build of Canvass: electron-builder's embedded ASAR-integrity fuse is enforced only on
 * macOS and Windows, and neither the AppImage nor the .deb carries a signature anyone checks. So a release is
 * published with `SHA256SUMS` (the SHA-256 of every AppImage, .deb and installer in the folder, in `sha256sum`'s
 * format) and `SHA256SUMS.sig`, an Ed25519 signature over it made with the release key. Whoever installs it
 * checks both with stock tools before installing (docs/architecture.md, "Packaging"):
 *
 *   openssl pkeyutl -verify -pubin -inkey canvass-release.pub.pem -rawin -in SHA256SUMS -sigfile SHA256SUMS.sig
 *   sha256sum -c SHA256SUMS
 *
 * The private key stays with the release manager (never in the repository); the public key is published with the
 * agency's deployment notes. Exit 0 when both files were written, 2 on a usage error.
 */
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const ARTIFACT = /\.(AppImage|deb|exe|dmg|zip|tar\.gz|rpm|snap)$/;

function usage(message: string): never {
  process.stderr.write(
    `release:sign: ${message}\nusage: npm run release:sign -- <dist folder> --key <ed25519-private.pem>\n`,
  );
  process.exit(2);
}

function main(argv: string[]): void {
  const keyAt = argv.indexOf('--key');
  const keyPath = keyAt >= 0 ? argv[keyAt + 1] : undefined;
  const dist = argv.find((a, i) => !a.startsWith('--') && i !== keyAt + 1);
  if (!dist || !keyPath) usage('Say which folder to sign and with which key.');
  let key;
  try {
    key = createPrivateKey(readFileSync(keyPath));
  } catch {
    usage(`${keyPath} is not a readable private key (PEM).`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    usage(`${keyPath} is a ${key.asymmetricKeyType} key; the release key is Ed25519.`);
  const files = readdirSync(dist)
    .filter((f) => ARTIFACT.test(f) && statSync(join(dist, f)).isFile())
    .sort();
  if (files.length === 0) usage(`${dist} holds no AppImage, .deb or installer to sign.`);
  const sums = files
    .map(
      (f) =>
        `${createHash('sha256')
          .update(readFileSync(join(dist, f)))
          .digest('hex')}  ${basename(f)}`,
    )
    .join('\n');
  const text = Buffer.from(`${sums}\n`, 'utf8');
  writeFileSync(join(dist, 'SHA256SUMS'), text);
  writeFileSync(join(dist, 'SHA256SUMS.sig'), sign(null, text, key));
  writeFileSync(join(dist, 'canvass-release.pub.pem'), createPublicKey(key).export({ type: 'spki', format: 'pem' }));
  process.stdout.write(
    `Signed ${files.length} file${files.length === 1 ? '' : 's'} in ${dist}: SHA256SUMS, SHA256SUMS.sig (and the public key, canvass-release.pub.pem).\n`,
  );
}

main(process.argv.slice(2));
