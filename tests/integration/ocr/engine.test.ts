import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeGray } from '../../../native/image';
import { OcrEngine } from '../../../native/ocr';
import { OcrReaderThread } from '../../../main/services/ocr/readerThread';

/** The engine pool's own behaviour with the real tesseract.js: starting, sharing, failing, closing. */
const dirs: string[] = [];
/** An empty folder where language data should be; removed after the tests. */
const folder = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A blank row as the reader gives it to the engine (PGM), and a blank image file as a detection holds one. */
const blank = () => encodeGray({ width: 40, height: 20, data: new Uint8Array(800).fill(255) });
const blankPng = () =>
  sharp(Buffer.alloc(800, 255), { raw: { width: 40, height: 20, channels: 1 } })
    .png()
    .toBuffer();

describe('OCR engine pool', () => {
  it('starts no more engines than its size and shares them between reads', async () => {
    const engine = new OcrEngine({ size: 2 });
    try {
      const png = blank();
      const reads = await Promise.all(Array.from({ length: 5 }, () => engine.read(png, 7)));
      expect(reads).toHaveLength(5);
      expect(engine.engines).toBe(2);
    } finally {
      await engine.close();
    }
  });

  it("keeps tesseract's own diagnostics out of the process's output (main's log)", () => {
    // Rows that make tesseract print its statistics ("Total count=0 …"): black, a speck, a grid of dots.
    const script = join(folder('canvass-ocr-quiet-'), 'quiet.ts');
    writeFileSync(
      script,
      `import { encodeGray } from ${JSON.stringify(resolve('native/image'))};
       import { OcrEngine } from ${JSON.stringify(resolve('native/ocr'))};
       const row = (w: number, h: number, ink: (x: number, y: number) => boolean) =>
         encodeGray({ width: w, height: h, data: Uint8Array.from({ length: w * h }, (_, i) => (ink(i % w, Math.floor(i / w)) ? 0 : 255)) });
       const rows = [row(200, 48, () => true), row(3, 3, () => true), row(200, 48, (x, y) => x % 20 === 0 && y % 20 === 0)];
       const engine = new OcrEngine({ size: 1 });
       (async () => {
         for (const mode of [7, 8, 10] as const) for (const r of rows) console.error(JSON.stringify(await engine.read(r, mode)));
         await engine.close();
       })();`,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: resolve('.'), encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(9);
    expect(run.stdout).toBe('');
  });

  it('fails every waiting read with a clear message when its engine cannot start, instead of hanging', async () => {
    const empty = folder('canvass-no-ocr-data-');
    const engine = new OcrEngine({ size: 1, langPath: empty });
    const png = blank();
    const results = await Promise.allSettled([engine.read(png), engine.read(png), engine.read(png)]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'OCR_ENGINE' });
      expect(String((r as PromiseRejectedResult).reason.message)).toContain(empty);
    }
    await engine.close();
  });

  it('fails with a clear message when its language data is damaged', async () => {
    const damaged = folder('canvass-bad-ocr-data-');
    writeFileSync(join(damaged, 'eng.traineddata.gz'), 'not a model');
    const engine = new OcrEngine({ size: 1, langPath: damaged });
    await expect(engine.read(blank())).rejects.toMatchObject({ code: 'OCR_ENGINE' });
    await engine.close();
  });

  it('refuses reads after close, and reads waiting for an engine end with the same message', async () => {
    const engine = new OcrEngine({ size: 1 });
    const png = blank();
    await engine.warm(1);
    const running = engine.read(png);
    const waiting = engine.read(png);
    await engine.close();
    await expect(waiting).rejects.toMatchObject({ code: 'OCR_CLOSED' });
    await expect(running).resolves.toMatchObject({ text: expect.any(String) });
    expect(engine.engines).toBe(0);
    await expect(engine.read(png)).rejects.toMatchObject({ code: 'OCR_CLOSED' });
  });

  it("the reader's thread passes the engine's errors and bad images back with their codes", async () => {
    const broken = new OcrReaderThread({ size: 1, langPath: folder('canvass-no-ocr-data-') });
    try {
      await expect(broken.readPlate(await blankPng(), null)).rejects.toMatchObject({ code: 'OCR_ENGINE' });
    } finally {
      await broken.close();
    }
    const reader = new OcrReaderThread({ size: 1 });
    try {
      await expect(reader.readPlate(Buffer.from('not an image'), null)).rejects.toMatchObject({
        code: 'IMAGE_UNSUPPORTED',
      });
      expect((await reader.readPlate(await blankPng(), null)).ms).toBeGreaterThan(0);
    } finally {
      await reader.close();
    }
  });
});
