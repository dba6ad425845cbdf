import type { Detection } from '../../../preload/contract';
import type { GridColumn } from '../ui/DataGrid';
import { formatDateTime, vehicleText } from '../ui/format';
import { HeldMark } from '../ui/HeldMark';

/** What the camera saw, as the columns of a grid of collected detections (the case view, the evidence screen). */
export type CollectedColumnKey = 'plate' | 'time' | 'camera' | 'vehicle';

/** A collected detection's columns: its detection, or `Purged` / `—` where retention has removed it since. */
export function collectedColumns<R extends { detection: Detection | null }>(): GridColumn<R, CollectedColumnKey>[] {
  return [
    {
      key: 'plate',
      label: 'Plate',
      render: (r) =>
        r.detection ? (
          <>
            <span className="plate">{r.detection.plate}</span>
            <HeldMark by={r.detection.heldBy} />
          </>
        ) : (
          'Purged'
        ),
    },
    { key: 'time', label: 'Seen', className: 'mono', render: (r) => formatDateTime(r.detection?.seenAt) },
    {
      key: 'camera',
      label: 'Camera',
      title: (r) => r.detection?.cameraName ?? r.detection?.cameraId,
      render: (r) => (r.detection ? (r.detection.cameraName ?? r.detection.cameraId) : '—'),
    },
    {
      key: 'vehicle',
      label: 'Vehicle',
      title: (r) => (r.detection ? vehicleText(r.detection) : undefined),
      render: (r) => (r.detection ? vehicleText(r.detection) : '—'),
    },
  ];
}
