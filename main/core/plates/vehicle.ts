/** Vehicle descriptors as stored and searched. Unique features are a bitmask so a search can test them cheaply. */
export const UNIQUE_FEATURES = {
  roof_rack: 1,
  bumper_sticker: 2,
  damage: 4,
  temporary_tag: 8,
  no_plate: 16,
  tinted_windows: 32,
  aftermarket_wheels: 64,
  missing_hubcap: 128,
} as const;
export type UniqueFeature = keyof typeof UNIQUE_FEATURES;

export const BODY_TYPES = [
  'sedan',
  'coupe',
  'hatchback',
  'suv',
  'pickup',
  'van',
  'minivan',
  'wagon',
  'motorcycle',
  'truck',
  'bus',
  'unknown',
] as const;
export type BodyType = (typeof BODY_TYPES)[number];

export const COLORS = [
  'black',
  'white',
  'silver',
  'gray',
  'blue',
  'red',
  'green',
  'beige',
  'brown',
  'gold',
  'yellow',
  'orange',
  'purple',
  'unknown',
] as const;
export type VehicleColor = (typeof COLORS)[number];

export function featuresToMask(features: readonly UniqueFeature[]): number {
  return features.reduce((mask, f) => mask | UNIQUE_FEATURES[f], 0);
}

export function maskToFeatures(mask: number): UniqueFeature[] {
  return (Object.keys(UNIQUE_FEATURES) as UniqueFeature[]).filter((f) => (mask & UNIQUE_FEATURES[f]) !== 0);
}
