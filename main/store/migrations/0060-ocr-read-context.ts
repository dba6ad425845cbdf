import type { SqlDatabase } from '../../../native/sqlcipher';

export const version = 60;

/**
 * What the re-read saw around the plate, for the person checking it by eye:
 * - `ocr_reads.occlusion`: what covered the plate (JSON `{ damaged, hiddenStart, hiddenEnd }`: positions of the
 *   read crossed by a bar, strap or tow ball, and whether a character may be hidden before or after the row),
 *   NULL when nothing did;
 * - `ocr_reads.region`: where the plate finder found the plate on an overview photo (JSON `{ x, y, width,
 *   height }`, shares of the photo as shown), NULL when the read came from a plate crop or the whole photo.
 */
export function updateToSchemaVersion60(db: SqlDatabase): void {
  db.exec(`
    ALTER TABLE ocr_reads ADD COLUMN occlusion TEXT CHECK (occlusion IS NULL OR json_valid(occlusion));
    ALTER TABLE ocr_reads ADD COLUMN region TEXT CHECK (region IS NULL OR json_valid(region));
  `);
}
