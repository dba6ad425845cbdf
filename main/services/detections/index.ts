/** Detections: search, a detection and its images, the cameras, the investigative analyses and clone scans. */
import { searchHandlers } from './analyses.handlers';
import { detectionsHandlers as readHandlers } from './detections.handlers';

export const detectionsHandlers = { ...readHandlers, ...searchHandlers };

export { lateArrivals, runCloneScan, scanClonesAfterSync } from './clones';
export { readDetection, withHeld } from './detections';
export {
  LIST_PASS_FROM,
  PlateListCancelled,
  searchOnePlate,
  searchPlateList,
  type PlateListItem,
  type PlateListMatch,
  type PlateListOptions,
} from './plateLists';
export { toDetection } from './detections';
/** The search area's schema (a radius or a polygon), for other domains' arguments (a release's area). */
