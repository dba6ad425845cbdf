/**
 * OCR re-reads and corrected reads (docs/ocr.md). The original read of a detection is never overwritten.
 */

/** OCR re-reads and corrected reads (docs/ocr.md). The original read of a detection is never overwritten. */
export type OcrCharDiff = { index: number; original: string; reread: string; kind: 'changed' | 'missing' | 'extra' };

export type OcrRereadInfo = {
  readId: number;
  detectionId: number;
  at: string;
  username: string | null;
  originalPlate: string;
  /** The re-read's best candidate, or null when the image could not be read (see `error`). */
  plate: string | null;
  /** 0–100. */
  confidence: number | null;
  charConfidence: number[];
  /** The preprocessing variant that won. */
  variant: string | null;
  candidates: { plate: string; score: number }[];
  /** Where the re-read differs from the original, character by character. */
  diff: OcrCharDiff[];
  /** 0..1: how likely the original read is wrong. */
  doubt: number;
  /** A likely misread: the reads differ and `doubt` is high. */
  flagged: boolean;
  /** A missing, truncated or unsupported image: this item failed, a batch goes on. */
  error: { code: string; message: string } | null;
  /** Something crossing the plate in the image (null when nothing was seen): check these characters by eye. */
  occlusion: OcrOcclusion | null;
  /**
   * Where the plate finder found the plate on the overview photo the re-read used (shares 0..1 of the photo
   * as shown); null when it read a plate crop.
   */
  region: { x: number; y: number; width: number; height: number } | null;
};

/**
 * What covered the plate: positions (0-based, in the re-read) crossed by a bar, strap or tow ball, and whether
 * a character may be hidden before the first or after the last one read.
 */
export type OcrOcclusion = { damaged: number[]; hiddenStart: boolean; hiddenEnd: boolean };

export type OcrCorrectArgs = {
  detectionId: number;
  /** Which read is right: the original, the re-read (or one of its candidates), or one typed by the person. */
  chosen: 'original' | 'reread' | 'manual';
  plate?: string;
  readId?: number;
  reason: string;
};

export type PlateCorrectionInfo = {
  id: number;
  detectionId: number;
  originalPlate: string;
  correctedPlate: string;
  chosen: 'original' | 'reread' | 'manual';
  readId: number | null;
  reason: string;
  username: string;
  at: string;
};

export type OcrBatchProgress = {
  batchId: string;
  done: number;
  total: number;
  failed: number;
  flagged: number;
  status: 'running' | 'finished' | 'cancelled' | 'failed';
  message: string | null;
};

/** A batch re-read of this app run, as its owner's window recovers it after a reload. */
export type OcrBatchInfo = {
  progress: OcrBatchProgress;
  /** What was re-read, in the words of the window that started it ("40 detections of the search results"). */
  scope: string | null;
  startedAt: string;
};

export type OcrContract = {
  /** OCR re-reads (docs/ocr.md): ALPR data behind the purpose gate, every call audited. */
  'ocr.reread': (args: { detectionId: number }) => OcrRereadInfo;
  'ocr.history': (args: { detectionId: number }) => { reads: OcrRereadInfo[]; corrections: PlateCorrectionInfo[] };
  'ocr.correct': (args: OcrCorrectArgs) => PlateCorrectionInfo;
  'ocr.batchStart': (args: { detectionIds: number[]; scope?: string }) => { batchId: string; total: number };
  /** The signed-in person's batches of this app run, newest first (a reloaded window finds its running one). */
  'ocr.batches': () => { batches: OcrBatchInfo[] };
  'ocr.batchCancel': (args: { batchId: string }) => { cancelling: boolean };
  'ocr.report': (args: { batchId: string }) => { progress: OcrBatchProgress | null; items: OcrRereadInfo[] };
};

export const OCR_METHODS = [
  'ocr.reread',
  'ocr.history',
  'ocr.correct',
  'ocr.batchStart',
  'ocr.batches',
  'ocr.batchCancel',
  'ocr.report',
] as const satisfies readonly (keyof OcrContract)[];

export type OcrEvents = {
  'ocr.progress': OcrBatchProgress;
  'ocr.finished': OcrBatchProgress;
};
