import type { ReactNode } from 'react';

/**
 * Where other features plug into a hit's detail (features never import each other; app/ composes them): the
 * detection's evidence images, the OCR re-read of its plate ("one keystroke away": `rereadRequest` changes when the
 * person presses R), and the full read detail.
 */
export type HitSlots = {
  images: (detectionId: number) => ReactNode;
  plateRead: (props: { detectionId: number; plate: string; rereadRequest: number }) => ReactNode;
  openDetection: (detectionId: number) => void;
};

/** Opens a hit in the hits screen (from a detection's detail). */
export type OpenHit = (hitId: number) => void;
