import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { AuditImportInfo } from '../../../preload/contract';
import { FLOCK_LIMITS, inquiryFromFlock, parseFlockCsv } from '../../core/audit/flockImport';
import { CanvassError } from '../../core/shared/errors';
import { inTransaction } from '../../store/db';
import { getImport, insertImport, listImports } from '../../store/repos/audits';
import { storeOf, type Context } from '../kernel/context';
import { record } from './log';

/** Reads at most `cap` bytes (+1, to know it was more): the file is from outside. */
function readCapped(path: string, cap: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    throw new CanvassError('NOT_FOUND', `Canvass cannot open ${path}. Check the path and that the file is there.`);
  }
  try {
    if (!fstatSync(fd).isFile()) throw new CanvassError('INVALID_ARGUMENT', `${path} is not a file.`);
    const buf = Buffer.alloc(cap + 1);
    let n = 0;
    for (let r; n <= cap && (r = readSync(fd, buf, n, cap + 1 - n, null)) > 0;) n += r;
    if (n > cap)
      throw new CanvassError(
        'INVALID_ARGUMENT',
        `${basename(path)} is larger than ${cap >> 20} MB; split the export by period.`,
      );
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Imports a Flock Safety organization-audit CSV (docs/audits.md): checked whole before anything is kept, so a
 * malformed file is refused with its line and reason and leaves nothing behind. Its rows stay labelled imported.
 */
export function importFlock(ctx: Context, path: string): AuditImportInfo {
  const db = storeOf(ctx);
  const bytes = readCapped(path, FLOCK_LIMITS.bytes);
  const fileName = basename(path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    record(ctx, db, 'audit.import', 'failed', { fileName, sha256, reason: 'not UTF-8 text' });
    throw new CanvassError('INVALID_ARGUMENT', `${fileName} is not a UTF-8 text file; export the audit as CSV.`);
  }
  const parsed = parseFlockCsv(text);
  if (!parsed.ok) {
    record(ctx, db, 'audit.import', 'failed', { fileName, sha256, line: parsed.line, reason: parsed.reason });
    throw new CanvassError(
      'INVALID_ARGUMENT',
      `${fileName} was not imported: line ${parsed.line}: ${parsed.reason} Nothing was kept; correct the file and import it again.`,
    );
  }
  const id = inTransaction(db, () => {
    const importId = insertImport(
      db,
      {
        vendor: 'flock',
        fileName,
        sha256,
        rows: parsed.rows.length,
        importedAt: ctx.nowIso(),
        importedBy: ctx.session!.username,
      },
      parsed.rows.map(inquiryFromFlock),
      parsed.rows.map((r) => r.line),
    );
    record(ctx, db, 'audit.import', 'ok', { importId, vendor: 'flock', fileName, sha256, rows: parsed.rows.length });
    return importId;
  });
  return getImport(db, id)!;
}

export function imports(ctx: Context): AuditImportInfo[] {
  return listImports(storeOf(ctx));
}
