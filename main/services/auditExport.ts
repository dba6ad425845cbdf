import { createReadStream, closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { SqlDatabase } from '../../native/sqlcipher';
import { canonicalJson } from '../core/canonicalJson';
import { verifyChain, type AuditRecord, type ChainLink, type ChainVerdict } from '../core/auditChain';
import { CanvassError } from '../core/errors';
import { iterateAudit, sha256Hex } from '../store/audit.repo';

/**
 * Exports of the access log that stay verifiable outside Canvass. Each NDJSON line is
 * `{"seq","prevHash","hash","record"}`; the CSV carries the same four plus readable columns. A verifier
 * recomputes hash = SHA-256(prevHash + "\n" + seq + "\n" + canonicalJson(record)), where canonical JSON
 * sorts object keys and has no whitespace (see docs/audit-log.md).
 */
export type ExportFormat = 'ndjson' | 'csv';

export const CSV_COLUMNS = ['seq', 'at', 'username', 'agency', 'action', 'outcome', 'purpose_number', 'purpose', 'prev_hash', 'hash', 'record'] as const;

export function verifyStoreChain(db: SqlDatabase): ChainVerdict {
  return verifyChain(iterateAudit(db), sha256Hex);
}

function csvField(value: string | number | null): string {
  const s = value === null ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvLine(link: ChainLink): string {
  const r = JSON.parse(link.body) as AuditRecord;
  const fields = [
    link.seq,
    r.at,
    r.username,
    r.agency,
    r.action,
    r.outcome,
    r.purpose?.number ?? null,
    r.purpose ? `${r.purpose.purposeLabel}: ${r.purpose.description}` : null,
    link.prevHash,
    link.hash,
    link.body,
  ];
  return fields.map(csvField).join(',');
}

function ndjsonLine(link: ChainLink): string {
  // The body is already canonical JSON: splice it in rather than re-serialize.
  return `{"seq":${link.seq},"prevHash":"${link.prevHash}","hash":"${link.hash}","record":${link.body}}`;
}

/**
 * Writes the whole chain to `path` through a temporary file that is fsynced and renamed at the end, so a
 * crash or a full disk never leaves a file that looks like a complete export.
 */
export function exportAudit(db: SqlDatabase, format: ExportFormat, path: string): number {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.partial`;
  const fd = openSync(tmp, 'w', 0o600);
  let count = 0;
  try {
    let buffer = format === 'csv' ? `${CSV_COLUMNS.join(',')}\n` : '';
    for (const link of iterateAudit(db)) {
      buffer += `${format === 'csv' ? csvLine(link) : ndjsonLine(link)}\n`;
      count++;
      if (buffer.length > 1 << 20) {
        writeSync(fd, buffer);
        buffer = '';
      }
    }
    writeSync(fd, buffer);
    fsyncSync(fd);
    closeSync(fd);
  } catch (err) {
    closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    if ((err as { code?: string }).code === 'ENOSPC') {
      throw new CanvassError('DISK_FULL', 'The disk is full; the export was not written. Free some space and try again.');
    }
    throw err;
  }
  renameSync(tmp, path);
  return count;
}

/** Splits one CSV line (fields may be quoted; canonical JSON never holds a raw newline). */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted field');
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(value);
      i++; // the comma
    } else {
      const c = line.indexOf(',', i);
      const end = c < 0 ? line.length : c;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

/** Reads an exported log back as chain links, re-canonicalizing each record so an edited record is caught. */
export async function* readExport(path: string): AsyncGenerator<ChainLink> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let lineNo = 0;
  let csv: boolean | null = null;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    if (csv === null) {
      csv = line.startsWith('seq,');
      if (csv) continue;
    }
    try {
      if (csv) {
        const f = parseCsvLine(line);
        const rec = JSON.parse(f[10] ?? '') as unknown;
        yield { seq: Number(f[0]), prevHash: f[8] ?? '', hash: f[9] ?? '', body: canonicalJson(rec) };
      } else {
        const o = JSON.parse(line) as { seq: number; prevHash: string; hash: string; record: unknown };
        yield { seq: Number(o.seq), prevHash: String(o.prevHash), hash: String(o.hash), body: canonicalJson(o.record) };
      }
    } catch {
      throw new CanvassError('AUDIT_CHAIN_BROKEN', `Line ${lineNo} of ${path} is not a readable log record.`);
    }
  }
}

export async function verifyExport(path: string): Promise<ChainVerdict> {
  const links: ChainLink[] = [];
  for await (const link of readExport(path)) links.push(link);
  return verifyChain(links, sha256Hex);
}
