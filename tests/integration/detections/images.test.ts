import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { grayRegion, grayWhole, probeImage } from '../../../native/image';

/**
 * A photo stored on its side with an EXIF orientation (phones and some cameras do this) is read in the frame
 * it is shown in: the one plate boxes and the viewer use.
 */
async function sidewaysPhoto(): Promise<Buffer> {
  // As shown: 20 wide, 40 high, white with the bottom quarter black.
  const shown = Buffer.alloc(20 * 40, 255);
  shown.fill(0, 20 * 30);
  // Stored turned a quarter anticlockwise; orientation 6 tells viewers to turn it back clockwise.
  const stored = await sharp(shown, { raw: { width: 20, height: 40, channels: 1 } })
    .rotate(-90)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return sharp(stored.data, { raw: stored.info }).jpeg({ quality: 100 }).withMetadata({ orientation: 6 }).toBuffer();
}

const mean = (d: Uint8Array) => d.reduce((a, b) => a + b, 0) / d.length;

describe('evidence images with an EXIF orientation', () => {
  it('reports the size as shown', async () => {
    expect(await probeImage(await sidewaysPhoto())).toMatchObject({ width: 20, height: 40 });
  });

  it('cuts a region given in the shown frame, not the stored one', async () => {
    const photo = await sidewaysPhoto();
    const dark = await grayRegion(photo, { x: 0, y: 31, width: 20, height: 8 }, null);
    expect(dark).toMatchObject({ width: 20, height: 8 });
    expect(mean(dark.data)).toBeLessThan(40);
    const light = await grayRegion(photo, { x: 0, y: 1, width: 20, height: 8 }, null);
    expect(mean(light.data)).toBeGreaterThan(215);
  });

  it('maps the shrunk whole photo back to the shown frame', async () => {
    const { px, scale } = await grayWhole(await sidewaysPhoto(), 10);
    expect(px).toMatchObject({ width: 10, height: 20 });
    expect(scale).toBe(2);
  });
});
