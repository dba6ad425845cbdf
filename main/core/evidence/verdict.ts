/**
 * A verifier's answer about a bag (the read-back after writing, `evidence.verify` and `npm run evidence:verify`
 * give the same one): the first file that differs, is missing or is extra, and the signature's verdict.
 */
export type BagProblem = {
  kind: 'not-a-bag' | 'malformed' | 'missing' | 'differs' | 'extra' | 'payload-oxum' | 'access-log';
  /** The file, relative to the bag (`data/images/<sha>.png`). */
  file: string;
  message: string;
};

export type SignatureVerdict = {
  state: 'valid' | 'invalid' | 'missing';
  /** SHA-256 of the public key that was used (DER SubjectPublicKeyInfo), hex; null when there was none. */
  fingerprint: string | null;
  /** Whether that key is the one the caller expected (the agency's registered key), when one was given. */
  expectedKey: boolean | null;
  message: string;
};

export type BagVerdict = {
  ok: boolean;
  /** Payload files checked and their bytes. */
  files: number;
  bytes: number;
  /** Tag files checked against the tag manifest. */
  tagFiles: number;
  problem: BagProblem | null;
  signature: SignatureVerdict;
  /** How the files were read: straight from the medium, or through the operating system's cache. */
  readFrom: 'medium' | 'cache';
};

export const problemText = {
  missing: (file: string) => `${file} is missing: the manifest lists it, the medium does not have it.`,
  differs: (file: string, alg: string) =>
    `${file} differs from the package as made: its ${alg.toUpperCase()} does not match the manifest.`,
  extra: (file: string) => `${file} was added: it is on the medium but in no manifest.`,
};

/** The verdict in one line, as the app and the command line print it. */
export function verdictLine(v: BagVerdict): string {
  const sig =
    v.signature.state === 'valid'
      ? `signature valid (key SHA256:${v.signature.fingerprint})`
      : v.signature.state === 'missing'
        ? 'signature missing'
        : 'signature INVALID';
  if (v.ok) return `Verified: ${v.files} files, ${v.bytes} bytes match both manifests; ${sig}.`;
  return `NOT VERIFIED: ${v.problem?.message ?? 'the signature does not hold.'} ${sig[0]!.toUpperCase()}${sig.slice(1)}.`;
}

/** Files under data/ on the medium that no manifest lists, in path order. */
export function extraFiles(onMedium: readonly string[], listed: ReadonlySet<string>): string[] {
  return onMedium.filter((p) => !listed.has(p)).sort();
}

/** Progress arithmetic: bytes per second so far and the seconds left at that rate. */
export function rateAndEta(
  bytesDone: number,
  bytesTotal: number,
  elapsedMs: number,
): { rate: number; etaSeconds: number | null } {
  const rate = elapsedMs > 0 ? (bytesDone * 1000) / elapsedMs : 0;
  const left = Math.max(0, bytesTotal - bytesDone);
  return { rate, etaSeconds: rate > 0 && bytesDone > 0 ? Math.ceil(left / rate) : null };
}
