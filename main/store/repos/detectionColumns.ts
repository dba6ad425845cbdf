import type { DetectionData } from '../../core/sync/protocol';

/**
 * A detection's fields and the store's columns for them, written down once: the workstation's repos and sync
 * and the agency server's store build their statements from this (a field the protocol adds is a compile error
 * here until it has its column).
 */
export const DETECTION_COLUMNS = {
  plate: 'plate',
  state: 'state',
  seenAt: 'seen_at',
  lat: 'lat',
  lon: 'lon',
  cameraId: 'camera_id',
  heading: 'heading',
  make: 'make',
  model: 'model',
  color: 'color',
  body: 'body',
  features: 'features',
  confidence: 'confidence',
  plateImage: 'plate_image',
  overviewImage: 'overview_image',
} as const satisfies Record<keyof DetectionData, string>;

export type DetectionField = keyof typeof DETECTION_COLUMNS;
export const DETECTION_FIELDS = Object.keys(DETECTION_COLUMNS) as DetectionField[];

/** `plate, state, seen_at, …` for an INSERT, in `detectionValues` order. */
export const DETECTION_COLUMN_LIST = DETECTION_FIELDS.map((f) => DETECTION_COLUMNS[f]).join(', ');

/** `plate, state, seen_at AS seenAt, …`: a row's fields as `DetectionData`. */
export const DETECTION_DATA_SELECT = DETECTION_FIELDS.map((f) =>
  DETECTION_COLUMNS[f] === f ? f : `${DETECTION_COLUMNS[f]} AS ${f}`,
).join(', ');

/** `id, plate, state, seen_at AS seenAt, …, version`: a row as `DetectionRow`. */
export const DETECTION_SELECT = `id, ${DETECTION_DATA_SELECT}, version`;

/** `'plate', plate, 'seenAt', seen_at, …`: the fields as the arguments of SQL's json_object(). */
export const DETECTION_JSON_PAIRS = DETECTION_FIELDS.map((f) => `'${f}', ${DETECTION_COLUMNS[f]}`).join(', ');

/** The values of `d` in `DETECTION_COLUMN_LIST` order, for positional parameters. */
export function detectionValues(d: DetectionData): (string | number | null)[] {
  return DETECTION_FIELDS.map((f) => d[f]);
}
