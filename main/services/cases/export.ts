import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseCsvRow, CASE_CSV_COLUMNS } from '../../core/cases/csv';
import { csvLine } from '../../core/shared/csv';
import { caseCollection } from '../../store/repos/caseItems';
import { record } from '../audit';
import { writeFileAtomically } from '../kernel/atomicFile';
import { profileOf, storeOf, type Context } from '../kernel/context';
import { openCase, toCaseItems } from './collection';

/**
 * `cases.export`: the open case's collection as CSV in the exports folder, written like the access log's
 * export (a temporary file, fsynced, renamed), so a crash never leaves a file that looks complete. The export
 * is audited with its path, its SHA-256 and every detection id it holds.
 */
export function exportCase(ctx: Context): { path: string; items: number; sha256: string } {
  const db = storeOf(ctx);
  const key = openCase(ctx);
  const timeZone = profileOf(ctx).timeZone;
  const items = toCaseItems(db, caseCollection(db, key.number));
  const stamp = ctx.nowIso().replace(/[:.]/g, '-');
  const safeNumber = key.number.replace(/[^A-Z0-9-]/g, '_');
  const path = join(ctx.exportDir, `canvass-case-${safeNumber}-${stamp}.csv`);
  function* lines(): Generator<string> {
    yield CASE_CSV_COLUMNS.join(',');
    for (const i of items) {
      yield csvLine(
        caseCsvRow(
          {
            caseNumber: key.number,
            itemId: i.id,
            detectionId: i.detectionId,
            note: i.note,
            source: i.source,
            addedBy: i.addedBy.username,
            addedByName: i.addedBy.fullName,
            addedAt: i.addedAt,
            detection: i.detection,
          },
          timeZone,
        ),
      );
    }
  }
  writeFileAtomically(path, lines());
  const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
  record(ctx, db, 'cases.export', 'ok', {
    caseNumber: key.number,
    format: 'csv',
    path,
    sha256,
    items: items.length,
    detectionIds: items.map((i) => i.detectionId),
  });
  return { path, items: items.length, sha256 };
}
