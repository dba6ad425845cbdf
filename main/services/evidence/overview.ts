import type { EvidenceOverview } from '../../../preload/contract';
import { heldDetections, packagesOfCase } from '../../store/repos/evidencePackages';
import { record } from '../audit';
import { openCase, readCaseCollection } from '../cases';
import { storeOf, type Context } from '../kernel/context';
import { runningBuild } from './build';
import { ensureEvidenceKey } from './key';
import { settleInterrupted, toPackageInfo } from './packages';

/**
 * `evidence.overview`: the open case's collection (what a package is built from, audited with every detection id
 * it shows), which of its detections a booked package already holds, the evidence key, and the case's packages.
 */
export function overview(ctx: Context): EvidenceOverview {
  const db = storeOf(ctx);
  const key = openCase(ctx);
  const running = runningBuild(ctx);
  settleInterrupted(ctx, db, running?.attemptId ?? null);
  const items = readCaseCollection(db, key.number);
  const ids = items.map((i) => i.detectionId);
  record(ctx, db, 'evidence.overview', 'ok', { caseNumber: key.number, resultCount: items.length, detectionIds: ids });
  return {
    caseNumber: key.number,
    numberKind: key.kind,
    items,
    held: Object.fromEntries(heldDetections(db, ids)),
    key: ensureEvidenceKey(ctx),
    packages: packagesOfCase(db, key.number).map((p) => toPackageInfo(db, p)),
    running: running ? { ...running.progress } : null,
  };
}
