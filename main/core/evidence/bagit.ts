/**
 * BagIt 1.0 (RFC 8493) as the evidence package writes and reads it: the bag declaration, bag-info.txt, payload and
 * tag manifests. Pure text in and out; the services hash, write and read the files.
 *
 * Manifest lines are `<hex>  <path>` (two spaces): RFC 8493 allows any run of spaces, and two is what
 * `sha256sum -c` reads, so a bag checks with coreutils alone.
 */
export const BAGIT_TXT = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n';

export type HashAlgorithm = 'sha256' | 'sha512';
export const HEX_LENGTH: Record<HashAlgorithm, number> = { sha256: 64, sha512: 128 };

export const manifestName = (alg: HashAlgorithm) => `manifest-${alg}.txt`;
export const tagManifestName = (alg: HashAlgorithm) => `tagmanifest-${alg}.txt`;

export type ManifestEntry = { path: string; hex: string };

/** RFC 8493 §2.1.3: a path in a manifest has CR, LF and % percent-encoded. */
export function encodeManifestPath(path: string): string {
  return path.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function decodeManifestPath(path: string): string {
  return path.replace(/%0A/gi, '\n').replace(/%0D/gi, '\r').replace(/%25/g, '%');
}

export function manifestText(entries: readonly ManifestEntry[]): string {
  return entries.map((e) => `${e.hex}  ${encodeManifestPath(e.path)}\n`).join('');
}

export type ParsedManifest = { ok: true; entries: ManifestEntry[] } | { ok: false; line: number; problem: string };

/** Reads a manifest; a line that is not `<hex> <path>` with a hex of the algorithm's length is named. */
export function parseManifest(text: string, alg: HashAlgorithm): ParsedManifest {
  const entries: ManifestEntry[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    const m = /^([0-9a-fA-F]+)[ \t]+\*?(.+)$/.exec(line);
    if (!m || m[1]!.length !== HEX_LENGTH[alg])
      return { ok: false, line: i + 1, problem: `line ${i + 1} is not “<${alg}> <path>”` };
    const path = decodeManifestPath(m[2]!);
    if (path.startsWith('/') || path.split('/').includes('..'))
      return { ok: false, line: i + 1, problem: `line ${i + 1} names a path outside the bag (${path})` };
    entries.push({ path, hex: m[1]!.toLowerCase() });
  }
  return { ok: true, entries };
}

/** One bag-info.txt element. RFC 8493 labels are case-insensitive; values are one line here (folded by us). */
export type BagInfoField = { label: string; value: string };

/**
 * bag-info.txt: `Label: value`, one per line. A value is kept on one line (line breaks become spaces) and folded
 * at 79 columns with continuation lines that start with two spaces, as RFC 8493 §2.2.2 allows.
 */
export function bagInfoText(fields: readonly BagInfoField[]): string {
  return fields
    .map(({ label, value }) => {
      if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(label)) throw new Error(`bag-info label “${label}” is not a BagIt label`);
      return fold(`${label}: ${value.replace(/[\r\n]+/g, ' ').trim()}`);
    })
    .join('');
}

function fold(line: string): string {
  const out: string[] = [];
  let rest = line;
  while (rest.length > 79) {
    const cut = rest.lastIndexOf(' ', 79);
    if (cut <= 0) break;
    out.push(rest.slice(0, cut));
    rest = `  ${rest.slice(cut + 1)}`;
  }
  out.push(rest);
  return `${out.join('\n')}\n`;
}

/** Reads bag-info.txt back (continuation lines joined); labels as written. */
export function parseBagInfo(text: string): BagInfoField[] {
  const fields: BagInfoField[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '') continue;
    if (/^[ \t]/.test(line) && fields.length) {
      const last = fields[fields.length - 1]!;
      last.value = `${last.value} ${line.trim()}`.trim();
      continue;
    }
    const i = line.indexOf(':');
    if (i > 0) fields.push({ label: line.slice(0, i).trim(), value: line.slice(i + 1).trim() });
  }
  return fields;
}

export function bagInfoValue(fields: readonly BagInfoField[], label: string): string | null {
  const wanted = label.toLowerCase();
  return fields.find((f) => f.label.toLowerCase() === wanted)?.value ?? null;
}

/** RFC 8493 Payload-Oxum: `<octets>.<streams>` of the payload. */
export function payloadOxum(bytes: number, files: number): string {
  return `${bytes}.${files}`;
}

/** Bag-Size as a person reads it (decimal units, one decimal). */
export function humanSize(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return u === 0 ? `${bytes} bytes` : `${v.toFixed(1)} ${units[u]}`;
}
