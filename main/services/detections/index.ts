/** Detections: search, a detection and its images, the cameras, the investigative analyses and clone scans. */
import { searchHandlers } from './analyses.handlers';
import { detectionsHandlers as readHandlers } from './detections.handlers';

export const detectionsHandlers = { ...readHandlers, ...searchHandlers };

export { lateArrivals, runCloneScan, scanClonesAfterSync } from './clones';
export { toDetection } from './detections';
