import type { CameraInfo } from '../../../preload/contract';
import { listCameras as cameraRows } from '../../store/repos/cameras';
import { storeOf, type Context } from '../kernel/context';

/** The cameras as the map and the camera picker show them (the query selects exactly CameraInfo's fields). */
export function listCameras(ctx: Context): CameraInfo[] {
  return cameraRows(storeOf(ctx));
}
