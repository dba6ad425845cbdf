/**
 * Search terms other than the plate: vehicle description, time, place, direction, and the canvass preset
 * that expands an incident's place and time into a window and an area. Pure.
 */
import type { GeoArea } from '../shared/geo';
import { UNIQUE_FEATURES, type UniqueFeature } from '../plates/vehicle';

/**
 * A vehicle description; every field optional and combinable. A list means "any of these". The value
 * `unknown` matches detections whose camera did not classify that field (NULL or 'unknown'), so
 * "color unknown" is searchable; `includeUnknown` adds it to every field given, for a witness who is unsure
 * whether the camera saw what they saw.
 */
export type VehicleFilter = {
  make?: string[];
  model?: string[];
  color?: string[];
  body?: string[];
  /** All of these unique features. */
  features?: UniqueFeature[];
  includeUnknown?: boolean;
};

export const UNKNOWN = 'unknown';

/** SQL conditions and parameters for a vehicle filter over the detections table. */
export function vehicleConditions(v: VehicleFilter | undefined): { where: string[]; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (!v) return { where, params };
  const field = (column: string, values: string[] | undefined, nocase: boolean) => {
    if (!values || values.length === 0) return;
    const known = values.filter((x) => x.toLowerCase() !== UNKNOWN);
    const unknown = v.includeUnknown === true || known.length < values.length;
    const alts: string[] = [];
    if (known.length) {
      alts.push(`${column} ${nocase ? 'COLLATE NOCASE ' : ''}IN (${known.map(() => '?').join(',')})`);
      params.push(...known);
    }
    if (unknown) alts.push(`${column} IS NULL OR ${column} = '${UNKNOWN}'`);
    where.push(`(${alts.join(' OR ')})`);
  };
  field('make', v.make, true);
  field('model', v.model, true);
  field('color', v.color, false);
  field('body', v.body, false);
  if (v.features && v.features.length) {
    const mask = v.features.reduce((m, f) => m | UNIQUE_FEATURES[f], 0);
    where.push('(features & ?) = ?');
    params.push(mask, mask);
  }
  return { where, params };
}

export type CanvassIncident = {
  lat: number;
  lon: number;
  /** Epoch ms of the incident. */
  at: number;
  radiusM?: number;
  beforeMin?: number;
  afterMin?: number;
};

export type CanvassTerms = { from: number; to: number; area: GeoArea & { kind: 'radius' } };

/** Defaults a detective can adjust: 800 m (a few blocks and the nearest arterials), one hour either side. */
export const CANVASS_DEFAULTS = { radiusM: 800, beforeMin: 60, afterMin: 60 } as const;

export function canvassPreset(incident: CanvassIncident): CanvassTerms {
  const radiusM = incident.radiusM ?? CANVASS_DEFAULTS.radiusM;
  const before = incident.beforeMin ?? CANVASS_DEFAULTS.beforeMin;
  const after = incident.afterMin ?? CANVASS_DEFAULTS.afterMin;
  return {
    from: incident.at - before * 60_000,
    to: incident.at + after * 60_000,
    area: { kind: 'radius', lat: incident.lat, lon: incident.lon, radiusM },
  };
}
