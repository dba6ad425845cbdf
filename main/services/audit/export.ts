import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { canonicalJson } from '../../core/shared/canonicalJson';
import {
  chainVerifier,
  linkMaterial,
  type AuditRecord,
  type ChainLink,
  type ChainVerdict,
} from '../../core/audit/chain';
import { CanvassError } from '../../core/shared/errors';
import { csvLine as csvRow, sheetSafe } from '../../core/shared/csv';
import { writeFileAtomically } from '../kernel/atomicFile';
import { iterateAudit, sha256Hex } from '../../store/repos/audit';
import type { ReadableDB } from '../../store/db';

/**
 * Exports of the access log that stay verifiable outside Canvass. Each NDJSON line is
 * `{"seq","prevHash","hash","record"}`; the CSV carries the same four plus readable columns. A verifier
 * recomputes hash = SHA-256(prevHash + "\n" + seq + "\n" + canonicalJson(record)), where canonical JSON
 * sorts object keys and has no whitespace (see docs/audit-log.md).
 */
export type ExportFormat = 'ndjson' | 'csv';

export const CSV_COLUMNS = [
  'seq',
  'at',
  'username',
  'agency',
  'action',
  'outcome',
  'purpose_number',
  'purpose',
  'prev_hash',
  'hash',
  'record',
] as const;

/**
 * The CSV row: the readable columns are derived from the record, one line each (no raw line breaks), and a
 * cell that a spreadsheet would run as a formula (= + - @) is prefixed with ' so opening the export in
 * Excel runs nothing. The hashed record column is untouched.
 */
function csvFields(link: ChainLink): (string | number | null)[] {
  const r = JSON.parse(link.body) as AuditRecord;
  const oneLine = sheetSafe;
  return [
    link.seq,
    oneLine(r.at),
    oneLine(r.username),
    oneLine(r.agency),
    oneLine(r.action),
    oneLine(r.outcome),
    oneLine(r.purpose?.number),
    r.purpose ? oneLine(`${r.purpose.purposeLabel}: ${r.purpose.description}`) : null,
    link.prevHash,
    link.hash,
    link.body,
  ];
}

function csvLine(link: ChainLink): string {
  return csvRow(csvFields(link));
}

function ndjsonLine(link: ChainLink): string {
  // The body is already canonical JSON: splice it in rather than re-serialize.
  return `{"seq":${link.seq},"prevHash":"${link.prevHash}","hash":"${link.hash}","record":${link.body}}`;
}

/**
 * Writes the whole chain to `path` through a temporary file that is fsynced and renamed at the end, so a
 * crash or a full disk never leaves a file that looks like a complete export.
 */
export function exportAudit(db: ReadableDB, format: ExportFormat, path: string): number {
  function* lines(): Generator<string> {
    if (format === 'csv') yield CSV_COLUMNS.join(',');
    for (const link of iterateAudit(db)) yield format === 'csv' ? csvLine(link) : ndjsonLine(link);
  }
  return writeFileAtomically(path, lines()) - (format === 'csv' ? 1 : 0);
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

export type ExportEntry = {
  link: ChainLink;
  /** Line number in the file (1-based). */
  line: number;
  /** Set when the line cannot be read as a record, or its readable CSV columns disagree with the record. */
  defect?: string;
};

/**
 * Reads an exported log back as chain links, one line at a time. A record must be in exactly the canonical form
 * the exporter writes (a line whose bytes differ, e.g. a repeated key placed before the real one, is refused:
 * a reader could show the false value while the hash covers the real one). In a CSV the readable columns must
 * say what the record says: they are not covered by the hash, so an edit to them is reported as an alteration.
 */
export async function* readExport(path: string): AsyncGenerator<ExportEntry> {
  const input = createReadStream(path, 'utf8');
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  let csv: boolean | null = null;
  try {
    for await (const raw of lines) {
      lineNo++;
      const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (line.trim() === '') continue;
      if (csv === null) {
        csv = line.startsWith('seq,');
        if (csv) {
          if (line !== CSV_COLUMNS.join(',')) {
            throw new CanvassError(
              'AUDIT_CHAIN_BROKEN',
              `Line ${lineNo} of ${path} is not the header Canvass writes (${CSV_COLUMNS.join(',')}).`,
            );
          }
          continue;
        }
      }
      yield csv ? readCsvRow(line, lineNo) : readNdjsonRow(line, lineNo);
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

function unreadable(): ChainLink {
  return { seq: Number.NaN, body: '', prevHash: '', hash: '' };
}

function readNdjsonRow(line: string, lineNo: number): ExportEntry {
  let link: ChainLink;
  try {
    const o = JSON.parse(line) as { seq: unknown; prevHash: unknown; hash: unknown; record: unknown };
    if (
      typeof o.seq !== 'number' ||
      typeof o.prevHash !== 'string' ||
      typeof o.hash !== 'string' ||
      typeof o.record !== 'object' ||
      o.record === null
    ) {
      throw new Error('missing fields');
    }
    link = { seq: o.seq, prevHash: o.prevHash, hash: o.hash, body: canonicalJson(o.record) };
  } catch {
    return { link: unreadable(), line: lineNo, defect: `line ${lineNo} is not a readable log record` };
  }
  // JSON.parse keeps the last of two equal keys, so a line can carry a second, false value that a reader shows
  // while the hash covers the real one: only the exact bytes the exporter writes are accepted.
  if (line !== ndjsonLine(link)) return { link, line: lineNo, defect: notCanonical(lineNo) };
  return { link, line: lineNo };
}

function notCanonical(lineNo: number): string {
  return `line ${lineNo} is not in the canonical form Canvass writes (a repeated or reordered key, or added spacing)`;
}

function readCsvRow(line: string, lineNo: number): ExportEntry {
  let link: ChainLink;
  let fields: string[];
  try {
    fields = parseCsvLine(line);
    if (fields.length !== CSV_COLUMNS.length) throw new Error('wrong number of fields');
    const seq = /^\d+$/.test(fields[0]!) ? Number(fields[0]) : Number.NaN;
    link = { seq, prevHash: fields[8]!, hash: fields[9]!, body: canonicalJson(JSON.parse(fields[10]!)) };
  } catch {
    return { link: unreadable(), line: lineNo, defect: `line ${lineNo} is not a readable log record` };
  }
  if (fields[10] !== link.body) return { link, line: lineNo, defect: notCanonical(lineNo) };
  const expected = csvFields(link);
  const differs = CSV_COLUMNS.findIndex((_, i) => i < 8 && String(expected[i] ?? '') !== fields[i]);
  // Columns that disagree with a record whose own hash fails are part of that alteration: report the hash.
  if (differs >= 0 && sha256Hex(linkMaterial(link.prevHash, link.seq, link.body)) === link.hash) {
    return {
      link,
      line: lineNo,
      defect: `its ${CSV_COLUMNS[differs]} column (line ${lineNo}) says ${JSON.stringify(fields[differs])} but the record says ${JSON.stringify(String(expected[differs] ?? ''))}`,
    };
  }
  return { link, line: lineNo };
}

/** Verifies an NDJSON or CSV export in constant memory. */
export async function verifyExport(path: string): Promise<ChainVerdict> {
  const verifier = chainVerifier(sha256Hex);
  for await (const entry of readExport(path)) {
    verifier.push(entry.link, entry.defect);
    if (verifier.failed) break;
  }
  return verifier.finish();
}
