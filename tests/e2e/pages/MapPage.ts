import sharp from 'sharp';
import { expect, type Locator, type Page } from '@playwright/test';

export type Rgb = [number, number, number];

/** What a screenshot of the map canvas holds: how varied it is and where pixels of a given colour are. */
export type CanvasPixels = {
  width: number;
  height: number;
  /** Distinct colours, quantized to 4 bits per channel: a blank canvas has one or two. */
  distinctColours: number;
  /** Pixels near `colour` (each channel within `tolerance`) and their centroid in CSS pixels of the canvas. */
  near(colour: Rgb, tolerance?: number): { count: number; centroid: { x: number; y: number } | null };
};

/** The detection map (features/map) and the read detail drawer (features/detail), as a person uses them. */
export class MapPage {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('detection-map');
  }

  get canvas(): Locator {
    return this.root.locator('canvas.maplibregl-canvas');
  }

  get toolbar(): Locator {
    return this.root.getByRole('toolbar', { name: 'Search area' });
  }

  get readout(): Locator {
    return this.root.getByTestId('map-area-readout');
  }

  get detail(): Locator {
    return this.page.getByTestId('detection-detail');
  }

  /** Waits until the map has drawn the latest result set (the component's own performance mark). */
  async waitForResultsDrawn(count = 1): Promise<void> {
    await this.page.waitForFunction((n) => performance.getEntriesByName('canvass:map-updated').length >= n, count, {
      timeout: 30_000,
    });
  }

  async waitForIdle(): Promise<void> {
    await expect(this.root).toHaveAttribute('data-map-ready', 'true');
    // Two animation frames after the last change: MapLibre paints on the next frame.
    await this.page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    await this.page.waitForTimeout(300);
  }

  async pixels(): Promise<CanvasPixels> {
    const box = (await this.canvas.boundingBox())!;
    const png = await this.canvas.screenshot();
    const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const scale = info.width / box.width;
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 3)
      colours.add(((data[i]! >> 4) << 8) | ((data[i + 1]! >> 4) << 4) | (data[i + 2]! >> 4));
    return {
      width: info.width,
      height: info.height,
      distinctColours: colours.size,
      near([r, g, b], tolerance = 24) {
        let count = 0;
        let sx = 0;
        let sy = 0;
        for (let p = 0, i = 0; i < data.length; i += 3, p++) {
          if (
            Math.abs(data[i]! - r) <= tolerance &&
            Math.abs(data[i + 1]! - g) <= tolerance &&
            Math.abs(data[i + 2]! - b) <= tolerance
          ) {
            count++;
            sx += p % info.width;
            sy += Math.floor(p / info.width);
          }
        }
        return { count, centroid: count ? { x: sx / count / scale, y: sy / count / scale } : null };
      },
    };
  }

  /**
   * Page coordinates of the middle of one read's dot: the pixel of that colour with the most such pixels
   * around it (a filled dot, not the thin direction arrow drawn in the same colour).
   */
  async readSpot(colour: Rgb, tolerance = 16): Promise<{ x: number; y: number }> {
    const box = (await this.canvas.boundingBox())!;
    const { data, info } = await sharp(await this.canvas.screenshot())
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const scale = info.width / box.width;
    const w = info.width;
    const h = info.height;
    const match = new Uint8Array(w * h);
    for (let p = 0; p < w * h; p++) {
      const i = p * 3;
      match[p] = Number(
        Math.abs(data[i]! - colour[0]) <= tolerance &&
          Math.abs(data[i + 1]! - colour[1]) <= tolerance &&
          Math.abs(data[i + 2]! - colour[2]) <= tolerance,
      );
    }
    let best = -1;
    let bestScore = 0;
    const r = Math.round(3 * scale);
    for (let p = 0; p < w * h; p++) {
      if (!match[p]) continue;
      const x = p % w;
      const y = Math.floor(p / w);
      let score = 0;
      for (let dy = -r; dy <= r; dy++)
        for (let dx = -r; dx <= r; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx >= 0 && yy >= 0 && xx < w && yy < h) score += match[yy * w + xx]!;
        }
      if (score > bestScore) {
        bestScore = score;
        best = p;
      }
    }
    if (best < 0) throw new Error('No read of that colour is drawn on the map.');
    return { x: box.x + (best % w) / scale, y: box.y + Math.floor(best / w) / scale };
  }

  /** Page coordinates of a point inside the canvas given as fractions of its size. */
  async at(fx: number, fy: number): Promise<{ x: number; y: number }> {
    const box = (await this.canvas.boundingBox())!;
    return { x: box.x + box.width * fx, y: box.y + box.height * fy };
  }

  /** Draw mode "radius": press at a point and drag outwards by dx pixels. */
  async drawRadius(fx: number, fy: number, dx: number): Promise<void> {
    await this.toolbar.getByRole('button', { name: 'Draw a radius' }).click();
    const { x, y } = await this.at(fx, fy);
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    for (let i = 1; i <= 8; i++) await this.page.mouse.move(x + (dx * i) / 8, y);
    await this.page.mouse.up();
  }

  /** Draw mode "polygon": click each corner (fractions of the canvas), then Enter. */
  async drawPolygon(corners: [number, number][]): Promise<void> {
    await this.toolbar.getByRole('button', { name: 'Draw a polygon' }).click();
    for (const [fx, fy] of corners) {
      const { x, y } = await this.at(fx, fy);
      await this.page.mouse.click(x, y);
      await this.page.waitForTimeout(350); // two clicks closer than a double-click's interval would finish it
    }
    await this.page.keyboard.press('Enter');
  }

  /** Presses at one point of the canvas (fractions) and drags to another in small steps, as a hand would. */
  async drag(from: [number, number], to: [number, number]): Promise<void> {
    const a = await this.at(from[0], from[1]);
    const b = await this.at(to[0], to[1]);
    await this.page.mouse.move(a.x, a.y);
    await this.page.mouse.down();
    for (let i = 1; i <= 8; i++) await this.page.mouse.move(a.x + ((b.x - a.x) * i) / 8, a.y + ((b.y - a.y) * i) / 8);
    await this.page.mouse.up();
  }

  async rightClick(fx: number, fy: number): Promise<void> {
    const { x, y } = await this.at(fx, fy);
    await this.page.mouse.click(x, y, { button: 'right' });
  }
}
