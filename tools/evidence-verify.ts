/**
 * `npm run evidence:verify -- <package folder> [--key <public key PEM>] [--fingerprint <sha256 hex>]`
 *
 * Checks a Canvass evidence package in plain Node, without the app or its store (docs/evidence-package.md): every
 * payload file against manifest-sha256.txt and manifest-sha512.txt, files added under data/ or beside the tag files,
 * the tag files against tagmanifest-sha256.txt, Payload-Oxum, the access-log segment, and the agency's Ed25519
 * signature over the tag manifest. Names the first file that differs, is missing or is extra, and gives the
 * signature's verdict.
 *
 * The signature is checked with the package's own agency-evidence.pub.pem unless --key gives the agency's key from
 * elsewhere; --fingerprint (the SHA-256 the agency publishes, printed in the report) checks that the key is theirs.
 *
 * Exit status: 0 the package verifies, 1 it does not, 2 it could not be checked (usage, no such folder).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { verdictLine } from '../main/core/evidence/verdict';
import { verifyBag } from '../main/services/evidence/bagVerify';

const USAGE = `usage: npm run evidence:verify -- <package folder> [--key <public key PEM>] [--fingerprint <sha256>]

  <package folder>       the folder holding bagit.txt (a drive's canvass-evidence-… folder)
  --key <file>           the agency's evidence public key (PEM) to check the signature with,
                         instead of the agency-evidence.pub.pem inside the package
  --fingerprint <hex>    the SHA-256 of the agency's evidence key (as the agency publishes it and the
                         report prints it): the signing key must be that one

exit status: 0 the package verifies, 1 it does not, 2 it could not be checked`;

function main(argv: readonly string[]): number {
  let bag: string | null = null;
  let key: string | null = null;
  let fingerprint: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      return 0;
    }
    if (arg === '--key' || arg === '--fingerprint') {
      const v = argv[++i];
      if (!v) return usage(`${arg} needs a value.`);
      if (arg === '--key') key = v;
      else
        fingerprint = v
          .toLowerCase()
          .replace(/^sha256:/, '')
          .replace(/[^0-9a-f]/g, '');
      continue;
    }
    if (arg.startsWith('--')) return usage(`Unknown option ${arg}.`);
    if (bag) return usage('Give one package folder.');
    bag = arg;
  }
  if (!bag) return usage('Give the package folder.');
  const folder = resolve(bag);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    console.error(`${folder} is not a folder.`);
    return 2;
  }
  if (key && !existsSync(key)) {
    console.error(`The key file ${key} is not there.`);
    return 2;
  }
  const v = verifyBag(folder, {
    ...(key ? { publicKeyPem: readFileSync(key, 'utf8') } : {}),
    ...(fingerprint ? { expectedFingerprint: fingerprint } : {}),
  });
  console.log(`package:   ${folder}`);
  console.log(
    v.problem
      ? `files:     FIRST PROBLEM (${v.problem.kind}) ${v.problem.file}: ${v.problem.message}`
      : `files:     ${v.files} payload files (${v.bytes} bytes) and ${v.tagFiles} tag files match their manifests; nothing missing, nothing added`,
  );
  console.log(`signature: ${v.signature.state.toUpperCase()} — ${v.signature.message}`);
  console.log(
    `read:      ${v.readFrom === 'medium' ? 'straight from the medium (O_DIRECT)' : 'through the system cache'}`,
  );
  console.log(verdictLine(v));
  return v.ok ? 0 : 1;
}

function usage(message: string): number {
  console.error(`${message}\n\n${USAGE}`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
