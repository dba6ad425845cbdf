/**
 * The map (docs/workspace.md): its basemap and the bytes it loads.
 */

/**
 * The map's basemap. `offline` is the admin-boundary PMTiles file shipped in resources/ (state and county
 * lines); an agency may point at its own PMTiles file or MapLibre style (streets). Nothing leaves the machine
 * unless an administrator configured such a source, and every byte the map loads goes through `map.read`.
 */
export type BasemapSetting = { kind: 'offline' } | { kind: 'pmtiles'; url: string } | { kind: 'style'; url: string };

export type BasemapInfo = {
  setting: BasemapSetting;
  /** A MapLibre style (JSON) whose URLs use `canvass://` (read through `map.read`) or `pmtiles://<key>`. */
  style: Record<string, unknown>;
  /** PMTiles archives the style refers to as `pmtiles://<key>`, read through `map.read` by byte range. */
  pmtiles: { key: string; resource: string }[];
  /** One line for the map's attribution and the settings screen. */
  label: string;
  updatedAt: string | null;
  updatedBy: string | null;
};

export type MapReadArgs = {
  /** `offline/<path>` under resources/basemap, or `remote/<encoded URL>` inside the configured source. */
  resource: string;
  offset?: number;
  length?: number;
};

export type MapReadResult = { base64: string; contentType: string | null };

export type MapContract = {
  'map.basemap': () => BasemapInfo;
  /** Administrators only; the source is fetched and checked before it is saved. */
  'map.setBasemap': (args: BasemapSetting) => BasemapInfo;
  'map.read': (args: MapReadArgs) => MapReadResult;
};

export const MAP_METHODS = [
  'map.basemap',
  'map.setBasemap',
  'map.read',
] as const satisfies readonly (keyof MapContract)[];
