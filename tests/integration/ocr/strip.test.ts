import { afterAll, describe, expect, it } from 'vitest';
import { OcrEngine } from '../../../native/ocr';
import { plateRows, readPlate } from '../../../main/services/ocr/reader';
import { platePhoto } from '../../agency/generator/platePhotos';

/**
 * The strip path with the real engine (issue 22): a generated plate whose characters no binarization separates
 * into a row of the plate's length — the segmentation loses or joins one — is still read, from the row's strip
 * of the image as it is.
 */
const engine = new OcrEngine({ size: 1 });
afterAll(() => engine.close());

describe("reading a row's strip", () => {
  it('reads a plate the segmentation cut wrongly from the strip of its row', async () => {
    // An Arizona plate of the varied generator (seed 9, plate 14): HLA9816 under a mountain graphic.
    const photo = await platePhoto(9, 14, 'clean');
    expect(photo.plate).toBe('HLA9816');
    const { rows } = await plateRows(photo.png, null);
    expect(rows.length).toBeGreaterThan(0);
    // No row of seven: every binarization lost or joined a character.
    expect(rows.every((v) => v.row.length !== photo.plate.length)).toBe(true);
    const read = await readPlate(engine, photo.png, null, { evidence: true });
    const strips = read.evidence!.raws.filter((r) => r.variant.endsWith('/strip'));
    expect(strips.map((r) => r.text)).toContain('HLA9816');
    expect(read.plate).toBe('HLA9816');
  }, 60_000);
});
