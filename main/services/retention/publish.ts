import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { TransparencyPublication } from '../../../preload/contract';
import { TRANSPARENCY_KIND } from '../../core/retention/transparency';
import { CanvassError } from '../../core/shared/errors';
import { inTransaction } from '../../store/db';
import { getDocument } from '../../store/repos/documents';
import { getSetting, putSetting } from '../../store/repos/settings';
import { record } from '../audit';
import { writeBytesAtomically } from '../kernel/atomicFile';
import { storeOf, type Context } from '../kernel/context';

/**
 * Publishing a transparency report the administrator has reviewed (docs/retention.md): the issued PDF must still be
 * the one registered (its SHA-256), then the PDF, CSV and JSON are copied into `exports/public/<document id>/` with a
 * `SHA256SUMS` anyone can check with `sha256sum -c`, the folder appearing whole (written aside, renamed), and the
 * publication is recorded. A report is published once.
 */
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const publishedKey = (documentId: string) => `retention.transparency.published:${documentId}`;

export function publication(ctx: Context, documentId: string): TransparencyPublication | null {
  const row = getSetting(storeOf(ctx), publishedKey(documentId));
  return row ? (JSON.parse(row.value) as TransparencyPublication) : null;
}

export function publishTransparency(ctx: Context, documentId: string): TransparencyPublication {
  const db = storeOf(ctx);
  const doc = getDocument(db, documentId);
  if (!doc || doc.kind !== TRANSPARENCY_KIND || !doc.path)
    throw new CanvassError('NOT_FOUND', `There is no transparency report ${documentId} on this workstation.`);
  const already = publication(ctx, documentId);
  if (already)
    throw new CanvassError('CONFLICT', `Report ${documentId} was published on ${already.at} by ${already.by}.`);
  const files = [doc.path, doc.path.replace(/\.pdf$/, '.csv'), doc.path.replace(/\.pdf$/, '.figures.json')];
  const bytes = files.map((f) => {
    if (!existsSync(f))
      throw new CanvassError('NOT_FOUND', `${basename(f)} of report ${documentId} is missing (${f}).`);
    return readFileSync(f);
  });
  if (sha256(bytes[0]!) !== doc.pdfSha256) {
    throw new CanvassError(
      'CONFLICT',
      `The PDF at ${doc.path} is not the report that was issued (its SHA-256 differs): issue the report again.`,
    );
  }
  const folder = join(ctx.exportDir, 'public', documentId);
  const partial = `${folder}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const sums = files.map((f, i) => `${sha256(bytes[i]!)}  ${basename(f)}\n`).join('');
  files.forEach((f, i) => writeBytesAtomically(join(partial, basename(f)), bytes[i]!));
  writeBytesAtomically(join(partial, 'SHA256SUMS'), sums);
  rmSync(folder, { recursive: true, force: true });
  renameSync(partial, folder);
  const out: TransparencyPublication = {
    documentId,
    at: ctx.nowIso(),
    by: ctx.session!.username,
    folder,
    sha256sums: sums,
  };
  inTransaction(db, () => {
    putSetting(db, {
      key: publishedKey(documentId),
      value: JSON.stringify(out),
      updatedAt: out.at,
      updatedBy: out.by,
    });
    record(ctx, db, 'retention.publishTransparency', 'ok', { documentId, folder, sha256sums: sums });
  });
  return out;
}
