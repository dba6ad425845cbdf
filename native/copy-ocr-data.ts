/**
 * Build step: copies the English OCR model from the npm package `@tesseract.js-data/eng` into resources/ocr,
 * where the packaged app finds it (native/ocr.ts `languageDataPath`; electron-builder ships resources/ocr/**).
 * Idempotent: copies only when the file is missing or differs.
 *
 *   npx tsx native/copy-ocr-data.ts
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MODEL_DIR } from './ocr';

const target = join(__dirname, '..', 'resources', 'ocr');
const source = join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), MODEL_DIR, 'eng.traineddata.gz');
const dest = join(target, 'eng.traineddata.gz');
mkdirSync(target, { recursive: true });
if (!existsSync(dest) || !readFileSync(dest).equals(readFileSync(source))) {
  copyFileSync(source, dest);
  process.stdout.write(`OCR language data copied to ${dest}\n`);
}
