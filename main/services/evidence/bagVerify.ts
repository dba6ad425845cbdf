/**
 * Verifies an evidence package on a medium (docs/evidence-package.md, "Verifying"): the same code reads a package
 * back right after writing it, checks it again later (`evidence.verify`), and runs outside the app
 * (`npm run evidence:verify`). It names the first file that differs, is missing or is extra, checks Payload-Oxum
 * and the access-log segment, and gives the Ed25519 signature's verdict.
 */
import { createHash, createPublicKey, hash, verify } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  bagInfoValue,
  manifestName,
  parseBagInfo,
  parseManifest,
  payloadOxum,
  tagManifestName,
  type HashAlgorithm,
  type ManifestEntry,
} from '../../core/evidence/bagit';
import { INCOMPLETE_MARKER, PAYLOAD, TAG, UNLISTED_TAG_FILES } from '../../core/evidence/layout';
import { checkSegment } from '../../core/evidence/segment';
import {
  extraFiles,
  problemText,
  type BagProblem,
  type BagVerdict,
  type SignatureVerdict,
} from '../../core/evidence/verdict';
import { MediumReader, PROBE_MIN_BYTES } from './readBack';

export type VerifyOptions = {
  /** The fingerprint the key must have (the agency's registered key); the bag's own key is checked against it. */
  expectedFingerprint?: string;
  /** A public key given from outside the bag (PEM), used instead of the one it carries. */
  publicKeyPem?: string;
  /** A package still being written carries the INCOMPLETE marker: tolerate it (the read-back). */
  allowIncompleteMarker?: boolean;
  onProgress?: (files: number, bytes: number) => void;
  stop?: () => boolean;
  /** One reader for the whole bag (so one probe serves every file). */
  reader?: MediumReader;
};

/** Lists regular files under `dir`, as bag-relative paths with `/`. */
export function listFiles(root: string, sub: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const p = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  if (existsSync(join(root, sub))) walk(sub);
  return out;
}

export function fingerprintOfPem(pem: string): string {
  return createHash('sha256')
    .update(createPublicKey(pem).export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

export function verifyBag(bag: string, options: VerifyOptions = {}): BagVerdict {
  const reader = options.reader ?? new MediumReader();
  const stop = options.stop ?? (() => false);
  let files = 0;
  let bytes = 0;
  let tagFiles = 0;
  const verdict = (problem: BagProblem | null): BagVerdict => {
    const signature = checkSignature(bag, options);
    return {
      ok: problem === null && signature.state === 'valid' && signature.expectedKey !== false,
      files,
      bytes,
      tagFiles,
      problem,
      signature,
      readFrom: reader.readFrom,
    };
  };

  if (!existsSync(join(bag, TAG.bagit)))
    return verdict({
      kind: 'not-a-bag',
      file: TAG.bagit,
      message: `${TAG.bagit} is missing: this folder is not a BagIt package.`,
    });
  if (!readFileSync(join(bag, TAG.bagit), 'utf8').startsWith('BagIt-Version: 1.'))
    return verdict({ kind: 'not-a-bag', file: TAG.bagit, message: `${TAG.bagit} does not declare BagIt version 1.x.` });

  const manifests: Partial<Record<HashAlgorithm, Map<string, string>>> = {};
  for (const alg of ['sha256', 'sha512'] as const) {
    const name = manifestName(alg);
    if (!existsSync(join(bag, name))) {
      if (alg === 'sha256') return verdict({ kind: 'missing', file: name, message: problemText.missing(name) });
      continue;
    }
    const parsed = parseManifest(readFileSync(join(bag, name), 'utf8'), alg);
    if (!parsed.ok) return verdict({ kind: 'malformed', file: name, message: `${name}: ${parsed.problem}.` });
    manifests[alg] = new Map(parsed.entries.map((e: ManifestEntry) => [e.path, e.hex]));
  }
  const sha256 = manifests.sha256!;
  const listed = new Set([...sha256.keys(), ...(manifests.sha512?.keys() ?? [])]);
  const onMedium = listFiles(bag, 'data');
  const present = new Set(onMedium);
  probeWithFirstLarge(reader, bag, onMedium);

  for (const path of listed) {
    if (!path.startsWith('data/'))
      return verdict({ kind: 'malformed', file: path, message: `The payload manifest lists ${path}, outside data/.` });
    if (!present.has(path)) return verdict({ kind: 'missing', file: path, message: problemText.missing(path) });
    const got = hashFile(reader, join(bag, path), stop);
    for (const alg of ['sha256', 'sha512'] as const) {
      const want = manifests[alg]?.get(path);
      if (want === undefined) {
        if (manifests[alg])
          return verdict({ kind: 'malformed', file: path, message: `${path} is missing from ${manifestName(alg)}.` });
        continue;
      }
      if (got[alg] !== want) return verdict({ kind: 'differs', file: path, message: problemText.differs(path, alg) });
    }
    files++;
    bytes += got.bytes;
    options.onProgress?.(files, bytes);
  }
  const extra = extraFiles(onMedium, listed)[0];
  if (extra) return verdict({ kind: 'extra', file: extra, message: problemText.extra(extra) });

  const tagName = tagManifestName('sha256');
  if (!existsSync(join(bag, tagName)))
    return verdict({ kind: 'missing', file: tagName, message: problemText.missing(tagName) });
  const tags = parseManifest(readFileSync(join(bag, tagName), 'utf8'), 'sha256');
  if (!tags.ok) return verdict({ kind: 'malformed', file: tagName, message: `${tagName}: ${tags.problem}.` });
  for (const e of tags.entries) {
    if (!existsSync(join(bag, e.path)))
      return verdict({ kind: 'missing', file: e.path, message: problemText.missing(e.path) });
    if (hashFile(reader, join(bag, e.path), stop).sha256 !== e.hex)
      return verdict({ kind: 'differs', file: e.path, message: problemText.differs(e.path, 'sha256') });
    tagFiles++;
  }
  const tagListed = new Set(tags.entries.map((e) => e.path));
  const allowed = new Set([...UNLISTED_TAG_FILES, ...(options.allowIncompleteMarker ? [INCOMPLETE_MARKER] : [])]);
  const strayTag = readdirSync(bag, { withFileTypes: true })
    .filter((e) => e.name !== 'data' && !tagListed.has(e.name) && !allowed.has(e.name))
    .map((e) => e.name)
    .sort()[0];
  if (strayTag) return verdict({ kind: 'extra', file: strayTag, message: problemText.extra(strayTag) });

  const oxum = bagInfoValue(parseBagInfo(readFileSync(join(bag, TAG.bagInfo), 'utf8')), 'Payload-Oxum');
  if (oxum !== payloadOxum(bytes, files))
    return verdict({
      kind: 'payload-oxum',
      file: TAG.bagInfo,
      message: `bag-info.txt says the payload is ${oxum ?? '(not stated)'} (bytes.files); the medium holds ${payloadOxum(bytes, files)}.`,
    });
  if (existsSync(join(bag, PAYLOAD.accessLog))) {
    const segment = checkSegment(readFileSync(join(bag, PAYLOAD.accessLog), 'utf8'), (s) => hash('sha256', s, 'hex'));
    if (!segment.ok)
      return verdict({
        kind: 'access-log',
        file: PAYLOAD.accessLog,
        message: `${PAYLOAD.accessLog}: ${segment.message}.`,
      });
  }
  return verdict(null);
}

/** The probe wants a file of PROBE_MIN_BYTES or more: the first such one does (no stat of every file). */
function probeWithFirstLarge(reader: MediumReader, bag: string, paths: readonly string[]): void {
  const large = paths.find((p) => statSync(join(bag, p)).size >= PROBE_MIN_BYTES);
  if (large) reader.probe(join(bag, large));
}

function hashFile(reader: MediumReader, path: string, stop: () => boolean) {
  const h256 = createHash('sha256');
  const h512 = createHash('sha512');
  const bytes = reader.read(
    path,
    (chunk) => {
      h256.update(chunk);
      h512.update(chunk);
    },
    stop,
  );
  return { sha256: h256.digest('hex'), sha512: h512.digest('hex'), bytes };
}

/** The signature over the tag manifest, with the bag's key or the one given; the key's fingerprint is reported. */
export function checkSignature(
  bag: string,
  options: Pick<VerifyOptions, 'expectedFingerprint' | 'publicKeyPem'>,
): SignatureVerdict {
  const tagManifest = join(bag, TAG.tagManifest);
  const sig = join(bag, TAG.signature);
  const pemPath = join(bag, TAG.publicKey);
  let pem = options.publicKeyPem ?? null;
  if (!pem && existsSync(pemPath)) pem = readFileSync(pemPath, 'utf8');
  if (!pem)
    return {
      state: 'missing',
      fingerprint: null,
      expectedKey: null,
      message: `No public key (${TAG.publicKey}) to check the signature with.`,
    };
  let fingerprint: string;
  try {
    fingerprint = fingerprintOfPem(pem);
  } catch {
    return { state: 'invalid', fingerprint: null, expectedKey: null, message: `${TAG.publicKey} is not a public key.` };
  }
  const expectedKey = options.expectedFingerprint ? options.expectedFingerprint === fingerprint : null;
  if (!existsSync(sig) || !existsSync(tagManifest))
    return {
      state: 'missing',
      fingerprint,
      expectedKey,
      message: `${TAG.signature} or ${TAG.tagManifest} is missing.`,
    };
  let ok = false;
  try {
    ok = verify(null, readFileSync(tagManifest), createPublicKey(pem), readFileSync(sig));
  } catch {
    ok = false;
  }
  const keyNote =
    expectedKey === false
      ? ` — but this is not the agency's registered evidence key (SHA256:${options.expectedFingerprint})`
      : '';
  return ok
    ? {
        state: 'valid',
        fingerprint,
        expectedKey,
        message: `The signature over ${TAG.tagManifest} is valid (key SHA256:${fingerprint})${keyNote}.`,
      }
    : {
        state: 'invalid',
        fingerprint,
        expectedKey,
        message: `The signature over ${TAG.tagManifest} does NOT verify with key SHA256:${fingerprint}${keyNote}.`,
      };
}
