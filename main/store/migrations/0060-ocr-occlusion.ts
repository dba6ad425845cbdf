import type { SqlDatabase } from '../../../native/sqlcipher';

export const version = 60;

/**
 * `ocr_reads.occlusion`: what covered the plate in the image the re-read saw (JSON `{ damaged, hiddenStart,
 * hiddenEnd }`: positions of the read crossed by a bar, strap or tow ball, and whether a character may be
 * hidden before or after the row), or NULL when nothing did. The person checks those characters by eye.
 */
export function updateToSchemaVersion60(db: SqlDatabase): void {
  db.exec(`ALTER TABLE ocr_reads ADD COLUMN occlusion TEXT CHECK (occlusion IS NULL OR json_valid(occlusion));`);
}
