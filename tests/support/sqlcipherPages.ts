/**
 * Reads an SQLCipher 4 database file and its WAL page by page with the raw key, as an outsider holding the key
 * would: AES-256-CBC per page, the IV in the page's reserved tail (16 bytes of IV, then the 64-byte HMAC), page 1
 * starting after its 16-byte salt. Every page is decrypted — live, free and WAL frames alike — so a test can search
 * all of them for data that should be gone. Independent of SQLite: only node:crypto and the file bytes.
 */
import { createDecipheriv } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

const PAGE = 4096;
const RESERVE = 80;
const IV = 16;

function decryptPage(page: Buffer, pgno: number, key: Buffer): Buffer {
  const offset = pgno === 1 ? 16 : 0;
  const iv = page.subarray(PAGE - RESERVE, PAGE - RESERVE + IV);
  const d = createDecipheriv('aes-256-cbc', key, iv);
  d.setAutoPadding(false);
  return Buffer.concat([d.update(page.subarray(offset, PAGE - RESERVE)), d.final()]);
}

/** Every page of the database file, decrypted (page 1 without its salt). */
export function decryptedPages(path: string, key: Buffer): Buffer[] {
  const bytes = readFileSync(path);
  const out: Buffer[] = [];
  for (let i = 0; i + PAGE <= bytes.length; i += PAGE)
    out.push(decryptPage(bytes.subarray(i, i + PAGE), i / PAGE + 1, key));
  return out;
}

/** Every frame of the WAL, decrypted (empty when there is no WAL). */
export function decryptedWalFrames(path: string, key: Buffer): Buffer[] {
  const wal = `${path}-wal`;
  if (!existsSync(wal)) return [];
  const bytes = readFileSync(wal);
  const out: Buffer[] = [];
  for (let i = 32; i + 24 + PAGE <= bytes.length; i += 24 + PAGE) {
    const pgno = bytes.readUInt32BE(i);
    out.push(decryptPage(bytes.subarray(i + 24, i + 24 + PAGE), pgno, key));
  }
  return out;
}

/** Which of `needles` occur anywhere in the decrypted database file and WAL. */
export function foundInStore(path: string, key: Buffer, needles: readonly string[]): Set<string> {
  const hay = Buffer.concat([...decryptedPages(path, key), ...decryptedWalFrames(path, key)]).toString('latin1');
  return new Set(needles.filter((n) => hay.includes(n)));
}
