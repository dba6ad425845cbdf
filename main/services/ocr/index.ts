/** OCR re-reads of evidence images, the batches, and the corrected reads. */
export { ocrHandlers } from './ocr.handlers';
export { closeSharedOcrReader } from './readerThread';
