/**
 * Detections (docs/search.md, docs/workspace.md): search, a detection and its images, the cameras, and the
 * investigative analyses. Every method that reads detections is ALPR data: purpose gate and access log.
 */
import type { Camera } from '../../main/core/detections/camera';
import type { VehicleFilter } from '../../main/core/detections/query';
import type { MatchExplanation } from '../../main/core/plates/plateQuery';
import type { GeoArea } from '../../main/core/shared/geo';

export type { GeoArea, MatchExplanation, VehicleFilter };

export type Detection = {
  id: number;
  plate: string;
  state: string | null;
  seenAt: string;
  lat: number;
  lon: number;
  cameraId: string;
  cameraName: string | null;
  heading: string | null;
  make: string | null;
  model: string | null;
  color: string | null;
  body: string | null;
  features: string[];
  confidence: number;
  plateImage: string | null;
  overviewImage: string | null;
  /**
   * What keeps this read past the retention schedule — a legal hold ("hold #3") or a booked evidence package
   * ("evidence 2026-…") — on a search's rows, a case's collection and a read opened alone; absent when nothing
   * holds it.
   */
  heldBy?: string;
};

export type DetectionQuery = {
  /**
   * A plate pattern (docs/search.md): letters and digits, `?` one unknown character, `*` any run, `[8B]` one of
   * a class; spaces and dashes ignored. An exact plate, or a prefix ending in `*`, is a pattern too.
   */
  plate?: string;
  /** Two-letter state; reads whose state the camera could not make out are kept. */
  state?: string;
  /** Similar-looking characters (0/O/D/Q, 1/I/L/T, 2/Z, 5/S, 8/B, 6/G). Default on. */
  similar?: boolean;
  /** One missing, extra or swapped character, ranked below the rest. Default on. */
  nearMisses?: boolean;
  vehicle?: VehicleFilter;
  from?: string;
  to?: string;
  area?: GeoArea;
  /** Only these cameras. */
  cameras?: string[];
  /** Direction of travel, where the camera records it (N, NB, SE, …). */
  headings?: string[];
  /** Rows wanted, 1–10,000 (default 200); `truncated` says whether more matched. */
  limit?: number;
};

/** A result row of `detections.search`: the detection and, for a plate search, why it matched. */
export type SearchRow = Detection & { match: MatchExplanation | null };

export type SearchResult = {
  rows: SearchRow[];
  truncated: boolean;
  /**
   * Distinct plates matched per tier (null without a plate). A tier after the one that filled the page is not
   * scanned and counts 0.
   */
  plates: { exact: number; similar: number; near: number } | null;
};

/**
 * A scene of an incident: a place and a time window. The place is a point and a radius (an incident's address),
 * or an area drawn on the map (a radius or a polygon).
 */
export type SceneArgs = { label?: string; from: string; to: string } & (
  { lat: number; lon: number; radiusM: number } | { area: GeoArea }
);

export type CommonVehiclesArgs = {
  /** 2–10 scenes. */
  scenes: SceneArgs[];
  /** Seen near at least this many of them (default: every scene when there are 2 or 3, otherwise 3). */
  minScenes?: number;
  /** Count a plate read with similar-looking characters as the same plate (default on). */
  similar?: boolean;
  vehicle?: VehicleFilter;
};

export type CommonVehicle = {
  /** The reading seen most often. */
  plate: string;
  /** Every reading grouped under it (similar-looking characters). */
  readings: string[];
  state: string | null;
  make: string | null;
  model: string | null;
  color: string | null;
  body: string | null;
  /** Indexes of the scenes it was seen near. */
  scenes: number[];
  /** Its sightings at the scenes in time order, each with the scenes (indexes) whose place and window hold it. */
  detections: SceneSighting[];
};

export type SceneSighting = Detection & { scenes: number[] };

export type CommonVehiclesResult = { vehicles: CommonVehicle[]; detectionsPerScene: number[] };

export type TravellingTogetherArgs = {
  plate: string;
  state?: string;
  from?: string;
  to?: string;
  /** At the same camera within this many seconds of the target (default 120). */
  withinSeconds?: number;
  /** On at least this many separate sightings of the target (default 2). */
  minOccasions?: number;
};

export type Companion = {
  plate: string;
  state: string | null;
  make: string | null;
  model: string | null;
  color: string | null;
  body: string | null;
  /** Sightings of the target it accompanied. */
  occasions: number;
  cameras: string[];
  detectionIds: number[];
  /** Its sightings near the target's, in time order. */
  detections: Detection[];
  /** The closest it passed to the target: seconds between the two reads at one camera. */
  closestSeconds: number;
};

export type TravellingTogetherResult = {
  targetSightings: number;
  /** The target's sightings in time order (what the companions were seen near). */
  target: Detection[];
  companions: Companion[];
};

export type PlateHabitsArgs = { plate: string; state?: string; from?: string; to?: string; timeZone?: string };

export type PlateHabitsResult = {
  plate: string;
  sightings: number;
  first: string | null;
  last: string | null;
  timeZone: string;
  cameras: { cameraId: string; cameraName: string | null; lat: number; lon: number; count: number }[];
  /** Sightings by local hour 0–23 and by weekday (0 = Sunday). */
  hours: number[];
  weekdays: number[];
  /** Sightings by hour of the week: `hourOfWeek[weekday][hour]`, local time, weekday 0 = Sunday. */
  hourOfWeek: number[][];
  /** Every sighting counted, in time order (a cell or a camera of the table opens its own). */
  detections: Detection[];
};

export type ClonedPlatesArgs = {
  /** Rescan the whole store, only detections synced since the last scan, or just list the findings. */
  scan?: 'full' | 'incremental' | 'none';
  /** Faster than this between two sightings is impossible for one vehicle (default 180 km/h). */
  maxKmh?: number;
};

export type CloneEvidence = {
  a: Detection;
  b: Detection;
  distanceM: number;
  minutes: number;
  kmh: number | null;
  /** Descriptors that differ between the two (make, color, body). */
  differs: string[];
};

export type CloneFlag = {
  plate: string;
  state: string | null;
  /**
   * `flagged`: two descriptions that cannot be one car, or an impossible speed between sightings that differ.
   * `review`: impossible speed alone on two or more days (camera clock drift looks the same).
   */
  level: 'flagged' | 'review';
  reasons: ('speed' | 'description')[];
  score: number;
  evidence: CloneEvidence[];
};

export type ClonedPlatesResult = {
  flags: CloneFlag[];
  scanned: number;
  durationMs: number;
  /** The scan asked for was stopped (`search.cloneScanCancel`): the findings listed are the last complete scan's. */
  cancelled: boolean;
};

/** A requested clone scan's progress (`search.clonedPlates` with `scan`), about five times a second. */
export type CloneScanProgress = {
  mode: 'full' | 'incremental';
  status: 'running' | 'finished' | 'cancelled' | 'failed';
  /** Detections read (full) or plate histories replayed (incremental), out of `total`. */
  done: number;
  total: number;
  /** Who asked for it: only they may stop it. */
  username: string;
  message: string | null;
};

/** A camera as the map and the camera picker show it (core/detections/camera.ts). */
export type CameraInfo = Camera;

/** An evidence image of a detection, fetched from the agency server on first view and cached in the store. */
export type EvidenceImage = { sha256: string; mime: string; width: number; height: number; dataUrl: string };

export type DetectionImages = {
  plate: EvidenceImage | null;
  overview: EvidenceImage | null;
  /** Why an image is missing (not recorded, server unreachable, purged), for the detail view. */
  note: string | null;
};

export type DetectionsContract = {
  'detections.search': (args: DetectionQuery) => SearchResult;
  'detections.get': (args: { id: number }) => Detection;
  'detections.images': (args: { id: number }) => DetectionImages;
  /** The workspace's reference data and map (docs/workspace.md). */
  'cameras.list': () => CameraInfo[];
  /** Search's analyses (docs/search.md); each reads ALPR data behind the purpose gate and is audited. */
  'search.canvassPreset': (args: {
    lat: number;
    lon: number;
    at: string;
    radiusM?: number;
    beforeMin?: number;
    afterMin?: number;
  }) => { from: string; to: string; area: GeoArea };
  'search.commonVehicles': (args: CommonVehiclesArgs) => CommonVehiclesResult;
  'search.travellingTogether': (args: TravellingTogetherArgs) => TravellingTogetherResult;
  'search.plateHabits': (args: PlateHabitsArgs) => PlateHabitsResult;
  'search.clonedPlates': (args: ClonedPlatesArgs) => ClonedPlatesResult;
  /** Stops the running requested clone scan (its findings are not saved); reads no data. */
  'search.cloneScanCancel': () => { cancelling: boolean };
};

export type DetectionsEvents = {
  'search.cloneScanProgress': CloneScanProgress;
};

export const DETECTIONS_METHODS = [
  'detections.search',
  'detections.get',
  'detections.images',
  'cameras.list',
  'search.canvassPreset',
  'search.commonVehicles',
  'search.travellingTogether',
  'search.plateHabits',
  'search.clonedPlates',
  'search.cloneScanCancel',
] as const satisfies readonly (keyof DetectionsContract)[];
