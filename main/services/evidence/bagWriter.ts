/**
 * Writes an evidence package to a medium (docs/evidence-package.md, "Writing to portable media"):
 * 1. free space is checked first;
 * 2. the package is written under a temporary, plainly marked name (`INCOMPLETE-…`, with a marker file inside),
 *    then every file and folder of it is flushed to the medium (flush.ts: one syncfs, or fsync per file);
 * 3. it is read back from the medium and verified against both manifests and the signature (bagVerify.ts);
 * 4. only then the marker goes and the folder gets its final name.
 * A full medium, a removed drive, a cancel or any failure removes the temporary folder; a kill -9 leaves it, still
 * named INCOMPLETE. Nothing that did not verify ever carries the final name.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statfsSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { EvidenceProgress } from '../../../preload/contract';
import { BAGIT_TXT, manifestName, manifestText, tagManifestName } from '../../core/evidence/bagit';
import type { HashedFile } from '../../core/evidence/caseGraph';
import { INCOMPLETE_MARKER, INCOMPLETE_TEXT, TAG } from '../../core/evidence/layout';
import { rateAndEta, type BagVerdict, verdictLine } from '../../core/evidence/verdict';
import { CanvassError } from '../../core/shared/errors';
import { verifyBag } from './bagVerify';
import { FlushStopped, flushToMedium, fsyncDir } from './flush';
import { MediumReader, ReadStopped } from './readBack';

export type PayloadFile = {
  path: string;
  size: number;
  mime: string;
  /** The bytes, produced when the file is written (images are read from the store one at a time). */
  read: () => Uint8Array;
  /** An image is named by its SHA-256: the bytes must hash to it, or the store is damaged. */
  expectSha256?: string;
};

export type TagFile = { name: string; data: string };

/** The writer's share of `evidence.progress`: the build adds which attempt, its status and a message. */
export type WriteProgress = Pick<
  EvidenceProgress,
  'files' | 'totalFiles' | 'bytes' | 'totalBytes' | 'rate' | 'etaSeconds'
> & {
  phase: 'writing' | 'verifying';
};

export type WriteBagArgs = {
  medium: string;
  tempName: string;
  finalName: string;
  payload: PayloadFile[];
  /** The tag files besides bagit.txt and the manifests (bag-info, case.jsonld, README, the public key), given the payload's hashes. */
  tagFiles: (hashed: HashedFile[]) => TagFile[];
  sign: (tagManifest: Buffer) => Buffer;
  keyFingerprint: string;
  onProgress?: (p: WriteProgress) => void;
  stop?: () => boolean;
};

export type WrittenBag = {
  path: string;
  files: number;
  bytes: number;
  tagManifestSha256: string;
  signature: Buffer;
  verdict: BagVerdict;
};

export class WriteCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** Space the package needs: its payload, its tag files (≈2 kB a file) and a block's rounding per file. */
export function spaceNeeded(payloadBytes: number, files: number): number {
  return payloadBytes + files * (2048 + 4096) + (1 << 20);
}

export function freeSpace(dir: string): { free: number; total: number } {
  const s = statfsSync(dir);
  return { free: Number(s.bavail) * Number(s.bsize), total: Number(s.blocks) * Number(s.bsize) };
}

export async function writeBag(args: WriteBagArgs): Promise<WrittenBag> {
  const stop = args.stop ?? (() => false);
  const temp = join(args.medium, args.tempName);
  const final = join(args.medium, args.finalName);
  const payloadBytes = args.payload.reduce((s, f) => s + f.size, 0);
  const totalFiles = args.payload.length;
  const need = spaceNeeded(payloadBytes, totalFiles);
  const { free } = freeSpace(args.medium);
  if (free < need)
    throw new CanvassError(
      'DISK_FULL',
      `The medium has ${mb(free)} free; this package needs about ${mb(need)}. Nothing was written: choose a larger drive or narrow the package.`,
    );
  if (existsSync(final))
    throw new CanvassError(
      'CONFLICT',
      `${final} already exists on the medium. Nothing was written: choose another drive or folder.`,
    );

  let created = false;
  try {
    mkdirSync(temp);
    created = true;
    writeWhole(join(temp, INCOMPLETE_MARKER), Buffer.from(INCOMPLETE_TEXT, 'utf8'), true);
    fsyncDir(args.medium);
    mkdirSync(join(temp, 'data', 'images'), { recursive: true });

    const progress = tracker('writing', totalFiles, payloadBytes, args.onProgress);
    const hashed: HashedFile[] = [];
    for (const f of args.payload) {
      if (stop()) throw new WriteCancelled();
      const bytes = f.read();
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (f.expectSha256 && sha256 !== f.expectSha256)
        throw new CanvassError(
          'STORE_CORRUPT',
          `The image ${f.expectSha256} in the store does not match its SHA-256 (the store is damaged). Nothing that looks like a package was left; restore the store from the agency server.`,
        );
      const sha512 = createHash('sha512').update(bytes).digest('hex');
      writeWhole(join(temp, f.path), bytes);
      hashed.push({ path: f.path, byteLength: bytes.length, mime: f.mime, sha256, sha512 });
      progress.step(bytes.length);
    }

    const tags: TagFile[] = [
      { name: TAG.bagit, data: BAGIT_TXT },
      { name: manifestName('sha256'), data: manifestText(hashed.map((h) => ({ path: h.path, hex: h.sha256 }))) },
      { name: manifestName('sha512'), data: manifestText(hashed.map((h) => ({ path: h.path, hex: h.sha512 }))) },
      ...args.tagFiles(hashed),
    ];
    const tagManifest = Buffer.from(
      manifestText(tags.map((t) => ({ path: t.name, hex: createHash('sha256').update(t.data).digest('hex') }))),
      'utf8',
    );
    for (const t of tags) writeWhole(join(temp, t.name), Buffer.from(t.data, 'utf8'));
    writeWhole(join(temp, tagManifestName('sha256')), tagManifest);
    const signature = args.sign(tagManifest);
    writeWhole(join(temp, TAG.signature), signature);
    // Everything is on the medium before it is read back, and so long before the package gets its final name.
    await flushToMedium({
      files: [...hashed.map((h) => h.path), ...tags.map((t) => t.name), tagManifestName('sha256'), TAG.signature].map(
        (p) => join(temp, p),
      ),
      dirs: [join(temp, 'data', 'images'), join(temp, 'data'), temp],
      stop,
    });

    // Read back from the medium and verify, as anyone will later.
    const check = tracker('verifying', totalFiles, payloadBytes, args.onProgress);
    let lastBytes = 0;
    const verdict = verifyBag(temp, {
      expectedFingerprint: args.keyFingerprint,
      allowIncompleteMarker: true,
      reader: new MediumReader(),
      stop,
      onProgress: (_files, bytes) => {
        check.step(bytes - lastBytes);
        lastBytes = bytes;
      },
    });
    if (stop()) throw new WriteCancelled();
    if (!verdict.ok)
      throw new CanvassError(
        'CONFLICT',
        `The package did not verify when read back from the medium: ${verdictLine(verdict)}`,
      );

    unlinkSync(join(temp, INCOMPLETE_MARKER));
    fsyncDir(temp);
    renameSync(temp, final);
    created = false;
    fsyncDir(args.medium);
    return {
      path: final,
      files: verdict.files,
      bytes: verdict.bytes,
      tagManifestSha256: createHash('sha256').update(tagManifest).digest('hex'),
      signature,
      verdict,
    };
  } catch (err) {
    if (created) removeQuietly(temp);
    if (err instanceof ReadStopped || err instanceof FlushStopped) throw new WriteCancelled();
    throw mediumError(err, temp);
  }
}

/** Writes a new file; `sync` fsyncs it at once (the marker), the rest are flushed together (flush.ts). */
function writeWhole(path: string, bytes: Uint8Array, sync = false): void {
  const fd = openSync(path, 'wx', 0o644);
  try {
    // A write may take fewer bytes than asked (a filling medium): go on until all are written or it fails.
    for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off, bytes.length - off);
    if (sync) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function removeQuietly(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    /* the medium is gone or read-only: the folder keeps its INCOMPLETE name and marker */
  }
}

function mediumError(err: unknown, temp: string): unknown {
  if (err instanceof CanvassError || err instanceof WriteCancelled) return err;
  const code = (err as { code?: string }).code ?? '';
  const left = existsSync(temp)
    ? ` An incomplete folder may remain at ${temp}; it is marked INCOMPLETE and is not evidence.`
    : ' Nothing that looks like a package was left on it.';
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new CanvassError('DISK_FULL', `The medium filled up while the package was written.${left}`);
  if (code === 'ENOENT' || code === 'EIO' || code === 'ENODEV' || code === 'ENXIO' || code === 'ESTALE')
    return new CanvassError(
      'NOT_FOUND',
      `The medium or the package's folder went away while it was written (was the drive removed?) [${code}].${left}`,
    );
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM')
    return new CanvassError(
      'FORBIDDEN',
      `The medium cannot be written (read-only, or no permission) [${code}].${left}`,
    );
  return err;
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Progress at most ten times a second, and at the last file. */
function tracker(
  phase: WriteProgress['phase'],
  totalFiles: number,
  totalBytes: number,
  onProgress: WriteBagArgs['onProgress'],
) {
  const started = Date.now();
  let files = 0;
  let bytes = 0;
  let last = 0;
  return {
    step(n: number) {
      files++;
      bytes += n;
      const t = Date.now();
      if (!onProgress || (t - last < 100 && files < totalFiles)) return;
      last = t;
      onProgress({ phase, files, totalFiles, bytes, totalBytes, ...rateAndEta(bytes, totalBytes, t - started) });
    },
  };
}
