import { join } from 'node:path';
import type { BagVerdict, DocumentInfo } from '../../../preload/contract';
import { CanvassError } from '../../core/shared/errors';
import { getPackage } from '../../store/repos/evidencePackages';
import { record } from '../audit';
import { storeOf, type Context } from '../kernel/context';
import { actorOf, checkMedium } from './build';
import { ensureEvidenceKey } from './key';
import { bookedPackage, toDocumentInfo } from './packages';
import { runEvidenceJob } from './worker';
import { keyForWorker } from '../kernel/workers';

/**
 * `evidence.verify`: a package checked again on its medium (when it comes back from court, or before a copy is
 * made), on the evidence worker. The key must be the one the package was booked with, or, for any other folder,
 * this workstation's evidence key. Audited with the verdict.
 */
export async function verifyPackage(
  ctx: Context,
  target: { packageId: number } | { path: string },
): Promise<BagVerdict> {
  const db = storeOf(ctx);
  let path: string;
  let expected: string;
  let itemNumber: string | null = null;
  if ('packageId' in target) {
    const p = getPackage(db, target.packageId);
    if (!p)
      throw new CanvassError('NOT_FOUND', `There is no evidence package ${target.packageId} on this workstation.`);
    path = join(p.medium, p.folder);
    expected = p.keyFingerprint;
    itemNumber = p.itemNumber;
  } else {
    path = checkMedium(target.path).path;
    expected = ensureEvidenceKey(ctx).fingerprint;
  }
  const result = await runEvidenceJob({ type: 'verify', path, expectedFingerprint: expected });
  if (!('verdict' in result))
    throw new CanvassError('INTERNAL', 'error' in result ? result.error.message : 'No verdict.');
  const v = result.verdict;
  record(ctx, db, 'evidence.verify', v.ok ? 'ok' : 'failed', {
    path,
    itemNumber,
    files: v.files,
    problem: v.problem?.message ?? null,
    signature: v.signature.state,
    keyFingerprint: v.signature.fingerprint,
  });
  return v;
}

/** `evidence.report`: the booked report printed into the exports folder, on the evidence worker. */
export async function printReport(ctx: Context, packageId: number): Promise<DocumentInfo> {
  const db = storeOf(ctx);
  bookedPackage(db, packageId);
  const key = keyForWorker(ctx.dataKey!);
  const result = await runEvidenceJob(
    {
      type: 'report',
      clockOffsetMs: ctx.now().getTime() - Date.now(),
      storePath: ctx.storePath,
      key,
      packageId,
      at: ctx.nowIso(),
      dir: ctx.exportDir,
      actor: actorOf(ctx),
      fontsDir: ctx.fontsDir,
    },
    [key],
  );
  if ('report' in result) return toDocumentInfo(result.report);
  throw new CanvassError(
    'error' in result && result.error.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'INTERNAL',
    'error' in result ? `The report could not be printed: ${result.error.message}` : 'The report could not be printed.',
  );
}
