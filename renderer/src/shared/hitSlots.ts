import type { ReactNode } from 'react';

/**
 * Where other features plug into a hit's detail (features never import each other; app/ composes them): the
 * detection's evidence images, the OCR re-read of its plate ("one keystroke away": `rereadRequest` changes when the
 * person presses R), the full read detail, and the case the read may be added to.
 */
export type HitSlots = {
  images: (detectionId: number) => ReactNode;
  plateRead: (props: { detectionId: number; plate: string; rereadRequest: number }) => ReactNode;
  openDetection: (detectionId: number) => void;
  /** Adds the hit's read to the open purpose's case, with a note saying which list and entry it hit. */
  addToCase: (props: { detectionId: number; note: string }) => ReactNode;
};

/** Opens a hit in the hits screen (from a detection's detail). */
export type OpenHit = (hitId: number) => void;
