/**
 * Evidence: packages of a case's collection written to portable media and verified (BagIt, CASE/UCO, Ed25519),
 * booking, chain of custody and the legal-hold mark (docs/evidence-package.md).
 */
import type { ReadableDB } from '../../store/db';
import { heldDetections } from '../../store/repos/evidencePackages';

export { evidenceHandlers } from './evidence.handlers';
export { verifyBag, type VerifyOptions } from './bagVerify';
/** For release packages (services/releases): the same bag writer. */
export { WriteCancelled, writeBag, type PayloadFile } from './bagWriter';
/** The agency evidence key: release packages and retention's deletion certificates are signed with it. */
export { ensureEvidenceKey, signingKey } from './key';

/**
 * The legal-hold mark retention honours (issue 21): which of `detectionIds` a booked evidence package holds, each
 * with the item number of the first package that holds it. A held detection (and its hits) is never purged; the
 * store skips their deletes too (migration 0125).
 */
export function evidenceHolds(db: ReadableDB, detectionIds: readonly number[]): Map<number, string> {
  return heldDetections(db, detectionIds);
}
